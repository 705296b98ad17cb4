// The AWS envelopes our events arrive in, as far as we read them: zod/mini schemas of the fields each
// decoder uses and of those that say what the record is (an SQS record from SQS, an SNS notification,
// an EventBridge event). Written here rather than taken from Powertools' parser, whose schemas are
// built on zod's classic API: about 420 KB more in every bundle that decodes an event with them.
import * as z from 'zod/mini';

/** An instant as AWS writes it in envelopes: ISO-8601 in UTC ("…Z"). */
export const AwsTime = z.iso.datetime();

/** One record of an SQS batch: what identifies it, and the body the decoders read. */
export const SqsRecord = z.object({
  messageId: z.string(),
  receiptHandle: z.string(),
  body: z.string(),
  attributes: z.object({ ApproximateReceiveCount: z.string(), SentTimestamp: z.string() }),
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: z.string(),
});

/** An EventBridge event: its identity and time; `detail` is each event's own. */
export const EventBridgeEvent = z.object({
  id: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  time: AwsTime,
  detail: z.unknown(),
});

/** An SNS notification as an SQS subscription delivers it (raw delivery off): the message inside. */
export const SnsNotification = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string(),
  TopicArn: z.string(),
  Message: z.string(),
  Timestamp: AwsTime,
});
