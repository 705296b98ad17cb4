// The local stack's seams, without emulators: S3's key encoding in event notifications, the router's
// retries and dead letters, the PutEvents endpoint (spoken to by the real EventBridge client), and
// the schedules matching the CDK stack's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { S3EventRecord, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeS3Key, uploadsFromMessageBody } from '../../lambdas/parser/s3-event.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { parkDeadLetter, readDeadLetters } from '../../local/dead-letters.ts';
import { startEventBus, type BusEvent, type LocalEventBus } from '../../local/event-bus.ts';
import { LocalRouter, encodeS3EventKey, type Activity, type LocalHandlers } from '../../local/router.ts';
import { campaignSchedules, scheduledEvent } from '../../local/scheduler.ts';

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

const record = (key: string): S3EventRecord => ({
  eventVersion: '2.0', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2023-12-15T03:00:00.000Z',
  eventName: 'ObjectCreated:Put', userIdentity: { principalId: 'x' }, requestParameters: { sourceIPAddress: '127.0.0.1' },
  responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
  s3: {
    s3SchemaVersion: '1.0', configurationId: 'c',
    bucket: { name: 'b', ownerIdentity: { principalId: 'o' }, arn: 'arn:aws:s3: : :b' },
    object: { key, size: 10, eTag: 'e', sequencer: '1' },
  },
});

function routerWith(handlers: Partial<LocalHandlers>, parked: unknown[], metadata?: Record<string, string>): { router: LocalRouter; activity: Activity[] } {
  const noop = async () => undefined;
  const router = new LocalRouter({
    bucket: 'b',
    region: 'us-east-1',
    handlers: async () => ({ parser: noop, aggregator: noop, reminder: noop, mailIntake: noop, ...handlers }),
    park: async (letter) => { parked.push(letter); },
    ...(metadata ? { objectMetadata: async () => metadata } : {}),
    intakeRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    asyncRetry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
  const activity: Activity[] = [];
  router.on('activity', (a) => activity.push(a));
  return { router, activity };
}

describe('LocalRouter', () => {
  it('delivers an upload under incoming/ as the SQS-wrapped S3 event the parser decodes', async () => {
    const events: SQSEvent[] = [];
    const { router } = routerWith({ parser: async (event) => { events.push(event); return { batchItemFailures: [] }; } }, []);
    router.onEmulatorEvent({ Records: [record('incoming/27/Báo cáo.xlsx'), record('summaries/latest/x.json')] });
    await router.idle();

    expect(events).toHaveLength(1);
    const message = events[0]!.Records[0]!;
    expect(message).toMatchObject({ eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } });
    expect(message.body).toContain('incoming/27/B%C3%A1o+c%C3%A1o.xlsx');
    expect(uploadsFromMessageBody(message.body)).toEqual([
      expect.objectContaining({ bucket: 'b', key: 'incoming/27/Báo cáo.xlsx', receivedAt: '2023-12-15T03:00:00.000Z' }),
    ]);
  });

  it('gives each event its own sequencer, growing even within one millisecond', () => {
    const { router } = routerWith({}, []);
    const sequencers = Array.from({ length: 50 }, () => router.nextSequencer());
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(50);
  });

  it('takes the eventTime from x-amz-meta-bhxh-received-at only when the stack allows it', async () => {
    const { router } = routerWith({}, [], { 'bhxh-received-at': '2023-12-15T19:00:00+07:00' });
    const message = await router.toIntakeMessage(record('incoming/27/a.xlsx'));
    expect(uploadsFromMessageBody(message.body)[0]!.receivedAt).toBe('2023-12-15T12:00:00.000Z');
    const { router: strict } = routerWith({}, []);
    expect(uploadsFromMessageBody((await strict.toIntakeMessage(record('incoming/27/a.xlsx'))).body)[0]!.receivedAt).toBe('2023-12-15T03:00:00.000Z');
  });

  it('receives a failing message again, then parks it with the handler\'s own error', async () => {
    const parked: Array<{ function: string; attempts: number; error: string; subject: string }> = [];
    let calls = 0;
    const { router, activity } = routerWith({
      parser: async (event) => {
        calls++;
        expect(event.Records[0]!.attributes.ApproximateReceiveCount).toBe(String(calls));
        return { batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }] };
      },
      aggregator: async () => { throw new TypeError('boom'); },
    }, parked);
    router.onEmulatorEvent({ Records: [record('incoming/27/a.xlsx')] });
    router.invokeAsync('aggregator', { kind: 'final-snapshot' }, 'final-snapshot');
    await router.idle();

    expect(calls).toBe(3);
    expect(parked).toEqual(expect.arrayContaining([
      expect.objectContaining({ function: 'parser', attempts: 3, subject: 'incoming/27/a.xlsx' }),
      expect.objectContaining({ function: 'aggregator', attempts: 2, error: 'TypeError: boom' }),
    ]));
    expect(activity.filter((a) => a.parked)).toHaveLength(2);
  });

  it('delivers queued uploads in batches, and receives again only the messages the handler failed', async () => {
    const batches: string[][] = [];
    const { router } = routerWith({
      parser: async (event) => {
        batches.push(event.Records.map((r) => uploadsFromMessageBody(r.body)[0]!.key));
        const bad = event.Records.filter((r) => r.body.includes('bad.xlsx'));
        return { batchItemFailures: bad.slice(0, 1).map((r) => ({ itemIdentifier: r.messageId })) };
      },
    }, []);
    router.onEmulatorEvent({ Records: ['a', 'bad', 'c'].map((n) => record(`incoming/27/${n}.xlsx`)) });
    await router.idle();
    // Messages that arrive while an invocation runs go together in the next one (as SQS batches).
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
    const deliveries = (name: string) => batches.flat().filter((k) => k === `incoming/27/${name}.xlsx`).length;
    expect([deliveries('a'), deliveries('bad'), deliveries('c')]).toEqual([1, 3, 1]);
  });

  it('folds queued ReportAccepted events of one date into the rebuild already waiting, never one still running', async () => {
    const seen: unknown[] = [];
    const { router, activity } = routerWith({ aggregator: async (event) => { seen.push(event); await new Promise((r) => setImmediate(r)); } }, []);
    const accepted = (province: string, reportDate: string) => ({ 'detail-type': 'ReportAccepted', detail: { province, reportDate } });
    router.invokeAsync('aggregator', accepted('01', '2023-12-15'), 'a'); // starts at once
    router.invokeAsync('aggregator', accepted('02', '2023-12-15'), 'b'); // waits
    router.invokeAsync('aggregator', accepted('03', '2023-12-15'), 'c'); // folded into b
    router.invokeAsync('aggregator', accepted('04', '2023-12-14'), 'd'); // another date: waits
    router.invokeAsync('aggregator', { kind: 'final-snapshot', time: '2023-12-15T11:35:00Z' }, 'e'); // never folded
    await router.idle();
    expect(seen).toEqual([accepted('01', '2023-12-15'), accepted('02', '2023-12-15'), accepted('04', '2023-12-14'), { kind: 'final-snapshot', time: '2023-12-15T11:35:00Z' }]);
    expect(activity.filter((a) => a.coalesced).map((a) => a.subject)).toEqual(['c']);
  });

  it('runs the aggregator and the reminder one invocation at a time, the parser up to its concurrency', async () => {
    let running = 0;
    let most = 0;
    let parserRunning = 0;
    let parserMost = 0;
    const { router } = routerWith({
      aggregator: async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setImmediate(r));
        running--;
      },
      parser: async () => {
        parserMost = Math.max(parserMost, ++parserRunning);
        await new Promise((r) => setImmediate(r));
        parserRunning--;
        return { batchItemFailures: [] };
      },
    }, []);
    for (let i = 0; i < 5; i++) router.invokeAsync('aggregator', { i }, `event ${i}`);
    for (let i = 0; i < 12; i++) router.onEmulatorEvent({ Records: [record(`incoming/27/${i}.xlsx`)] });
    await router.idle();
    expect(most).toBe(1);
    expect(parserMost).toBe(1);
  });

  it('runs several parser invocations at once when allowed', async () => {
    let running = 0;
    let most = 0;
    const router = new LocalRouter({
      bucket: 'b', region: 'us-east-1', parserConcurrency: 3, park: async () => {},
      handlers: async () => ({
        aggregator: async () => undefined, reminder: async () => undefined, mailIntake: async () => undefined,
        parser: async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          return { batchItemFailures: [] };
        },
      }),
    });
    for (let i = 0; i < 30; i++) router.onEmulatorEvent({ Records: [record(`incoming/27/${i}.xlsx`)] });
    await router.idle();
    expect(most).toBe(3);
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
    expect(entries.find((e) => e.target === 'reminder')).toMatchObject({ at: '18:30', kind: 'deadline-reminder' });
    expect(scheduledEvent('deadline-reminder', new Date('2023-12-15T11:30:27.500Z'))).toEqual({ kind: 'deadline-reminder', time: '2023-12-15T11:30:00Z' });
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
