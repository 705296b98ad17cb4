// SES email receiving for the submission address: a receipt rule set whose one rule stores the raw
// message under mail/inbound/ in the report bucket (spam and virus scanning on, so the verdicts
// exist) and publishes SES's notification (mail envelope and verdicts) to an encrypted SNS topic;
// the topic feeds the mail queue (with its DLQ) that runs the mail-intake Lambda.
// Only one receipt rule set is active per account and region: activating this one is a documented
// deployment step (docs/deploy.md), never done behind the operator's back.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { KEY_PREFIX } from './report-bucket.ts';

export interface MailReceivingProps {
  submissionAddress: string;
  bucket: s3.IBucket;
  /** Where SES's notifications go (consumed by mail-intake). */
  queue: sqs.IQueue;
}

export class MailReceiving extends Construct {
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly rule: ses.ReceiptRule;
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: MailReceivingProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    // A customer-managed key: SES must be allowed to use it to publish to the encrypted topic.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the received-mail notification topic (mail envelope and SES verdicts)',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SesPublishesReceivedMail',
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
    this.topic = new sns.Topic(this, 'ReceivedTopic', { masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SesPublishesReceivedMail',
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
      resources: [this.topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
    // SNS must decrypt nothing of SQS's (SQS-managed encryption); it delivers the envelope as is.
    this.topic.addSubscription(new subscriptions.SqsSubscription(props.queue));

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet');
    this.rule = this.ruleSet.addRule('StoreSubmission', {
      recipients: [props.submissionAddress],
      // Spam and virus scanning give the verdicts mail-intake checks.
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.OPTIONAL,
      actions: [new sesActions.S3({ bucket: props.bucket, objectKeyPrefix: KEY_PREFIX.mailInbound, topic: this.topic })],
    });
  }
}
