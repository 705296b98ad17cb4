// The S3 notifications SQS delivers to the parser, decoded with zod/mini schemas of the fields read. Keys arrive
// URL-encoded ("+" for spaces). A body that is not an S3 notification is refused with a clear
// error (the record fails and is retried, then parked), never half-read.
import * as z from 'zod/mini';
import type { UploadRef } from '../ports/index.ts';
import { AwsTime, SqsRecord } from './envelopes.ts';
import { describeIssues, MalformedEvent } from './malformed.ts';

export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** The S3 event notification's URL encoding of a key (as S3 does it: form encoding, "/" kept). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

// What the parser reads of an S3 event record (the source address is not read: S3 reports IPv6 ones
// too, from dual-stack endpoints). Size and sequencer are optional here because only ObjectCreated
// records carry them; their absence there is named below.
const S3Record = z.object({
  eventSource: z.literal('aws:s3'),
  eventTime: AwsTime,
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.optional(z.number()),
      versionId: z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
  }),
});
/** S3 sends one of these when a notification is configured; it announces no upload. */
const S3TestEvent = z.object({ Service: z.string(), Event: z.literal('s3:TestEvent') });
const S3Notification = z.object({ Records: z.array(S3Record).check(z.minLength(1)) });

/** The uploads an SQS message body announces; empty for S3's "s3:TestEvent" and non-create events. */
export function uploadsFromMessageBody(body: string): UploadRef[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedEvent(`Message body is not JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
  if (S3TestEvent.safeParse(json).success) return [];
  const parsed = S3Notification.safeParse(json);
  if (!parsed.success) throw new MalformedEvent(`Not an S3 notification: ${describeIssues(parsed.error)}`);
  return parsed.data.Records
    .filter((r) => r.eventName.startsWith('ObjectCreated:'))
    .map((r) => {
      const { key, versionId, size, sequencer } = r.s3.object;
      if (size === undefined || sequencer === undefined) {
        throw new MalformedEvent(`S3 notification for ${key} has no ${size === undefined ? 'size' : 'sequencer'}`);
      }
      return {
        bucket: r.s3.bucket.name,
        key: decodeS3Key(key),
        ...(versionId ? { versionId } : {}),
        size,
        receivedAt: new Date(r.eventTime).toISOString(),
        sequencer,
      };
    });
}

/** The uploads one record of the intake queue announces (an SQS record whose body is an S3 notification). */
export function uploadsFromIntakeRecord(record: unknown): UploadRef[] {
  const parsed = SqsRecord.safeParse(record);
  if (!parsed.success) throw new MalformedEvent(`Not an SQS record: ${describeIssues(parsed.error)}`);
  return uploadsFromMessageBody(parsed.data.body);
}
