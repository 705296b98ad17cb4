// The synthesized template: storage protections, the intake wiring, the functions, the schedules,
// the ReportAccepted rule, the alarms and the outputs the CLI reads.
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { INTAKE_MAX_RECEIVE_COUNT } from '../../cdk/constructs/feed-queue.ts';
import { METRIC_NAMESPACE, METRICS, SERVICE_NAMES } from '../../shared/contract.ts';
import * as sizes from '../../cdk/sizes.ts';
import { render, resourcesOfType, synthPipeline } from './synth.ts';

const { template, stack } = synthPipeline();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
const ref = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);

const reportBucketId = ref(stack.reportBucket.bucket);
const intakeQueueId = ref(stack.intake.queue);
const aggregationQueueId = ref(stack.aggregation.queue);
const intakeDlqId = ref(stack.intake.deadLetterQueue);
const invocationDlqId = ref(stack.invocationDeadLetterQueue);
const functionIds = {
  parser: ref(stack.parser.function),
  reminder: ref(stack.reminder.function),
  aggregator: ref(stack.aggregator.function),
};

describe('report bucket', () => {
  const bucket = resources[reportBucketId]!;

  it('blocks public access, requires TLS, encrypts, versions and logs access', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: ref(stack.reportBucket.accessLogBucket) } });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    template.hasResource('AWS::S3::Bucket', { Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }), DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: reportBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) },
    });
  });

  it('keeps old uploads cheaply and never expires them before the configured retention', () => {
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    const uploads = rules.find((rule) => rule.Prefix === 'incoming/')!;
    expect(uploads).toMatchObject({
      Status: 'Enabled',
      ExpirationInDays: 3650,
      NoncurrentVersionExpiration: { NoncurrentDays: 3650 },
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }, { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 }],
    });
    // Nothing that applies to uploads deletes them earlier.
    for (const rule of rules.filter((r) => r.Prefix === undefined || String(r.Prefix as string).startsWith('incoming/') || 'incoming/'.startsWith(String(r.Prefix as string)))) {
      if (rule.ExpirationInDays !== undefined) expect(rule.ExpirationInDays).toBeGreaterThanOrEqual(3650);
      const noncurrent = rule.NoncurrentVersionExpiration as { NoncurrentDays: number } | undefined;
      if (noncurrent) expect(noncurrent.NoncurrentDays).toBeGreaterThanOrEqual(3650);
    }
  });

  it('sends ObjectCreated for incoming/ only, to the intake queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: reportBucketId },
      NotificationConfiguration: {
        QueueConfigurations: [{
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
          QueueArn: { 'Fn::GetAtt': [intakeQueueId, 'Arn'] },
        }],
      },
    });
  });
});

describe('intake queue', () => {
  it('has a dead-letter queue and a visibility timeout of six times the parser timeout', () => {
    const queue = resources[intakeQueueId]!.Properties;
    const parserTimeout = resources[functionIds.parser]!.Properties.Timeout as number;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * parserTimeout);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [intakeDlqId, 'Arn'] },
      maxReceiveCount: INTAKE_MAX_RECEIVE_COUNT,
    });
  });

  it('enforces TLS and encryption on every queue', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    // intake + its DLQ, aggregation + its DLQ, mail + its DLQ, the invocation DLQ
    expect(queues.length).toBe(7);
    for (const [id, queue] of queues) {
      expect(queue.Properties?.SqsManagedSseEnabled, id).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]) },
      });
    }
  });

  it('lets only the report bucket send to it', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: intakeQueueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [reportBucketId, 'Arn'] } } },
      })]) },
    });
  });

  it('is consumed by the parser with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [intakeQueueId, 'Arn'] },
      FunctionName: { Ref: functionIds.parser },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('report table', () => {
  it('has the key schema and GSI the adapters use, on demand, with PITR and deletion protection', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: [{
          IndexName: 'gsi1',
          KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        }],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' }, { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ]),
      },
    });
  });
});

describe('functions', () => {
  it.each(Object.entries(functionIds))('%s: newest Node runtime, arm64, own log group with retention, the contract environment', (name, id) => {
    const fn = resources[id]!.Properties;
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Handler).toBe('index.handler');
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      BHXH_TABLE_NAME: { Ref: ref(stack.reportTable.table) },
      BHXH_BUCKET_NAME: { Ref: reportBucketId },
      BHXH_EVENT_BUS_NAME: { Ref: ref(stack.eventBus) },
      BHXH_CAMPAIGN_FILE: '/var/task/campaign-2023-12.json',
      BHXH_SENDER: 'bao-cao@example.gov.vn',
      POWERTOOLS_SERVICE_NAME: `bhxh-${name}`,
      LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
    const logGroupId = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } });
  });

  it('have the memory and timeouts of cdk/sizes.ts (which the cost estimate prices)', () => {
    expect(resources[functionIds.parser]!.Properties).toMatchObject({ MemorySize: sizes.PARSER_MEMORY_MB, Timeout: sizes.PARSER_TIMEOUT_SECONDS });
    expect(resources[functionIds.reminder]!.Properties).toMatchObject({ MemorySize: sizes.REMINDER_MEMORY_MB, Timeout: sizes.REMINDER_TIMEOUT_SECONDS });
    expect(resources[functionIds.aggregator]!.Properties).toMatchObject({ MemorySize: sizes.AGGREGATOR_MEMORY_MB, Timeout: sizes.AGGREGATOR_TIMEOUT_SECONDS });
  });

  it('runs the reminder and the aggregator asynchronously with retries, then the dead-letter queue', () => {
    for (const id of [functionIds.reminder, functionIds.aggregator]) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: id },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [invocationDlqId, 'Arn'] } } },
      });
    }
  });
});

describe('schedules', () => {
  const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties as {
    ScheduleExpression: string; ScheduleExpressionTimezone: string; FlexibleTimeWindow: { Mode: string };
    Target: { Arn: unknown; Input: string; RetryPolicy: unknown; DeadLetterConfig: { Arn: unknown } };
  });
  const targeting = (id: string) => schedules.filter((s) => JSON.stringify(s.Target.Arn) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));

  it('runs the reminder at 18:30 Asia/Ho_Chi_Minh every day, on time', () => {
    const [reminder, ...others] = targeting(functionIds.reminder);
    expect(others).toEqual([]); // the campaign's nudge is disabled
    expect(reminder).toMatchObject({
      ScheduleExpression: 'cron(30 18 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    expect(JSON.parse(reminder!.Target.Input)).toEqual({ kind: 'deadline', time: '<aws.scheduler.scheduled-time>' });
  });

  it('runs the final snapshot after both deadline times (08:35 and 18:35)', () => {
    const finals = targeting(functionIds.aggregator);
    expect(finals.map((s) => [s.ScheduleExpression, s.ScheduleExpressionTimezone]).sort()).toEqual([
      ['cron(35 18 * * ? *)', 'Asia/Ho_Chi_Minh'],
      ['cron(35 8 * * ? *)', 'Asia/Ho_Chi_Minh'],
    ]);
    for (const s of finals) expect(JSON.parse(s.Target.Input)).toEqual({ kind: 'final-snapshot', time: '<aws.scheduler.scheduled-time>' });
  });

  it('retries delivery and dead-letters what it cannot deliver', () => {
    expect(schedules).toHaveLength(3);
    for (const s of schedules) {
      expect(s.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 });
      expect(s.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [invocationDlqId, 'Arn'] } });
    }
  });
});

describe('ReportAccepted rule', () => {
  it('sends the parser\'s ReportAccepted events on the pipeline bus to the aggregator, with retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: ref(stack.eventBus) },
      EventPattern: { source: ['bhxh.reports'], 'detail-type': ['ReportAccepted'] },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [aggregationQueueId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [invocationDlqId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
      })],
    });
  });

  it('feeds the aggregator in batches through a batching window, with partial batch responses and a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [aggregationQueueId, 'Arn'] },
      FunctionName: { Ref: functionIds.aggregator },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [ref(stack.aggregation.deadLetterQueue), 'Arn'] }, maxReceiveCount: INTAKE_MAX_RECEIVE_COUNT },
      VisibilityTimeout: sizes.AGGREGATOR_TIMEOUT_SECONDS * 6,
    });
  });
});

describe('alarms', () => {
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Record<string, unknown>);
  const topicId = ref(stack.alarms.topic);
  const single = (metricName: string, dimension: string, target: string) => alarms.filter((a) =>
    a.MetricName === metricName && JSON.stringify(a.Dimensions).includes(`"Name":"${dimension}"`) && JSON.stringify(a.Dimensions).includes(`"${target}"`));

  it('every alarm notifies the SNS topic, which is encrypted and TLS-only', () => {
    expect(alarms.length).toBeGreaterThanOrEqual(11);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('fires on any message in either dead-letter queue', () => {
    for (const id of [intakeDlqId, invocationDlqId]) {
      const [alarm] = single('ApproximateNumberOfMessagesVisible', 'QueueName', id);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Maximum' });
    }
  });

  it('fires on errors and throttles of each function', () => {
    for (const id of Object.values(functionIds)) {
      expect(single('Errors', 'FunctionName', id)).toHaveLength(1);
      expect(single('Throttles', 'FunctionName', id)).toHaveLength(1);
    }
  });

  it('fires on the reminder handler\'s ReminderRunsFailed metric (EMF, its service dimension)', () => {
    const [reminderFailed, ...others] = alarms.filter((a) => a.MetricName === METRICS.reminderRunFailed);
    expect(others).toEqual([]);
    expect(reminderFailed).toMatchObject({
      AlarmName: 'BhxhReportPipeline-ReminderRunFailed', Namespace: METRIC_NAMESPACE, Statistic: 'Sum', Threshold: 1,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAMES.reminder }],
    });
    expect(String(reminderFailed!.AlarmDescription)).toMatch(/reminder run failed/i);
    // The stack names the reminder function's service as the metric's dimension says.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.reminder }) },
    });
  });

  it('fires when a final-snapshot run after a deadline did not complete', () => {
    const alarm = alarms.find((a) => String(a.AlarmDescription).includes('final-snapshot run'))!;
    const metrics = alarm.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string } } }>;
    expect(metrics.find((m) => m.Expression)!.Expression).toBe('IF(FILL(started, 0) > 0 AND FILL(completed, 0) == 0, 1, 0)');
    expect(metrics.find((m) => m.Id === 'started')!.MetricStat!.Metric).toMatchObject({ Namespace: 'AWS/Scheduler', MetricName: 'InvocationAttemptCount' });
    // The aggregator's EMF metric (no log metric filter): namespace, name and the service dimension it writes.
    expect(metrics.find((m) => m.Id === 'completed')!.MetricStat!.Metric).toEqual({
      Namespace: METRIC_NAMESPACE, MetricName: METRICS.finalSnapshotRunCompleted, Dimensions: [{ Name: 'service', Value: SERVICE_NAMES.aggregator }],
    });
    const filtered = resourcesOfType(template, 'AWS::Logs::MetricFilter').flatMap(([, f]) =>
      (f.Properties!.MetricTransformations as Array<{ MetricName: string }>).map((t) => t.MetricName));
    expect(filtered).not.toContain(METRICS.finalSnapshotRunCompleted);
  });
});

describe('outputs', () => {
  it('names what the CLI and the operator need', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining([
      'BucketName', 'TableName', 'IntakeQueueName', 'IntakeQueueUrl', 'IntakeDeadLetterQueueUrl', 'IntakeDeadLetterQueueArn',
      'InvocationDeadLetterQueueUrl', 'AlarmTopicName', 'AlarmTopicArn', 'EventBusName',
      'ProvinceUploadersGroupName', 'NationalOfficeGroupName',
    ]));
    expect(render(outputs.BucketName!.Value)).toBe(`\${${reportBucketId}}`);
    expect(render(outputs.TableName!.Value)).toBe(`\${${ref(stack.reportTable.table)}}`);
  });
});
