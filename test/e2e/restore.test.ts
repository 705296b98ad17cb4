// docs/deploy.md's restore of an upload, step by step on the local stack: a province's good report is
// overwritten by a wrong one of the same name; the operator lists the versions (`bhxh status
// --versions`), writes the good one out (`--open --version`) and uploads it again, and the table holds
// the good numbers again, the wrong upload still kept as a version.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { dynamoDocumentClient } from '../../shared/adapters/clients.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { buildReportFile, SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { startTestStack, type TestStack } from './support.ts';

const run = promisify(execFile);
let stack: TestStack;
let scratch: string;
const reportWith = (first: number): Uint8Array => {
  const values = [...SAMPLE_VALUES];
  values[0] = first;
  return buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH', dateText: '15/12/2023', values }));
};

beforeAll(async () => {
  stack = await startTestStack();
  scratch = await mkdtemp(join(tmpdir(), 'bhxh-restore-'));
});
afterAll(async () => {
  await stack?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('restores an older version of an upload with the CLI, and the report has its numbers again', async () => {
  const key = 'incoming/27/bao-cao-15-12.xlsx';
  const good = await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: reportWith(4162) }));
  await stack.idle();
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: reportWith(9999) }));
  await stack.idle();
  const campaign = defaultCampaign();
  const table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id);
  const current = async () => (await table.getReport('27', '2023-12-15'))?.values[0];
  expect(await current()).toBe(9999);

  const env = { ...process.env, ...stack.env };
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], { env, timeout: 90_000 });
  // 1. Which versions exist, with the time each was received (in the campaign's zone) and its verdict.
  const listed = (await cli('status', '--versions', key)).stdout;
  expect(listed).toContain(`2 upload(s) of ${key} (received, in Asia/Ho_Chi_Minh):`);
  expect(listed).toContain(`version ${good.VersionId}  accepted  report date 15/12/2023`);
  // 2. The good version's bytes, 3. uploaded again under the same name: a new, current version.
  const out = join(scratch, 'bao-cao-15-12.xlsx');
  await cli('status', '--open', key, '--version', good.VersionId!, '--out', out);
  const again = await cli('upload', out, '--province', '27', '--wait');
  expect(again.stdout).toContain('Accepted: province 27, report date 2023-12-15');
  await stack.idle();
  expect(await current()).toBe(4162);
  const versions = JSON.parse((await cli('status', '--versions', key, '--json')).stdout) as { versions: Array<{ values: number[] }> };
  expect(versions.versions.map((v) => v.values[0])).toEqual(expect.arrayContaining([4162, 9999, 4162]));
  expect(versions.versions).toHaveLength(3);
}, 180_000);
