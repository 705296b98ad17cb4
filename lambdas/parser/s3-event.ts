// Decoding the S3 notifications that SQS delivers: keys arrive URL-encoded ("+" for spaces).
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { UploadRef } from '../../shared/ports/index.ts';

export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** The uploads an SQS message body announces; empty for S3's "s3:TestEvent" and non-create events. */
export function uploadsFromMessageBody(body: string): UploadRef[] {
  const parsed = JSON.parse(body) as Partial<S3Event> & { Event?: string };
  if (parsed.Event === 's3:TestEvent' || !Array.isArray(parsed.Records)) return [];
  return parsed.Records
    .filter((r: S3EventRecord) => r.eventSource === 'aws:s3' && r.eventName.startsWith('ObjectCreated:'))
    .map((r: S3EventRecord) => ({
      bucket: r.s3.bucket.name,
      key: decodeS3Key(r.s3.object.key),
      ...(r.s3.object.versionId ? { versionId: r.s3.object.versionId } : {}),
      size: r.s3.object.size,
      receivedAt: new Date(r.eventTime).toISOString(),
      sequencer: r.s3.object.sequencer,
    }));
}
