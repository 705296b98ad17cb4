// The mail-intake Lambda's input: SQS messages carrying the SNS notification that SES's receipt rule
// publishes after its S3 action stored the raw message (notificationType "Received", with the mail's
// envelope and the receipt's verdicts). Decoded with zod/mini schemas of the fields read; anything
// else is a MalformedEvent (the record fails, is retried, then parked), never half-read.
import * as z from 'zod/mini';
import { MAIL_INBOUND_PREFIX } from '../contract.ts';
import type { InboundMailRef } from '../domain/mail-intake/intake.ts';
import { SnsNotification, SqsRecord } from './envelopes.ts';
import { describeIssues, MalformedEvent } from './malformed.ts';

const Verdict = z.optional(z.object({ status: z.string() }));

const SesReceivedNotification = z.object({
  notificationType: z.literal('Received'),
  mail: z.object({
    timestamp: z.iso.datetime({ offset: true }),
    source: z.optional(z.string()),
    messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,200}$/)),
    commonHeaders: z.optional(z.object({ from: z.optional(z.array(z.string())) })),
  }),
  receipt: z.object({
    spamVerdict: Verdict,
    virusVerdict: Verdict,
    spfVerdict: Verdict,
    dkimVerdict: Verdict,
    dmarcVerdict: Verdict,
    dmarcPolicy: z.optional(z.string()),
    action: z.object({ type: z.literal('S3'), bucketName: z.string(), objectKey: z.string() }),
  }),
});

/**
 * The mail an SQS message body announces; undefined for notifications that announce no mail (SES's
 * set-up test message). Throws MalformedEvent for anything else it cannot read, so the
 * message is retried and then parked in the DLQ rather than dropped.
 */
export function inboundMailFromMessageBody(body: string, bucket: string): InboundMailRef | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedEvent(`Message body is not JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
  const sns = SnsNotification.safeParse(json);
  if (!sns.success) throw new MalformedEvent(`Not an SNS notification: ${describeIssues(sns.error)}`);
  let message: unknown;
  try {
    message = JSON.parse(sns.data.Message);
  } catch {
    throw new MalformedEvent(`SNS notification ${sns.data.MessageId}: its message is not JSON`);
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
  const parsed = SqsRecord.safeParse(record);
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
