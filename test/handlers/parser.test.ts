import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildReportFile, SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { s3CreatedRecord, sqsRecord } from '../support/events.ts';
import { intakeMocks, useEnv } from '../support/intake-mocks.ts';

const env = {
  BHXH_TABLE_NAME: 'reports-table', BHXH_BUCKET_NAME: 'reports-bucket', BHXH_EVENT_BUS_NAME: 'reports-bus',
  BHXH_SENDER: 'bao-cao@bhxh.example.vn', AWS_REGION: 'ap-southeast-1', POWERTOOLS_LOG_LEVEL: 'SILENT',
};
useEnv(env);
const CONTACTS = { Items: [{ pk: 'CONTACTS#vn-63-provinces', sk: 'P#27', emails: ['bhxh-27@example.gov.vn'] }] };
const { dynamo, s3, ses, events, reset } = intakeMocks(CONTACTS);

const { handler } = await import('../../lambdas/parser/handler.ts');
const context = { functionName: 'parser', awsRequestId: 'req-1' } as Context;


function sqsEvent(uploads: { key: string; eventTime: string; sequencer: string; size?: number; messageId?: string }[]): SQSEvent {
  return { Records: uploads.map((u, i) => sqsRecord({ Records: [s3CreatedRecord(u)] }, u.messageId ?? `m-${i}`)) };
}

function serveFile(bytes: Uint8Array): void {
  // The adapter reads the size from the response headers, then asks the body for its bytes.
  s3.on(GetObjectCommand).callsFake(() => ({ ContentLength: bytes.byteLength, Body: { transformToByteArray: async () => bytes } }));
}

beforeEach(() => {
  reset();
});

const rawMail = (i = 0) => Buffer.from(ses.commandCalls(SendRawEmailCommand)[i]!.args[0].input.RawMessage!.Data!).toString('utf8');

describe('parser handler', () => {
  it('accepts a good report: stores it on time, logs the submission, publishes ReportAccepted, mails a receipt', async () => {
    serveFile(buildReportFile(sampleSpec()));
    const result = await handler(sqsEvent([{ key: 'incoming/27/B%C3%A1o+c%C3%A1o+15-12.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A1B' }]), context);

    expect(result.batchItemFailures).toEqual([]);
    const put = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ pk: '2023-12-late-payment#REPORT#2023-12-15', sk: 'P#27', values: SAMPLE_VALUES, late: false, objectKey: 'incoming/27/Báo cáo 15-12.xlsx' });
    expect(put.ConditionExpression).toContain('uploadOrder <= :order');
    const submission = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(submission.ExpressionAttributeValues).toMatchObject({ ':status': 'accepted', ':late': false, ':superseded': false, ':date': '2023-12-15' });
    const event = events.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(event).toMatchObject({ Source: 'bhxh.reports', DetailType: 'ReportAccepted', EventBusName: 'reports-bus' });
    expect(JSON.parse(event.Detail!)).toEqual({ province: '27', reportDate: '2023-12-15', receivedAt: '2023-12-15T09:00:00.000Z' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
    expect(rawMail()).toContain('To: bhxh-27@example.gov.vn');
    // The "notified" mark comes last, after the mail went out.
    expect(dynamo.commandCalls(UpdateCommand).at(-1)!.args[0].input.UpdateExpression).toBe('SET notified = :true');
  });

  it('does nothing for a message already processed and mailed (duplicate delivery)', async () => {
    dynamo.on(GetCommand).resolves({ Item: { notified: true } });
    const result = await handler(sqsEvent([{ key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A1B' }]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('mails at most once: a delivery finding the mail claimed by an earlier one (that died) sends nothing', async () => {
    dynamo.on(GetCommand).resolves({ Item: { notified: 'sending' } });
    await handler(sqsEvent([{ key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A1B' }]), context);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('claims the mail before sending it; a send that fails past the mailer\'s retries is recorded, not retried', async () => {
    serveFile(buildReportFile(sampleSpec()));
    ses.on(SendRawEmailCommand).rejects(Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' }));
    const result = await handler(sqsEvent([{ key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A1B' }]), context);
    expect(result.batchItemFailures).toEqual([]);
    const updates = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates.at(-2)).toMatchObject({ ConditionExpression: 'notified = :from', ExpressionAttributeValues: { ':from': false, ':to': 'sending' } });
    expect(updates.at(-1)).toMatchObject({ UpdateExpression: 'SET notified = :true, mailError = :mailError' });
  });

  it('gives the claim back when the mail could not even be prepared (contacts unreadable), so the retry mails', async () => {
    serveFile(buildReportFile(sampleSpec()));
    dynamo.on(QueryCommand, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'CONTACTS#vn-63-provinces' } })
      .rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));
    const result = await handler(sqsEvent([{ key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A1B' }]), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    const updates = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates.slice(-2).map((u) => u.ExpressionAttributeValues)).toEqual([{ ':from': false, ':to': 'sending' }, { ':from': 'sending', ':to': false }]);
    expect(updates.some((u) => u.UpdateExpression?.startsWith('SET notified = :true'))).toBe(false);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('keeps an older upload that arrives after a newer one in the history only (no event, marked superseded)', async () => {
    serveFile(buildReportFile(sampleSpec()));
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'newer exists', $metadata: {} }));
    const result = await handler(sqsEvent([{ key: 'incoming/27/old.xlsx', eventTime: '2023-12-15T08:00:00.000Z', sequencer: '01' }]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    const submission = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input).find((i) => i.ExpressionAttributeValues?.[':status'])!;
    expect(submission.ExpressionAttributeValues).toMatchObject({ ':status': 'accepted', ':superseded': true });
    expect(rawMail()).toContain('Subject:');
  });

  it('reports a transient DynamoDB failure as a batch item failure so SQS retries it, and sends no mail', async () => {
    serveFile(buildReportFile(sampleSpec()));
    dynamo.on(PutCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));
    const result = await handler(sqsEvent([
      { key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A', messageId: 'fails' },
    ]), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'fails' }]);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('retries when S3 cannot be read, without losing the message', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    const result = await handler(sqsEvent([{ key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A', messageId: 'm-s3' }]), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-s3' }]);
  });

  it('rejects a bad file: keeps an error report beside it, logs every error, mails the province in Vietnamese', async () => {
    const values: (number | string)[] = [...SAMPLE_VALUES];
    values[2] = 5000; // column 3 above column 1
    values[8] = 'chưa có';
    serveFile(buildReportFile(sampleSpec({ values })));
    const result = await handler(sqsEvent([{ key: 'incoming/27/sai.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0B' }]), context);
    expect(result.batchItemFailures).toEqual([]);

    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    const errorReport = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(errorReport.Key).toBe('errors/27/2023-12-15T09-00-00-000Z-sai.xlsx.json');
    const stored = JSON.parse(errorReport.Body as string) as { status: string; errors: { code: string; cell: string }[] };
    expect(stored.status).toBe('rejected');
    expect(stored.errors.map((e: { code: string; cell: string }) => [e.code, e.cell])).toEqual([['not-a-number', 'I11'], ['col3-gt-col1', 'C11']]);
    const submission = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(submission.ExpressionAttributeValues).toMatchObject({ ':status': 'rejected', ':date': '2023-12-15' });
    const mail = rawMail();
    expect(mail).toContain('To: bhxh-27@example.gov.vn');
    const body = Buffer.from(mail.split('Content-Transfer-Encoding: base64')[1]!.split('----')[0]!.replace(/\s+/g, ''), 'base64').toString('utf8');
    expect(body).toContain('Ô I11');
    expect(body).toContain('chưa có');
    expect(body).toContain('bhxh parse');
  });

  it('a faulty file for a date already reported says first that the accepted report is kept (subject and body), with no rule code', async () => {
    const values: (number | string)[] = [...SAMPLE_VALUES];
    values[2] = 5000; // column 3 above column 1
    serveFile(buildReportFile(sampleSpec({ values })));
    dynamo.on(GetCommand, { Key: { pk: '2023-12-late-payment#REPORT#2023-12-15', sk: 'P#27' } }).resolves({ Item: {
      province: '27', reportDate: '2023-12-15', values: SAMPLE_VALUES, receivedAt: '2023-12-15T06:50:00.000Z', firstReceivedAt: '2023-12-15T06:50:00.000Z',
      sequencer: '0A', late: false, objectKey: 'incoming/27/dung.xlsx', warnings: [],
    } });
    await handler(sqsEvent([{ key: 'incoming/27/sai.xlsx', eventTime: '2023-12-15T07:00:00.000Z', sequencer: '0B' }]), context);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    const mail = await simpleParser(Buffer.from(ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input.RawMessage!.Data!));
    expect(mail.subject).toBe('Tệp mới sai.xlsx bị từ chối; báo cáo ngày 15/12/2023 đã nhận lúc 13:50 ngày 15/12/2023 vẫn được giữ nguyên');
    expect(mail.text).toMatch(/^Kính gửi [^\n]+\n\nBáo cáo ngày 15\/12\/2023 đã nhận lúc 13:50 ngày 15\/12\/2023 vẫn được giữ nguyên/);
    expect(mail.text).toContain('Nếu báo cáo đã nhận là đúng, đơn vị không cần làm gì thêm.');
    expect(mail.text).toContain('Ô C11');
    expect(`${mail.text}${String(mail.html)}`).not.toContain('col3-gt-col1');
  });

  it('refuses an oversized upload without downloading it', async () => {
    const result = await handler(sqsEvent([{ key: 'incoming/27/big.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0C', size: 50 * 1024 * 1024 }]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const stored = JSON.parse(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as string) as { errors: { code: string }[] };
    expect(stored.errors[0]!.code).toBe('file-too-large');
  });

  it('records a mail SES refuses on the submission, without failing (and re-parsing) the intake', async () => {
    serveFile(buildReportFile(sampleSpec()));
    ses.on(SendRawEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    const result = await handler(sqsEvent([{ key: 'incoming/27/a.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0D' }]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1); // the report is stored all the same
    const last = dynamo.commandCalls(UpdateCommand).at(-1)!.args[0].input;
    expect(last.UpdateExpression).toBe('SET notified = :true, mailError = :mailError');
    expect(last.ExpressionAttributeValues).toMatchObject({ ':mailError': 'MessageRejected: Email address is not verified.' });
  });

  it('ignores a folder marker (the console\'s "Create folder"): no read, no submission, no mail', async () => {
    const result = await handler(sqsEvent([{ key: 'incoming/27/', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0E', size: 0 }]), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it.each(['incoming/27/../01/x.xlsx', 'incoming/27//x.xlsx', 'incoming/27/./x.xlsx'])(
    'rejects %s to the first segment\'s province without reading it or counting it', async (key) => {
      serveFile(buildReportFile(sampleSpec()));
      const encoded = key.split('/').map(encodeURIComponent).join('/');
      const result = await handler(sqsEvent([{ key: encoded, eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0F' }]), context);
      expect(result.batchItemFailures).toEqual([]);
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
      expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
      expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
      const errorReport = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
      expect(errorReport.Key).toMatch(/^errors\/27\//);
      expect((JSON.parse(errorReport.Body as string) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['bad-upload-key']);
      expect(rawMail()).toContain('To: bhxh-27@example.gov.vn');
    },
  );

  it('files an upload outside any province folder under errors/unknown/, telling where it must go', async () => {
    const result = await handler(sqsEvent([{ key: 'incoming/bao-cao.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '10' }]), context);
    expect(result.batchItemFailures).toEqual([]);
    const errorReport = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(errorReport.Key).toBe('errors/unknown/2023-12-15T09-00-00-000Z-bao-cao.xlsx.json');
    const [error] = (JSON.parse(errorReport.Body as string) as { errors: unknown[] }).errors;
    expect(error).toMatchObject({ code: 'no-province-folder', message: expect.stringContaining('incoming/<mã tỉnh>/') as unknown });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('keeps the error report key of a 1,024-byte upload key within S3\'s limit', async () => {
    const key = `incoming/27/Báo cáo ${'ả'.repeat(330)}.xlsx`; // 1,021 bytes in UTF-8
    expect(Buffer.byteLength(key, 'utf8')).toBeGreaterThan(1000);
    serveFile(new TextEncoder().encode('not a report'));
    const encoded = key.split('/').map(encodeURIComponent).join('/');
    await handler(sqsEvent([{ key: encoded, eventTime: '2023-12-15T09:00:00.000Z', sequencer: '11' }]), context);
    const errorKey = s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key!;
    expect(Buffer.byteLength(errorKey, 'utf8')).toBeLessThanOrEqual(1024);
    expect(errorKey).toMatch(/^errors\/27\/2023-12-15T09-00-00-000Z-Báo cáo ả+\.json$/);
  });

  it('ignores S3 test events', async () => {
    const event = { Records: [sqsRecord({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2023-12-15T09:00:00.000Z', Bucket: 'reports-bucket', RequestId: 'R', HostId: 'H' })] };
    const result = await handler(event, context);
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('fails each malformed message alone, with one log line naming what is wrong; the good one is processed', async () => {
    serveFile(buildReportFile(sampleSpec(), 'xlsx'));
    const errors = vi.spyOn(Logger.prototype, 'error');
    const good = sqsEvent([{ key: 'incoming/27/bc.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A', messageId: 'good' }]).Records[0]!;
    const created = s3CreatedRecord({ key: 'incoming/27/x.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0B' });
    const noTime = { ...created, eventTime: undefined };
    const noSequencer = { ...created, s3: { ...created.s3, object: { ...created.s3.object, sequencer: undefined } } };
    const event = {
      Records: [
        sqsRecord('not json', 'not-json'),
        sqsRecord({ Records: [noTime] }, 'no-time'),
        sqsRecord({ Records: [noSequencer] }, 'no-sequencer'),
        sqsRecord({ Records: [] }, 'no-records'),
        { ...sqsRecord({ Records: [created] }, 'not-sqs'), attributes: undefined },
        good,
      ],
    } as unknown as SQSEvent;
    const result = await handler(event, context);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['not-json', 'no-time', 'no-sequencer', 'no-records', 'not-sqs']);
    const logged = errors.mock.calls.filter(([message]) => message === 'Malformed intake message');
    expect(logged.map(([, attributes]) => (attributes as { messageId: string }).messageId)).toEqual(['not-json', 'no-time', 'no-sequencer', 'no-records', 'not-sqs']);
    expect(JSON.stringify(logged[1]![1])).toContain('Records.0.eventTime');
    expect(JSON.stringify(logged[2]![1])).toContain('has no sequencer');
    // The good message in the same batch was read and stored.
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.pk as unknown)).toContain('2023-12-late-payment#REPORT#2023-12-15');
    errors.mockRestore();
  });
});
