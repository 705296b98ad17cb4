// The end-to-end tests' stack: the real local stack (local/stack.ts) on free ports with a temporary
// data directory, started once per test file, in the test process. Waits are on conditions (the
// router's idle, or polling a condition), never fixed sleeps.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/clients.ts';
import { submissionPartition } from '../../shared/adapters/dynamo-table.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.ts';
import { RECEIVED_AT_METADATA } from '../../shared/contract.ts';

export interface TestStack extends LocalStack, Mailbox {
  /** The body of every intake message handled so far (the tests replay one to check idempotency). */
  intakeBodies: string[];
  /** The stack's own log lines (refused requests, emulator errors, reconciliation). */
  logs: string[];
  /** The SDK's S3 client pointed at this stack. */
  s3: S3Client;
  /** Uploads through the real S3 API; `receivedAt` plays the upload instant (local test affordance). */
  put(key: string, body: Uint8Array, receivedAt?: string): Promise<void>;
  /** Uploads and waits until the pipeline has handled it (and what it caused). */
  upload(key: string, body: Uint8Array, receivedAt?: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: Array<{ filename?: string }>;
}

export interface Mailbox {
  mails: () => Promise<StoredMail[]>;
  mailsTo: (address: string) => Promise<StoredMail[]>;
}

/** The mails the SES emulator at `sesEndpoint` has stored. */
export function sesMailbox(sesEndpoint: string): Mailbox {
  const mails = async (): Promise<StoredMail[]> => {
    const response = await fetch(`${sesEndpoint}/store`);
    return ((await response.json()) as { emails: StoredMail[] }).emails;
  };
  return {
    mails,
    // The emulator keeps each To: header as one string ("a@x, b@y"): split it into addresses.
    mailsTo: async (address) => (await mails()).filter((m) => m.destination.to.flatMap((t) => t.split(/,\s*/)).includes(address)),
  };
}

export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dataDir = await mkdtemp(join(tmpdir(), 'bhxh-e2e-'));
  const logs: string[] = [];
  const stack = await startLocalStack({
    dataDir,
    s3Port: 0,
    dynamodbPort: 0,
    sesPort: 0,
    eventsPort: 0,
    ports: { portal: 0, smtp: 0 },
    schedules: false,
    allowReceivedAtOverride: true,
    handlerLogLevel: 'ERROR',
    intakeRetry: { baseDelayMs: 50, maxDelayMs: 200 },
    asyncRetry: { baseDelayMs: 50, maxDelayMs: 200 },
    aggregationWindowMs: 20,
    onLog: (line) => logs.push(line),
    ...options,
  });
  const s3 = s3Client(stack.handlerEnv);
  const intakeBodies: string[] = [];
  stack.queues.intake.on('delivery', (delivery) => { if (delivery.ok) intakeBodies.push(delivery.message.body); });
  const put = async (key: string, body: Uint8Array, receivedAt?: string): Promise<void> => {
    await s3.send(new PutObjectCommand({
      Bucket: stack.bucket, Key: key, Body: body,
      ...(receivedAt ? { Metadata: { [RECEIVED_AT_METADATA]: receivedAt } } : {}),
    }));
  };
  const { mails, mailsTo } = sesMailbox(stack.endpoints.ses);
  return {
    ...stack,
    intakeBodies,
    logs,
    s3,
    put,
    upload: async (key, body, receivedAt) => {
      await put(key, body, receivedAt);
      await stack.idle();
    },
    mails,
    mailsTo,
    dispose: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls a condition until it holds (or fails the test after `timeoutMs`). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export interface StackProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far. */
  output(): string;
  /** The `export` lines it printed: the environment that reaches it. */
  env: Record<string, string>;
  exited: Promise<number | null>;
}

/** `npm start` in a child process on free ports and the given data folder; resolves once it is ready. */
export async function spawnLocalStack(dataDir: string, extraArgs: string[] = []): Promise<StackProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts',
    '--s3-port', '0', '--dynamodb-port', '0', '--ses-port', '0', '--portal-port', '0', '--smtp-port', '0',
    '--data-dir', dataDir, '--no-schedule', ...extraArgs], { cwd: process.cwd() });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor('ready', async () => /^ready$/m.test(out) || child.exitCode !== null, 90_000);
  if (child.exitCode !== null) throw new Error(`npm start exited: ${out}`);
  const env = Object.fromEntries([...out.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { child, output: () => out, env, exited };
}

/** The submission records of one object key, read from the stack the environment points at. */
export async function submissionsOf(env: NodeJS.ProcessEnv, table: string, key: string): Promise<Array<Record<string, unknown>>> {
  const out = await dynamoDocumentClient(env).send(new QueryCommand({
    TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': submissionPartition(currentCampaign().id, key) }, ConsistentRead: true,
  }));
  return out.Items ?? [];
}
