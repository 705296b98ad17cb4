// The mail path through both Lambdas, over aws-sdk-client-mock: the mail-intake handler decodes SES's
// receipt notification (SNS in SQS), and the parser answers a file taken from a mail in its thread.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import { receivedNotificationBody } from '../../shared/events/ses-received.ts';
import { mailUploadMetadata } from '../../shared/domain/intake/origin.ts';
import { s3CreatedRecord, sqsRecord } from '../support/events.ts';
import { intakeMocks, useEnv } from '../support/intake-mocks.ts';
import { gmailMail, outlookMail, report } from '../support/mime-samples.ts';

const env = {
  BHXH_TABLE_NAME: 'reports-table', BHXH_BUCKET_NAME: 'reports-bucket', BHXH_EVENT_BUS_NAME: 'reports-bus',
  BHXH_SENDER: 'bao-cao@bhxh.example.vn', BHXH_SUBMISSION_ADDRESS: 'nop-bao-cao@bhxh.example.vn',
  AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT',
};
useEnv(env);
const CONTACTS = { Items: [{ pk: 'CONTACTS#vn-63-provinces', sk: 'P#27', emails: ['bhxh-27@example.gov.vn', 'pho-phong@example.gov.vn'] }] };
const { dynamo, s3, ses, reset } = intakeMocks(CONTACTS);

const mailIntake = await import('../../lambdas/mail-intake/handler.ts');
const parser = await import('../../lambdas/parser/handler.ts');
const context = { functionName: 'f', awsRequestId: 'req-1' } as Context;

const PASS = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

function serve(bytes: Uint8Array, metadata?: Record<string, string>): void {
  s3.on(GetObjectCommand).callsFake(() => ({ ContentLength: bytes.byteLength, Metadata: metadata, Body: { transformToByteArray: async () => bytes } }));
}

function sqs(bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, i) => sqsRecord(body, `m-${i}`, 'mail')) };
}

const notification = (verdicts: Record<string, string>, overrides: Partial<Parameters<typeof receivedNotificationBody>[0]> = {}) => receivedNotificationBody({
  bucket: 'reports-bucket', key: 'mail/inbound/0abc123', sesMessageId: '0abc123', receivedAt: '2023-12-15T09:02:13.000Z',
  envelopeFrom: 'bhxh-27@example.gov.vn', recipients: ['nop-bao-cao@bhxh.example.vn'], headerFrom: ['Phòng Thu BHXH Bắc Ninh <bhxh-27@example.gov.vn>'],
  verdicts, ...overrides,
});

beforeEach(() => {
  reset();
});

const sentMail = async (i = 0) => simpleParser(Buffer.from(ses.commandCalls(SendRawEmailCommand)[i]!.args[0].input.RawMessage!.Data!));

describe('mail-intake handler', () => {
  it('a mail that passes SES checks: its file is written under incoming/27/ only, with the mail in the metadata', async () => {
    serve(outlookMail().raw);
    const result = await mailIntake.handler(sqs([notification(PASS)]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'reports-bucket', Key: 'mail/inbound/0abc123' });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.Key).toBe('incoming/27/2023-12-15T09-02-13-000Z-Báo cáo ngày 15.12.2023.xlsx');
    expect(puts[0]!.Metadata).toMatchObject({ 'bhxh-origin': 'mail', 'bhxh-mail-message-id': outlookMail().messageId });
    const log = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).find((i) => String(i.pk).includes('#MAIL#'));
    expect(log).toMatchObject({ pk: '2023-12-late-payment#MAIL#2023-12-15', status: 'accepted', province: '27', from: 'bhxh-27@example.gov.vn' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('an SES receipt with failing verdicts (spoofed From): nothing written, nobody mailed (no backscatter), the log says why', async () => {
    serve(gmailMail().raw);
    const result = await mailIntake.handler(sqs([notification(
      { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', spam: 'PASS', virus: 'PASS' }, { envelopeFrom: 'bounce@spoofer.example', dmarcPolicy: 'reject' },
    )]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    const log = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => String(i.pk).includes('#MAIL#')).at(-1);
    expect(log).toMatchObject({ status: 'refused', reason: 'sender-authentication', replied: false, key: 'mail/inbound/0abc123' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('a DMARC PASS SES read for another From than ours does not count: nothing written, nobody mailed', async () => {
    serve(gmailMail({ from: '<bhxh-27@example.gov.vn>@evil.example' }).raw);
    await mailIntake.handler(sqs([notification(PASS, { headerFrom: ['<bhxh-27@example.gov.vn>@evil.example'] })]), context);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    serve(gmailMail().raw);
    await mailIntake.handler(sqs([notification(PASS, { headerFrom: ['x@evil.example'], sesMessageId: '0abc124', key: 'mail/inbound/0abc124' })]), context);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('a refusal to an authenticated contact says it is an automatic reply (RFC 3834), in the thread', async () => {
    serve(gmailMail({ files: [] }).raw);
    await mailIntake.handler(sqs([notification(PASS)]), context);
    const reply = await sentMail();
    expect(reply.inReplyTo).toBe(gmailMail().messageId);
    expect(reply.headers.get('auto-submitted')).toBe('auto-replied');
    expect(reply.headers.get('x-auto-response-suppress')).toBe('All');
    expect(reply.replyTo?.text).toBe('nop-bao-cao@bhxh.example.vn');
  });

  it('an out-of-office answer to a reminder: logged, not answered', async () => {
    serve(Buffer.from(gmailMail({ files: [], extraHeaders: ['Auto-Submitted: auto-replied'] }).raw));
    await mailIntake.handler(sqs([notification(PASS)]), context);
    const log = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => String(i.pk).includes('#MAIL#')).at(-1);
    expect(log).toMatchObject({ status: 'refused', reason: 'automatic', replied: false });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('a 600 KB subject: the mail-log item is written once, far under DynamoDB\'s 400 KB', async () => {
    const subject = Array.from({ length: 11_000 }, () => 'Bao cao ngay 15/12/2023 - BHXH Bac Ninh - lan gui lai ').join('\r\n ');
    serve(Buffer.from(gmailMail({ files: [] }).raw.toString('utf8').replace(/^Subject: .*$/m, () => `Subject: ${subject}`), 'utf8'));
    const result = await mailIntake.handler(sqs([notification(PASS)]), context);
    expect(result.batchItemFailures).toEqual([]);
    const items = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => String(i.pk).includes('#MAIL#'));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(10_000);
  });

  it('a notification it cannot read fails that message only (retried, then the DLQ)', async () => {
    serve(gmailMail().raw);
    const result = await mailIntake.handler(sqs(['not json', notification(PASS, { key: 'incoming/27/x', sesMessageId: 'x' })]), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }, { itemIdentifier: 'm-1' }]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('parser: the verdict on a file taken from a mail goes back in the thread', () => {
  const upload = (key: string) => sqs([JSON.stringify({
    Records: [s3CreatedRecord({ key, eventTime: '2023-12-15T09:02:14.000Z', sequencer: '0A' })],
  })]);

  it('the receipt: Re: <their subject>, In-Reply-To and References, to the sender first; the log says mail and the message id', async () => {
    const original = { messageId: '<orig-1@example.gov.vn>', from: 'pho-phong@example.gov.vn', subject: 'Báo cáo ngày 15/12', references: ['<reminder-1@bhxh>'] };
    serve(report(), mailUploadMetadata(original));
    await parser.handler(upload('incoming/27/2023-12-15T09-02-13-000Z-bc.xlsx'), context);
    const mail = await sentMail();
    expect(mail.subject).toBe('Re: Báo cáo ngày 15/12');
    expect(mail.inReplyTo).toBe('<orig-1@example.gov.vn>');
    expect(mail.references).toEqual(['<reminder-1@bhxh>', '<orig-1@example.gov.vn>']);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(['pho-phong@example.gov.vn', 'bhxh-27@example.gov.vn']);
    expect(mail.replyTo?.text).toBe('nop-bao-cao@bhxh.example.vn');
    expect(mail.text).toContain('trả lời thư này và đính kèm tệp báo cáo');
    // The attachment's own name, never the key it is stored under.
    expect(mail.text).toContain('(tệp bc.xlsx)');
    expect(mail.text).not.toContain('2023-12-15T09-02-13-000Z');
    const submission = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues!;
    expect(submission).toMatchObject({ ':origin': 'mail', ':mailMessageId': '<orig-1@example.gov.vn>', ':status': 'accepted' });
  });

  it('metadata naming an address the province does not list is not followed: the usual mail, to the province', async () => {
    serve(report(), mailUploadMetadata({ messageId: '<x@evil>', from: 'attacker@evil.example', subject: 'x', references: [] }));
    await parser.handler(upload('incoming/27/forged.xlsx'), context);
    const mail = await sentMail();
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(['bhxh-27@example.gov.vn', 'pho-phong@example.gov.vn']);
    expect(mail.text).not.toContain('attacker');
  });

  it('an upload without metadata is logged as an S3 client upload', async () => {
    serve(report());
    await parser.handler(upload('incoming/27/plain.xlsx'), context);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':origin': 's3', ':mailMessageId': null });
  });
});
