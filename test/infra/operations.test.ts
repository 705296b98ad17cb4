// Seen and recoverable: the alarms on the portal, SES reputation and mail intake, the dashboard of the
// day, point-in-time recovery and bucket versions, and the docs' alarm table naming every alarm.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { LOG_METRICS } from '../../cdk/constructs/operations-dashboard.ts';
import { SES_ALARM_RATES } from '../../cdk/constructs/pipeline-alarms.ts';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';
import { METRIC_NAMESPACE } from '../../shared/contract.ts';
import { resourcesOfType, synthPipeline } from './synth.ts';

const { template, stack } = synthPipeline();
const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Record<string, unknown>);
const byName = (id: string) => alarms.find((a) => a.AlarmName === `BhxhReportPipeline-${id}`);
const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const refOf = (resource: unknown): string => (stack.resolve((resource as { functionName: string }).functionName) as { Ref: string }).Ref;

describe('alarms a first month needs', () => {
  it('watch the portal function: errors, throttles, and server errors its function URL answered', () => {
    const portal = refOf(stack.portal.function.function);
    for (const [id, metric, threshold] of [['PortalErrors', 'Errors', 1], ['PortalThrottles', 'Throttles', 1], ['PortalServerErrors', 'Url5xxCount', 5]] as const) {
      expect(byName(id), id).toMatchObject({
        Namespace: 'AWS/Lambda', MetricName: metric, Threshold: threshold, Dimensions: [{ Name: 'FunctionName', Value: { Ref: portal } }],
      });
    }
  });

  it('watch SES reputation, before SES reviews the account (5 % bounces, 0.1 % complaints)', () => {
    expect(byName('SesBounceRate')).toMatchObject({
      Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Statistic: 'Maximum', Threshold: SES_ALARM_RATES.bounce,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    });
    expect(byName('SesComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: SES_ALARM_RATES.complaint });
    expect(SES_ALARM_RATES.bounce).toBeLessThan(0.05);
    expect(SES_ALARM_RATES.complaint).toBeLessThan(0.001);
  });

  it('watch the mail intake: errors, throttles, its dead-letter queue and a backlog', () => {
    for (const id of ['MailIntakeErrors', 'MailIntakeThrottles', 'MailDeadLetterQueueNotEmpty', 'MailBacklog']) expect(byName(id), id).toBeDefined();
    expect(byName('MailBacklog')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 900 });
  });

  it('leave the mail-intake alarms out when no mail intake is deployed', () => {
    const bare = synthPipeline({ context: { 'bhxh:submissionAddress': 'none' } });
    const names = resourcesOfType(bare.template, 'AWS::CloudWatch::Alarm').map(([, a]) => String(a.Properties!.AlarmName));
    expect(names.filter((n) => n.includes('Mail'))).toEqual([]);
    expect(names).toContain('BhxhReportPipeline-SesBounceRate');
  });

  it('are every one in docs/deploy.md\'s alarm table', () => {
    const docs = readFileSync(path.join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');
    const table = docs.slice(docs.indexOf('## Alarms'), docs.indexOf('\n## ', docs.indexOf('## Alarms') + 1));
    const missing = alarms.map((a) => String(a.AlarmName).replace('BhxhReportPipeline-', '')).filter((id) => !table.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});

describe('the dashboard of the day', () => {
  const [[, dashboard]] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard') as [[string, { Properties?: Record<string, unknown> }]];
  const body = JSON.stringify(dashboard.Properties!.DashboardBody);

  it('shows uploads by verdict, mails, errors, the portal and every alarm over the last 24 hours', () => {
    expect(dashboard.Properties!.DashboardName).toBe('BhxhReportPipeline-day');
    for (const title of ['Uploads in the last 24 h, by verdict', 'Mail sent by SES in the last 24 h', 'Alarms', 'Function errors per hour',
      'Messages parked in the dead-letter queues', 'Portal: requests, client and server errors per hour; p95 latency (ms)']) {
      expect(body).toContain(title);
    }
    expect(body).toContain('\\"start\\":\\"-PT24H\\"');
    for (const status of ['accepted', 'rejected']) expect(body).toContain(`\\"${LOG_METRICS.uploads}\\",\\"status\\",\\"${status}\\"`);
    for (const metric of ['Send', 'Delivery', 'Bounce', 'Complaint']) expect(body).toContain(`\\"AWS/SES\\",\\"${metric}\\"`);
  });

  it('counts verdicts and mailed reports from the handlers\' logs, as the handlers write them', () => {
    const filters = resourcesOfType(template, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties as Record<string, unknown>);
    const uploads = filters.find((f) => JSON.stringify(f).includes(LOG_METRICS.uploads))!;
    expect(uploads.FilterPattern).toBe('{ $.message = "Upload processed" }');
    expect(uploads.MetricTransformations).toEqual([{ MetricNamespace: METRIC_NAMESPACE, MetricName: LOG_METRICS.uploads, MetricValue: '1', Dimensions: [{ Key: 'status', Value: '$.status' }] }]);
    expect(uploads.LogGroupName).toEqual({ Ref: logicalId(stack.parser.logGroup) });
    const mails = filters.find((f) => JSON.stringify(f).includes(LOG_METRICS.mailsReceived))!;
    expect(mails.FilterPattern).toBe('{ $.message = "Mail processed" }');
    // The handlers log these messages with these fields.
    expect(readFileSync(path.join(PROJECT_ROOT, 'lambdas/parser/handler.ts'), 'utf8')).toMatch(/logger\.info\('Upload processed', \{\s*key: upload\.key, status: outcome\.kind/);
    expect(readFileSync(path.join(PROJECT_ROOT, 'lambdas/mail-intake/handler.ts'), 'utf8')).toMatch(/logger\.info\('Mail processed', \{\s*key: mail\.key, outcome: outcome\.kind/);
  });
});

describe('recoverable', () => {
  it('keeps the table\'s point-in-time recovery on and the bucket versioned (the restore procedure relies on both)', () => {
    const [, table] = resourcesOfType(template, 'AWS::DynamoDB::Table')[0]!;
    expect(table.Properties).toMatchObject({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    const versioned = resourcesOfType(template, 'AWS::S3::Bucket').filter(([, b]) => JSON.stringify(b.Properties).includes('"Status":"Enabled"'));
    expect(versioned.length).toBeGreaterThanOrEqual(1);
  });
});
