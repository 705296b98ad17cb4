// Events as AWS delivers them (every field AWS sends that a handler's decoder checks, and the rest), for handler tests.
import type { S3EventRecord, SQSRecord } from 'aws-lambda';

/** One SQS record around a body (a string, or JSON of anything else). */
export function sqsRecord(body: unknown, messageId = 'm-0', queue = 'intake'): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId, receiptHandle: `r-${messageId}`, body: text,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1702609200000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1702609200000' },
    messageAttributes: {}, md5OfBody: 'd41d8cd98f00b204e9800998ecf8427e',
    eventSource: 'aws:sqs', eventSourceARN: `arn:aws:sqs:ap-southeast-1:123456789012:${queue}`, awsRegion: 'ap-southeast-1',
  };
}

/** An S3 ObjectCreated record; the key as the notification carries it (URL-encoded). */
export function s3CreatedRecord(u: { bucket?: string; key: string; eventTime: string; sequencer: string; size?: number }): S3EventRecord {
  const bucket = u.bucket ?? 'reports-bucket';
  return {
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'ap-southeast-1', eventTime: u.eventTime, eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' }, requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: { 'x-amz-request-id': 'REQ', 'x-amz-id-2': 'ID2' },
    s3: {
      s3SchemaVersion: '1.0', configurationId: 'intake',
      bucket: { name: bucket, ownerIdentity: { principalId: 'OWNER' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key: u.key, size: u.size ?? 20_000, eTag: 'etag', sequencer: u.sequencer },
    },
  };
}
