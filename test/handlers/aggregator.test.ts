// The aggregator Lambda over the real adapters (report table, snapshot state, S3 file store) with
// aws-sdk-client-mock: DynamoDB through an in-memory table, S3 through an in-memory bucket. The
// snapshot's instant is the event's time.
import { GetObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandInput, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { ScanCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../../shared/contract.ts';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDateTotals } from '../../shared/adapters/date-totals.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { DynamoSnapshotState } from '../../shared/adapters/snapshot-state.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { parseSnapshotJson } from '../../shared/domain/snapshot/json.ts';
import { loadSnapshot } from '../../shared/domain/snapshot/load.ts';
import { makeHandler } from '../../lambdas/aggregator/handler.ts';
import { decodeAggregatorEvent } from '../../lambdas/aggregator/event.ts';
import { ConditionalCheckFailed, MemoryTable, evaluate, testDocClient } from '../reminder/memory-table.ts';
import { rejected, report } from '../snapshot/fixtures.ts';
import { sqsRecord } from '../support/events.ts';

const CAMPAIGN_ID = defaultCampaign().id;

const TABLE = 'bhxh-test';
const BUCKET = 'bhxh-reports-test';
const env = { BHXH_TABLE_NAME: TABLE, BHXH_BUCKET_NAME: BUCKET, AWS_REGION: 'ap-southeast-1' };

const accepted = (province: string, reportDate: string, receivedAt: string) => ({
  version: '0', id: `e-${province}-${receivedAt}`, source: 'bhxh.reports', 'detail-type': 'ReportAccepted',
  account: '123456789012', time: receivedAt, region: 'ap-southeast-1', resources: [],
  detail: { province, reportDate, receivedAt },
});

/** ReportAccepted events as the aggregation queue delivers them: one SQS batch. */
const sqs = (...events: unknown[]) => ({ Records: events.map((e, i) => sqsRecord(e, `m${i}`, 'aggregation')) });
type QueueResult = Awaited<ReturnType<typeof handler>> & { batchItemFailures: unknown[] };
const onQueue = async (...events: unknown[]): Promise<QueueResult> => await handler(sqs(...events)) as QueueResult;

let table: MemoryTable;
let ddb: ReturnType<MemoryTable['install']>;
const s3 = mockClient(S3Client);
let bucket: Map<string, { body: Uint8Array; contentType: string | undefined }>;
let failPuts = 0;

function installS3(): void {
  s3.reset();
  bucket = new Map();
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    if (failPuts > 0) { failPuts--; throw Object.assign(new Error('SlowDown'), { name: 'SlowDown' }); }
    const body = typeof input.Body === 'string' ? new TextEncoder().encode(input.Body) : input.Body as Uint8Array;
    bucket.set(input.Key!, { body, contentType: input.ContentType });
    return {};
  });
  s3.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const o = bucket.get(input.Key!);
    if (!o) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return { ContentLength: o.body.byteLength, Body: { transformToByteArray: async () => o.body } as never };
  });
}

/** The state adapter's UpdateItem calls (SET a = :x[, b = :y] with a condition), on the same table. */
function installUpdate(): void {
  ddb.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    const inputKey = input.Key!;
    const key = `${String(inputKey.pk)}\u0000${String(inputKey.sk)}`;
    const existing = (table as unknown as { items: Map<string, Record<string, unknown>> }).items.get(key);
    if (input.ConditionExpression && !evaluate(input.ConditionExpression, existing, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
      throw new ConditionalCheckFailed();
    }
    const item: Record<string, unknown> = { ...(existing ?? inputKey) };
    for (const assignment of String(input.UpdateExpression).replace(/^SET /, '').split(',')) {
      const [name, value] = assignment.split('=').map((s) => s.trim()) as [string, string];
      item[input.ExpressionAttributeNames?.[name] ?? name] = input.ExpressionAttributeValues?.[value] as unknown;
    }
    table.put(item);
    return {};
  });
}

const pkOf = (q: Record<string, unknown>) => String((q.ExpressionAttributeValues as Record<string, string>)[':pk']);
const json = (key: string) => parseSnapshotJson(new TextDecoder().decode(bucket.get(key)!.body));
const handler = makeHandler({ env });

beforeEach(() => {
  table = new MemoryTable();
  ddb = table.install();
  installUpdate();
  installS3();
  failPuts = 0;
});
afterAll(() => { ddb.restore(); s3.restore(); });

async function store(...reports: ReturnType<typeof report>[]): Promise<void> {
  const repo = new DynamoReportTable(testDocClient(), TABLE, CAMPAIGN_ID);
  for (const r of reports) await repo.putIfNewer(r);
}

describe('aggregator handler', () => {
  it('on ReportAccepted publishes the date and latest/, from one consistent Query, never a Scan', async () => {
    await store(report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'), report('27', '2023-12-15', '2023-12-15T03:00:00.000Z'));
    const repo = new DynamoReportTable(testDocClient(), TABLE, CAMPAIGN_ID);
    await repo.record(rejected('04', '2023-12-15', '2023-12-15T01:00:00.000Z'), { bucket: BUCKET, key: 'incoming/04/x.xlsx', size: 10, receivedAt: '2023-12-15T01:00:00.000Z', sequencer: '01' });
    table.calls.length = 0;

    const result = await onQueue(accepted('27', '2023-12-15', '2023-12-15T03:00:00.000Z'));
    expect(result.kind).toBe('report-accepted');
    expect(result.results[0]).toMatchObject({ date: '2023-12-15', outcome: 'published', latest: 'published', final: false });

    const keys = [...bucket.keys()].sort();
    expect(keys).toEqual([
      ...['csv', 'html', 'json', 'xlsx'].flatMap((e) => [`summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.${e}`, `summaries/latest/tong-hop-toan-quoc.${e}`]),
      ...['csv', 'json', 'xlsx'].flatMap((e) => [`summaries/2023-12-late-payment/2023-12-15/ket-qua.${e}`, `summaries/latest/ket-qua.${e}`]),
    ].sort());
    // The results beside the snapshot: the national line and the two reporting provinces ranked.
    const results = json('summaries/2023-12-late-payment/2023-12-15/ket-qua.json') as unknown as { date: string; national: { provinces: number }; provinces: { code: string; rank: number | null }[] };
    expect(results.date).toBe('2023-12-15');
    expect(results.national.provinces).toBe(2);
    expect(results.provinces.filter((p) => p.rank !== null).map((p) => p.code).sort()).toEqual(['01', '27']);
    const doc = json('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.json');
    expect(doc).toMatchObject({ date: '2023-12-15', final: false, generatedAt: '2023-12-15T03:00:00.000Z', counts: { expected: 63, onTime: 2, late: 0, missing: 61 } });
    expect(doc.provinces[2]).toMatchObject({ code: '04', status: 'rejected_only' });
    expect(json('summaries/latest/tong-hop-toan-quoc.json')).toEqual(doc);
    expect(bucket.get('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.csv')!.contentType).toBe('text/csv; charset=utf-8');

    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    const dateQueries = table.sent('Query').filter((q) => (q.ExpressionAttributeValues as Record<string, string>)[':pk'] === '2023-12-late-payment#REPORT#2023-12-15');
    expect(dateQueries).toHaveLength(1);
    expect(dateQueries[0]).toMatchObject({ ConsistentRead: true, KeyConditionExpression: 'pk = :pk' });
    // The trend: one Query for the earlier dates' stored totals; none has any yet (never rebuilt), so
    // each earlier date's reports are Queried instead (the fallback).
    expect(table.sent('Query').filter((q) => pkOf(q) === '2023-12-late-payment#TOTALS')).toHaveLength(1);
    expect(table.sent('Query').filter((q) => pkOf(q).startsWith('2023-12-late-payment#REPORT#'))).toHaveLength(5);
    expect(table.get('2023-12-late-payment#TOTALS', '2023-12-15')).toMatchObject({ reported: 2 });
    expect(table.get('2023-12-late-payment#SNAPSHOT#2023-12-15', 'STATE')).toMatchObject({ written: true, final: false, date: '2023-12-15' });
    expect(table.get('2023-12-late-payment#SNAPSHOT#latest', 'STATE')).toMatchObject({ written: true, date: '2023-12-15' });
  });

  it('reads the trend with one Query when every earlier date has stored totals, and the same trend', async () => {
    const dates = ['2023-12-11', '2023-12-12', '2023-12-13', '2023-12-14'];
    await store(...dates.flatMap((d, i) => ['01', '02', '04'].slice(0, 1 + (i % 3)).map((p) => report(p, d, `${d}T02:00:00.000Z`))));
    // The final snapshots of 11..14 Dec (18:35 on the 14th) store each date's totals.
    await handler({ kind: 'final-snapshot', time: '2023-12-14T11:35:00Z' });
    for (const d of dates) expect(table.get('2023-12-late-payment#TOTALS', d)).toMatchObject({ date: d, type: 'date-totals' });
    expect(table.get('2023-12-late-payment#TOTALS', '2023-12-13')).toMatchObject({ reported: 3 });
    // A late upload for the 12th: its rebuild refreshes the 12th's totals.
    await store(report('06', '2023-12-12', '2023-12-14T12:00:00.000Z', { late: true }));
    await onQueue(accepted('06', '2023-12-12', '2023-12-14T12:00:00.000Z'));
    expect(table.get('2023-12-late-payment#TOTALS', '2023-12-12')).toMatchObject({ reported: 3 });

    await store(report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    table.calls.length = 0;
    const result = await onQueue(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    expect(result.results[0]).toMatchObject({ date: '2023-12-15', outcome: 'published' });
    const queries = table.sent('Query').filter((q) => !q.IndexName);
    expect(queries.map(pkOf).sort()).toEqual(['2023-12-late-payment#REPORT#2023-12-15', '2023-12-late-payment#TOTALS']);
    expect(queries.find((q) => pkOf(q) === '2023-12-late-payment#TOTALS')).toMatchObject({ ConsistentRead: true, ExpressionAttributeValues: { ':date': '2023-12-15' } });

    // The same trend as Querying every date's reports.
    const reports = new DynamoReportTable(testDocClient(), TABLE, CAMPAIGN_ID);
    const base = { campaign: defaultCampaign(), reports, submissions: reports, files: { read: async () => ({ tooLarge: 0 }), write: async () => {} }, state: new DynamoSnapshotState(testDocClient(), TABLE, CAMPAIGN_ID) };
    const options = { final: false, at: new Date('2023-12-15T02:00:00.000Z') };
    const fromTotals = await loadSnapshot({ ...base, totals: new DynamoDateTotals(testDocClient(), TABLE, CAMPAIGN_ID) }, '2023-12-15', options);
    const fromReports = await loadSnapshot(base, '2023-12-15', options);
    expect(fromTotals.snapshot.trend).toEqual(fromReports.snapshot.trend);
    expect(fromReports.snapshot.trend.map((t) => t.reported)).toEqual([1, 3, 3, 1, 1]);
  });

  it('writes nothing when a repeated event finds the snapshot up to date', async () => {
    await store(report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    await onQueue(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    const puts = s3.commandCalls(PutObjectCommand).length;
    const again = await onQueue(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    expect(again.results[0]!.outcome).toBe('up-to-date');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(puts);
  });

  it('on the schedule publishes the final snapshot of each due date once, and counts each completed run', async () => {
    await store(report('01', '2023-12-11', '2023-12-11T02:00:00.000Z'));
    const counted = vi.spyOn(Metrics.prototype, 'addMetric');
    const first = await handler({ kind: 'final-snapshot', time: '2023-12-12T01:35:00Z' });
    expect(first).toMatchObject({ kind: 'final-snapshot' });
    expect(first.results.map((r) => [r.date, r.final])).toEqual([['2023-12-11', true]]);
    expect(json('summaries/latest/tong-hop-toan-quoc.json')).toMatchObject({ date: '2023-12-11', final: true, generatedAt: '2023-12-12T01:35:00.000Z' });
    expect((await handler({ kind: 'final-snapshot', time: '2023-12-12T01:35:00Z' })).results).toEqual([]);
    const evening = await handler({ kind: 'final-snapshot', time: '2023-12-12T11:35:00Z' });
    expect(evening.results.map((r) => r.date)).toEqual(['2023-12-12']);
    // The "no snapshot after a deadline" alarm's metric: one per completed run, nothing for ReportAccepted.
    await handler(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    expect(counted.mock.calls).toEqual(Array.from({ length: 3 }, () => [METRICS.finalSnapshotRunCompleted, 'Count', 1]));
    counted.mockRestore();
  });

  it('does not count a final-snapshot run that failed (Lambda retries it)', async () => {
    await store(report('01', '2023-12-11', '2023-12-11T02:00:00.000Z'));
    const counted = vi.spyOn(Metrics.prototype, 'addMetric');
    failPuts = 1;
    await expect(handler({ kind: 'final-snapshot', time: '2023-12-12T01:35:00Z' })).rejects.toThrow(/SlowDown/);
    expect(counted).not.toHaveBeenCalled();
    counted.mockRestore();
  });

  it('reports the message failed when S3 fails, and the retry publishes (the unfinished claim is redone)', async () => {
    await store(report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    failPuts = 1;
    expect((await onQueue(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'))).batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(table.get('2023-12-late-payment#SNAPSHOT#2023-12-15', 'STATE')).toMatchObject({ written: false });
    const retry = await onQueue(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    expect(retry.results[0]!.outcome).toBe('published');
    expect(json('summaries/latest/tong-hop-toan-quoc.json').counts.onTime).toBe(1);
  });

  it('drops events it does not understand, and dates outside the campaign, without retrying', async () => {
    expect(await handler({ hello: 'world' })).toEqual({ kind: 'ignored', results: [] });
    expect(await onQueue(accepted('01', '2024-01-02', '2024-01-02T02:00:00.000Z'))).toEqual({ kind: 'report-accepted', results: [], batchItemFailures: [] });
    // ReportAccepted comes only through the aggregation queue: delivered directly, it is not acted on.
    expect(await handler(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'))).toEqual({ kind: 'ignored', results: [] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('aggregator handler, fed by the aggregation queue', () => {

  it('rebuilds each date of a batch once, however many uploads it announces, at its newest event time', async () => {
    await store(
      report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'), report('27', '2023-12-15', '2023-12-15T03:00:00.000Z'),
      report('31', '2023-12-15', '2023-12-15T04:00:00.000Z'), report('01', '2023-12-14', '2023-12-14T02:00:00.000Z'),
    );
    const result = await handler(sqs(
      accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'), accepted('27', '2023-12-15', '2023-12-15T03:00:00.000Z'),
      accepted('31', '2023-12-15', '2023-12-15T04:00:00.000Z'), accepted('01', '2023-12-14', '2023-12-14T02:00:00.000Z'),
    )) as Awaited<ReturnType<typeof handler>> & { batchItemFailures: unknown[] };
    expect(result.batchItemFailures).toEqual([]);
    expect(result.results.map((r) => [r.date, r.outcome])).toEqual([['2023-12-15', 'published'], ['2023-12-14', 'published']]);
    const jsonPuts = s3.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Key === 'summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.json');
    expect(jsonPuts).toHaveLength(1);
    expect(json('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.json')).toMatchObject({ generatedAt: '2023-12-15T04:00:00.000Z', counts: { onTime: 3 } });
  });

  it('fails each malformed message alone, with one log line (to the DLQ, not dropped); the good ones are rebuilt', async () => {
    await store(report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    const errors = vi.spyOn(Logger.prototype, 'error');
    const good = accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z');
    const result = await handler({
      Records: [
        sqsRecord('not json', 'not-json', 'aggregation'),
        sqsRecord({ ...good, source: 'someone.else' }, 'other-source', 'aggregation'),
        sqsRecord({ ...good, detail: { ...good.detail, reportDate: '15/12/2023' } }, 'bad-date', 'aggregation'),
        sqsRecord({ ...good, time: 'yesterday' }, 'bad-time', 'aggregation'),
        { ...sqsRecord(good, 'no-attributes', 'aggregation'), attributes: undefined },
        sqsRecord(good, 'good', 'aggregation'),
      ],
    }) as Awaited<ReturnType<typeof handler>> & { batchItemFailures: Array<{ itemIdentifier: string }> };
    const malformed = ['not-json', 'other-source', 'bad-date', 'bad-time', 'no-attributes'];
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(malformed);
    expect(result.results.map((r) => [r.date, r.outcome])).toEqual([['2023-12-15', 'published']]);
    const logged = errors.mock.calls.filter(([message]) => message === 'Malformed queued event: not a ReportAccepted');
    expect(logged.map(([, a]) => (a as { messageId: string }).messageId)).toEqual(malformed);
    expect(JSON.stringify(logged[2]![1])).toContain('detail.reportDate');
    errors.mockRestore();
  });

  it('reports the messages of a date whose rebuild failed, so only they are retried', async () => {
    await store(report('01', '2023-12-15', '2023-12-15T02:00:00.000Z'));
    failPuts = 1;
    const result = await handler(sqs(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'), accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'))) as { batchItemFailures: unknown[] };
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }]);
  });
});

describe('decodeAggregatorEvent', () => {
  it('takes the instant from the event, never the clock', () => {
    expect(decodeAggregatorEvent(accepted('01', '2023-12-15', '2023-12-15T02:00:00.000Z'))).toEqual({
      kind: 'report-accepted', province: '01', reportDate: '2023-12-15', at: new Date('2023-12-15T02:00:00.000Z'),
    });
    expect(decodeAggregatorEvent({ kind: 'final-snapshot', time: '2023-12-15T11:35:00Z' })).toEqual({ kind: 'final-snapshot', at: new Date('2023-12-15T11:35:00Z') });
    expect(() => decodeAggregatorEvent({ source: 'other', 'detail-type': 'ReportAccepted', detail: {} })).toThrow(/Not a ReportAccepted/);
  });
});
