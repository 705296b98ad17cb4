// `npm start`: the whole pipeline on this machine, no AWS account (see local/stack.ts).
//   npm start -- [--campaign FILE] [--s3-port N] [--dynamodb-port N] [--ses-port N] [--portal-port N] [--smtp-port N] [--data-dir DIR] [--clean] [--demo] [--verbose]
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';

import { relative } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { currentCampaign } from '../shared/config/campaign.ts';
import type { Campaign } from '../shared/domain/campaign.ts';
import { formatDateVi } from '../shared/domain/format.ts';
import { lastRunDate } from '../shared/domain/reminder/plan.ts';
import { LATEST, snapshotFolder } from '../shared/domain/snapshot/keys.ts';
import { terminal } from '../shared/domain/shown-text.ts';
import { LOCAL_DEFAULTS } from '../shared/local-stack/defaults.ts';
import { sampleDate } from '../shared/fixtures/report-files.ts';
import { describeSchedules } from './scheduler.ts';
import { startLocalStack, type LocalStack } from './stack.ts';

interface StartOptions {
  campaign?: string;
  s3Port: number;
  dynamodbPort: number;
  sesPort: number;
  portalPort: number;
  smtpPort: number;
  dataDir?: string;
  clean?: boolean;
  demo?: boolean;
  verbose?: boolean;
  schedule: boolean;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

/** The log lines' clock, in the campaign's zone like every time the banner shows. */
const stamp = (): string => DateTime.now().setZone(currentCampaign().timeZone).toFormat('HH:mm:ss');

/** The province the banner's examples and the demo's sign-in link use: Bắc Ninh's 63-unit code when the list has it, else the first. */
const exampleProvince = (campaign: Campaign) => campaign.province('27') ?? campaign.provinces[0]!;

/** The banner's campaign lines: which campaign, and what to do when today is outside it (not while a day is played). */
function campaignLines(campaign: Campaign, now: Date, demo: boolean): string {
  const { firstReportDate } = campaign.config;
  const today = campaign.localDate(now);
  const line = `  Campaign  ${campaign.id}: ${campaign.config.title} (report dates ${formatDateVi(firstReportDate)} to ${formatDateVi(campaign.config.lastReportDate)})`;
  if (demo || (today >= firstReportDate && today <= lastRunDate(campaign))) return line;
  const day = sampleDate(campaign);
  const run = DateTime.fromISO(`${day}T${campaign.config.reminders.deadlineRun.time}`, { zone: campaign.timeZone }).toISO({ suppressMilliseconds: true });
  return `${line}
            Today (${formatDateVi(today)}) is outside the campaign: the schedules fire but find nothing due.
            Play a day instead: npm start -- --demo${process.env.BHXH_CAMPAIGN_FILE ? ` --campaign ${process.env.BHXH_CAMPAIGN_FILE}` : ''}, or run one: npm run bhxh -- remind --now ${run}`;
}

export function usage(stack: LocalStack, now: Date = new Date(), demo = false): string {
  const campaign = currentCampaign();
  const example = exampleProvince(campaign);
  const run = DateTime.fromISO(`${sampleDate(campaign)}T${campaign.config.reminders.deadlineRun.time}`, { zone: campaign.timeZone }).toISO({ suppressMilliseconds: true });
  const inside = relative(process.cwd(), stack.dataDir);
  const shown = inside.startsWith('..') ? stack.dataDir : inside || '.';
  const schedules = stack.scheduler ? describeSchedules(stack.scheduler.next(), campaign.timeZone) : 'off';
  const smtp = (stack.servers.smtp ?? '').replace(/^smtp:\/\//, '');
  const exports = Object.entries(stack.env).map(([k, v]) => `  export ${k}=${v}`).join('\n');
  return `ready
  Portal    ${stack.servers.portal ?? "(off)"}
  S3        ${stack.endpoints.s3}   bucket ${stack.bucket}   (access key ${LOCAL_DEFAULTS.accessKeyId}, secret ${LOCAL_DEFAULTS.secretAccessKey})
  DynamoDB  ${stack.endpoints.dynamodb}   table ${stack.table}
  SES       ${stack.endpoints.ses}   sent mail: ${stack.mailPage}   (JSON: ${stack.endpoints.ses}/store; kept under the data folder)
  SMTP      ${smtp}   submission address ${LOCAL_DEFAULTS.submissionAddress}
            (locally SPF, DKIM and DMARC are not checked: the sender check is by the contacts directory alone)
  Data      ${shown}/   (kept across restarts; --clean starts empty)
  Schedules (${campaign.timeZone}) ${schedules}
${campaignLines(campaign, now, demo)}

In another shell (the bhxh CLI and the aws CLI read these; the CLI uses these defaults anyway):
${exports}

Upload a report as province ${example.code} (${example.name}) would:
  aws --endpoint-url ${stack.endpoints.s3} s3 cp report.xlsx s3://${stack.bucket}/incoming/${example.code}/report.xlsx
  npm run bhxh -- upload report.xlsx --province ${example.code} --wait
Follow the day:       npm run bhxh -- status [--date YYYY-MM-DD]
Every upload kept:    npm run bhxh -- status --versions KEY; --open KEY --version ID --out FILE
Run the ${campaign.config.reminders.deadlineRun.time} run:    npm run bhxh -- remind --now ${run}
Mail sent:            ${stack.mailPage}
National summaries:   s3://${stack.bucket}/${snapshotFolder(campaign.id, '<date>')} and ${snapshotFolder(campaign.id, LATEST)}
                      npm run bhxh -- summary [--date YYYY-MM-DD] --out ./summary
Contacts:             example addresses (bhxh-<code>@example.gov.vn): npm run bhxh -- contacts list; replace: contacts import FILE.csv
Ctrl-C stops everything.
`;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('npm start')
    .description('The report pipeline on this machine: S3, DynamoDB and SES emulators, the same handlers as AWS.')
    .option('--campaign <file>', 'the campaign file to run (sets BHXH_CAMPAIGN_FILE; default: that variable, else the bundled default campaign)')
    .option('--s3-port <port>', 'S3 (s3rver) port', port, LOCAL_DEFAULTS.s3Port)
    .option('--dynamodb-port <port>', 'DynamoDB (dynalite) port', port, LOCAL_DEFAULTS.dynamodbPort)
    .option('--ses-port <port>', 'SES (aws-ses-v2-local) port and mail page', port, LOCAL_DEFAULTS.sesPort)
    .option('--portal-port <port>', 'web portal port', port, LOCAL_DEFAULTS.portalPort)
    .option('--smtp-port <port>', 'SMTP port of the submission address (mail a report to it)', port, LOCAL_DEFAULTS.smtpPort)
    .option('--data-dir <dir>', `where the data is kept (default ${LOCAL_DEFAULTS.dataDir}, with --demo ${LOCAL_DEFAULTS.dataDir}/demo)`)
    .option('--clean', 'start empty (deletes the data of earlier runs in the data directory)')
    .option('--demo', 'play one reporting day of the campaign (a fresh data directory of its own)')
    .option('--no-schedule', 'do not play the campaign\'s schedules (reminders, final snapshots) on the wall clock')
    .option('--verbose', 'show the handlers\' own log lines')
    .parse(argv);
  const options = program.opts<StartOptions>();
  const demo = Boolean(options.demo);

  // EMF metric lines are for CloudWatch; locally they would drown the account of the day (--verbose shows them).
  if (!options.verbose) process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const stack = await startLocalStack({
    ...(options.campaign ? { campaignFile: options.campaign } : {}),
    s3Port: options.s3Port,
    dynamodbPort: options.dynamodbPort,
    sesPort: options.sesPort,
    ports: { portal: options.portalPort, smtp: options.smtpPort },
    dataDir: options.dataDir ?? (demo ? `${LOCAL_DEFAULTS.dataDir}/demo` : LOCAL_DEFAULTS.dataDir),
    // The demo's own directory starts empty each time, so the day plays the same way.
    clean: Boolean(options.clean) || (demo && !options.dataDir),
    allowReceivedAtOverride: demo,
    schedules: options.schedule,
    handlerLogLevel: options.verbose ? 'INFO' : 'WARN',
    onActivity: (line, activity) => {
      if (demo && activity.ok && !options.verbose) return; // the demo prints its own account
      process.stdout.write(`${stamp()} ${line}\n`); // describeActivity escapes what it quotes
    },
    onLog: (line) => process.stdout.write(terminal`${stamp()} ${line}\n`),
  });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      process.stderr.write('Forced exit.\n');
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await stack.stop();
    process.stdout.write('Stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  process.stdout.write(usage(stack, new Date(), demo));
  if (demo) {
    const { playDemoDay } = await import('./demo.ts');
    await playDemoDay(stack, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(await demoSignInLinks(stack));
  }
}

/** LOCAL ONLY: ready single-use sign-in links (24 h) for the example province and the national office, so the demo opens in one click. */
async function demoSignInLinks(stack: LocalStack): Promise<string> {
  const [{ dynamoDocumentClient }, { portalLinksFromEnv }, { currentCampaign }, contacts] = await Promise.all([
    import('../shared/adapters/clients.ts'), import('../shared/adapters/portal-store.ts'),
    import('../shared/config/campaign.ts'), import('../shared/config/example-contacts.ts'),
  ]);
  const campaign = currentCampaign(stack.handlerEnv);
  const links = portalLinksFromEnv(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id, stack.handlerEnv);
  if (!links) return '';
  const example = exampleProvince(campaign);
  const province = await links.linkFor({ role: 'province', address: contacts.exampleProvinceEmail(example.code), province: example.code });
  const national = await links.linkFor({ role: 'national', address: contacts.EXAMPLE_NATIONAL_EMAILS[0]! });
  return `\nPortal sign-in links (local demo only; single use, 24 hours):\n  ${`${example.name} (${example.code}):`.padEnd(20)} ${province}\n  ${'National office:'.padEnd(20)} ${national}\n`;
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
