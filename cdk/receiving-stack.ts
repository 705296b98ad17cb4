// Receiving in another region (bhxh:receivingRegion): SES receives only where it offers email
// receiving, and its receipt rule writes only to a bucket of its own region. This stack holds that
// side: the bucket, the rule set with the submission address's rule, the notification topic, and
// the dead-letter queue of the subscription the main stack makes from its mail queue to the topic.
//
//   SES (receiving region) ─S3 action→ this bucket mail/inbound/ ─SNS topic (this region)─┐
//   ┌─────────────────────────── SQS subscription, cross-region ──────────────────────────┘
//   └→ mail queue (main region) → mail-intake: reads the raw mail here, writes incoming/ there
//
// Why a subscription and not S3 replication into the main bucket: SES's notification carries the
// verdicts mail-intake decides with (SPF, DKIM, DMARC, spam, virus); a replicated object has none,
// and reading them back from headers in the message would trust text a sender can write. The mail
// itself never leaves this versioned bucket, so nothing is lost while the main region is away: SNS
// keeps retrying its delivery, then parks it in the dead-letter queue here (alarmed), and the raw
// message can be replayed from the bucket.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MailReceiving } from './constructs/mail-receiving.ts';
import { addAlarm, alarmTopic } from './constructs/pipeline-alarms.ts';
import { accessLogBucket, archiveRule, KEY_PREFIX, keptFilesBucketProps } from './constructs/report-bucket.ts';
import { acknowledge } from './nag.ts';
import { receivingArns, type ReceivingNames } from './receiving-names.ts';

export interface MailReceivingStackProps extends StackProps {
  names: ReceivingNames;
  submissionAddress: string;
  /** Raw mail (and its old versions) is kept at least this long, as the uploads are. */
  retentionDays: number;
  alarmEmails: string[];
}

export class MailReceivingStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly receiving: MailReceiving;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: MailReceivingStackProps) {
    super(scope, id, props);
    const { names, retentionDays } = props;
    const arns = receivingArns(this, names);
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.accessLogBucket = accessLogBucket(this, 'AccessLogs', retentionDays, 'received-mail bucket');
    this.bucket = new s3.Bucket(this, 'MailBucket', {
      bucketName: names.bucketName,
      ...keptFilesBucketProps(this.accessLogBucket, 'mail-bucket/'),
      lifecycleRules: [
        archiveRule('ArchiveInboundMail', KEY_PREFIX.mailInbound, retentionDays),
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.receiving = new MailReceiving(this, 'MailReceiving', {
      submissionAddress: props.submissionAddress,
      bucket: this.bucket,
      named: { ruleSet: names.ruleSetName, rule: names.ruleName, topic: names.topicName, ruleArn: arns.rule },
    });

    this.deadLetterQueue = new sqs.Queue(this, 'ReceivedMailDeadLetterQueue', {
      queueName: names.deadLetterQueueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.deadLetterQueue.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SnsParksUndeliveredMail',
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [this.deadLetterQueue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': this.receiving.topic.topicArn } },
    }));
    acknowledge(this.deadLetterQueue, ['AwsSolutions-SQS3'],
      'This queue is itself the dead-letter queue of the SNS subscription that carries received mail to the main region; it is alarmed, not consumed.');

    this.alarmTopic = alarmTopic(this, props.alarmEmails);
    const topic = this.receiving.topic;
    const fifteenMinutes = Duration.minutes(15);
    const topicMetric = (metricName: string) => topic.metric(metricName, { period: fifteenMinutes, statistic: 'Sum' });
    this.alarms = [
      addAlarm(this, 'ReceivedMailDeadLetterQueueNotEmpty', this.alarmTopic, {
        alarmDescription: `SNS gave up delivering a received mail to the mail queue in ${names.mainRegion}: it is parked in ${names.deadLetterQueueName}, `
          + 'the raw message is in the mail bucket. See docs/deploy.md, "Receiving in another region".',
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
      }),
      // A backlog: mail arrived in a quarter hour and none reached the main region in it (SNS is
      // retrying: the main region, or the queue policy, refuses).
      addAlarm(this, 'ReceivedMailNotDelivered', this.alarmTopic, {
        alarmDescription: `Mail arrived here in the last 15 minutes and none was delivered to the mail queue in ${names.mainRegion}: `
          + 'SNS is retrying. Check the main region and the mail queue\'s policy.',
        metric: new cloudwatch.MathExpression({
          expression: 'IF(FILL(published, 0) > 0 AND FILL(delivered, 0) == 0, 1, 0)',
          usingMetrics: { published: topicMetric('NumberOfMessagesPublished'), delivered: topicMetric('NumberOfNotificationsDelivered') },
          period: fifteenMinutes,
          label: 'Received mail published but not delivered',
        }),
        threshold: 1,
      }),
      addAlarm(this, 'ReceivedMailDeliveryFailed', this.alarmTopic, {
        alarmDescription: `SNS reported a failed delivery of a received mail to the mail queue in ${names.mainRegion}.`,
        metric: topic.metricNumberOfNotificationsFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
      }),
    ];
  }
}
