// Receiving in another region (bhxh:receivingRegion): a second stack in that region holds SES's side
// (bucket, rule set and rule, notification topic, the subscription's dead-letter queue, alarms); the
// main stack's mail queue subscribes to the topic across regions, and mail-intake may read only that
// bucket's mail/inbound/. Without the flag, or with the main region, the one stack is what it was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';
import { receivingNames } from '../../cdk/receiving-names.ts';
import { actionsOf, allStatements, render, resourcesOf, resourcesOfType, roleStatements, synthPipeline, type PolicyStatementJson } from './synth.ts';

const ENV = { account: '123456789012', region: 'ap-southeast-1' };
const RECEIVING = { 'bhxh:region': 'ap-southeast-1', 'bhxh:receivingRegion': 'us-east-1', 'bhxh:alarmEmail': 'van-hanh@baohiemxahoi.gov.vn' };
const split = synthPipeline({ env: ENV, context: RECEIVING });
const receivingStack = split.receivingStack!;
const receiving = Template.fromStack(receivingStack);
const main = split.template;
const names = receivingNames('BhxhReportPipeline', 'ap-southeast-1', 'us-east-1');
const id = (construct: { node: { defaultChild?: unknown } }) => receivingStack.getLogicalId(construct.node.defaultChild as never);
const resources = (template: Template) => template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
const only = (template: Template, type: string) => {
  const found = resourcesOfType(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]![1].Properties!;
};
const PARTITION = '${AWS::Partition}';

describe('without a receiving region', () => {
  it('the one stack is unchanged: the flag naming the main region synthesizes the very same template', () => {
    const plain = synthPipeline({ env: ENV });
    const same = synthPipeline({ env: ENV, context: { 'bhxh:receivingRegion': 'ap-southeast-1' } });
    expect(plain.receivingStack).toBeUndefined();
    expect(same.receivingStack).toBeUndefined();
    expect(same.app.node.children.filter((c) => c !== same.stack && 'templateFile' in c)).toEqual([]);
    expect(same.template.toJSON()).toEqual(plain.template.toJSON());
    plain.template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    expect(JSON.stringify(plain.template.toJSON())).not.toContain('BHXH_MAIL_BUCKET');
  });
});

describe('the receiving stack', () => {
  it('synthesizes without a warning (SES\'s write grant is the rule-scoped statement, acknowledged as such)', () => {
    expect(Annotations.fromStack(receivingStack).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(split.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('is in the receiving region, same account, and is deployed before the main stack', () => {
    expect(receivingStack.region).toBe('us-east-1');
    expect(split.stack.region).toBe('ap-southeast-1');
    expect(receivingStack.account).toBe(split.stack.account);
    expect(split.stack.dependencies).toContain(receivingStack);
    expect(receivingStack.dependencies).toEqual([]);
  });

  it('has the rule set and the one rule for the submission address, writing raw mail to its bucket with scanning on', () => {
    expect(only(receiving, 'AWS::SES::ReceiptRuleSet')).toEqual({ RuleSetName: names.ruleSetName });
    const rule = resourcesOfType(receiving, 'AWS::SES::ReceiptRule')[0]![1] as { Properties: { Rule: Record<string, unknown> }; DependsOn?: string[] };
    expect(rule.Properties.Rule).toMatchObject({
      Name: 'StoreSubmission', Enabled: true, Recipients: ['nop-bao-cao@example.gov.vn'], ScanEnabled: true,
      Actions: [{ S3Action: { BucketName: { Ref: id(receivingStack.bucket) }, ObjectKeyPrefix: 'mail/inbound/', TopicArn: { Ref: id(receivingStack.receiving.topic) } } }],
    });
    // SES checks its write permission when the rule is created.
    expect(rule.DependsOn).toContain(receivingStack.getLogicalId(receivingStack.bucket.policy!.node.defaultChild as never));
    main.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
  });

  it('the bucket: encrypted, versioned, no public access, access-logged, mail kept as long as the uploads', () => {
    const bucket = resources(receiving)[id(receivingStack.bucket)]!.Properties;
    expect(bucket).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: id(receivingStack.accessLogBucket) }, LogFilePrefix: 'mail-bucket/' },
    });
    const rules = (bucket.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    expect(rules.find((r) => r.Id === 'ArchiveInboundMail')).toMatchObject({
      Prefix: 'mail/inbound/', ExpirationInDays: 3650, NoncurrentVersionExpiration: { NoncurrentDays: 3650 },
    });
  });

  it('the bucket policy: TLS only, and SES may write mail/inbound/ only as this account\'s receipt rule (SourceAccount and SourceArn)', () => {
    const policy = resourcesOfType(receiving, 'AWS::S3::BucketPolicy').find(([, p]) => render(p.Properties!.Bucket) === `\${${id(receivingStack.bucket)}}`)!;
    const statements = (policy[1].Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }));
    const ses = statements.filter((s) => JSON.stringify(s.Principal).includes('ses.amazonaws.com'));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!)).toEqual(['s3:PutObject']);
    expect(resourcesOf(ses[0]!)).toEqual([`\${${id(receivingStack.bucket)}.Arn}/mail/inbound/*`]);
    expect(ses[0]!.Condition!.StringEquals!['aws:SourceAccount']).toBe('123456789012');
    expect(render(ses[0]!.Condition!.StringEquals!['aws:SourceArn']))
      .toBe(`arn:${PARTITION}:ses:us-east-1:123456789012:receipt-rule-set/${names.ruleSetName}:receipt-rule/StoreSubmission`);
  });

  it('the topic: the name the main stack subscribes to, encrypted, SES of this account alone publishes', () => {
    const topic = resources(receiving)[id(receivingStack.receiving.topic)]!.Properties;
    expect(topic.TopicName).toBe(names.topicName);
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [id(receivingStack.receiving.node.findChild('TopicKey') as never), 'Arn'] });
    const publishers = allStatements(receiving).filter((s) => s.type === 'AWS::SNS::TopicPolicy' && actionsOf(s.statement).includes('sns:Publish'));
    expect(publishers.map((s) => s.statement)).toContainEqual(expect.objectContaining({
      Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    }));
    // No subscription is made here: the main stack makes it (its queue, its region's policy).
    receiving.resourceCountIs('AWS::SNS::Subscription', 1); // the alarm e-mail
    receiving.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'van-hanh@baohiemxahoi.gov.vn' });
  });

  it('the subscription\'s dead-letter queue: named, kept 14 days, only that topic\'s SNS may send to it', () => {
    expect(resources(receiving)[id(receivingStack.deadLetterQueue)]!.Properties).toMatchObject({
      QueueName: names.deadLetterQueueName, MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true,
    });
    const senders = allStatements(receiving).filter((s) => s.type === 'AWS::SQS::QueuePolicy' && s.statement.Effect === 'Allow');
    expect(senders.map((s) => s.statement)).toEqual([expect.objectContaining({
      Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage',
      Condition: { ArnEquals: { 'aws:SourceArn': { Ref: id(receivingStack.receiving.topic) } } },
    })]);
  });

  it('alarms in its own region: mail parked in the dead-letter queue, mail not delivered (backlog), failed deliveries', () => {
    const alarms = resourcesOfType(receiving, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual([
      'BhxhReportPipelineMailReceiving-ReceivedMailDeadLetterQueueNotEmpty',
      'BhxhReportPipelineMailReceiving-ReceivedMailDeliveryFailed',
      'BhxhReportPipelineMailReceiving-ReceivedMailNotDelivered',
    ]);
    const alarmTopic = receivingStack.getLogicalId(receivingStack.alarmTopic.node.defaultChild as never);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: alarmTopic }]);
      expect(alarm.OKActions).toEqual([{ Ref: alarmTopic }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    const backlog = alarms.find((a) => String(a.AlarmName).endsWith('NotDelivered'))!;
    expect(JSON.stringify(backlog.Metrics)).toContain('NumberOfMessagesPublished');
    expect(JSON.stringify(backlog.Metrics)).toContain('NumberOfNotificationsDelivered');
    const docs = readFileSync(path.join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');
    const table = docs.slice(docs.indexOf('## Alarms'), docs.indexOf('\n## ', docs.indexOf('## Alarms') + 1));
    for (const alarm of alarms) expect(table).toContain(`\`${String(alarm.AlarmName).replace('BhxhReportPipelineMailReceiving-', '')}\``);
    const parked = alarms.find((a) => String(a.AlarmName).endsWith('DeadLetterQueueNotEmpty'))!;
    expect(parked).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(receivingStack.deadLetterQueue), 'QueueName'] } }] });
  });
});

describe('the main stack, with receiving elsewhere', () => {
  const mail = split.stack.mail!;
  const mainId = (construct: { node: { defaultChild?: unknown } }) => split.stack.getLogicalId(construct.node.defaultChild as never);
  const topicArn = `arn:${PARTITION}:sns:us-east-1:123456789012:${names.topicName}`;

  it('subscribes its mail queue to the receiving region\'s topic (SNS envelope kept), failures parked over there', () => {
    const subscriptions = resourcesOfType(main, 'AWS::SNS::Subscription').map(([, r]) => r.Properties!).filter((p) => p.Protocol === 'sqs');
    expect(subscriptions).toHaveLength(1);
    const subscription = subscriptions[0]!;
    expect(subscription).toMatchObject({ Protocol: 'sqs', Region: 'us-east-1', Endpoint: { 'Fn::GetAtt': [mainId(mail.queue.queue), 'Arn'] } });
    expect(subscription.RawMessageDelivery).not.toBe(true);
    expect(render(subscription.TopicArn)).toBe(topicArn);
    expect(render((subscription.RedrivePolicy as { deadLetterTargetArn: unknown }).deadLetterTargetArn))
      .toBe(`arn:${PARTITION}:sqs:us-east-1:123456789012:${names.deadLetterQueueName}`);
  });

  it('names exactly what the receiving stack creates (no cross-region reference: the same names on both sides)', () => {
    const r = resources(receiving);
    expect(r[id(receivingStack.receiving.topic)]!.Properties.TopicName).toBe(topicArn.split(':').at(-1));
    expect(r[id(receivingStack.deadLetterQueue)]!.Properties.QueueName).toBe(names.deadLetterQueueName);
    const env = (resources(main)[mainId(mail.mailIntake.function)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.BHXH_MAIL_BUCKET_NAME).toEqual(r[id(receivingStack.bucket)]!.Properties.BucketName);
    expect(render(env.BHXH_MAIL_BUCKET_NAME)).toBe('bhxhreportpipeline-mail-${AWS::AccountId}-us-east-1');
    expect(env.BHXH_MAIL_BUCKET_REGION).toBe('us-east-1');
    expect(Object.keys(main.toJSON().Outputs as object).some((k) => k.startsWith('Export'))).toBe(false);
    expect(JSON.stringify(main.toJSON())).not.toContain('Custom::CrossRegion');
  });

  it('only that topic may send to the mail queue', () => {
    const senders = allStatements(main).filter((s) => s.type === 'AWS::SQS::QueuePolicy' && s.statement.Effect === 'Allow'
      && JSON.stringify(s.statement.Resource).includes(mainId(mail.queue.queue)));
    expect(senders.map((s) => s.statement)).toEqual([expect.objectContaining({
      Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage',
    })]);
    expect(render(senders[0]!.statement.Condition!.ArnEquals!['aws:SourceArn'])).toBe(topicArn);
  });

  it('mail-intake reads raw mail only under mail/inbound/ of the receiving bucket, and writes only incoming/ of the report bucket', () => {
    const statements = roleStatements(main, 'MailIntakeRole').filter((s) => s.Effect === 'Allow');
    const on = (action: string) => statements.filter((s) => actionsOf(s).includes(action)).flatMap(resourcesOf);
    const mailBucketArn = `arn:${PARTITION}:s3:::bhxhreportpipeline-mail-\${AWS::AccountId}-us-east-1`;
    expect(on('s3:GetObject')).toEqual([`${mailBucketArn}/mail/inbound/*`]);
    expect(on('s3:ListBucket')).toEqual([mailBucketArn]);
    expect(statements.find((s) => actionsOf(s).includes('s3:ListBucket'))!.Condition).toEqual({ StringLike: { 's3:prefix': ['mail/inbound/*'] } });
    expect(on('s3:PutObject')).toEqual([`\${${mainId(split.stack.reportBucket.bucket)}.Arn}/incoming/*`]);
  });

  it('keeps the mail queue\'s backlog and dead-letter alarms, and outputs where to activate the rule set', () => {
    main.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'BhxhReportPipeline-MailBacklog' });
    main.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'BhxhReportPipeline-MailDeadLetterQueueNotEmpty' });
    const outputs = main.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ReceivingRegion!.Value).toBe('us-east-1');
    expect(outputs.ReceiptRuleSetName!.Value).toBe(names.ruleSetName);
  });
});

describe.each([
  ['environment-agnostic account', undefined],
  ['with an account', ENV],
])('AwsSolutions checks over both stacks, %s', (_label, env) => {
  it('report no unacknowledged finding', () => {
    const { app } = synthPipeline({ ...(env ? { env } : {}), context: RECEIVING });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
