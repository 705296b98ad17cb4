// The embedded local stack: the three emulators (s3rver, dynalite, aws-ses-v2-local), a minimal
// EventBridge PutEvents endpoint, the router that plays S3→SQS→parser and the event rule, and the
// scheduler that plays the 18:30 schedules. The handlers are the very modules deployed to Lambda,
// run in this process with the SDK's standard endpoint variables pointed at the emulators.
// Used by `npm start` (local/start.ts) and by the end-to-end tests (test/e2e), one stack per process:
// the SDK clients are made once per process (shared/adapters/clients.ts) from the environment set here.
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { dynamoDocumentClient, s3Client } from '../shared/adapters/clients.ts';
import { CONTACTS_PK, saveContacts } from '../shared/adapters/contacts.ts';
import { submissionItemKey, TABLE_DEFINITION } from '../shared/adapters/dynamo-table.ts';
import { REPORT_ACCEPTED, REPORT_EVENT_SOURCE } from '../shared/adapters/eventbridge-publisher.ts';
import { decodeS3Key } from '../lambdas/parser/s3-event.ts';
import { currentCampaign } from '../shared/config/campaign.ts';
import { EXAMPLE_SENDER, exampleContacts } from '../shared/config/example-contacts.ts';
import { parkDeadLetter } from './dead-letters.ts';
import { LOCAL_DEFAULTS, localStackEnv } from './defaults.ts';
import { startEventBus, type LocalEventBus } from './event-bus.ts';
import { LocalRouter, type Activity, type LocalHandlers, type RetryPolicy } from './router.ts';
import { startSmtpIntake } from './smtp-intake.ts';
import { startScheduler, type LocalScheduler, type ScheduledEvent, type ScheduledTarget } from './scheduler.ts';

export { LOCAL_DEFAULTS };

export interface LocalStackOptions {
  host?: string;
  /** 0 picks a free port (the tests). */
  s3Port?: number;
  dynamodbPort?: number;
  sesPort?: number;
  eventsPort?: number;
  /** The local submission address's SMTP server (default 2525). */
  smtpPort?: number;
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
  /** Play the campaign's schedules on the wall clock (default true). */
  schedules?: boolean;
  /** Load the example contacts when the table has none (default true). */
  exampleContacts?: boolean;
  /** Powertools log level of the handlers (default WARN). */
  handlerLogLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Parser invocations at once (default 4: Lambda scales out on the intake queue). */
  parserConcurrency?: number;
  intakeRetry?: Partial<RetryPolicy>;
  asyncRetry?: Partial<RetryPolicy>;
  /** One line per delivery (handled, retried, parked), for the console. */
  onActivity?: (line: string, activity: Activity) => void;
}

export interface LocalStack {
  endpoints: { s3: string; dynamodb: string; ses: string; events: string };
  /** Where mail to the submission address is received (SES email receiving, locally). */
  smtp: { host: string; port: number; submissionAddress: string };
  /** The mail page of the SES emulator; its JSON is at `${mailPage}store`. */
  mailPage: string;
  bucket: string;
  table: string;
  region: string;
  dataDir: string;
  /** The variables a shell (or the CLI) needs to talk to this stack. */
  env: Record<string, string>;
  router: LocalRouter;
  scheduler: LocalScheduler | undefined;
  /** Runs one scheduled target now, as its schedule would at `time`. */
  fireSchedule(target: ScheduledTarget, event: ScheduledEvent): void;
  /** Resolves when every delivery so far, and what it caused, has been handled or parked. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string, what: string): Promise<AddressInfo> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(error.code === 'EADDRINUSE'
        ? new Error(`${what}: port ${port} on ${host} is in use (another \`npm start\`? choose another port)`)
        : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolvePort(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections?.();
  });
}

async function startSes(host: string, port: number): Promise<Server> {
  // CommonJS with `exports.default`: under ESM the module's default is the whole exports object.
  const loaded = await import('aws-ses-v2-local') as unknown as { default: unknown };
  const outer = loaded.default as { default?: unknown };
  const start = (typeof outer === 'function' ? outer : outer.default) as (config: { host: string; port: number }) => Promise<Server>;
  const server = await start({ host, port });
  // It resolves even when the listen failed (the port is taken): then there is no address.
  if (!server.address()) {
    server.close();
    throw new Error(`SES emulator: port ${port} on ${host} is in use (another \`npm start\`? choose another port)`);
  }
  return server;
}

async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(structuredClone({ TableName: table, ...TABLE_DEFINITION }) as never));
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Table ${table} did not become ACTIVE`);
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? LOCAL_DEFAULTS.host;
  const bucket = options.bucket ?? LOCAL_DEFAULTS.bucket;
  const table = options.table ?? LOCAL_DEFAULTS.table;
  const region = options.region ?? LOCAL_DEFAULTS.region;
  const dataDir = resolve(options.dataDir ?? LOCAL_DEFAULTS.dataDir);
  const campaign = currentCampaign();
  const closers: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch(() => {});
    closers.length = 0;
  };

  if (options.clean) {
    for (const part of ['s3', 'dynamodb', 'dead-letters.jsonl']) await rm(join(dataDir, part), { recursive: true, force: true });
  }
  await mkdir(join(dataDir, 's3'), { recursive: true });
  await mkdir(join(dataDir, 'dynamodb'), { recursive: true });

  try {
    const s3rver = new S3rver({
      address: host,
      port: options.s3Port ?? LOCAL_DEFAULTS.s3Port,
      silent: true,
      directory: join(dataDir, 's3'),
      vhostBuckets: false,
      configureBuckets: [{ name: bucket }],
    });
    // Our own server around s3rver's app (its run() leaves a failed listen unhandled).
    await s3rver.configureBuckets();
    const s3Server = createServer(s3rver.callback());
    const s3Address = await listen(s3Server, options.s3Port ?? LOCAL_DEFAULTS.s3Port, host, 'S3 emulator');
    closers.push(() => closeServer(s3Server));

    const dynamo = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const dynamoAddress = await listen(dynamo, options.dynamodbPort ?? LOCAL_DEFAULTS.dynamodbPort, host, 'DynamoDB emulator');
    closers.push(() => closeServer(dynamo));

    const ses = await startSes(host, options.sesPort ?? LOCAL_DEFAULTS.sesPort);
    closers.push(() => closeServer(ses));
    const sesPort = (ses.address() as AddressInfo).port;

    // The handlers load lazily: their modules read the environment set below.
    let handlers: Promise<LocalHandlers> | undefined;
    const router = new LocalRouter({
      bucket,
      region,
      parserConcurrency: options.parserConcurrency ?? 4,
      handlers: () => handlers ??= Promise.all([
        import('../lambdas/parser/handler.ts'),
        import('../lambdas/aggregator/handler.ts'),
        import('../lambdas/reminder/handler.ts'),
        import('../lambdas/mail-intake/handler.ts'),
      ]).then(([parser, aggregator, reminder, mailIntake]) => ({
        parser: parser.handler,
        aggregator: aggregator.handler as unknown as LocalHandlers['aggregator'],
        reminder: reminder.handler as unknown as LocalHandlers['reminder'],
        mailIntake: mailIntake.handler,
      })),
      park: (letter) => parkDeadLetter(dataDir, letter),
      ...(options.allowReceivedAtOverride ? {
        objectMetadata: async (b: string, key: string) => (await s3Client().send(new HeadObjectCommand({ Bucket: b, Key: key }))).Metadata,
      } : {}),
      ...(options.intakeRetry ? { intakeRetry: options.intakeRetry } : {}),
      ...(options.asyncRetry ? { asyncRetry: options.asyncRetry } : {}),
    });
    const bus: LocalEventBus = await startEventBus({
      host,
      port: options.eventsPort ?? 0,
      region,
      rules: [{
        name: 'ReportAcceptedRule',
        source: [REPORT_EVENT_SOURCE],
        detailType: [REPORT_ACCEPTED],
        target: (event) => router.invokeAsync('aggregator', event, `${event['detail-type']} ${JSON.stringify(event.detail)}`),
      }],
    });
    closers.push(() => bus.close());
    const smtp = await startSmtpIntake({ host, port: options.smtpPort ?? LOCAL_DEFAULTS.smtpPort, bucket, region, router, allowReceivedAtOverride: Boolean(options.allowReceivedAtOverride) });
    closers.push(() => smtp.close());

    const endpoints = {
      s3: `http://${host}:${s3Address.port}`,
      dynamodb: `http://${host}:${dynamoAddress.port}`,
      ses: `http://${host}:${sesPort}`,
      events: bus.url,
    };
    const env: Record<string, string> = {
      ...localStackEnv(endpoints, region),
      BHXH_BUCKET_NAME: bucket,
      BHXH_TABLE_NAME: table,
      BHXH_DATA_DIR: dataDir,
    };
    // The handlers' environment, as the CDK stack gives the Lambdas (plus the emulators' endpoints).
    Object.assign(process.env, env, {
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.events,
      BHXH_EVENT_BUS_NAME: 'default',
      BHXH_SENDER: process.env.BHXH_SENDER || EXAMPLE_SENDER,
      POWERTOOLS_LOG_LEVEL: options.handlerLogLevel ?? 'WARN',
      POWERTOOLS_DEV: 'true',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;

    await ensureTable(new DynamoDBClient({}), table);
    const doc = dynamoDocumentClient();
    if (options.exampleContacts ?? true) {
      const existing = await doc.send(new QueryCommand({
        TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': CONTACTS_PK }, Limit: 1,
      }));
      if (!existing.Items?.length) await saveContacts(doc, table, exampleContacts(campaign));
    }

    closers.push(() => router.close());
    s3rver.on('event', (event: unknown) => router.onEmulatorEvent(event as Parameters<LocalRouter['onEmulatorEvent']>[0]));
    if (options.onActivity) {
      const report = options.onActivity;
      router.on('activity', (activity) => {
        void describeActivity(activity, table).then((line) => report(line, activity));
      });
    }

    const fireSchedule = (target: ScheduledTarget, event: ScheduledEvent): void => {
      router.invokeAsync(target, event, `${event.kind} ${event.time}`);
    };
    const scheduler = options.schedules === false ? undefined : startScheduler(campaign, (target, event) => fireSchedule(target, event));
    if (scheduler) closers.push(() => { scheduler.stop(); return Promise.resolve(); });

    return {
      endpoints,
      smtp: { host: smtp.host, port: smtp.port, submissionAddress: smtp.submissionAddress },
      mailPage: `${endpoints.ses}/`,
      bucket,
      table,
      region,
      dataDir,
      env,
      router: router,
      scheduler,
      fireSchedule,
      idle: () => router.idle(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A line for the console: what a delivery did (for an upload, the verdict recorded in the table). */
async function describeActivity(activity: Activity, table: string): Promise<string> {
  const head = `${activity.fn.padEnd(10)} ${activity.subject}`;
  if (!activity.ok) {
    return activity.parked
      ? `${head}: FAILED ${activity.attempt} times, parked in the dead-letter list (bhxh status): ${activity.error}`
      : `${head}: attempt ${activity.attempt} failed, will retry: ${activity.error}`;
  }
  if (activity.coalesced) return `${head}: folded into the rebuild already waiting for that date`;
  if (activity.fn !== 'parser' || !activity.upload) return `${head}: done`;
  try {
    const key = decodeS3Key(activity.upload.key);
    // The submission item of this upload (key layout of shared/adapters/dynamo-table.ts).
    const { Item } = await dynamoDocumentClient().send(new GetCommand({
      TableName: table, Key: submissionItemKey(key, activity.upload.sequencer),
    }));
    if (!Item) return `${head}: done`;
    if (Item.status === 'accepted') {
      return `${head}: accepted, province ${String(Item.province)}, report date ${String(Item.reportDate)}, ${Item.late ? 'LATE' : 'on time'}${Item.superseded ? ' (an upload received later holds this date)' : ''}`;
    }
    const first = (Item.errors as Array<{ message?: string }> | undefined)?.[0]?.message ?? '';
    return `${head}: REJECTED (${(Item.errors as unknown[] | undefined)?.length ?? 0} errors) ${first}`;
  } catch {
    return `${head}: done`;
  }
}
