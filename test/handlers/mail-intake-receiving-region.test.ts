// Mail received in another region (bhxh:receivingRegion): SES stores the raw message in that region's
// bucket, and mail-intake reads it there (with a client of that region) while it still writes the
// attachments to the report bucket. A notification naming any other bucket, or another prefix, is
// refused (the message fails, so it is retried and then parked) and logged with the bucket it named.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { receivedNotificationBody } from '../../shared/events/ses-received.ts';
import { sqsRecord } from '../support/events.ts';
import { intakeMocks, useEnv } from '../support/intake-mocks.ts';
import { outlookMail } from '../support/mime-samples.ts';

const MAIL_BUCKET = 'bhxhreportpipeline-mail-123456789012-us-east-1';
useEnv({
  BHXH_TABLE_NAME: 'reports-table', BHXH_BUCKET_NAME: 'reports-bucket', BHXH_EVENT_BUS_NAME: 'reports-bus',
  BHXH_MAIL_BUCKET_NAME: MAIL_BUCKET, BHXH_MAIL_BUCKET_REGION: 'us-east-1',
  BHXH_SENDER: 'bao-cao@bhxh.example.vn', BHXH_SUBMISSION_ADDRESS: 'nop-bao-cao@bhxh.example.vn',
  AWS_REGION: 'ap-southeast-1', POWERTOOLS_LOG_LEVEL: 'ERROR',
});
const CONTACTS = { Items: [{ pk: 'CONTACTS#vn-63-provinces', sk: 'P#27', emails: ['bhxh-27@example.gov.vn'] }] };
const { s3, reset } = intakeMocks(CONTACTS);
const mailIntake = await import('../../lambdas/mail-intake/handler.ts');
const context = { functionName: 'f', awsRequestId: 'req-1' } as Context;
const PASS = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

const notification = (bucket: string, key = 'mail/inbound/0abc123') => receivedNotificationBody({
  bucket, key, sesMessageId: '0abc123', receivedAt: '2023-12-15T09:02:13.000Z',
  envelopeFrom: 'bhxh-27@example.gov.vn', recipients: ['nop-bao-cao@bhxh.example.vn'], headerFrom: ['BHXH Bắc Ninh <bhxh-27@example.gov.vn>'],
  verdicts: PASS, topicArn: 'arn:aws:sns:us-east-1:123456789012:BhxhReportPipeline-mail-received',
});
const sqs = (bodies: string[]): SQSEvent => ({ Records: bodies.map((body, i) => sqsRecord(body, `m-${i}`, 'mail')) });

/** What the handler logged (Powertools writes JSON lines to stdout/stderr). */
let logged: string[] = [];
beforeEach(() => {
  reset();
  const bytes = outlookMail().raw;
  s3.on(GetObjectCommand).callsFake(() => ({ ContentLength: bytes.byteLength, Body: { transformToByteArray: async () => bytes } }));
  logged = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => { logged.push(String(chunk)); return true; });
  }
});
afterEach(() => vi.restoreAllMocks());

describe('mail-intake with receiving in another region', () => {
  it('reads the raw mail from the receiving bucket, in its region, and hands the file to the report bucket', async () => {
    const result = await mailIntake.handler(sqs([notification(MAIL_BUCKET)]), context);
    expect(result.batchItemFailures).toEqual([]);
    const gets = s3.commandCalls(GetObjectCommand);
    expect(gets.map((c) => c.args[0].input)).toEqual([expect.objectContaining({ Bucket: MAIL_BUCKET, Key: 'mail/inbound/0abc123' })]);
    expect(await (gets[0]!.thisValue as S3Client).config.region()).toBe('us-east-1');
    const puts = s3.commandCalls(PutObjectCommand);
    expect(puts.map((c) => c.args[0].input.Bucket)).toEqual(['reports-bucket']);
    expect(puts[0]!.args[0].input.Key).toMatch(/^incoming\/27\//);
    expect(await (puts[0]!.thisValue as S3Client).config.region()).toBe('ap-southeast-1');
  });

  it.each([
    ['the report bucket itself (no rule writes there any more)', 'reports-bucket', 'mail/inbound/0abc123'],
    ['a bucket of someone else', 'attacker-bucket', 'mail/inbound/0abc123'],
    ['a bucket whose name starts like ours', `${MAIL_BUCKET}-x`, 'mail/inbound/0abc123'],
    ['the receiving bucket outside mail/inbound/', MAIL_BUCKET, 'incoming/27/x.xlsx'],
  ])('refuses a notification naming %s: nothing read or written, the message fails, the log names it', async (_label, bucket, key) => {
    const result = await mailIntake.handler(sqs([notification(bucket, key)]), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    const line = logged.map((l) => l.trim()).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((entry) => entry.message === 'Malformed mail notification');
    expect(line).toMatchObject({ level: 'ERROR', mailBucket: MAIL_BUCKET, messageId: 'm-0' });
    expect(String(line?.error)).toContain(`${bucket}/${key}`);
  });
});
