// `npm start` as a person runs it: a child process that reaches `ready`, prints how to use it,
// processes an upload (its console line says so), and shuts down cleanly on Ctrl-C (SIGINT).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { waitFor } from './support.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
let child: ChildProcessWithoutNullStreams | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('starts, prints ready and how to use it, processes an upload, and stops on SIGINT', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bhxh-start-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts',
    '--s3-port', '0', '--dynamodb-port', '0', '--ses-port', '0', '--portal-port', '0', '--smtp-port', '0', '--data-dir', dataDir, '--no-schedule'], { cwd: process.cwd() });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

  await waitFor('ready', async () => /^ready$/m.test(out), 90_000);
  const s3 = /export AWS_ENDPOINT_URL_S3=(\S+)/.exec(out)?.[1];
  expect(s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(out).toMatch(/aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ s3 cp report\.xlsx s3:\/\/bhxh-reports\/incoming\/27\/report\.xlsx/);
  expect(out).toContain('access key S3RVER');
  expect(out).toMatch(/^ {2}Portal {4}http:\/\/127\.0\.0\.1:\d+\/$/m);
  expect(out).toMatch(/^ {2}SMTP {6}127\.0\.0\.1:\d+ {3}submission address nop-bao-cao@example\.gov\.vn$/m);
  expect(out).toContain('SPF, DKIM and DMARC are not checked');

  const client = new S3Client({
    endpoint: s3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new PutObjectCommand({
    Bucket: 'bhxh-reports', Key: 'incoming/27/Báo cáo.xlsx', Body: buildReportFile(sampleSpec({ dateText: '15/12/2023' })),
  }));
  await waitFor('the upload\'s console line', async () => /parser\s+incoming\/27\/Báo cáo\.xlsx \(version [0-9a-f]+\): accepted, province 27, report date 2023-12-15/.test(out), 60_000);

  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(out).toContain('Stopped.');
}, 150_000);
