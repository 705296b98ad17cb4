// Deployment configuration from CDK context, and the calendar-derived parts of the stack.
import { describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { readPipelineConfig } from '../../cdk/config.ts';
import { ReportBucket } from '../../cdk/constructs/report-bucket.ts';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { cdkJsonContext, TRIAL_CONTEXT } from './synth.ts';

// The built-in CloudFormation schema validation costs seconds per synth and is not what these test.
process.env.CDK_VALIDATION = 'false';

const configWith = (context: Record<string, unknown>) =>
  readPipelineConfig(new App({ context: { ...cdkJsonContext(), ...TRIAL_CONTEXT, ...context } }).node, PROJECT_ROOT);

describe('readPipelineConfig', () => {
  it('reads cdk.json and a trial stack\'s example values: the December 2023 campaign, the sender, 10 years of uploads, sandbox-safe SES', () => {
    const config = configWith({});
    expect(config.campaign.id).toBe('2023-12-late-payment');
    expect(config.campaignFileName).toBe('campaign-2023-12.json');
    expect(config.senderAddress).toBe('bao-cao@example.gov.vn');
    expect(config.alarmEmails).toEqual([]);
    expect(config.uploadRetentionDays).toBe(3650);
    expect(config.logRetention).toBe(RetentionDays.ONE_YEAR);
    expect(config.logLevel).toBe('INFO');
    expect(config.sesSandbox).toBe(true);
    // The portal is how provinces submit; per-province IAM users are the exception.
    expect(config.provinceUsers).toBe(false);
    expect(config.portalUrl).toBeUndefined();
  });

  it('takes the portal\'s public URL (https, no path) and refuses anything else', () => {
    expect(configWith({ 'bhxh:portalUrl': 'https://baocao.bhxh.gov.vn/' }).portalUrl).toBe('https://baocao.bhxh.gov.vn');
    expect(() => configWith({ 'bhxh:portalUrl': 'http://baocao.bhxh.gov.vn' })).toThrow(/bhxh:portalUrl/);
    expect(() => configWith({ 'bhxh:portalUrl': 'https://x.vn/portal' })).toThrow(/bhxh:portalUrl/);
  });

  it('accepts strings, as `-c key=value` passes them', () => {
    const config = configWith({
      'bhxh:uploadRetentionDays': '400',
      'bhxh:logRetentionDays': '90',
      'bhxh:sesSandbox': 'false',
      'bhxh:alarmEmail': 'ops@example.gov.vn, oncall@example.gov.vn',
      'bhxh:logLevel': 'debug',
    });
    expect(config.uploadRetentionDays).toBe(400);
    expect(config.logRetention).toBe(RetentionDays.THREE_MONTHS);
    expect(config.sesSandbox).toBe(false);
    expect(config.alarmEmails).toEqual(['ops@example.gov.vn', 'oncall@example.gov.vn']);
    expect(config.logLevel).toBe('DEBUG');
  });

  it('lists every problem at once', () => {
    expect(() => configWith({
      'bhxh:senderAddress': 'not-an-address',
      'bhxh:uploadRetentionDays': '0',
      'bhxh:logRetentionDays': '42',
      'bhxh:sesSandbox': 'maybe',
    })).toThrow(/senderAddress[\s\S]*uploadRetentionDays[\s\S]*logRetentionDays[\s\S]*sesSandbox/);
  });

  it('refuses a campaign file that is missing, outside the project, or invalid', () => {
    expect(() => configWith({ 'bhxh:campaignFile': 'shared/config/nope.json' })).toThrow(/does not exist/);
    expect(() => configWith({ 'bhxh:campaignFile': '/etc/hostname' })).toThrow(/inside the project/);
    expect(() => configWith({ 'bhxh:campaignFile': 'package.json' })).toThrow(/bhxh:campaignFile: package\.json: id: /);
  });
});

describe('final snapshot times', () => {
  it('are five minutes after each distinct deadline time of the campaign', () => {
    expect(configWith({}).campaign.finalSnapshotTimes()).toEqual(['08:35', '18:35']);
  });

  it('wrap past midnight', () => {
    const base = configWith({}).campaign.config;
    const campaign = loadCampaign({
      ...base, defaultDeadline: { dayOffset: 0, time: '23:58' }, deadlineOverrides: [],
      reminders: { ...base.reminders, deadlineRun: { time: '23:59' } },
    });
    expect(campaign.finalSnapshotTimes()).toEqual(['00:03']);
  });
});

describe('upload lifecycle with a short retention', () => {
  it('drops storage tiers that would come after the expiration', () => {
    const stack = new Stack(new App(), 'Lifecycle');
    new ReportBucket(stack, 'ReportBucket', { uploadRetentionDays: 200 });
    const buckets = Template.fromStack(stack).findResources('AWS::S3::Bucket');
    const rules = Object.values(buckets).flatMap((b) => ((b.Properties as { LifecycleConfiguration?: { Rules?: unknown[] } }).LifecycleConfiguration?.Rules ?? []) as Array<Record<string, unknown>>);
    const uploads = rules.find((r) => r.Prefix === 'incoming/')!;
    expect(uploads.ExpirationInDays).toBe(200);
    expect(uploads.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }]);
    expect(uploads.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 200 });
  });
});
