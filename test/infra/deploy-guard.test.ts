// A deploy that cannot go out wrong: synth refuses a missing or example campaign file, sender or
// submission address with a message that says what to set, unless the stack is a declared trial.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { readPipelineConfig } from '../../cdk/config.ts';
import { deploymentSummary, exampleAddressReason } from '../../cdk/deploy-guard.ts';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';
import { cdkJsonContext } from './synth.ts';

process.env.CDK_VALIDATION = 'false';
const run = promisify(execFile);
const TODAY = '2026-12-05';

const PRODUCTION = {
  'bhxh:campaignFile': 'shared/config/campaign-2026-12.json',
  'bhxh:senderAddress': 'bao-cao@baohiemxahoi.gov.vn',
  'bhxh:submissionAddress': 'nop-bao-cao@nop.baohiemxahoi.gov.vn',
};

const configWith = (context: Record<string, unknown>, today = TODAY) =>
  readPipelineConfig(new App({ context: { ...cdkJsonContext(), ...context } }).node, PROJECT_ROOT, { today });
const problemsOf = (context: Record<string, unknown>, today = TODAY): string => {
  try {
    configWith(context, today);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('the synth guard', () => {
  it('takes a real campaign, sender and submission address', () => {
    const config = configWith(PRODUCTION);
    expect(config.campaign.id).toBe('2026-12-late-payment');
    expect(config.senderAddress).toBe('bao-cao@baohiemxahoi.gov.vn');
    expect(config.submissionAddress).toBe('nop-bao-cao@nop.baohiemxahoi.gov.vn');
    expect(config.allowExample).toBe(false);
  });

  it('refuses cdk.json alone: nothing to deploy is set, and says each key to set', () => {
    const message = problemsOf({});
    expect(message).toContain('bhxh:campaignFile is not set: give the campaign file to deploy, e.g. -c bhxh:campaignFile=shared/config/campaign-<yyyy>-<mm>.json');
    expect(message).toContain('bhxh:senderAddress is not set');
    expect(message).toContain('bhxh:submissionAddress is not set: the address provinces mail reports to, or "none" to deploy without mail intake');
    expect(message).toContain('add -c bhxh:allowExample=true');
  });

  it('refuses the example campaign and a campaign that is over', () => {
    expect(problemsOf({ ...PRODUCTION, 'bhxh:campaignFile': 'shared/config/campaign-2023-12.json' }))
      .toContain('bhxh:campaignFile: shared/config/campaign-2023-12.json cannot go to production: it is the example campaign');
    expect(problemsOf(PRODUCTION, '2027-01-01')).toContain('cannot go to production: the campaign ended on 2026-12-31');
    expect(problemsOf(PRODUCTION, '2026-12-31')).toBe('');
  });

  it.each([
    ['bhxh:senderAddress', 'bao-cao@example.gov.vn', 'example.gov.vn is an example domain'],
    ['bhxh:submissionAddress', 'nop-bao-cao@example.gov.vn', 'example.gov.vn is an example domain'],
    ['bhxh:submissionAddress', 'nop@bhxh.test', '.test is a reserved top-level domain'],
    ['bhxh:alarmEmail', 'ops@example.com', 'example.com is an example domain'],
  ])('refuses the example %s %s', (key, value, reason) => {
    expect(problemsOf({ ...PRODUCTION, [key]: value })).toContain(`${key}: ${value} is an example address (${reason})`);
  });

  it('deploys without mail intake only when told "none"', () => {
    expect(configWith({ ...PRODUCTION, 'bhxh:submissionAddress': 'none' }).submissionAddress).toBe('');
    expect(problemsOf({ ...PRODUCTION, 'bhxh:submissionAddress': '' })).toContain('bhxh:submissionAddress is not set');
  });

  it('lets a declared trial stack use the example values, and says so', () => {
    const config = configWith({ 'bhxh:allowExample': 'true' });
    expect(config).toMatchObject({ allowExample: true, senderAddress: 'bao-cao@example.gov.vn', submissionAddress: 'nop-bao-cao@example.gov.vn' });
    expect(config.campaign.id).toBe('2023-12-late-payment');
    expect(problemsOf({ ...PRODUCTION, 'bhxh:allowExample': 'perhaps' })).toContain('bhxh:allowExample: expected true or false');
  });

  it('tells real domains from example ones', () => {
    expect(exampleAddressReason('a@baohiemxahoi.gov.vn')).toBeUndefined();
    expect(exampleAddressReason('a@examples.vn')).toBeUndefined();
    expect(exampleAddressReason('a@mail.EXAMPLE.org')).toBe('mail.example.org is an example domain');
  });
});

describe('what a deploy prints before anything is created', () => {
  it('names the campaign, its dates, deadlines, provinces, addresses and region', () => {
    const config = configWith(PRODUCTION);
    const summary = deploymentSummary({
      stackName: 'BhxhReportPipeline', region: 'ap-southeast-1', campaignFile: config.campaignSetting, campaign: config.campaign,
      senderAddress: config.senderAddress, submissionAddress: config.submissionAddress, alarmEmails: ['van-hanh@baohiemxahoi.gov.vn'],
      sesSandbox: true, allowExample: false,
    });
    expect(summary.split('\n')).toEqual([
      'Deploying stack BhxhReportPipeline to ap-southeast-1',
      '  campaign         2026-12-late-payment (shared/config/campaign-2026-12.json): Đôn đốc thu hồi số tiền chậm đóng BHXH, BHYT, BHTN tháng 12/2026',
      '  report dates     10/12/2026 to 31/12/2026 (22), times in Asia/Ho_Chi_Minh',
      '  deadlines        18:30; 08:30 for 10/12/2026 (+1 day); deadline run 18:30; nudge 16:30',
      expect.stringMatching(/^ {2}provinces {8}34 \(9 centrally-run cities\), list vn-34-units-2025: 01 04 08 .* 96$/),
      '  sender           bao-cao@baohiemxahoi.gov.vn (SES sandbox permissions)',
      '  submission       nop-bao-cao@nop.baohiemxahoi.gov.vn',
      '  receiving        SES in ap-southeast-1 (stack BhxhReportPipeline)',
      '  portal URL       the function URL (no custom domain)',
      '  alarm mail       van-hanh@baohiemxahoi.gov.vn',
      '',
    ]);
  });
});

describe('receiving in another region (bhxh:receivingRegion)', () => {
  const inSingapore = (context: Record<string, unknown>) =>
    readPipelineConfig(new App({ context: { ...cdkJsonContext(), ...PRODUCTION, ...context } }).node, PROJECT_ROOT, { today: TODAY, region: 'ap-southeast-1' });

  it('is kept when it names another region than the stack\'s, and ignored when it names the same', () => {
    expect(inSingapore({ 'bhxh:receivingRegion': 'us-east-1' }).receivingRegion).toBe('us-east-1');
    expect(inSingapore({ 'bhxh:receivingRegion': 'ap-southeast-1' }).receivingRegion).toBeUndefined();
    expect(inSingapore({}).receivingRegion).toBeUndefined();
  });

  it('is refused without a known main region, without a submission address, or when it is not a region name', () => {
    expect(problemsOf({ ...PRODUCTION, 'bhxh:receivingRegion': 'us-east-1' }))
      .toContain('bhxh:receivingRegion: the main region must be known too: add -c bhxh:region=<region>');
    const problems = (context: Record<string, unknown>) => {
      try { inSingapore(context); return ''; } catch (error) { return (error as Error).message; }
    };
    expect(problems({ 'bhxh:receivingRegion': 'us-east-1', 'bhxh:submissionAddress': 'none' }))
      .toContain('bhxh:receivingRegion: set, but there is no submission address to receive mail for');
    expect(problems({ 'bhxh:receivingRegion': 'Virginia' })).toContain('bhxh:receivingRegion: expected a region name such as us-east-1, got "virginia"');
  });

  it('the summary says where SES receives and that its stack goes first', () => {
    const config = inSingapore({ 'bhxh:receivingRegion': 'us-east-1' });
    const summary = deploymentSummary({
      stackName: 'BhxhReportPipeline', region: 'ap-southeast-1', campaignFile: config.campaignSetting, campaign: config.campaign,
      senderAddress: config.senderAddress, submissionAddress: config.submissionAddress, alarmEmails: [], sesSandbox: false, allowExample: false,
      receiving: { region: 'us-east-1', stackName: 'BhxhReportPipelineMailReceiving' },
    });
    expect(summary).toContain('  receiving        SES in us-east-1 (stack BhxhReportPipelineMailReceiving, deployed first); '
      + 'its topic feeds the mail queue in ap-southeast-1\n');
  });
});

describe('npx cdk synth with cdk.json alone', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'bhxh-guard-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('fails before building anything, with the list of what to set', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_EC2_METADATA_DISABLED: 'true' };
    for (const name of Object.keys(env)) if (/^(AWS_(PROFILE|REGION|ACCESS|SECRET|SESSION)|CDK_DEFAULT_)/.test(name)) delete env[name];
    const failure = await run('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir], { cwd: PROJECT_ROOT, env })
      .then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('Invalid deployment configuration (CDK context):');
    expect(failure?.stderr).toContain('- bhxh:campaignFile is not set');
    expect(failure?.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  }, 120_000);
});
