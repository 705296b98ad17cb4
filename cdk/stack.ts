// The whole pipeline in one stack:
//   S3 incoming/<code>/<file> ─ObjectCreated→ SQS intake (DLQ) → parser → DynamoDB + "ReportAccepted"
//   → EventBridge rule → aggregation queue (batching window) → aggregator → summaries/<date>/… and summaries/latest/…
//   Scheduler 18:30 Asia/Ho_Chi_Minh → reminder (SES); Scheduler after each deadline → aggregator.
//   SES receiving → SNS → mail queue → mail-intake → incoming/ (SES here, or in bhxh:receivingRegion's
//   stack, cdk/receiving-stack.ts, whose topic the mail queue subscribes to across regions).
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination as LambdaSqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { REPORT_ACCEPTED, REPORT_EVENT_SOURCE, SERVICE_NAMES } from '../shared/contract.ts';
import { AGGREGATION_FEED, ASYNC_RETRY_ATTEMPTS, INTAKE_FEED } from '../shared/config/delivery.ts';
import type { PipelineConfig } from './config.ts';
import { acknowledge } from './nag.ts';
import { FeedQueue } from './constructs/feed-queue.ts';
import { NationalOfficeAccess } from './constructs/national-office-access.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { PipelineAlarms } from './constructs/pipeline-alarms.ts';
import { PipelineFunction } from './constructs/pipeline-function.ts';
import { PipelinePermissions } from './constructs/pipeline-permissions.ts';
import { acknowledgeCustomResourceProvider, Portal } from './constructs/portal.ts';
import { ProvinceUploadAccess } from './constructs/province-upload-access.ts';
import { KEY_PREFIX, ReportBucket } from './constructs/report-bucket.ts';
import { ReportSchedules } from './constructs/report-schedules.ts';
import { ReportTable } from './constructs/report-table.ts';
import { MailReceiving } from './constructs/mail-receiving.ts';
import { RemoteMailFeed } from './constructs/remote-mail-feed.ts';
import type { ReceivingNames } from './receiving-names.ts';
import {
  AGGREGATOR_MEMORY_MB, AGGREGATOR_TIMEOUT_SECONDS, MAIL_INTAKE_MEMORY_MB, MAIL_INTAKE_TIMEOUT_SECONDS, PARSER_MEMORY_MB,
  PARSER_TIMEOUT_SECONDS, REMINDER_MEMORY_MB, REMINDER_TIMEOUT_SECONDS,
} from './sizes.ts';

/** The event the parser publishes (shared/adapters/eventbridge-publisher.ts) and the aggregator's rule matches. */
export const REPORT_ACCEPTED_PATTERN = { source: [REPORT_EVENT_SOURCE], detailType: [REPORT_ACCEPTED] };

const PARSER_TIMEOUT = Duration.seconds(PARSER_TIMEOUT_SECONDS);

export interface ReportPipelineStackProps extends StackProps {
  config: PipelineConfig;
  /** The repository root: lambdas/, package-lock.json and the campaign file live under it. */
  projectRoot: string;
  /** Mail is received in another region (bhxh:receivingRegion), by the stack with these names. */
  receiving?: ReceivingNames;
}

export class ReportPipelineStack extends Stack {
  readonly reportBucket: ReportBucket;
  readonly intake: FeedQueue;
  readonly aggregation: FeedQueue;
  readonly reportTable: ReportTable;
  readonly invocationDeadLetterQueue: sqs.Queue;
  readonly eventBus: events.EventBus;
  readonly parser: PipelineFunction;
  readonly reminder: PipelineFunction;
  readonly aggregator: PipelineFunction;
  readonly schedules: ReportSchedules;
  readonly alarms: PipelineAlarms;
  readonly provinceAccess: ProvinceUploadAccess;
  readonly nationalOfficeAccess: NationalOfficeAccess;
  readonly portal: Portal;
  /**
   * Submit by mail (when bhxh:submissionAddress is set): SES receiving → mail queue → mail-intake,
   * with SES here (`receiving`) or in another region's stack (`remote`).
   */
  readonly mail?: { queue: FeedQueue; mailIntake: PipelineFunction; receiving?: MailReceiving; remote?: RemoteMailFeed };

  constructor(scope: Construct, id: string, props: ReportPipelineStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.reportBucket = new ReportBucket(this, 'ReportBucket', { uploadRetentionDays: config.uploadRetentionDays });
    const bucket = this.reportBucket.bucket;
    this.intake = new FeedQueue(this, 'IntakeQueue', { consumerTimeout: PARSER_TIMEOUT, maxReceiveCount: INTAKE_FEED.maxReceiveCount });
    this.aggregation = new FeedQueue(this, 'AggregationQueue', {
      consumerTimeout: Duration.seconds(AGGREGATOR_TIMEOUT_SECONDS), maxReceiveCount: AGGREGATION_FEED.maxReceiveCount,
    });
    this.reportTable = new ReportTable(this, 'ReportTable');
    const table = this.reportTable.table;

    // Where asynchronous invocations end when every retry failed: Scheduler and EventBridge deliveries
    // that could not reach a Lambda, and reminder/aggregator runs that kept throwing.
    this.invocationDeadLetterQueue = new sqs.Queue(this, 'InvocationDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.invocationDeadLetterQueue, ['AwsSolutions-SQS3'],
      'This queue is itself a dead-letter queue (EventBridge rule/Scheduler targets and Lambda on-failure destination); it is alarmed, not consumed.');

    this.eventBus = new events.EventBus(this, 'ReportEventBus', {
      description: 'BHXH report pipeline events (ReportAccepted)',
    });

    const commonEnvironment = {
      BHXH_TABLE_NAME: table.tableName,
      BHXH_BUCKET_NAME: bucket.bucketName,
      BHXH_EVENT_BUS_NAME: this.eventBus.eventBusName,
      BHXH_SENDER: config.senderAddress,
      ...(config.submissionAddress ? { BHXH_SUBMISSION_ADDRESS: config.submissionAddress } : {}),
      LOG_LEVEL: config.logLevel,
    };
    const functionDefaults = {
      projectRoot: props.projectRoot,
      campaignFile: config.campaignFile,
      campaignFileName: config.campaignFileName,
      logRetention: config.logRetention,
    };
    this.parser = new PipelineFunction(this, 'Parser', {
      ...functionDefaults,
      handlerName: 'parser',
      description: 'Reads, checks and stores an uploaded daily report; mails the province the verdict',
      environment: { ...commonEnvironment, POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.parser },
      timeout: PARSER_TIMEOUT,
      memorySize: PARSER_MEMORY_MB,
    });
    this.reminder = new PipelineFunction(this, 'Reminder', {
      ...functionDefaults,
      handlerName: 'reminder',
      description: 'At the deadline, reminds provinces without an accepted report; digest to the national office',
      environment: { ...commonEnvironment, POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.reminder },
      timeout: Duration.seconds(REMINDER_TIMEOUT_SECONDS),
      memorySize: REMINDER_MEMORY_MB,
    });
    this.aggregator = new PipelineFunction(this, 'Aggregator', {
      ...functionDefaults,
      handlerName: 'aggregator',
      description: 'Builds the national snapshot of a report date (xlsx, csv, json) into summaries/',
      environment: { ...commonEnvironment, POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.aggregator },
      timeout: Duration.seconds(AGGREGATOR_TIMEOUT_SECONDS),
      memorySize: AGGREGATOR_MEMORY_MB,
    });

    this.portal = new Portal(this, 'Portal', {
      ...functionDefaults,
      bucket: this.reportBucket,
      table: this.reportTable,
      environment: commonEnvironment,
      ...(config.portalUrl ? { publicUrl: config.portalUrl } : {}),
      provinceListId: config.campaign.config.provinceList.id,
    });
    // Every mail carries a button into the portal.
    for (const fn of [this.parser, this.reminder]) fn.function.addEnvironment('BHXH_PORTAL_URL', this.portal.url);
    if (config.submissionAddress) {
      const queue = new FeedQueue(this, 'MailQueue', { consumerTimeout: Duration.seconds(MAIL_INTAKE_TIMEOUT_SECONDS) });
      const mailIntake = new PipelineFunction(this, 'MailIntake', {
        ...functionDefaults,
        handlerName: 'mail-intake',
        description: 'Checks a mail to the submission address and hands its spreadsheets to the parser (incoming/)',
        environment: {
          ...commonEnvironment, POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.mailIntake,
          ...(props.receiving ? { BHXH_MAIL_BUCKET_NAME: props.receiving.bucketName, BHXH_MAIL_BUCKET_REGION: props.receiving.region } : {}),
        },
        timeout: Duration.seconds(MAIL_INTAKE_TIMEOUT_SECONDS),
        memorySize: MAIL_INTAKE_MEMORY_MB,
      });
      mailIntake.function.addEventSource(new SqsEventSource(queue.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 5 }));
      this.mail = props.receiving
        ? { queue, mailIntake, remote: new RemoteMailFeed(this, 'RemoteMailFeed', { names: props.receiving, queue: queue.queue }) }
        : { queue, mailIntake, receiving: new MailReceiving(this, 'MailReceiving', { submissionAddress: config.submissionAddress, bucket, queue: queue.queue }) };
    }

    new PipelinePermissions(this, 'Permissions', {
      config, bucket: this.reportBucket, table: this.reportTable, eventBus: this.eventBus,
      parser: this.parser, reminder: this.reminder, aggregator: this.aggregator, portal: this.portal.function, mailIntake: this.mail?.mailIntake,
      ...(this.mail?.remote ? { mailBucketArn: this.mail.remote.arns.bucket } : {}),
    });

    // Intake: uploads only (errors/ and summaries/ are written by us and must not loop back).
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.intake.queue), {
      prefix: KEY_PREFIX.incoming,
    });
    this.parser.function.addEventSource(new SqsEventSource(this.intake.queue, {
      batchSize: INTAKE_FEED.batchSize,
      // Failed records return to the queue alone; the rest of the batch is not parsed again.
      reportBatchItemFailures: true,
      // Keeps SES (1 message/s in the sandbox) and the table's conditional writes out of a stampede.
      maxConcurrency: INTAKE_FEED.maxConcurrency,
    }));

    // Asynchronous runs (rule, schedules): Lambda retries twice, then the event goes to the DLQ.
    for (const fn of [this.reminder, this.aggregator]) {
      fn.function.configureAsyncInvoke({
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        maxEventAge: Duration.hours(6),
        onFailure: new LambdaSqsDestination(this.invocationDeadLetterQueue),
      });
    }

    // ReportAccepted → aggregation queue → aggregator in batches: a burst of uploads within the
    // batching window costs one rebuild per date, not one per upload (no thrash), and the snapshot
    // still follows an upload within seconds.
    new events.Rule(this, 'ReportAcceptedRule', {
      description: 'A report was accepted: rebuild the national snapshot of its date',
      eventBus: this.eventBus,
      eventPattern: REPORT_ACCEPTED_PATTERN,
      targets: [new eventTargets.SqsQueue(this.aggregation.queue, {
        deadLetterQueue: this.invocationDeadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      })],
    });
    this.aggregator.function.addEventSource(new SqsEventSource(this.aggregation.queue, {
      batchSize: AGGREGATION_FEED.batchSize,
      maxBatchingWindow: Duration.seconds(AGGREGATION_FEED.maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      maxConcurrency: AGGREGATION_FEED.maxConcurrency,
    }));

    this.schedules = new ReportSchedules(this, 'Schedules', {
      campaign: config.campaign,
      reminder: this.reminder.function,
      aggregator: this.aggregator.function,
      deadLetterQueue: this.invocationDeadLetterQueue,
    });

    this.alarms = new PipelineAlarms(this, 'Alarms', {
      alarmEmails: config.alarmEmails,
      functions: {
        parser: this.parser.function, reminder: this.reminder.function, aggregator: this.aggregator.function,
        portal: this.portal.function.function, ...(this.mail ? { mailIntake: this.mail.mailIntake.function } : {}),
      },
      intakeQueue: this.intake.queue,
      ...(this.mail ? { mailQueue: this.mail.queue.queue } : {}),
      deadLetterQueues: {
        ...(this.mail ? { MailDeadLetterQueue: this.mail.queue.deadLetterQueue } : {}),
        IntakeDeadLetterQueue: this.intake.deadLetterQueue,
        AggregationDeadLetterQueue: this.aggregation.deadLetterQueue,
        InvocationDeadLetterQueue: this.invocationDeadLetterQueue,
      },
      finalSnapshotGroup: this.schedules.finalSnapshotGroup,
      reminderGroup: this.schedules.reminderGroup,
    });
    const watched = (name: string, fn: PipelineFunction) => ({ name, function: fn.function, logGroup: fn.logGroup });
    new OperationsDashboard(this, 'Operations', {
      parser: watched('parser', this.parser), portal: watched('portal', this.portal.function),
      others: [watched('reminder', this.reminder), watched('aggregator', this.aggregator)],
      ...(this.mail ? { mailIntake: watched('mail-intake', this.mail.mailIntake) } : {}),
      deadLetterQueues: this.alarms.deadLetterQueues, alarms: this.alarms.alarms,
    });

    this.provinceAccess = new ProvinceUploadAccess(this, 'ProvinceUploadAccess', {
      bucket,
      provinceCodes: config.campaign.provinces.map((p) => p.code),
      createUsers: config.provinceUsers,
    });
    this.nationalOfficeAccess = new NationalOfficeAccess(this, 'NationalOfficeAccess', {
      bucket, table: this.reportTable, provinceListId: config.campaign.config.provinceList.id,
    });

    this.addOutputs(config, props.receiving);
    this.suppressFrameworkFindings();
  }

  private addOutputs(config: PipelineConfig, receiving: ReceivingNames | undefined): void {
    const outputs: Record<string, [string, string]> = {
      BucketName: [this.reportBucket.bucket.bucketName, 'Report bucket: incoming/<code>/ uploads, errors/, summaries/'],
      AccessLogBucketName: [this.reportBucket.accessLogBucket.bucketName, 'Server access logs of the report bucket'],
      TableName: [this.reportTable.table.tableName, 'DynamoDB table (pk/sk, GSI gsi1)'],
      IntakeQueueName: [this.intake.queue.queueName, 'S3 notifications for incoming/, consumed by the parser'],
      IntakeQueueUrl: [this.intake.queue.queueUrl, 'S3 notifications for incoming/, consumed by the parser'],
      IntakeDeadLetterQueueName: [this.intake.deadLetterQueue.queueName, 'Uploads the parser failed on; redrive to the intake queue'],
      IntakeDeadLetterQueueUrl: [this.intake.deadLetterQueue.queueUrl, 'Uploads the parser failed on (inspect with aws sqs receive-message)'],
      IntakeDeadLetterQueueArn: [this.intake.deadLetterQueue.queueArn, 'For aws sqs start-message-move-task --source-arn'],
      InvocationDeadLetterQueueName: [this.invocationDeadLetterQueue.queueName, 'Failed reminder/aggregator runs and undeliverable events'],
      InvocationDeadLetterQueueUrl: [this.invocationDeadLetterQueue.queueUrl, 'Failed reminder/aggregator runs and undeliverable events'],
      AlarmTopicName: [this.alarms.topic.topicName, 'Every alarm publishes here; subscribe e-mail or chat'],
      AlarmTopicArn: [this.alarms.topic.topicArn, 'Every alarm publishes here; subscribe e-mail or chat'],
      EventBusName: [this.eventBus.eventBusName, 'Where the parser publishes ReportAccepted'],
      ParserFunctionName: [this.parser.function.functionName, 'Parser Lambda'],
      ReminderFunctionName: [this.reminder.function.functionName, 'Reminder Lambda'],
      AggregatorFunctionName: [this.aggregator.function.functionName, 'Aggregator Lambda'],
      ProvinceUploadersGroupName: [this.provinceAccess.group.groupName, 'IAM group of the province uploaders (principal tag bhxh-province)'],
      ProvinceUploadPolicyArn: [this.provinceAccess.policy.managedPolicyArn, 'Attach to federated/role principals tagged bhxh-province'],
      NationalOfficeGroupName: [this.nationalOfficeAccess.group.groupName, 'IAM group of the national office (read summaries/, run the CLI)'],
      SenderAddress: [config.senderAddress, 'SES From address (verify it, see docs/deploy.md)'],
      PortalUrl: [this.portal.url, 'The web portal: provinces submit and follow their reports, the national office watches the day'],
      PortalFunctionUrl: [this.portal.functionUrl.url, 'The portal Lambda\'s function URL (the origin behind bhxh:portalUrl when a domain is in front)'],
      PortalFunctionName: [this.portal.function.function.functionName, 'Portal Lambda'],
      ...(this.mail ? {
        SubmissionAddress: [config.submissionAddress, 'Provinces mail reports here (MX record and active rule set: docs/deploy.md)'],
        ...(this.mail.receiving ? {
          ReceiptRuleSetName: [this.mail.receiving.ruleSet.receiptRuleSetName, 'Activate it: aws ses set-active-receipt-rule-set --rule-set-name <this>'],
        } : {}),
        ...(receiving ? {
          ReceivingRegion: [receiving.region, `SES receives the submission address here (stack ${receiving.stackName})`],
          ReceiptRuleSetName: [receiving.ruleSetName, `Activate it in ${receiving.region}: aws ses set-active-receipt-rule-set --region ${receiving.region} --rule-set-name <this>`],
          MailBucketName: [receiving.bucketName, `Raw received mail (mail/inbound/), in ${receiving.region}`],
        } : {}),
        MailDeadLetterQueueUrl: [this.mail.queue.deadLetterQueue.queueUrl, 'Received mails mail-intake failed on (inspect, then redrive)'],
        MailIntakeFunctionName: [this.mail.mailIntake.function.functionName, 'Mail-intake Lambda'],
      } satisfies Record<string, [string, string]> : {}),
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });
  }

  /** Findings on resources aws-cdk-lib creates for us and does not let us configure. */
  private suppressFrameworkFindings(): void {
    const customResourceProvider = this.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
    if (customResourceProvider) acknowledgeCustomResourceProvider(customResourceProvider);
    // The singleton custom resource that writes the bucket's notification configuration at deploy time.
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      acknowledge(notificationsHandler, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
        'aws-cdk-lib\'s bucket-notifications custom resource (runs only during deployment) has a fixed role with AWSLambdaBasicExecutionRole, '
        + 'which only lets it write its own logs.');
    }
  }
}
