// A queue that feeds one Lambda, with its dead-letter queue: the intake queue (S3 notifications →
// parser) and the aggregation queue (ReportAccepted events → aggregator, in batches).
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTAKE_FEED } from '../../shared/config/delivery.ts';

/** Attempts at one upload before it goes to the dead-letter queue (an alarm, then a redrive). */
export const INTAKE_MAX_RECEIVE_COUNT = INTAKE_FEED.maxReceiveCount;

export interface FeedQueueProps {
  /** The consumer's timeout: the visibility timeout is six times it (AWS's advice for Lambda on SQS). */
  consumerTimeout: Duration;
  /** Receives before a message goes to the dead-letter queue (default INTAKE_MAX_RECEIVE_COUNT). */
  maxReceiveCount?: number;
}

export class FeedQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FeedQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to fix the cause and redrive.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      // SQS-managed keys: S3 can deliver notifications without a key policy for s3.amazonaws.com.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? INTAKE_MAX_RECEIVE_COUNT },
    });
  }
}
