// The local router: stands in for what AWS puts between the services and the handlers.
// - S3 → SQS → parser: each s3rver object-created event under incoming/ becomes the SQS-wrapped S3
//   notification AWS would deliver (key URL-encoded as S3 does, a per-object sequencer), and the
//   parser handler is invoked with up to 5 of them (the event source's batch size); a message the
//   handler reports failed is received again (with backoff) up to the intake queue's receive count,
//   then parked in the dead-letter list.
// - EventBridge rule → aggregator, and the schedules → reminder/aggregator: asynchronous invokes,
//   retried like Lambda's async retries, then parked.
// The parser may run several invocations at once (`parserConcurrency`, as Lambda scales out on the
// queue); the aggregator and the reminder one at a time. Queued ReportAccepted events for a date that
// already has one waiting are folded into it, as the aggregation queue's batching window does on AWS:
// the waiting run reads every report of the date when it starts, so it covers them (a burst costs
// one rebuild, not one per upload).
// Nothing is dropped silently: every delivery ends handled or parked, and `idle()` tells when all is done.
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Context, S3EventRecord, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { decodeS3Key } from '../lambdas/parser/s3-event.ts';
import type { DeadLetter } from './dead-letters.ts';

/** The S3 event notification's URL encoding of a key (as S3 does it: form encoding, "/" kept). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** Messages per parser invocation (the SQS event source's batchSize in the CDK stack). */
export const PARSER_BATCH_SIZE = 5;

/** The object metadata key by which an upload may claim its receive instant (local test/demo stacks only). */
export const RECEIVED_AT_METADATA = 'bhxh-received-at';

export type LocalFunctionName = 'parser' | 'aggregator' | 'reminder' | 'mailIntake';

export interface LocalHandlers {
  parser: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  aggregator: (event: unknown, context: Context) => Promise<unknown>;
  reminder: (event: unknown, context: Context) => Promise<unknown>;
  mailIntake: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
}

export interface RetryPolicy {
  /** Deliveries in all (the intake queue's maxReceiveCount; 1 + Lambda's async retries). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RouterOptions {
  bucket: string;
  region: string;
  /** Resolved lazily, so the handler modules load after the environment is set. */
  handlers: () => Promise<LocalHandlers>;
  /** Where failures end up after their last attempt. */
  park: (letter: DeadLetter) => Promise<void>;
  /** When given, an upload's metadata may set its eventTime (x-amz-meta-bhxh-received-at). Local only. */
  objectMetadata?: (bucket: string, key: string) => Promise<Record<string, string> | undefined>;
  intakeRetry?: Partial<RetryPolicy>;
  asyncRetry?: Partial<RetryPolicy>;
  /** Parser invocations running at once (default 1). */
  parserConcurrency?: number;
}

/** What the router reports for each delivery, for the console and the tests. */
export interface Activity {
  fn: LocalFunctionName;
  subject: string;
  attempt: number;
  ok: boolean;
  /** Set when this was the last attempt and the event is parked. */
  parked?: boolean;
  /** Folded into a ReportAccepted delivery for the same date that was already waiting. */
  coalesced?: boolean;
  error?: string;
  /** The intake message (parser only): which upload it announced. */
  upload?: { key: string; sequencer: string; receivedAt: string };
}

interface Job {
  fn: LocalFunctionName;
  subject: string;
  event: unknown;
  attempt: number;
  upload?: Activity['upload'];
}

/** The report date of a queued ReportAccepted delivery to the aggregator, else undefined. */
function reportAcceptedDate(job: Job): string | undefined {
  if (job.fn !== 'aggregator') return undefined;
  const event = job.event as { 'detail-type'?: string; detail?: { reportDate?: unknown } };
  return event['detail-type'] === 'ReportAccepted' && typeof event.detail?.reportDate === 'string' ? event.detail.reportDate : undefined;
}

/** The shape of what s3rver emits: S3 notification records, keys not encoded. */
export interface EmulatorS3Event {
  Records: S3EventRecord[];
}

function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string; recordErrors?: unknown[] };
  // The batch utility wraps the record's own error: show that one.
  if (Array.isArray(e?.recordErrors) && e.recordErrors.length > 0) return errorText(e.recordErrors[0]);
  return e?.message ? `${e.name ?? 'Error'}: ${e.message}` : String(error);
}

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 5 * 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export class LocalRouter extends EventEmitter<{ activity: [Activity] }> {
  private readonly queues: Record<LocalFunctionName, Job[]> = { parser: [], aggregator: [], reminder: [], mailIntake: [] };
  private readonly running: Record<LocalFunctionName, number> = { parser: 0, aggregator: 0, reminder: 0, mailIntake: 0 };
  private readonly limits: Record<LocalFunctionName, number>;
  private readonly intakeRetry: RetryPolicy;
  private readonly asyncRetry: RetryPolicy;
  /** Deliveries accepted but not finished (queued, running, waiting to retry, looking up metadata). */
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private lastSequencerMs = 0;
  private sequencerCount = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Every intake message delivered so far (the tests replay one to check idempotency). */
  readonly intakeMessages: SQSRecord[] = [];

  constructor(private readonly options: RouterOptions) {
    super();
    this.limits = { parser: Math.max(1, options.parserConcurrency ?? 1), aggregator: 1, reminder: 1, mailIntake: 1 };
    this.intakeRetry = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, ...options.intakeRetry };
    this.asyncRetry = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 30_000, ...options.asyncRetry };
  }

  /** A sequencer per event that only grows, also across restarts (time-based), and within one millisecond. */
  nextSequencer(): string {
    const now = Date.now();
    if (now > this.lastSequencerMs) {
      this.lastSequencerMs = now;
      this.sequencerCount = 0;
    } else {
      this.sequencerCount++;
    }
    return (BigInt(this.lastSequencerMs) * 65536n + BigInt(this.sequencerCount)).toString(16).toUpperCase().padStart(16, '0');
  }

  /** s3rver's 'event' listener: uploads under incoming/ go to the intake queue, like the bucket notification. */
  onEmulatorEvent(event: EmulatorS3Event): void {
    for (const record of event.Records ?? []) {
      if (!record.eventName?.startsWith('ObjectCreated:')) continue;
      if (record.s3.bucket.name !== this.options.bucket || !record.s3.object.key.startsWith('incoming/')) continue;
      this.track(this.toIntakeMessage(record).then(
        (message) => this.deliverIntakeMessage(message),
        (error: unknown) => {
          this.emit('activity', { fn: 'parser', subject: record.s3.object.key, attempt: 0, ok: false, error: errorText(error) });
        },
      ));
    }
  }

  /** The S3 notification AWS would put on the queue for this emulator record. */
  async toIntakeMessage(record: S3EventRecord): Promise<SQSRecord> {
    const { key } = record.s3.object;
    let eventTime = record.eventTime;
    if (this.options.objectMetadata) {
      const claimed = (await this.options.objectMetadata(record.s3.bucket.name, key))?.[RECEIVED_AT_METADATA];
      if (claimed && !Number.isNaN(Date.parse(claimed))) eventTime = new Date(claimed).toISOString();
    }
    const s3Record: S3EventRecord = {
      ...record,
      awsRegion: this.options.region,
      eventTime,
      s3: {
        ...record.s3,
        bucket: { ...record.s3.bucket, arn: `arn:aws:s3:::${record.s3.bucket.name}` },
        object: { ...record.s3.object, key: encodeS3EventKey(key), sequencer: this.nextSequencer() },
      },
    };
    const body = JSON.stringify({ Records: [s3Record] });
    const sent = String(Date.now());
    return {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: sent,
        SenderId: 'AIDAS3NOTIFICATIONS',
        ApproximateFirstReceiveTimestamp: sent,
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${this.options.region}:000000000000:bhxh-intake`,
      awsRegion: this.options.region,
    };
  }

  /** Puts one intake message on the queue (also: the same message again, as SQS may redeliver it). */
  deliverIntakeMessage(message: SQSRecord): void {
    const record = (JSON.parse(message.body) as EmulatorS3Event).Records[0]!;
    this.intakeMessages.push(message);
    this.enqueue({
      fn: 'parser',
      subject: decodeS3Key(record.s3.object.key),
      event: message,
      attempt: 0,
      upload: { key: record.s3.object.key, sequencer: record.s3.object.sequencer, receivedAt: record.eventTime },
    });
  }

  /** A received mail's notification on the mail queue (SES → SNS → SQS on AWS), for mail-intake. */
  deliverMailMessage(message: SQSRecord, subject: string): void {
    this.enqueue({ fn: 'mailIntake', subject, event: message, attempt: 0 });
  }

  /** An EventBridge rule's target or a schedule: an asynchronous invoke. */
  invokeAsync(fn: 'aggregator' | 'reminder', event: unknown, subject: string): void {
    this.enqueue({ fn, subject, event, attempt: 0 });
  }

  /** Resolves when every delivery made so far (and what it caused) has been handled or parked. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retrying (pending retries are dropped with the process, as on Ctrl-C) and waits for running handlers. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.pending -= this.timers.size;
    this.timers.clear();
    for (const fn of Object.keys(this.queues) as LocalFunctionName[]) {
      this.pending -= this.queues[fn].length;
      this.queues[fn] = [];
    }
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (Object.values(this.running).every((n) => n === 0)) resolve();
        else setTimeout(check, 20);
      };
      check();
    });
  }

  private track(work: Promise<void>): void {
    this.pending++;
    void work.finally(() => this.done());
  }

  private done(): void {
    this.pending--;
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private enqueue(job: Job): void {
    if (this.closed) return;
    const coalesceKey = reportAcceptedDate(job);
    if (coalesceKey && job.attempt === 0
      && this.queues.aggregator.some((queued) => queued.attempt === 0 && reportAcceptedDate(queued) === coalesceKey)) {
      this.emit('activity', { fn: job.fn, subject: job.subject, attempt: 0, ok: true, coalesced: true });
      return;
    }
    this.pending++;
    this.queues[job.fn].push(job);
    this.pump(job.fn);
  }

  private pump(fn: LocalFunctionName): void {
    while (this.running[fn] < this.limits[fn] && this.queues[fn].length > 0) {
      // The intake queue delivers up to a batch of messages per invocation; the others one event.
      const batch = this.queues[fn].splice(0, fn === 'parser' ? PARSER_BATCH_SIZE : 1);
      this.running[fn]++;
      void this.run(fn, batch).finally(() => {
        this.running[fn]--;
        for (let i = 0; i < batch.length; i++) this.done();
        this.pump(fn);
      });
    }
  }

  private async run(fn: LocalFunctionName, batch: Job[]): Promise<void> {
    const failures = new Map<Job, string>();
    try {
      const handlers = await this.options.handlers();
      if (fn === 'parser' || fn === 'mailIntake') {
        const records = batch.map((job) => {
          const message = job.event as SQSRecord;
          return { ...message, attributes: { ...message.attributes, ApproximateReceiveCount: String(job.attempt + 1) } };
        });
        const response = await handlers[fn]({ Records: records }, lambdaContext(fn));
        const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        for (const job of batch) {
          if (failed.has((job.event as SQSRecord).messageId)) failures.set(job, 'the handler reported the message as failed (its log: npm start -- --verbose)');
        }
      } else {
        await handlers[fn](batch[0]!.event, lambdaContext(fn));
      }
    } catch (caught) {
      for (const job of batch) failures.set(job, errorText(caught));
    }
    for (const job of batch) await this.settle(job, failures.get(job));
  }

  /** After a delivery: report it, and on failure schedule the next attempt or park the event. */
  private async settle(job: Job, error: string | undefined): Promise<void> {
    const attempt = job.attempt + 1;
    const policy = job.fn === 'parser' || job.fn === 'mailIntake' ? this.intakeRetry : this.asyncRetry;
    const base = { fn: job.fn, subject: job.subject, attempt, ...(job.upload ? { upload: job.upload } : {}) };
    if (error === undefined) {
      this.emit('activity', { ...base, ok: true });
      return;
    }
    if (attempt < policy.attempts && !this.closed) {
      this.emit('activity', { ...base, ok: false, error });
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      this.pending++;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.pending--;
        this.enqueue({ ...job, attempt });
      }, delay);
      this.timers.add(timer);
      return;
    }
    try {
      await this.options.park({
        parkedAt: new Date().toISOString(), function: job.fn, attempts: attempt, error, subject: job.subject, event: job.event,
      });
    } finally {
      this.emit('activity', { ...base, ok: false, parked: true, error });
    }
  }
}
