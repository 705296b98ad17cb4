// Submit by mail on AWS: the SES receipt rule, the notification topic and the mail queue with its DLQ
// and alarm, and the mail-intake Lambda's permissions (reads mail/inbound/, writes only incoming/).
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, resourcesOf, resourcesOfType, roleStatements, synthPipeline } from './synth.ts';

const { template, stack } = synthPipeline();
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const bucketArn = `\${${logicalId(stack.reportBucket.bucket)}.Arn}`;
const mail = stack.mail!;

describe('SES email receiving', () => {
  it('one rule for the submission address stores the raw message under mail/inbound/ and notifies the topic, with scanning on', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['nop-bao-cao@example.gov.vn'],
        ScanEnabled: true,
        Actions: [{ S3Action: { BucketName: { Ref: logicalId(stack.reportBucket.bucket) }, ObjectKeyPrefix: 'mail/inbound/', TopicArn: { Ref: logicalId(mail.receiving!.topic) } } }],
      },
    });
  });

  it('only SES of this account may write mail/inbound/ and publish to the (encrypted) topic', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.reportBucket.bucket), 'Arn'] }, '/mail/inbound/*']] },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      })]) },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      })]) },
    });
    const topic = resourcesOfType(template, 'AWS::SNS::Topic').find(([id]) => id === logicalId(mail.receiving!.topic))!;
    expect(topic[1].Properties?.KmsMasterKeyId).toBeDefined();
  });

  it('the topic feeds the mail queue (SNS envelope kept), whose failures go to a DLQ that is alarmed', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs', TopicArn: { Ref: logicalId(mail.receiving!.topic) }, Endpoint: { 'Fn::GetAtt': [logicalId(mail.queue.queue), 'Arn'] },
    });
    const subscription = resourcesOfType(template, 'AWS::SNS::Subscription').find(([, s]) => JSON.stringify(s.Properties).includes(logicalId(mail.queue.queue)))!;
    expect(subscription[1].Properties?.RawMessageDelivery).not.toBe(true);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(mail.queue.deadLetterQueue), 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 360,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(mail.queue.deadLetterQueue), 'QueueName'] } }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(mail.queue.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('the mail-intake Lambda', () => {
  const statements = roleStatements(template, 'MailIntakeRole').filter((s) => s.Effect === 'Allow');
  const on = (action: string) => statements.filter((s) => actionsOf(s).includes(action)).flatMap(resourcesOf);

  it('reads mail/inbound/ and writes only incoming/', () => {
    expect(on('s3:GetObject')).toEqual([`${bucketArn}/mail/inbound/*`]);
    expect(on('s3:PutObject')).toEqual([`${bucketArn}/incoming/*`]);
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(statements.flatMap(actionsOf)).not.toContain('s3:DeleteObject');
  });

  it('knows the submission address; the parser and the reminder set it as Reply-To', () => {
    for (const fn of [mail.mailIntake, stack.parser, stack.reminder]) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Description: (fn.function.node.defaultChild as { description?: string }).description,
        Environment: { Variables: Match.objectLike({ BHXH_SUBMISSION_ADDRESS: 'nop-bao-cao@example.gov.vn' }) },
      });
    }
  });

  it('mail/inbound/ is kept as long as the uploads', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'ArchiveInboundMail', Prefix: 'mail/inbound/', ExpirationInDays: 3650 })]) },
    });
  });
});

describe('without a submission address', () => {
  it('deploys no mail intake and sets no Reply-To', () => {
    const bare = synthPipeline({ context: { 'bhxh:submissionAddress': 'none' } });
    bare.template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    expect(JSON.stringify(bare.template.toJSON())).not.toContain('BHXH_SUBMISSION_ADDRESS');
  });
});
