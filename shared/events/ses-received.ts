// The mail-intake Lambda's input: SQS messages carrying the SNS notification that SES's receipt rule
// publishes after its S3 action stored the raw message (notificationType "Received", with the mail's
// envelope and the receipt's verdicts). Decoded with Powertools' SNS-in-SQS schema and zod; anything
// else is a MalformedEvent (the record fails, is retried, then parked), never half-read.
import { SnsSqsNotificationSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { z } from 'zod';
import { MAIL_INBOUND_PREFIX } from '../contract.ts';
import type { InboundMailRef } from '../domain/mail-intake/intake.ts';
import { describeIssues, MalformedEvent } from './malformed.ts';

const Verdict = z.object({ status: z.string() }).optional();

const SesReceivedNotification = z.object({
  notificationType: z.literal('Received'),
  mail: z.object({
    timestamp: z.iso.datetime({ offset: true }),
    source: z.string().optional(),
    messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
    commonHeaders: z.object({ from: z.array(z.string()).optional() }).optional(),
  }),
  receipt: z.object({
    spamVerdict: Verdict,
    virusVerdict: Verdict,
    spfVerdict: Verdict,
    dkimVerdict: Verdict,
    dmarcVerdict: Verdict,
    dmarcPolicy: z.string().optional(),
    action: z.object({ type: z.literal('S3'), bucketName: z.string(), objectKey: z.string() }),
  }),
});

/**
 * The mail an SQS message body announces; undefined for notifications that announce no mail (SES's
 * set-up test message). Throws MalformedEvent for anything else it cannot read, so the
 * message is retried and then parked in the DLQ rather than dropped.
 */
export function inboundMailFromMessageBody(body: string, bucket: string): InboundMailRef | undefined {
  let message: unknown;
  try {
    const sns = SnsSqsNotificationSchema.parse(JSON.parse(body));
    message = JSON.parse(sns.Message);
  } catch (error) {
    throw new MalformedEvent(`Not an SNS notification: ${(error as Error).message}`);
  }
  const type = (message as { notificationType?: unknown; eventType?: unknown })?.notificationType;
  if (type !== 'Received') {
    if ((message as { Event?: unknown })?.Event === 'Amazon SES Setup Notification' || type === 'AmazonSnsSubscriptionSucceeded') return undefined;
    throw new MalformedEvent(`Unexpected notification type ${JSON.stringify(type)}`);
  }
  const parsed = SesReceivedNotification.safeParse(message);
  if (!parsed.success) throw new MalformedEvent(`Malformed SES notification: ${describeIssues(parsed.error)}`);
  const { mail, receipt } = parsed.data;
  if (receipt.action.bucketName !== bucket || !receipt.action.objectKey.startsWith(MAIL_INBOUND_PREFIX)) {
    throw new MalformedEvent(`The raw message is not under s3://${bucket}/${MAIL_INBOUND_PREFIX}: ${receipt.action.bucketName}/${receipt.action.objectKey}`);
  }
  return {
    key: receipt.action.objectKey,
    sesMessageId: mail.messageId,
    receivedAt: new Date(mail.timestamp).toISOString(),
    ...(mail.source !== undefined ? { envelopeFrom: mail.source } : {}),
    ...(mail.commonHeaders?.from ? { headerFrom: mail.commonHeaders.from } : {}),
    verdicts: {
      ...(receipt.spfVerdict ? { spf: receipt.spfVerdict.status } : {}),
      ...(receipt.dkimVerdict ? { dkim: receipt.dkimVerdict.status } : {}),
      ...(receipt.dmarcVerdict ? { dmarc: receipt.dmarcVerdict.status } : {}),
      ...(receipt.dmarcPolicy ? { dmarcPolicy: receipt.dmarcPolicy } : {}),
      ...(receipt.spamVerdict ? { spam: receipt.spamVerdict.status } : {}),
      ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
    },
  };
}

/** The mail one record of the mail queue announces (an SQS record whose body is an SNS notification). */
export function inboundMailFromRecord(record: unknown, bucket: string): InboundMailRef | undefined {
  const parsed = SqsRecordSchema.safeParse(record);
  if (!parsed.success) throw new MalformedEvent(`Not an SQS record: ${describeIssues(parsed.error)}`);
  return inboundMailFromMessageBody(parsed.data.body, bucket);
}

/** The SNS-in-SQS body announcing one received mail (what the local stack delivers, and the tests). */
export function receivedNotificationBody(input: {
  bucket: string; key: string; sesMessageId: string; receivedAt: string; envelopeFrom?: string; recipients?: string[];
  /** The From header as SES lists it in mail.commonHeaders.from. */
  headerFrom?: string[];
  verdicts?: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>>; dmarcPolicy?: string; topicArn?: string;
}): string {
  const v = (s: string | undefined) => (s ? { status: s } : undefined);
  const message = {
    notificationType: 'Received',
    mail: {
      timestamp: input.receivedAt, source: input.envelopeFrom, messageId: input.sesMessageId, destination: input.recipients ?? [],
      ...(input.headerFrom ? { commonHeaders: { from: input.headerFrom } } : {}),
    },
    receipt: {
      timestamp: input.receivedAt,
      recipients: input.recipients ?? [],
      spamVerdict: v(input.verdicts?.spam), virusVerdict: v(input.verdicts?.virus), spfVerdict: v(input.verdicts?.spf),
      dkimVerdict: v(input.verdicts?.dkim), dmarcVerdict: v(input.verdicts?.dmarc),
      ...(input.dmarcPolicy ? { dmarcPolicy: input.dmarcPolicy } : {}),
      action: { type: 'S3', bucketName: input.bucket, objectKey: input.key, objectKeyPrefix: MAIL_INBOUND_PREFIX },
    },
  };
  const topicArn = input.topicArn ?? 'arn:aws:sns:us-east-1:000000000000:bhxh-mail-received';
  return JSON.stringify({
    Type: 'Notification',
    MessageId: input.sesMessageId,
    TopicArn: topicArn,
    Subject: 'Amazon SES Email Receipt Notification',
    Message: JSON.stringify(message),
    Timestamp: input.receivedAt,
    SignatureVersion: '1',
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:local`,
  });
}
