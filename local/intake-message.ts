// Message building: the S3 ObjectCreated notification AWS puts on the intake queue for an upload
// (key URL-encoded as S3 does, the version id, a sequencer that only grows), and the SQS record a
// queue delivers to a function.
import { createHash } from 'node:crypto';
import type { S3EventRecord, SQSRecord } from 'aws-lambda';
import { encodeS3EventKey } from '../shared/events/s3-notification.ts';


/** What the local S3 knows of one stored upload, the moment it is acknowledged. */
export interface CreatedObject {
  bucket: string;
  key: string;
  size: number;
  /** The MD5 of the bytes, hex, no quotes. */
  eTag: string;
  /** The version the local stack assigned (its archive copy holds these bytes). */
  versionId: string;
  eventTime: string;
  eventName: string;
  sourceIp?: string;
}

/** A sequencer per event that only grows, also across restarts (time-based), and within one millisecond. */
export class Sequencer {
  private lastMs = 0;
  private count = 0;

  next(): string {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.count = 0;
    } else {
      this.count++;
    }
    return (BigInt(this.lastMs) * 65536n + BigInt(this.count)).toString(16).toUpperCase().padStart(16, '0');
  }
}

/** The body of the intake queue's message for one upload: S3's notification, one record. */
export function s3NotificationBody(object: CreatedObject, region: string, sequencer: string): string {
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: object.eventTime,
    eventName: object.eventName,
    userIdentity: { principalId: 'local' },
    requestParameters: { sourceIPAddress: object.sourceIp ?? '127.0.0.1' },
    responseElements: { 'x-amz-request-id': sequencer, 'x-amz-id-2': sequencer },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'intake',
      bucket: { name: object.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${object.bucket}` },
      object: { key: encodeS3EventKey(object.key), size: object.size, eTag: object.eTag, versionId: object.versionId, sequencer },
    },
  };
  return JSON.stringify({ Records: [record] });
}

/** The SQS record of a queued message as a function receives it (the receive count is this delivery's). */
export function sqsRecord(message: { messageId: string; body: string; sentTimestamp: number; receiveCount: number }, queue: string, region: string): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}#${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(message.sentTimestamp),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:000000000000:${queue}`,
    awsRegion: region,
  };
}
