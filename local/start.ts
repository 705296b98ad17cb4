// `npm start`: the whole pipeline on this machine, no AWS account (see local/stack.ts).
//   npm start -- [--s3-port N] [--dynamodb-port N] [--ses-port N] [--smtp-port N] [--data-dir DIR] [--clean] [--demo] [--verbose]
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';

import { relative } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { LOCAL_DEFAULTS } from '../shared/local-stack/defaults.ts';
import { startLocalStack, type LocalStack } from './stack.ts';

interface StartOptions {
  s3Port: number;
  dynamodbPort: number;
  sesPort: number;
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

const stamp = (): string => new Date().toISOString().slice(11, 19);

export function usage(stack: LocalStack): string {
  const shown = relative(process.cwd(), stack.dataDir) || '.';
  const schedules = stack.scheduler?.next()
    .map(({ entry, at }) => `${entry.at} ${entry.kind} (next ${at ? at.toISOString() : 'never'})`).join('; ') ?? 'off';
  const smtp = (stack.servers.smtp ?? '').replace(/^smtp:\/\//, '');
  const exports = Object.entries(stack.env).map(([k, v]) => `  export ${k}=${v}`).join('\n');
  return `ready
  S3        ${stack.endpoints.s3}   bucket ${stack.bucket}   (access key ${LOCAL_DEFAULTS.accessKeyId}, secret ${LOCAL_DEFAULTS.secretAccessKey})
  DynamoDB  ${stack.endpoints.dynamodb}   table ${stack.table}
  SES       ${stack.endpoints.ses}   sent mail: ${stack.mailPage}   (JSON: ${stack.endpoints.ses}/store; kept under the data folder)
  SMTP      ${smtp}   submission address ${LOCAL_DEFAULTS.submissionAddress}
            (locally SPF, DKIM and DMARC are not checked: the sender check is by the contacts directory alone)
  Data      ${shown}/   (kept across restarts; --clean starts empty)
  Schedules (Asia/Ho_Chi_Minh) ${schedules}

In another shell (the bhxh CLI and the aws CLI read these; the CLI uses these defaults anyway):
${exports}

Upload a report as province 27 (Bắc Ninh) would:
  aws --endpoint-url ${stack.endpoints.s3} s3 cp report.xlsx s3://${stack.bucket}/incoming/27/report.xlsx
  npm run bhxh -- upload report.xlsx --province 27 --wait
Follow the day:       npm run bhxh -- status [--date YYYY-MM-DD]
Every upload kept:    npm run bhxh -- status --versions KEY; --open KEY --version ID --out FILE
Run the 18:30 run:    npm run bhxh -- remind --now 2023-12-15T18:30:00+07:00
Mail sent:            ${stack.mailPage}
National summaries:   s3://${stack.bucket}/summaries/<date>/ and summaries/latest/
                      npm run bhxh -- summary [--date YYYY-MM-DD] --out ./summary
Contacts:             example addresses (bhxh-<code>@example.gov.vn); replace: npm run bhxh -- contacts import FILE.csv
Ctrl-C stops everything.
`;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('npm start')
    .description('The report pipeline on this machine: S3, DynamoDB and SES emulators, the same handlers as AWS.')
    .option('--s3-port <port>', 'S3 (s3rver) port', port, LOCAL_DEFAULTS.s3Port)
    .option('--dynamodb-port <port>', 'DynamoDB (dynalite) port', port, LOCAL_DEFAULTS.dynamodbPort)
    .option('--ses-port <port>', 'SES (aws-ses-v2-local) port and mail page', port, LOCAL_DEFAULTS.sesPort)
    .option('--smtp-port <port>', 'SMTP port of the submission address (mail a report to it)', port, LOCAL_DEFAULTS.smtpPort)
    .option('--data-dir <dir>', `where the data is kept (default ${LOCAL_DEFAULTS.dataDir}, with --demo ${LOCAL_DEFAULTS.dataDir}/demo)`)
    .option('--clean', 'start empty (deletes the data of earlier runs in the data directory)')
    .option('--demo', 'play one reporting day of the default campaign (a fresh data directory of its own)')
    .option('--no-schedule', 'do not play the 18:30 schedules on the wall clock')
    .option('--verbose', 'show the handlers\' own log lines')
    .parse(argv);
  const options = program.opts<StartOptions>();
  const demo = Boolean(options.demo);

  const stack = await startLocalStack({
    s3Port: options.s3Port,
    dynamodbPort: options.dynamodbPort,
    sesPort: options.sesPort,
    ports: { smtp: options.smtpPort },
    dataDir: options.dataDir ?? (demo ? `${LOCAL_DEFAULTS.dataDir}/demo` : LOCAL_DEFAULTS.dataDir),
    // The demo's own directory starts empty each time, so the day plays the same way.
    clean: Boolean(options.clean) || (demo && !options.dataDir),
    allowReceivedAtOverride: demo,
    schedules: options.schedule,
    handlerLogLevel: options.verbose ? 'INFO' : 'WARN',
    onActivity: (line, activity) => {
      if (demo && activity.ok && !options.verbose) return; // the demo prints its own account
      process.stdout.write(`${stamp()} ${line}\n`);
    },
    onLog: (line) => process.stdout.write(`${stamp()} ${line}\n`),
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

  process.stdout.write(usage(stack));
  if (demo) {
    const { playDemoDay } = await import('./demo.ts');
    await playDemoDay(stack, (line) => process.stdout.write(`${line}\n`));
  }
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
