// The local stack's seams, without emulators: the intake messages (S3's key encoding, versions,
// sequencers), the durable queue's batches, retries, dead letters and crash survival, the PutEvents
// endpoint (spoken to by the real EventBridge client), and the schedules shared with the CDK stack.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeS3Key, encodeS3EventKey, uploadsFromMessageBody } from '../../shared/events/s3-notification.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { parkDeadLetter, readDeadLetters } from '../../shared/local-stack/dead-letters.ts';
import { startEventBus, type BusEvent, type LocalEventBus } from '../../local/event-bus.ts';
import { DurableQueue, type QueueOptions } from '../../local/durable-queue.ts';
import { s3NotificationBody, Sequencer, sqsRecord, type CreatedObject } from '../../local/intake-message.ts';
import { campaignSchedules, scheduledEvent } from '../../shared/config/delivery.ts';
import { describeSchedules } from '../../local/scheduler.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('encodeS3EventKey', () => {
  it.each([
    ['incoming/27/Báo cáo ngày 15.xlsx', 'incoming/27/B%C3%A1o+c%C3%A1o+ng%C3%A0y+15.xlsx'],
    ['incoming/01/a+b (1).xlsx', 'incoming/01/a%2Bb+%281%29.xlsx'],
    ['incoming/40/Thừa Thiên Huế!~\'*.csv', 'incoming/40/Th%E1%BB%ABa+Thi%C3%AAn+Hu%E1%BA%BF%21%7E%27*.csv'],
  ])('encodes %s as S3 does, and the parser decodes it back', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
    expect(decodeS3Key(encodeS3EventKey(key))).toBe(key);
  });
});

const created = (key: string, versionId = 'v1'): CreatedObject => ({
  bucket: 'b', key, size: 10, eTag: 'e', versionId, eventTime: '2023-12-15T03:00:00.000Z', eventName: 'ObjectCreated:Put',
});

describe('intake messages', () => {
  it('announce an upload as the S3 notification the parser decodes: key encoded, version, sequencer', () => {
    const body = s3NotificationBody(created('incoming/27/Báo cáo.xlsx', 'abc123'), 'us-east-1', '00000000000000A1');
    expect(body).toContain('incoming/27/B%C3%A1o+c%C3%A1o.xlsx');
    expect(uploadsFromMessageBody(body)).toEqual([{
      bucket: 'b', key: 'incoming/27/Báo cáo.xlsx', versionId: 'abc123', size: 10, receivedAt: '2023-12-15T03:00:00.000Z', sequencer: '00000000000000A1',
    }]);
    const record = sqsRecord({ messageId: 'm', body, sentTimestamp: 1, receiveCount: 2 }, 'intake', 'us-east-1');
    expect(record).toMatchObject({ eventSource: 'aws:sqs', messageId: 'm', attributes: { ApproximateReceiveCount: '2' } });
  });

  it('give each event its own sequencer, growing even within one millisecond', () => {
    const sequencer = new Sequencer();
    const sequencers = Array.from({ length: 50 }, () => sequencer.next());
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(50);
  });
});

describe('DurableQueue', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'bhxh-queue-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  type Consume = QueueOptions['consume'];
  const queueWith = (consume: Consume, parked: Array<{ body: string; error: string; receives: number }> = [], settings: Partial<QueueOptions> = {}): DurableQueue => {
    const queue = new DurableQueue({
      name: 'q', dir, batchSize: 5, batchingWindowMs: 0, maxReceiveCount: 3, concurrency: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 2,
      consume, park: async (m, error) => { parked.push({ body: m.body, error, receives: m.receiveCount }); }, ...settings,
    });
    queue.start();
    return queue;
  };

  it('receives a failing message again, then parks it with the error, and removes it from disk', async () => {
    const parked: Array<{ body: string; error: string; receives: number }> = [];
    const receives: number[] = [];
    const queue = queueWith(async (batch) => {
      receives.push(batch[0]!.receiveCount);
      return new Map([[batch[0]!.messageId, 'TypeError: boom']]);
    }, parked);
    queue.send('hello');
    await queue.idle();
    expect(receives).toEqual([1, 2, 3]);
    expect(parked).toEqual([{ body: 'hello', error: 'TypeError: boom', receives: 3 }]);
    expect(queue.stored()).toEqual([]);
  });

  it('delivers in batches, and receives again only the messages the consumer failed', async () => {
    const batches: string[][] = [];
    const queue = queueWith(async (batch) => {
      batches.push(batch.map((m) => m.body));
      return new Map(batch.filter((m) => m.body === 'bad').map((m) => [m.messageId, 'failed']));
    }, [], { maxReceiveCount: 5 });
    for (const body of ['a', 'bad', 'c', 'd', 'e', 'f']) queue.send(body);
    await queue.idle();
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
    const count = (body: string) => batches.flat().filter((b) => b === body).length;
    expect([count('a'), count('bad'), count('c')]).toEqual([1, 5, 1]);
  });

  it('gathers messages for the batching window before invoking with a partial batch', async () => {
    const batches: number[] = [];
    const queue = queueWith(async (batch) => { batches.push(batch.length); return new Map(); }, [], { batchSize: 100, batchingWindowMs: 30 });
    for (let i = 0; i < 7; i++) queue.send(String(i));
    await queue.idle();
    expect(batches).toEqual([7]);
  });

  it('runs up to its concurrency at once', async () => {
    let running = 0;
    let most = 0;
    const queue = queueWith(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return new Map();
    }, [], { batchSize: 1, concurrency: 3 });
    for (let i = 0; i < 12; i++) queue.send(String(i));
    await queue.idle();
    expect(most).toBe(3);
  });

  it('keeps what was not handled on disk: a new queue on the same folder delivers it, receive count kept', async () => {
    let release!: () => void;
    const first = queueWith(() => new Promise((resolve) => { release = () => resolve(new Map()); }));
    first.send('one');
    first.send('two');
    await new Promise((r) => setTimeout(r, 20));
    // As after a crash mid-delivery: the process goes, the files stay.
    const stored = first.stored();
    // 'one' is being handled (received once); 'two' waits its turn (never received).
    expect(stored.map((m) => [m.body, m.receiveCount])).toEqual([['one', 1], ['two', 0]]);

    const seen: Array<[string, number]> = [];
    const second = queueWith(async (batch) => { for (const m of batch) seen.push([m.body, m.receiveCount]); return new Map(); });
    await second.idle();
    expect(seen).toEqual([['one', 2], ['two', 1]]);
    expect(second.stored()).toEqual([]);
    release();
    await first.close();
  });
});

describe('local event bus (PutEvents)', () => {
  let bus: LocalEventBus;
  const delivered: BusEvent[] = [];
  const unmatched: BusEvent[] = [];
  beforeAll(async () => {
    bus = await startEventBus({
      host: '127.0.0.1', port: 0, region: 'us-east-1',
      rules: [{ name: 'r', source: ['bhxh.reports'], detailType: ['ReportAccepted'], target: (e) => delivered.push(e) }],
      onUnmatched: (e) => unmatched.push(e),
    });
  });
  afterAll(async () => { await bus.close(); });
  const client = () => new EventBridgeClient({ endpoint: bus.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

  it('delivers what the parser\'s EventBridgePublisher puts, as EventBridge would to the rule\'s target', async () => {
    await new EventBridgePublisher(client(), 'default').reportAccepted({ province: '27', reportDate: '2023-12-15', receivedAt: '2023-12-15T03:04:05.678Z' });
    expect(delivered).toEqual([expect.objectContaining({
      source: 'bhxh.reports', 'detail-type': 'ReportAccepted', time: '2023-12-15T03:04:05Z',
      detail: { province: '27', reportDate: '2023-12-15', receivedAt: '2023-12-15T03:04:05.678Z' },
    })]);
  });

  it('reports a malformed entry as a failed entry, and leaves unmatched events to no target', async () => {
    const out = await client().send(new PutEventsCommand({ Entries: [
      { Source: 'bhxh.reports', DetailType: 'ReportAccepted', Detail: '{not json' },
      { Source: 'other', DetailType: 'Other', Detail: '{}' },
    ] }));
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0]?.ErrorCode).toBe('MalformedDetail');
    expect(unmatched.map((e) => e.source)).toEqual(['other']);
  });

  it('refuses other operations', async () => {
    const response = await fetch(bus.url, { method: 'POST', headers: { 'x-amz-target': 'AWSEvents.ListRules' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });
});

describe('schedules and dead letters', () => {
  it('plays the CDK stack\'s schedules with its payloads', () => {
    const campaign = defaultCampaign();
    const entries = campaignSchedules(campaign);
    expect(entries.filter((e) => e.target === 'aggregator').map((e) => e.at)).toEqual(['08:35', '18:35']);
    expect(entries.find((e) => e.target === 'reminder')).toMatchObject({ at: '18:30', kind: 'deadline' });
    expect(scheduledEvent('deadline', new Date('2023-12-15T11:30:27.500Z'))).toEqual({ kind: 'deadline', time: '2023-12-15T11:30:00Z' });
  });

  it('shows the next runs in the campaign\'s zone, as the schedules are written (npm start\'s banner)', () => {
    const [reminder, final] = campaignSchedules(defaultCampaign()).filter((e) => e.at === '18:30' || e.at === '18:35');
    expect(describeSchedules([{ entry: reminder!, at: new Date('2026-12-05T11:30:00Z') }, { entry: final!, at: null }], 'Asia/Ho_Chi_Minh'))
      .toBe('18:30 deadline (next 18:30 05/12/2026); 18:35 final-snapshot (next never)');
  });

  it('keeps parked failures in a file that survives the process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bhxh-dlq-'));
    try {
      expect(await readDeadLetters(dir)).toEqual([]);
      await parkDeadLetter(dir, { parkedAt: 't', function: 'parser', attempts: 5, error: 'E', subject: 'k', event: { a: 1 } });
      expect(await readDeadLetters(dir)).toEqual([{ parkedAt: 't', function: 'parser', attempts: 5, error: 'E', subject: 'k', event: { a: 1 } }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
