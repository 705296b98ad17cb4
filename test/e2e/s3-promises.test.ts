// What the local S3 promises beyond s3rver, on the embedded stack: every upload's bytes kept as a
// version the submission record names (20 rapid re-uploads of one key), `bhxh status` opening any
// version, and keys it cannot store safely refused with S3's 400 while the stack stays up.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { buildReportFile, SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { startTestStack, type TestStack, submissionsOf as submissionsOfKey } from './support.ts';

const run = promisify(execFile);
let stack: TestStack;
let scratch: string;
const BAC_NINH = 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH';
const reportWith = (first: number): Uint8Array => {
  const values = [...SAMPLE_VALUES];
  values[0] = first;
  return buildReportFile(sampleSpec({ agencyLine: BAC_NINH, dateText: '15/12/2023', values }));
};

const submissionsOf = (key: string) => submissionsOfKey(stack.handlerEnv, stack.table, key);

beforeAll(async () => {
  stack = await startTestStack();
  scratch = await mkdtemp(join(tmpdir(), 'bhxh-versions-'));
});
afterAll(async () => {
  await stack?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('versions: the bytes judged are the bytes kept', () => {
  it('gives each of 20 rapid re-uploads of one key its version, judged on exactly its bytes', async () => {
    const key = 'incoming/27/bao-cao.xlsx';
    const bodies = Array.from({ length: 20 }, (_, i) => reportWith(SAMPLE_VALUES[0]! + 1 + i));
    const puts = await Promise.all(bodies.map((body) => stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body }))));
    await stack.idle();
    const versionOf = new Map(puts.map((put, i) => [put.VersionId!, i]));
    expect(versionOf.size).toBe(20);

    const records = await submissionsOf(key);
    expect(records).toHaveLength(20);
    for (const record of records) {
      const i = versionOf.get(record.versionId as string);
      expect(i).toBeDefined();
      // The record's values are those of the upload that version came from …
      expect((record.values as number[])[0]).toBe(SAMPLE_VALUES[0]! + 1 + i!);
      // … and the version's bytes, read back, are that upload's and give the recorded values.
      const object = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key, VersionId: record.versionId as string }));
      const bytes = await object.Body!.transformToByteArray();
      expect(Buffer.from(bytes).equals(Buffer.from(bodies[i!]!))).toBe(true);
      expect((await readReport(bytes, 'bao-cao.xlsx', defaultCampaign())).values).toEqual(record.values);
    }
  });

  it('bhxh status lists the versions of a key and opens any of them', async () => {
    const key = 'incoming/27/hai-lan.xlsx';
    const first = await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: reportWith(5000) }));
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: reportWith(5001) }));
    await stack.idle();
    const env = { ...process.env, ...stack.env };
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], { env, timeout: 60_000 });

    const listed = JSON.parse((await cli('status', '--versions', key, '--json')).stdout) as { versions: Array<{ versionId: string; values: number[] }> };
    expect(listed.versions.map((v) => v.values[0]).sort()).toEqual([5000, 5001]);

    const out = join(scratch, 'earlier.xlsx');
    const opened = JSON.parse((await cli('status', '--open', key, '--version', first.VersionId!, '--out', out, '--json')).stdout) as { versionId: string };
    expect(opened.versionId).toBe(first.VersionId);
    expect((await readReport(new Uint8Array(await readFile(out)), 'earlier.xlsx', defaultCampaign())).values?.[0]).toBe(5000);

    await expect(cli('status', '--open', key, '--version', 'nosuchversion0', '--out', out)).rejects.toMatchObject({ code: expect.any(Number) as unknown });
  });
});

describe('keys the local S3 cannot store safely', () => {
  const refusal = async (key: string): Promise<unknown> => stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: reportWith(4200) })).then(
    () => 'stored', (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => ({ name: error.name, status: error.$metadata?.httpStatusCode }),
  );

  it.each([
    ['a 300-character file name', `incoming/27/${'b'.repeat(295)}.xlsx`, 'InvalidArgument'],
    ['dot segments climbing into summaries/', 'incoming/27/../../summaries/latest/tong-hop-toan-quoc.json', 'InvalidArgument'],
    ['an empty segment', 'incoming/27//bao-cao.xlsx', 'InvalidArgument'],
    ['a key over 1,024 bytes', `incoming/27/${'đ/'.repeat(400)}x.xlsx`, 'KeyTooLongError'],
  ])('refuses %s with a 400, stores nothing, and the next upload is processed', async (_what, key, code) => {
    expect(await refusal(key)).toEqual({ name: code, status: 400 });
    expect(stack.logs.at(-1)).toMatch(new RegExp(`S3 refused PUT of an unsafe key \\(${code}\\)`));
    // The national summary (published by the aggregator for the earlier uploads) is still its JSON.
    const summary = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'summaries/latest/tong-hop-toan-quoc.json' }))
      .then(async (o) => o.Body!.transformToString(), () => '{}');
    expect(() => JSON.parse(summary) as unknown).not.toThrow();
    const next = `incoming/27/sau-${code}-${key.length}.xlsx`;
    await stack.upload(next, reportWith(4300));
    expect(await submissionsOf(next)).toEqual([expect.objectContaining({ status: 'accepted' })]);
  });

  it('answers an emulator failure with a 500 and stays up (a folder where the object file goes)', async () => {
    const key = 'incoming/27/bi-chan.xlsx';
    await mkdir(join(stack.dataDir, 's3', stack.bucket, 'incoming', '27', 'bi-chan.xlsx._S3rver_object'), { recursive: true });
    expect(await refusal(key)).toMatchObject({ status: 500 });
    expect(stack.logs.at(-1)).toMatch(/S3 emulator failed PUT .*bi-chan\.xlsx.* \(500\)/);
    const next = 'incoming/27/sau-loi.xlsx';
    await stack.upload(next, reportWith(4301));
    expect(await submissionsOf(next)).toEqual([expect.objectContaining({ status: 'accepted' })]);
  });
});
