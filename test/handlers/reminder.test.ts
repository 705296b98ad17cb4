// The reminder Lambda over the real adapters (table, contacts, reminder log, SES mailer, S3 file store)
// with aws-sdk-client-mock: DynamoDB through an in-memory table, SES and S3 mocked. The clock is the
// event's time.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveContacts } from '../../shared/adapters/contacts.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { DEFAULT_RETRY } from '../../shared/adapters/ses-mailer.ts';
import { exampleContacts } from '../../shared/config/example-contacts.ts';
import { IncompleteReminderRun, makeHandler } from '../../lambdas/reminder/handler.ts';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../../shared/contract.ts';
import { MalformedEvent } from '../../shared/events/malformed.ts';
import { decodeReminderSchedule, parseInstant } from '../../shared/events/schedule.ts';
import { remindFromEnv } from '../../shared/wiring/reminder.ts';
import { campaign, dateRange, rejected, report } from '../reminder/fakes.ts';
import { MemoryTable, testDocClient } from '../reminder/memory-table.ts';

// This file asserts the handler's log lines (captured below): log at INFO here, before the handler loads.
vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; });

const TABLE = 'bhxh-test';
const BUCKET = 'bhxh-reports-test';
const NATIONAL = 'ban-quan-ly-thu@example.gov.vn';
const schedulerEvent = (time = '2023-12-15T11:30:00Z', kind = 'deadline') => ({ kind, time });

// ---- a minimal MIME reader for the raw messages the mailer sends ----
interface RawMail { to: string[]; subject: string; text: string; html: string; attachments: string[]; raw: string }

function decodeWords(value: string): string {
  return value.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) => (enc.toLowerCase() === 'b'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

function header(block: string, name: string): string {
  const unfolded = block.replace(/\r\n[ \t]+/g, ' ');
  const line = unfolded.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

function partBody(raw: string, contentType: string): string {
  const idx = raw.toLowerCase().indexOf(`content-type: ${contentType}`);
  if (idx < 0) return '';
  const start = raw.indexOf('\r\n\r\n', idx) + 4;
  const end = raw.indexOf('\r\n--', start);
  const head = raw.slice(idx, start);
  const body = raw.slice(start, end);
  if (/base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(head)) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

function readRaw(data: Uint8Array): RawMail {
  const raw = Buffer.from(data).toString('utf8');
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return {
    raw,
    to: header(head, 'To').split(',').map((s) => s.trim().replace(/^.*<|>$/g, '')).filter(Boolean),
    subject: decodeWords(header(head, 'Subject')),
    text: partBody(raw, 'text/plain'),
    html: partBody(raw, 'text/html'),
    attachments: [...raw.matchAll(/filename="?([^";\r\n]+)"?/g)].map((m) => m[1]!),
  };
}

// ---- fixtures ----
let table: MemoryTable;
let ddb: ReturnType<MemoryTable['install']>;
const ses = mockClient(SESClient);
const s3 = mockClient(S3Client);
let mails: RawMail[];
let sleeps: number[];
/** What the powertools logger wrote (stdout and stderr), captured so the test output stays readable. */
let logs: string;
const savedEnv = { ...process.env };

const handler = makeHandler({ mailRetry: { ...DEFAULT_RETRY, sleep: async (ms) => { sleeps.push(ms); } } });

async function seed(missing: Array<[string, string]>, dates = dateRange('2023-12-11', '2023-12-15')): Promise<void> {
  const doc = testDocClient();
  const reports = new DynamoReportTable(doc, TABLE, campaign.id);
  const skip = new Set(missing.map(([p, d]) => `${p}|${d}`));
  for (const d of dates) {
    for (const p of campaign.provinces) if (!skip.has(`${p.code}|${d}`)) await reports.putIfNewer(report(p.code, d));
  }
  await saveContacts(doc, TABLE, exampleContacts(campaign), campaign.config.provinceList.id);
  table.calls.length = 0;
}

/** A submission item as the table adapter writes it (Update), indexed by report date on gsi1. */
function seedRejected(province: string, reportDate: string, receivedAt: string): void {
  const s = rejected(province, reportDate, receivedAt);
  table.put({
    pk: `2023-12-late-payment#UPLOAD#${s.objectKey}`, sk: `SEQ#${s.sequencer.padStart(32, '0')}`, type: 'submission',
    gsi1pk: `2023-12-late-payment#SUBMISSIONS#${reportDate}`, gsi1sk: `P#${province}#${receivedAt}`, ...s,
  });
}

function mailsTo(address: string): RawMail[] {
  return mails.filter((m) => m.to.includes(address));
}

beforeAll(() => {
  process.env.AWS_REGION = 'ap-southeast-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});
afterAll(() => {
  process.env = savedEnv;
  ses.restore();
  s3.restore();
});

beforeEach(() => {
  process.env.BHXH_TABLE_NAME = TABLE;
  process.env.BHXH_BUCKET_NAME = BUCKET;
  delete process.env.BHXH_SENDER;
  delete process.env.BHXH_CAMPAIGN_FILE;
  table = new MemoryTable();
  ddb = table.install();
  mails = [];
  sleeps = [];
  ses.reset();
  s3.reset();
  ses.on(SendRawEmailCommand).callsFake((input: { RawMessage: { Data: Uint8Array } }) => {
    mails.push(readRaw(input.RawMessage.Data));
    return { MessageId: `ses-${mails.length}` };
  });
  logs = '';
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => { logs += String(chunk); return true; });
  }
  s3.on(GetObjectCommand).rejects(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }));
});
afterEach(() => {
  ddb.restore();
  vi.restoreAllMocks();
});

describe('reminder handler', () => {
  it('on a normal day: one Query per due date, one mail per missing province, the digest, the JSON result', async () => {
    await seed([['02', '2023-12-15'], ['04', '2023-12-14'], ['04', '2023-12-15'], ['27', '2023-12-15']]);
    seedRejected('27', '2023-12-15', '2023-12-15T10:02:00.000Z');
    const result = await handler(schedulerEvent());

    expect(result.sent).toEqual([
      { province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] },
      { province: '04', to: ['bhxh-04@example.gov.vn'], dates: ['2023-12-14', '2023-12-15'] },
      { province: '27', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'] },
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.digest).toMatchObject({
      status: 'sent', to: [NATIONAL], reportDate: '2023-12-15', reported: 60, onTime: 60, late: 0,
      missing: [{ province: '02', name: 'Hà Giang' }, { province: '04', name: 'Cao Bằng' }, { province: '27', name: 'Bắc Ninh' }],
      rejected: [expect.objectContaining({ province: '27', resolved: false })],
      snapshot: null,
    });
    expect(Object.keys(result)).toEqual(['sent', 'skipped', 'digest']);

    // Reads: one Query per due date on the report partition, the submissions of the dates concerned
    // (gsi1), one Query for the contacts, one for the digest date's received mail; never a Scan.
    const queries = table.sent('Query');
    const reportQueries = queries.filter((q) => String((q.ExpressionAttributeValues as Record<string, string>)[':pk']).startsWith('2023-12-late-payment#REPORT#'));
    expect(reportQueries.map((q) => (q.ExpressionAttributeValues as Record<string, string>)[':pk']).sort()).toEqual(
      dateRange('2023-12-11', '2023-12-15').map((d) => `2023-12-late-payment#REPORT#${d}`),
    );
    expect(reportQueries.every((q) => q.ConsistentRead === true && q.IndexName === undefined)).toBe(true);
    expect(queries.filter((q) => (q.ExpressionAttributeValues as Record<string, string>)[':pk'] === 'CONTACTS#vn-63-provinces')).toHaveLength(1);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    expect(queries.filter((q) => (q.ExpressionAttributeValues as Record<string, string>)[':pk']?.startsWith('2023-12-late-payment#MAIL#'))).toHaveLength(1);
    expect(queries).toHaveLength(5 + 2 + 1 + 1);

    // The mails, as SES received them.
    expect(mails).toHaveLength(4);
    const m04 = mailsTo('bhxh-04@example.gov.vn')[0]!;
    expect(m04.subject).toBe('Nhắc nộp báo cáo: chưa nhận được báo cáo các ngày 14/12/2023, 15/12/2023 - Bảo hiểm xã hội tỉnh Cao Bằng');
    expect(m04.text).toContain('Báo cáo ngày 14/12/2023 chưa được nhận (hạn nộp 18:30 ngày 14/12/2023).');
    // A clerk is never sent to the bucket (issue 19): no s3:// path, whatever the wiring knows.
    expect(m04.text).not.toContain('s3://');
    expect(m04.html).not.toContain('s3://');
    expect(m04.raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
    expect(header(m04.raw.slice(0, m04.raw.indexOf('\r\n\r\n')), 'From')).toContain('bao-cao@example.gov.vn');
    expect(mailsTo('bhxh-27@example.gov.vn')[0]!.text).toContain('tệp bị từ chối do có lỗi (lần gần nhất lúc 17:02 ngày 15/12/2023');
    const digest = mailsTo(NATIONAL)[0]!;
    expect(digest.subject).toBe('Tổng hợp nộp báo cáo ngày 15/12/2023: 60/63 tỉnh, thành phố đã nộp, 3 chưa nộp');
    expect(digest.text).toContain('Bảng tổng hợp số liệu ngày 15/12/2023 chưa có tại thời điểm gửi thư này');

    // The reminder-sent items.
    expect(table.get('2023-12-late-payment#REMINDER#2023-12-15', 'deadline#04#mail')).toMatchObject({ status: 'sent', to: ['bhxh-04@example.gov.vn'], dates: ['2023-12-14', '2023-12-15'], messageId: 'ses-2' });
    expect(table.get('2023-12-late-payment#REMINDER#2023-12-15', 'deadline#DIGEST#mail')).toMatchObject({ status: 'sent', to: [NATIONAL] });
  });

  it('run twice from the schedule input, sends once', async () => {
    await seed([['02', '2023-12-15']]);
    const first = await handler(schedulerEvent('2023-12-15T11:30:00Z', 'deadline'));
    expect(first.sent).toEqual([{ province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] }]);
    const second = await handler(schedulerEvent('2023-12-15T11:30:00Z', 'deadline'));
    expect(second.sent).toEqual([]);
    expect(second.skipped).toEqual([expect.objectContaining({ province: '02', reason: 'already-sent' })]);
    expect(mailsTo('bhxh-02@example.gov.vn')).toHaveLength(1);
  });

  it('the first date: nothing on the evening of the 11th; the 11th is due at 08:30 on the 12th', async () => {
    await seed([['01', '2023-12-11']], ['2023-12-11']);
    const evening = await handler(schedulerEvent('2023-12-11T11:30:00Z'));
    expect(evening).toMatchObject({ sent: [], skipped: [], digest: null, idle: { status: 'nothing-due' } });
    expect(mails).toEqual([]);
    const morning = await handler(schedulerEvent('2023-12-12T01:30:00Z'));
    expect(morning.sent).toEqual([{ province: '01', to: ['bhxh-01@example.gov.vn'], dates: ['2023-12-11'] }]);
    expect(mailsTo('bhxh-01@example.gov.vn')[0]!.text).toContain('Báo cáo ngày 11/12/2023 chưa được nhận (hạn nộp 08:30 ngày 12/12/2023).');
    expect(morning.digest).toMatchObject({ reportDate: '2023-12-11', status: 'sent' });
  });

  it('the last campaign day reminds every date still missing; outside the campaign it does nothing and logs it', async () => {
    await seed([['96', '2023-12-31'], ['96', '2023-12-12']], campaign.reportDates as string[]);
    const last = await handler(schedulerEvent('2023-12-31T11:30:00Z'));
    expect(last.sent).toEqual([{ province: '96', to: ['bhxh-96@example.gov.vn'], dates: ['2023-12-12', '2023-12-31'] }]);
    expect(last.digest).toMatchObject({ reportDate: '2023-12-31', missing: [{ province: '96', name: 'Cà Mau' }] });

    mails = [];
    table.calls.length = 0;
    logs = '';
    const after = await handler(schedulerEvent('2024-01-01T11:30:00Z'));
    expect(after).toMatchObject({ sent: [], skipped: [], digest: null, idle: { status: 'outside-campaign' } });
    expect(mails).toEqual([]);
    expect(table.calls).toEqual([]);
    expect(logs).toContain('"message":"Outside the campaign: nothing to do"');
    expect(logs).toContain('"runDate":"2024-01-01"');
  });

  it('retries SES throttling with backoff and sends each mail once', async () => {
    await seed([['02', '2023-12-15']]);
    ses.on(SendRawEmailCommand)
      .rejectsOnce(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .callsFake((input: { RawMessage: { Data: Uint8Array } }) => {
        mails.push(readRaw(input.RawMessage.Data));
        return { MessageId: `ses-${mails.length}` };
      });
    const result = await handler(schedulerEvent());
    expect(result.sent).toEqual([{ province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] }]);
    expect(result.digest).toMatchObject({ status: 'sent' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(4); // 2 throttled + reminder + digest
    expect(sleeps).toHaveLength(2);
    // Exponential backoff with jitter: half to all of 200 ms, then of 400 ms.
    expect(sleeps[0]!).toBeGreaterThanOrEqual(100);
    expect(sleeps[0]!).toBeLessThanOrEqual(200);
    expect(sleeps[1]!).toBeGreaterThanOrEqual(200);
    expect(sleeps[1]!).toBeLessThanOrEqual(400);
    expect(mailsTo('bhxh-02@example.gov.vn')).toHaveLength(1);
  });

  it('a run that failed half-way fails the invocation, and its retry sends only the rest', async () => {
    await seed([['02', '2023-12-15'], ['04', '2023-12-15'], ['06', '2023-12-15']]);
    // SES rejects the mail to 04 (not retryable), the others go.
    ses.on(SendRawEmailCommand).callsFake((input: { RawMessage: { Data: Uint8Array } }) => {
      const mail = readRaw(input.RawMessage.Data);
      if (mail.to.includes('bhxh-04@example.gov.vn')) throw Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
      mails.push(mail);
      return { MessageId: `ses-${mails.length}` };
    });
    const counted = vi.spyOn(Metrics.prototype, 'addMetric');
    const error = await handler(schedulerEvent()).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteReminderRun);
    // The ReminderRunFailed alarm's metric, once for the failed attempt.
    expect(counted.mock.calls).toEqual([[METRICS.reminderRunFailed, 'Count', 1]]);
    const partial = (error as IncompleteReminderRun).result;
    expect(partial.sent.map((s) => s.province)).toEqual(['02', '06']);
    expect(partial.skipped).toEqual([expect.objectContaining({ province: '04', reason: 'failed' })]);
    expect(partial.digest).toMatchObject({ status: 'sent', failed: [expect.objectContaining({ province: '04' })] });
    expect(table.get('2023-12-late-payment#REMINDER#2023-12-15', 'deadline#04#mail')).toBeUndefined(); // released for the retry

    // Lambda's async retry of the same event, SES healthy again.
    ses.on(SendRawEmailCommand).callsFake((input: { RawMessage: { Data: Uint8Array } }) => {
      mails.push(readRaw(input.RawMessage.Data));
      return { MessageId: `ses-${mails.length}` };
    });
    const retry = await handler(schedulerEvent());
    expect(retry.sent).toEqual([{ province: '04', to: ['bhxh-04@example.gov.vn'], dates: ['2023-12-15'] }]);
    expect(retry.skipped.map((s) => [s.province, s.reason])).toEqual([['02', 'already-sent'], ['06', 'already-sent']]);
    expect(retry.digest).toMatchObject({ status: 'already-sent' });
    for (const code of ['02', '04', '06']) expect(mailsTo(`bhxh-${code}@example.gov.vn`)).toHaveLength(1);
    expect(mailsTo(NATIONAL)).toHaveLength(1);
    expect(counted).toHaveBeenCalledTimes(1); // the successful retry counts no failure
  });

  it('a claim left by a crashed attempt: busy while its lease runs (the invocation fails), taken over once expired', async () => {
    await seed([['02', '2023-12-15'], ['04', '2023-12-15']]);
    const live = { pk: '2023-12-late-payment#REMINDER#2023-12-15', sk: 'deadline#04#mail', status: 'claimed', attemptId: 'crashed', leaseUntil: new Date(Date.now() + 60_000).toISOString() };
    table.put(live);
    const error = await handler(schedulerEvent()).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteReminderRun);
    expect((error as IncompleteReminderRun).result.skipped).toEqual([{ province: '04', dates: ['2023-12-15'], reason: 'in-progress' }]);
    expect(mailsTo('bhxh-04@example.gov.vn')).toHaveLength(0);

    table.put({ ...live, leaseUntil: new Date(Date.now() - 1_000).toISOString() });
    const retry = await handler(schedulerEvent());
    expect(retry.sent.map((s) => s.province)).toEqual(['04']);
    expect(mailsTo('bhxh-04@example.gov.vn')).toHaveLength(1);
    expect(mailsTo('bhxh-02@example.gov.vn')).toHaveLength(1);
  });

  it('attaches the day\'s snapshot xlsx to the digest when the aggregator has published it', async () => {
    await seed([]);
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.xlsx' })
      .resolves({ ContentLength: xlsx.byteLength, Body: { transformToByteArray: async () => xlsx } as never });
    const result = await handler(schedulerEvent());
    expect(result.sent).toEqual([]);
    expect(result.digest).toMatchObject({ status: 'sent', reported: 63, snapshot: 'tong-hop-toan-quoc-2023-12-15.xlsx' });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.attachments).toEqual(['tong-hop-toan-quoc-2023-12-15.xlsx']);
    expect(mails[0]!.text).toContain('Bảng tổng hợp số liệu ngày 15/12/2023 được đính kèm thư này');
  });

  it('a province without an address is in the digest and the log', async () => {
    await seed([['02', '2023-12-15']]);
    table.put({ pk: 'CONTACTS#vn-63-provinces', sk: 'P#02', emails: [] });
    const result = await handler(schedulerEvent());
    expect(result.skipped).toEqual([{ province: '02', dates: ['2023-12-15'], reason: 'no-contact' }]);
    expect(result.digest).toMatchObject({ noContact: [{ province: '02', name: 'Hà Giang' }] });
    expect(mailsTo(NATIONAL)[0]!.text).toContain('Không gửi được thư nhắc vì chưa có địa chỉ thư điện tử (1)');
    expect(logs).toMatch(/"level":"WARN","message":"No contact address for a province missing its report: not reminded".*"province":"02"/);
  });

  it('rejects a malformed event with one log line and a failed-run metric, before touching anything', async () => {
    const counted = vi.spyOn(Metrics.prototype, 'addMetric');
    for (const event of [
      { kind: 'deadline' }, { kind: 'deadline', time: '2023-12-15 18:30' }, { kind: 'weekly', time: '2023-12-15T11:30:00Z' },
      { kind: 'deadline-reminder', time: '2023-12-15T11:30:00Z' }, { time: '2023-12-15T11:30:00Z' }, null, 'deadline',
    ]) {
      await expect(handler(event)).rejects.toBeInstanceOf(MalformedEvent);
    }
    expect(table.calls).toEqual([]);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    expect(logs.match(/"message":"Unusable reminder event"/g)).toHaveLength(7);
    expect(counted.mock.calls.filter(([name]) => name === METRICS.reminderRunFailed)).toHaveLength(7);
  });
});

describe('remindFromEnv (what `bhxh remind --now … --json` runs)', () => {
  it('returns {sent, skipped, digest} for the instant given, sharing the scheduled run\'s exactly-once items', async () => {
    await seed([['02', '2023-12-15']]);
    const now = parseInstant('2023-12-15T18:30:00+07:00');
    const result = await remindFromEnv(process.env, { now, mailRetry: { ...DEFAULT_RETRY, sleep: async () => {} } });
    const json = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['sent', 'skipped', 'digest']);
    expect(json.sent).toEqual([{ province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] }]);
    expect(json.digest).toMatchObject({ status: 'sent', reportDate: '2023-12-15', missing: [{ province: '02', name: 'Hà Giang' }] });
    // The scheduled Lambda run of the same day then sends nothing twice.
    const scheduled = await handler(schedulerEvent('2023-12-15T11:30:00Z'));
    expect(scheduled.sent).toEqual([]);
    expect(mails).toHaveLength(2);
  });
});

describe('decodeReminderSchedule', () => {
  it('reads the scheduler input, with offsets, in the domain\'s kind names only', () => {
    expect(decodeReminderSchedule({ kind: 'nudge', time: '2023-12-15T16:30:00+07:00' })).toEqual({ kind: 'nudge', now: new Date('2023-12-15T09:30:00Z') });
    expect(decodeReminderSchedule({ kind: 'deadline', time: '2023-12-15T11:30:00.000Z' })).toEqual({ kind: 'deadline', now: new Date('2023-12-15T11:30:00Z') });
    expect(() => decodeReminderSchedule({ kind: 'deadline-reminder', time: '2023-12-15T11:30:00Z' })).toThrow(/kind/);
    expect(() => decodeReminderSchedule({ kind: 'deadline', time: '2023-12-15T11:30:00' })).toThrow(/time: expected an ISO-8601 instant with a zone/);
  });
});
