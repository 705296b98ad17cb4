// What keeps a deploy from going out wrong: the campaign file, the sender and the submission address
// must be set, and none may be an example value, unless the stack is a declared trial
// (`bhxh:allowExample=true`). And the summary printed at every synth, read before `cdk deploy` says yes.
import { DEFAULT_CAMPAIGN_FILE } from '../shared/config/campaign.ts';
import type { Campaign } from '../shared/domain/campaign.ts';
import { formatDateVi } from '../shared/domain/format.ts';

/** The example values a trial stack falls back to (the local stack's and the tests'). */
export const EXAMPLE_VALUES = {
  campaignFile: DEFAULT_CAMPAIGN_FILE,
  senderAddress: 'bao-cao@example.gov.vn',
  submissionAddress: 'nop-bao-cao@example.gov.vn',
} as const;

/** Written as the submission address: deploy without mail intake, on purpose. */
export const NO_SUBMISSION_ADDRESS = 'none';

// RFC 2606 / 6761 names that never receive mail, and any domain with an "example" label
// (example.gov.vn, mail.example.com).
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost', 'local']);

/** Why an address is an example (a reason to print), or undefined for a real-looking one. */
export function exampleAddressReason(address: string): string | undefined {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const labels = domain.split('.');
  if (labels.includes('example')) return `${domain} is an example domain`;
  if (RESERVED_TLDS.has(labels.at(-1) ?? '')) return `.${labels.at(-1)} is a reserved top-level domain`;
  return undefined;
}

/** Why a campaign may not be deployed for real (the shipped example, or one already over), else undefined. */
export function exampleCampaignReason(setting: string, campaign: Campaign, today: string): string | undefined {
  if (setting === EXAMPLE_VALUES.campaignFile) return 'it is the example campaign of the local stack and the tests';
  if (campaign.config.lastReportDate < today) return `the campaign ended on ${campaign.config.lastReportDate}`;
  return undefined;
}

export interface DeploymentSummaryInput {
  stackName: string;
  region: string | undefined;
  campaignFile: string;
  campaign: Campaign;
  senderAddress: string;
  submissionAddress: string;
  portalUrl?: string;
  alarmEmails: string[];
  sesSandbox: boolean;
  allowExample: boolean;
  /** SES receives in another region, in this stack (deployed first). */
  receiving?: { region: string; stackName: string };
}

/** The lines `cdk synth|diff|deploy` prints on stderr before anything is created. */
export function deploymentSummary(d: DeploymentSummaryInput): string {
  const { config } = d.campaign;
  const deadlines = [config.defaultDeadline, ...config.deadlineOverrides.map((o) => ({ ...o, time: `${o.time} for ${formatDateVi(o.reportDate)}` }))]
    .map((r) => `${r.time}${r.dayOffset ? ` (+${r.dayOffset} day)` : ''}`);
  const cities = d.campaign.provinces.filter((p) => p.kind === 'thanh_pho').length;
  const lines = [
    `Deploying stack ${d.stackName} to ${d.region ?? 'the region of the CLI profile (none set: a region-agnostic template)'}`,
    ...(d.allowExample ? ['  TRIAL STACK: example values allowed (bhxh:allowExample=true); no real province gets mail from it'] : []),
    `  campaign         ${config.id} (${d.campaignFile}): ${config.title}`,
    `  report dates     ${formatDateVi(config.firstReportDate)} to ${formatDateVi(config.lastReportDate)} (${d.campaign.reportDates.length}), times in ${config.timeZone}`,
    `  deadlines        ${deadlines.join('; ')}; deadline run ${config.reminders.deadlineRun.time}; nudge ${config.reminders.nudge.enabled ? config.reminders.nudge.time : 'off'}`,
    `  provinces        ${d.campaign.provinces.length} (${cities} centrally-run cities), list ${config.provinceList.id}: ${d.campaign.provinces.map((p) => p.code).join(' ')}`,
    `  sender           ${d.senderAddress}${d.sesSandbox ? ' (SES sandbox permissions)' : ''}`,
    `  submission       ${d.submissionAddress || 'none: no mail intake'}`,
    ...(d.submissionAddress ? [d.receiving
      ? `  receiving        SES in ${d.receiving.region} (stack ${d.receiving.stackName}, deployed first); its topic feeds the mail queue in ${d.region}`
      : `  receiving        SES in ${d.region ?? 'the stack\'s region'} (stack ${d.stackName})`] : []),
    `  portal URL       ${d.portalUrl ?? 'the function URL (no custom domain)'}`,
    `  alarm mail       ${d.alarmEmails.length ? d.alarmEmails.join(', ') : 'nobody subscribed yet'}`,
  ];
  return `${lines.join('\n')}\n`;
}
