// The embedded local stack: the emulators (local/emulators: S3, DynamoDB, SES), a minimal
// EventBridge PutEvents endpoint, the queues AWS puts between the services (kept on disk:
// local/durable-queue.ts), the scheduler, and the very handler modules deployed to Lambda, run in
// this process with their environment passed in (local/functions.ts).
//   S3 upload under incoming/ → version kept + intake message stored → (ack) → parser, in batches
//   parser → PutEvents ReportAccepted → aggregation queue → aggregator, in batches (batching window)
//   schedules → the function's asynchronous event queue → reminder / aggregator
// Used by `npm start` (local/start.ts), the end-to-end tests (test/e2e) and the benchmarks.
import { mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { dynamoDocumentClient, s3Client } from '../shared/adapters/clients.ts';
import { INCOMING_PREFIX, REPORT_ACCEPTED, REPORT_EVENT_SOURCE, MAIL_LINK_ENV } from '../shared/contract.ts';
import { currentCampaign } from '../shared/config/campaign.ts';
import { AGGREGATION_FEED, ASYNC_RETRY_ATTEMPTS, INTAKE_FEED, type ScheduledEvent, type ScheduledTarget } from '../shared/config/delivery.ts';
import { EXAMPLE_SENDER } from '../shared/config/example-contacts.ts';
import { announcedUpload, describeActivity, subjectOf, type Activity } from './activity.ts';
import { DEAD_LETTER_FILE, parkDeadLetter, readDeadLetters } from '../shared/local-stack/dead-letters.ts';
import { LOCAL_DEFAULTS, localStackEnv } from '../shared/local-stack/defaults.ts';
import { DurableQueue, type QueuedMessage, type QueueSettings } from './durable-queue.ts';
import { startDynamoEmulator } from './emulators/dynamodb.ts';
import { closeServer } from './emulators/listen.ts';
import { startS3Emulator } from './emulators/s3.ts';
import { startSesEmulator } from './emulators/ses.ts';
import { startEventBus } from './event-bus.ts';
import { invokeAsync, invokeWithBatch, localHandlers, type LocalFunctionName } from './functions.ts';
import { Sequencer, s3NotificationBody, sqsRecord } from './intake-message.ts';
import { ObjectVersions } from './object-versions.ts';
import { CAMPAIGNS_RUN_FILE, reconcileIncoming, recordCampaignRun } from './reconcile.ts';
import { startScheduler, type LocalScheduler } from './scheduler.ts';
import { LOCAL_SERVERS } from './servers.ts';

export { LOCAL_DEFAULTS };
export type { Activity };

/** What lives under the data folder (all of it emptied by --clean). */
export const DATA_PARTS = ['s3', 'dynamodb', 'ses', 'queues', 'versions', DEAD_LETTER_FILE, CAMPAIGNS_RUN_FILE] as const;

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface LocalStackOptions {
  host?: string;
  /** 0 picks a free port (the tests). */
  s3Port?: number;
  dynamodbPort?: number;
  sesPort?: number;
  eventsPort?: number;
  /** Ports of the added servers (local/servers.ts), by name. */
  ports?: Record<string, number>;
  dataDir?: string;
  /** Start empty: deletes what earlier runs kept under the data directory. */
  clean?: boolean;
  bucket?: string;
  table?: string;
  region?: string;
  /**
   * LOCAL-ONLY affordance for the demo and the tests: an upload carrying the object metadata
   * `x-amz-meta-bhxh-received-at: <ISO-8601>` is delivered with that eventTime, to play uploads at
   * chosen instants (e.g. late ones). Real S3 has nothing like it; `npm start` leaves it off.
   */
  allowReceivedAtOverride?: boolean;
  /** The campaign file every handler runs (sets BHXH_CAMPAIGN_FILE); default: the environment's, else the bundled one. */
  campaignFile?: string;
  /** Play the campaign's schedules on the wall clock (default true). */
  schedules?: boolean;
  /** Load the example contacts when the table has none (default true). */
  exampleContacts?: boolean;
  /** Powertools log level of the handlers (default WARN). */
  handlerLogLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Parser invocations at once (default 4: Lambda scales out on the intake queue). */
  parserConcurrency?: number;
  /** The aggregation queue's batching window (default the CDK stack's; the tests shorten it). */
  aggregationWindowMs?: number;
  /** Backoff of a failed message before it is received again (queues) or retried (schedules). */
  intakeRetry?: Partial<RetryPolicy>;
  asyncRetry?: Partial<RetryPolicy>;
  /** One line per delivery (handled, retried, parked), for the console. */
  onActivity?: (line: string, activity: Activity) => void;
  /** Operational messages of the stack itself (refused requests, emulator errors, reconciliation). */
  onLog?: (line: string) => void;
}

export interface LocalStack {
  endpoints: { s3: string; dynamodb: string; ses: string; events: string };
  /** The added servers' addresses, by name. */
  servers: Record<string, string>;
  /** Whether the local-only received-at override is on (the demo and the tests' stacks). */
  allowReceivedAtOverride: boolean;
  /** The mail page of the SES emulator; its JSON is at `${mailPage}store`. */
  mailPage: string;
  bucket: string;
  table: string;
  region: string;
  dataDir: string;
  /** The variables a shell (or the CLI) needs to talk to this stack. */
  env: Record<string, string>;
  /** The handlers' environment (what the CDK stack sets on the Lambdas, pointed at the emulators). */
  handlerEnv: NodeJS.ProcessEnv;
  queues: Record<'intake' | 'aggregation' | 'reminder-events' | 'aggregator-events' | 'mail', DurableQueue>;
  /** The keys the reconciliation on start announced again. */
  reconciled: string[];
  scheduler: LocalScheduler | undefined;
  /** Runs one scheduled target now, as its schedule would at `time`. */
  fireSchedule(target: ScheduledTarget, event: ScheduledEvent): void;
  /** Puts a message on the intake queue as S3 would (the tests replay one to check idempotency). */
  deliverIntakeMessage(body: string): void;
  /** Resolves when every delivery so far, and what it caused, has been handled or parked. */
  idle(): Promise<void>;
  on(listener: (activity: Activity) => void): void;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? LOCAL_DEFAULTS.host;
  const bucket = options.bucket ?? LOCAL_DEFAULTS.bucket;
  const table = options.table ?? LOCAL_DEFAULTS.table;
  const region = options.region ?? LOCAL_DEFAULTS.region;
  const dataDir = resolve(options.dataDir ?? LOCAL_DEFAULTS.dataDir);
  if (options.campaignFile) process.env.BHXH_CAMPAIGN_FILE = resolve(options.campaignFile);
  const log = options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  const campaign = currentCampaign();
  const closers: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch(() => {});
    closers.length = 0;
  };

  if (options.clean) {
    for (const part of DATA_PARTS) await rm(join(dataDir, part), { recursive: true, force: true });
  }
  for (const part of ['s3', 'dynamodb', 'ses']) await mkdir(join(dataDir, part), { recursive: true });

  // The handlers' environment: filled in once the emulators listen, read when the handlers first run.
  const handlerEnv: NodeJS.ProcessEnv = {};
  const handlers = localHandlers(handlerEnv);
  const listeners: Array<(activity: Activity) => void> = [];

  const queueSettings = (feed: { batchSize: number; maxReceiveCount: number }, extra: Partial<QueueSettings>, retry: Partial<RetryPolicy> | undefined, defaults: RetryPolicy): QueueSettings => ({
    batchSize: feed.batchSize,
    maxReceiveCount: feed.maxReceiveCount,
    batchingWindowMs: 0,
    concurrency: 1,
    retryBaseDelayMs: retry?.baseDelayMs ?? defaults.baseDelayMs,
    retryMaxDelayMs: retry?.maxDelayMs ?? defaults.maxDelayMs,
    ...extra,
  });
  const makeQueue = (name: string, fn: LocalFunctionName, settings: QueueSettings, consume: (batch: QueuedMessage[]) => Promise<Map<string, string>>, asRecords: boolean): DurableQueue => {
    const queue = new DurableQueue({
      name, dir: join(dataDir, 'queues', name), ...settings, consume,
      park: (message, error) => parkDeadLetter(dataDir, {
        parkedAt: new Date().toISOString(), function: fn, attempts: message.receiveCount, error, subject: subjectOf(fn, message.body),
        event: asRecords ? sqsRecord(message, name, region) : JSON.parse(message.body),
      }),
    });
    queue.on('delivery', (delivery) => {
      const upload = fn === 'parser' ? announcedUpload(delivery.message.body) : undefined;
      const activity: Activity = {
        fn, queue: name, subject: subjectOf(fn, delivery.message.body), attempt: delivery.message.receiveCount, ok: delivery.ok,
        ...(delivery.parked ? { parked: true } : {}), ...(delivery.error ? { error: delivery.error } : {}), ...(upload ? { upload } : {}),
      };
      for (const listener of listeners) listener(activity);
    });
    return queue;
  };
  const records = (name: string, batch: QueuedMessage[]): SQSRecord[] => batch.map((m) => sqsRecord(m, name, region));
  const queueRetry = { baseDelayMs: 500, maxDelayMs: 10_000 };
  const asyncRetry = { baseDelayMs: 1_000, maxDelayMs: 30_000 };
  const queues: LocalStack['queues'] = {
    intake: makeQueue('intake', 'parser',
      queueSettings(INTAKE_FEED, { concurrency: options.parserConcurrency ?? 4 }, options.intakeRetry, queueRetry),
      async (batch) => invokeWithBatch((await handlers()).parser, 'parser', { Records: records('intake', batch) }), true),
    aggregation: makeQueue('aggregation', 'aggregator',
      queueSettings(AGGREGATION_FEED, { batchingWindowMs: options.aggregationWindowMs ?? AGGREGATION_FEED.maxBatchingWindowSeconds * 1000 }, options.intakeRetry, queueRetry),
      async (batch) => invokeWithBatch((await handlers()).aggregator, 'aggregator', { Records: records('aggregation', batch) }), true),
    // SES receipt notifications (SNS → SQS on AWS), fed by the local SMTP server (local/smtp-intake.ts).
    mail: makeQueue('mail', 'mailIntake', queueSettings(INTAKE_FEED, { concurrency: 1 }, options.intakeRetry, queueRetry),
      async (batch) => invokeWithBatch((await handlers()).mailIntake, 'mailIntake', { Records: records('mail', batch) }), true),
    'reminder-events': makeQueue('reminder-events', 'reminder',
      queueSettings({ batchSize: 1, maxReceiveCount: 1 + ASYNC_RETRY_ATTEMPTS }, {}, options.asyncRetry, asyncRetry),
      async ([message]) => invokeAsync((await handlers()).reminder, 'reminder', message!.body), false),
    'aggregator-events': makeQueue('aggregator-events', 'aggregator',
      queueSettings({ batchSize: 1, maxReceiveCount: 1 + ASYNC_RETRY_ATTEMPTS }, {}, options.asyncRetry, asyncRetry),
      async ([message]) => invokeAsync((await handlers()).aggregator, 'aggregator', message!.body), false),
  };
  const sequencer = new Sequencer();
  const versions = new ObjectVersions(join(dataDir, 'versions'));
  const announce = (object: Parameters<typeof s3NotificationBody>[0]): void => {
    queues.intake.send(s3NotificationBody(object, region, sequencer.next()));
  };

  try {
    const s3 = await startS3Emulator({
      host, port: options.s3Port ?? LOCAL_DEFAULTS.s3Port, directory: join(dataDir, 's3'), bucket,
      versionedPrefix: INCOMING_PREFIX, versions, allowReceivedAtOverride: Boolean(options.allowReceivedAtOverride),
      onCreated: announce, log,
    });
    closers.push(() => s3.close());

    const dynamo = await startDynamoEmulator(host, options.dynamodbPort ?? LOCAL_DEFAULTS.dynamodbPort, join(dataDir, 'dynamodb'));
    closers.push(() => closeServer(dynamo.server));

    const ses: Server = await startSesEmulator(host, options.sesPort ?? LOCAL_DEFAULTS.sesPort, join(dataDir, 'ses'));
    closers.push(() => closeServer(ses));
    const sesPort = (ses.address() as AddressInfo).port;

    const bus = await startEventBus({
      host,
      port: options.eventsPort ?? 0,
      region,
      rules: [{
        name: 'ReportAcceptedRule',
        source: [REPORT_EVENT_SOURCE],
        detailType: [REPORT_ACCEPTED],
        // The rule's target is the aggregation queue: stored before PutEvents answers.
        target: (event) => { queues.aggregation.send(JSON.stringify(event)); },
      }],
    });
    closers.push(() => bus.close());

    const endpoints = {
      s3: s3.url,
      dynamodb: `http://${host}:${dynamo.port}`,
      ses: `http://${host}:${sesPort}`,
      events: bus.url,
    };
    const env: Record<string, string> = {
      ...localStackEnv(endpoints, region),
      BHXH_BUCKET_NAME: bucket,
      BHXH_TABLE_NAME: table,
      BHXH_DATA_DIR: dataDir,
      ...(process.env.BHXH_CAMPAIGN_FILE ? { BHXH_CAMPAIGN_FILE: process.env.BHXH_CAMPAIGN_FILE } : {}),
    };
    // What the CDK stack sets on the Lambdas, plus the emulators' endpoints.
    Object.assign(handlerEnv, env, {
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.events,
      BHXH_EVENT_BUS_NAME: 'default',
      BHXH_SENDER: process.env.BHXH_SENDER || EXAMPLE_SENDER,
      POWERTOOLS_LOG_LEVEL: options.handlerLogLevel ?? 'WARN',
      ...(process.env.BHXH_CAMPAIGN_FILE ? { BHXH_CAMPAIGN_FILE: process.env.BHXH_CAMPAIGN_FILE } : {}),
    });

    const doc = dynamoDocumentClient(handlerEnv);
    const { ensureTable, seedExampleContacts } = await import('./seeding.ts');
    await ensureTable(new DynamoDBClient({ endpoint: endpoints.dynamodb, region, credentials: { accessKeyId: LOCAL_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_DEFAULTS.secretAccessKey } }), table);
    if (options.exampleContacts ?? true) await seedExampleContacts(doc, table, campaign);

    // What an earlier run left: never judged, not waiting, not parked → announced again.
    const parked = (await readDeadLetters(dataDir)).filter((l) => l.function === 'parser')
      .map((l) => announcedUpload((l.event as { body?: string } | null)?.body ?? ''));
    const campaignIds = recordCampaignRun(dataDir, campaign.id);
    const reconciled = await reconcileIncoming({
      s3: s3Client(handlerEnv), doc, table, bucket, prefix: INCOMING_PREFIX, versions, campaignIds,
      waiting: () => {
        const waiting = [...queues.intake.stored().map((m) => announcedUpload(m.body)), ...parked];
        return {
          versionIds: new Set(waiting.flatMap((u) => (u?.versionId ? [u.versionId] : []))),
          keys: new Set(waiting.flatMap((u) => (u && !u.versionId ? [u.key] : []))),
        };
      },
      withKeyLock: (bucket, key, work) => s3.withKeyLock(bucket, key, work), announce,
    });
    if (reconciled.length > 0) log(`Reconciled: ${reconciled.length} upload(s) under ${INCOMING_PREFIX} never judged, delivered again`);

    for (const queue of Object.values(queues)) {
      queue.start();
      closers.push(() => queue.close());
    }
    if (options.onActivity) {
      const report = options.onActivity;
      listeners.push((activity) => { void describeActivity(activity, doc, table).then((line) => report(line, activity)); });
    }

    const fireSchedule = (target: ScheduledTarget, event: ScheduledEvent): void => {
      queues[target === 'reminder' ? 'reminder-events' : 'aggregator-events'].send(JSON.stringify(event));
    };
    const scheduler = options.schedules === false ? undefined : startScheduler(campaign, (target, event) => fireSchedule(target, event));
    if (scheduler) closers.push(() => { scheduler.stop(); return Promise.resolve(); });

    const idle = async (): Promise<void> => {
      const all = Object.values(queues);
      // One queue's work may feed another (parser → aggregation): wait until all are idle at once.
      do await Promise.all(all.map((q) => q.idle()));
      while (!all.every((q) => q.isIdle()));
    };

    const stack: LocalStack = {
      endpoints, servers: {}, allowReceivedAtOverride: Boolean(options.allowReceivedAtOverride), mailPage: `${endpoints.ses}/`, bucket, table, region, dataDir, env, handlerEnv, queues, reconciled, scheduler,
      fireSchedule,
      deliverIntakeMessage: (body) => { queues.intake.send(body); },
      idle,
      on: (listener) => { listeners.push(listener); },
      stop: stopAll,
    };
    for (const server of LOCAL_SERVERS) {
      const started = await server.start(stack, options.ports?.[server.name]);
      stack.servers[server.name] = started.url;
      closers.push(() => started.close());
    }
    // The banner's exports carry the mail links' settings, so the CLI's mails match the functions'.
    for (const name of MAIL_LINK_ENV) if (handlerEnv[name]) env[name] = handlerEnv[name];
    return stack;
  } catch (error) {
    await stopAll();
    throw error;
  }
}
