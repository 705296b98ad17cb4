// The reconciliation on start: an object under incoming/ that reached the disk without its intake
// message (as when the process dies between s3rver's write and the stack's) is delivered on the
// next start; objects already judged, or waiting on the queue, are not.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { s3Client } from '../../shared/adapters/clients.ts';
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.ts';
import { submissionsOf } from './support.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
let dataDir: string | undefined;
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('delivers on start what reached the bucket without a message, once, and nothing already judged', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bhxh-reconcile-'));
  const options: LocalStackOptions = {
    dataDir, s3Port: 0, dynamodbPort: 0, sesPort: 0, eventsPort: 0, ports: { portal: 0, smtp: 0 }, schedules: false, handlerLogLevel: 'SILENT', aggregationWindowMs: 20, onLog: () => {},
  };
  stack = await startLocalStack(options);
  const judged = 'incoming/27/da-xu-ly.xlsx';
  await s3Client(stack.handlerEnv).send(new PutObjectCommand({
    Bucket: stack.bucket, Key: judged, Body: buildReportFile(sampleSpec({ dateText: '15/12/2023' })),
  }));
  await stack.idle();
  expect(await submissionsOf(stack.handlerEnv, stack.table, judged)).toHaveLength(1);
  await stack.stop();

  // An object s3rver stored whose version and message were never written.
  const folder = join(dataDir, 's3', stack.bucket, 'incoming', '27');
  for (const suffix of ['object', 'object.md5', 'metadata.json']) {
    await copyFile(join(folder, `da-xu-ly.xlsx._S3rver_${suffix}`), join(folder, `chua-xu-ly.xlsx._S3rver_${suffix}`));
  }
  stack = await startLocalStack(options);
  expect(stack.reconciled).toEqual(['incoming/27/chua-xu-ly.xlsx']);
  await stack.idle();
  const records = await submissionsOf(stack.handlerEnv, stack.table, 'incoming/27/chua-xu-ly.xlsx');
  expect(records).toEqual([expect.objectContaining({ status: 'accepted', versionId: expect.any(String) as unknown })]);
  expect(await submissionsOf(stack.handlerEnv, stack.table, judged)).toHaveLength(1);
  await stack.stop();

  // A third start finds nothing left to deliver.
  stack = await startLocalStack(options);
  expect(stack.reconciled).toEqual([]);
  expect((await readdir(join(dataDir, 'queues', 'intake'))).filter((f) => f.endsWith('.json'))).toEqual([]);
}, 120_000);
