// Deployment configuration, read from CDK context (cdk.json, or `-c key=value` on the command line)
// and validated at synth time, so a bad value fails `cdk synth` instead of a Lambda at 18:30.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { checkCampaignFile } from '../shared/config/campaign.ts';
import type { Campaign } from '../shared/domain/campaign.ts';
import { EXAMPLE_VALUES, exampleAddressReason, exampleCampaignReason, NO_SUBMISSION_ADDRESS } from './deploy-guard.ts';

/** Every context key the app reads, in one place (docs/deploy.md documents them). */
export const CONTEXT_KEYS = {
  campaignFile: 'bhxh:campaignFile',
  senderAddress: 'bhxh:senderAddress',
  submissionAddress: 'bhxh:submissionAddress',
  alarmEmail: 'bhxh:alarmEmail',
  uploadRetentionDays: 'bhxh:uploadRetentionDays',
  logRetentionDays: 'bhxh:logRetentionDays',
  logLevel: 'bhxh:logLevel',
  sesSandbox: 'bhxh:sesSandbox',
  provinceUsers: 'bhxh:provinceUsers',
  portalUrl: 'bhxh:portalUrl',
  region: 'bhxh:region',
  receivingRegion: 'bhxh:receivingRegion',
  stackName: 'bhxh:stackName',
  allowExample: 'bhxh:allowExample',
} as const;

export const DEFAULT_STACK_NAME = 'BhxhReportPipeline';

export interface PipelineConfig {
  /** Absolute path of the campaign JSON on the build machine. */
  campaignFile: string;
  /** The file name it gets inside each Lambda bundle (/var/task/<name>). */
  campaignFileName: string;
  campaign: Campaign;
  /** SES From address; must be a verified identity (address or its domain) in the target region. */
  senderAddress: string;
  /** The address provinces mail reports to (SES email receiving); empty: no mail intake is deployed. */
  submissionAddress: string;
  /** Where alarm mail goes; empty: no subscription (subscribe later, see docs/deploy.md). */
  alarmEmails: string[];
  /** Uploads (and their old versions) are never expired before this many days. */
  uploadRetentionDays: number;
  logRetention: RetentionDays;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** While the account is in the SES sandbox, SES also authorises each (verified) recipient identity. */
  sesSandbox: boolean;
  /** Create one IAM user per campaign province (false, the default: provinces submit through the portal). */
  provinceUsers: boolean;
  /**
   * Where SES receives the submission address's mail, when not the main region (SES email receiving
   * is not offered everywhere): a second stack there, see cdk/receiving-stack.ts. Absent: the main region.
   */
  receivingRegion?: string;
  /** The portal's public URL when a domain is in front of the function URL (https, no path). */
  portalUrl?: string;
  /** A declared trial stack: example values (and their defaults) were allowed. */
  allowExample: boolean;
  /** The campaign file as configured (relative to the project). */
  campaignSetting: string;
}

export interface ReadConfigOptions {
  /** Today (YYYY-MM-DD): a campaign that ended before it is refused. Default: the build machine's date. */
  today?: string;
  /** The main stack's region (bhxh:region, or the CLI profile's), if known at synth. */
  region?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** Reads and validates the app's context; throws one error listing every problem. */
export function readPipelineConfig(node: Node, projectRoot: string, options: ReadConfigOptions = {}): PipelineConfig {
  const problems: string[] = [];
  const context = (key: string): unknown => node.tryGetContext(key);
  const allowExample = booleanValue(context(CONTEXT_KEYS.allowExample), false);
  if (allowExample === undefined) problems.push(`${CONTEXT_KEYS.allowExample}: expected true or false`);
  const trial = allowExample === true;
  const trialHint = `(for a trial stack with example values, add -c ${CONTEXT_KEYS.allowExample}=true)`;
  /** A required value: missing is a problem, unless a trial stack takes the example value. */
  const required = (key: string, example: string, what: string): string => {
    const value = stringValue(context(key));
    if (value) return value;
    if (trial) return example;
    problems.push(`${key} is not set: ${what} ${trialHint}`);
    return '';
  };

  const campaignSetting = required(CONTEXT_KEYS.campaignFile, EXAMPLE_VALUES.campaignFile,
    'give the campaign file to deploy, e.g. -c bhxh:campaignFile=shared/config/campaign-<yyyy>-<mm>.json');
  const campaignFile = path.resolve(projectRoot, campaignSetting);
  let campaign: Campaign | undefined;
  if (!isInside(projectRoot, campaignFile)) {
    // The bundler copies it from the project directory (the asset input), so it must live there.
    problems.push(`${CONTEXT_KEYS.campaignFile}: ${campaignSetting} must be inside the project directory`);
  } else if (!existsSync(campaignFile)) {
    problems.push(`${CONTEXT_KEYS.campaignFile}: ${campaignSetting} does not exist`);
  } else {
    const checked = checkCampaignFile(campaignFile);
    if ('campaign' in checked) {
      campaign = checked.campaign;
      const reason = exampleCampaignReason(campaignSetting, campaign, options.today ?? new Date().toISOString().slice(0, 10));
      if (reason && !trial) problems.push(`${CONTEXT_KEYS.campaignFile}: ${campaignSetting} cannot go to production: ${reason} ${trialHint}`);
    } else problems.push(...checked.problems.map((p) => `${CONTEXT_KEYS.campaignFile}: ${campaignSetting}: ${p}`));
  }

  const checkAddress = (key: string, address: string): void => {
    if (!address) return;
    if (!EMAIL.test(address)) problems.push(`${key}: expected an e-mail address, got "${address}"`);
    const reason = exampleAddressReason(address);
    if (reason && !trial) problems.push(`${key}: ${address} is an example address (${reason}) ${trialHint}`);
  };
  const senderAddress = required(CONTEXT_KEYS.senderAddress, EXAMPLE_VALUES.senderAddress,
    'the SES From address, e.g. -c bhxh:senderAddress=bao-cao@baohiemxahoi.gov.vn');
  checkAddress(CONTEXT_KEYS.senderAddress, senderAddress);

  const submissionSetting = required(CONTEXT_KEYS.submissionAddress, EXAMPLE_VALUES.submissionAddress,
    `the address provinces mail reports to, or "${NO_SUBMISSION_ADDRESS}" to deploy without mail intake`);
  const submissionAddress = submissionSetting.toLowerCase() === NO_SUBMISSION_ADDRESS ? '' : submissionSetting;
  checkAddress(CONTEXT_KEYS.submissionAddress, submissionAddress);

  const alarmEmails = stringValue(context(CONTEXT_KEYS.alarmEmail)).split(',').map((s) => s.trim()).filter(Boolean);
  for (const address of alarmEmails) {
    if (!EMAIL.test(address)) problems.push(`${CONTEXT_KEYS.alarmEmail}: "${address}" is not an e-mail address`);
  }

  const uploadRetentionDays = integerValue(context(CONTEXT_KEYS.uploadRetentionDays), 3650);
  if (!(uploadRetentionDays >= 1)) problems.push(`${CONTEXT_KEYS.uploadRetentionDays}: expected a whole number of days ≥ 1`);

  const logRetentionDays = integerValue(context(CONTEXT_KEYS.logRetentionDays), 365);
  const allowedRetention = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number' && Number(v) > 0);
  if (!allowedRetention.includes(logRetentionDays)) {
    problems.push(`${CONTEXT_KEYS.logRetentionDays}: CloudWatch Logs accepts one of ${allowedRetention.join(', ')}`);
  }

  const logLevel = (stringValue(context(CONTEXT_KEYS.logLevel)) || 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`${CONTEXT_KEYS.logLevel}: one of ${LOG_LEVELS.join(', ')}`);

  const sesSandbox = booleanValue(context(CONTEXT_KEYS.sesSandbox), true);
  const provinceUsers = booleanValue(context(CONTEXT_KEYS.provinceUsers), false);
  const portalUrl = stringValue(context(CONTEXT_KEYS.portalUrl)).replace(/\/+$/, '');
  if (portalUrl && !/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(portalUrl)) {
    problems.push(`${CONTEXT_KEYS.portalUrl}: expected https://<host> (no path), got "${portalUrl}"`);
  }
  if (sesSandbox === undefined) problems.push(`${CONTEXT_KEYS.sesSandbox}: expected true or false`);
  if (provinceUsers === undefined) problems.push(`${CONTEXT_KEYS.provinceUsers}: expected true or false`);

  const receivingSetting = stringValue(context(CONTEXT_KEYS.receivingRegion)).toLowerCase();
  const receivingRegion = receivingSetting && receivingSetting !== options.region ? receivingSetting : undefined;
  if (receivingRegion) {
    if (!REGION.test(receivingRegion)) problems.push(`${CONTEXT_KEYS.receivingRegion}: expected a region name such as us-east-1, got "${receivingSetting}"`);
    if (!submissionAddress) problems.push(`${CONTEXT_KEYS.receivingRegion}: set, but there is no submission address to receive mail for`);
    // Both stacks need a concrete region: the receiving stack's names and ARNs are built from it.
    if (!options.region) {
      problems.push(`${CONTEXT_KEYS.receivingRegion}: the main region must be known too: add -c ${CONTEXT_KEYS.region}=<region> (e.g. ap-southeast-1)`);
    }
  }

  for (const address of alarmEmails) {
    const reason = exampleAddressReason(address);
    if (reason && !trial) problems.push(`${CONTEXT_KEYS.alarmEmail}: ${address} is an example address (${reason}) ${trialHint}`);
  }

  if (problems.length || !campaign) {
    throw new Error(`Invalid deployment configuration (CDK context):\n- ${problems.join('\n- ')}`);
  }
  return {
    campaignFile,
    campaignFileName: path.basename(campaignFile),
    campaign,
    senderAddress,
    submissionAddress,
    alarmEmails,
    uploadRetentionDays,
    logRetention: logRetentionDays,
    logLevel: logLevel as PipelineConfig['logLevel'],
    sesSandbox: sesSandbox!,
    provinceUsers: provinceUsers!,
    ...(portalUrl ? { portalUrl } : {}),
    ...(receivingRegion ? { receivingRegion } : {}),
    allowExample: trial,
    campaignSetting,
  };
}

// Context given with `-c` arrives as a string; cdk.json can hold real numbers and booleans.
function stringValue(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';
}

function integerValue(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  return Number.isInteger(n) ? n : Number.NaN;
}

function booleanValue(value: unknown, fallback: boolean): boolean | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
