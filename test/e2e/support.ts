// The end-to-end tests' stack: the real local stack (local/stack.ts) on free ports with a temporary
// data directory, started once per test file, in the test process. Waits are on conditions (the
// router's idle, or polling a condition), never fixed sleeps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../../shared/adapters/clients.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.ts';
import { RECEIVED_AT_METADATA } from '../../local/router.ts';

export interface TestStack extends LocalStack {
  /** Uploads through the real S3 API; `receivedAt` plays the upload instant (local test affordance). */
  put(key: string, body: Uint8Array, receivedAt?: string): Promise<void>;
  /** Uploads and waits until the pipeline has handled it (and what it caused). */
  upload(key: string, body: Uint8Array, receivedAt?: string): Promise<void>;
  mails(): Promise<StoredMail[]>;
  mailsTo(address: string): Promise<StoredMail[]>;
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

export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dataDir = await mkdtemp(join(tmpdir(), 'bhxh-e2e-'));
  const stack = await startLocalStack({
    dataDir,
    s3Port: 0,
    dynamodbPort: 0,
    sesPort: 0,
    eventsPort: 0,
    smtpPort: 0,
    schedules: false,
    allowReceivedAtOverride: true,
    handlerLogLevel: 'ERROR',
    intakeRetry: { baseDelayMs: 50, maxDelayMs: 200 },
    asyncRetry: { baseDelayMs: 50, maxDelayMs: 200 },
    ...options,
  });
  const put = async (key: string, body: Uint8Array, receivedAt?: string): Promise<void> => {
    await s3Client().send(new PutObjectCommand({
      Bucket: stack.bucket, Key: key, Body: body,
      ...(receivedAt ? { Metadata: { [RECEIVED_AT_METADATA]: receivedAt } } : {}),
    }));
  };
  const mails = async (): Promise<StoredMail[]> => {
    const response = await fetch(`${stack.endpoints.ses}/store`);
    return ((await response.json()) as { emails: StoredMail[] }).emails;
  };
  return {
    ...stack,
    put,
    upload: async (key, body, receivedAt) => {
      await put(key, body, receivedAt);
      await stack.idle();
    },
    mails,
    // The emulator keeps each To: header as one string ("a@x, b@y"): split it into addresses.
    mailsTo: async (address) => (await mails()).filter((m) => m.destination.to.flatMap((t) => t.split(/,\s*/)).includes(address)),
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
