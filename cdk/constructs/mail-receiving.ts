// SES email receiving for the submission address: a receipt rule set whose one rule stores the raw
// message under mail/inbound/ in the report bucket (spam and virus scanning on, so the verdicts
// exist) and publishes SES's notification (mail envelope and verdicts) to an encrypted SNS topic;
// the topic feeds the mail queue (with its DLQ) that runs the mail-intake Lambda.
// Only one receipt rule set is active per account and region: activating this one is a documented
// deployment step (docs/deploy.md), never done behind the operator's back.
// In a receiving region (cdk/receiving-stack.ts) the rule set, rule and topic carry the names the
// main stack knows them by, the main region's queue subscribes itself, and SES may write to the
// bucket only as this very rule (aws:SourceArn as well as aws:SourceAccount).
import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
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
  /** Where SES's notifications go (consumed by mail-intake), when it is in this stack. */
  queue?: sqs.IQueue;
  /** Names another stack knows these by, and the rule's ARN (SES's aws:SourceArn on the bucket). */
  named?: { ruleSet: string; rule: string; topic: string; ruleArn: string };
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
    const { named } = props;
    this.topic = new sns.Topic(this, 'ReceivedTopic', { masterKey: key, enforceSSL: true, ...(named ? { topicName: named.topic } : {}) });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SesPublishesReceivedMail',
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
      resources: [this.topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
    // SNS must decrypt nothing of SQS's (SQS-managed encryption); it delivers the envelope as is.
    if (props.queue) this.topic.addSubscription(new subscriptions.SqsSubscription(props.queue));

    // Named: the S3 action gets the bucket by name, so CDK adds no grant of its own (it would allow
    // any rule of the account); the grant below names this rule.
    const bucket = named ? s3.Bucket.fromBucketName(this, 'MailBucket', props.bucket.bucketName) : props.bucket;
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', named ? { receiptRuleSetName: named.ruleSet } : {});
    this.rule = this.ruleSet.addRule('StoreSubmission', {
      ...(named ? { receiptRuleName: named.rule } : {}),
      recipients: [props.submissionAddress],
      // Spam and virus scanning give the verdicts mail-intake checks.
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.OPTIONAL,
      actions: [new sesActions.S3({ bucket, objectKeyPrefix: KEY_PREFIX.mailInbound, topic: this.topic })],
    });
    if (named) {
      const grant = props.bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'SesStoresSubmissions',
        actions: ['s3:PutObject'],
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        resources: [props.bucket.arnForObjects(`${KEY_PREFIX.mailInbound}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': account, 'aws:SourceArn': named.ruleArn } },
      }));
      // SES checks that it may write when the rule is created.
      if (grant.policyDependable) this.rule.node.addDependency(grant.policyDependable);
      Annotations.of(this.rule).acknowledgeWarning('@aws-cdk/s3:AddBucketPermissions',
        'The bucket policy statement SesStoresSubmissions grants SES this rule\'s writes (aws:SourceArn).');
    }
  }
}
