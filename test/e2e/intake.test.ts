// End to end, on the embedded local stack: uploads through the real S3 API reach the parser as the
// SQS-wrapped S3 events AWS delivers, and what a user sees is checked in DynamoDB, the bucket and the
// SES emulator's mail store.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { readDeadLetters } from '../../shared/local-stack/dead-letters.ts';
import { buildReportFile, sampleSpec, SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import { startTestStack, waitFor, type TestStack, submissionsOf as submissionsOfKey } from './support.ts';

const run = promisify(execFile);
const hasAws = await run('sh', ['-c', 'command -v aws']).then(() => true, () => false);
if (!hasAws) console.warn('SKIPPED: the `aws s3 cp` upload test needs the aws CLI (apt-get install -y awscli)');
let stack: TestStack;
let table: DynamoReportTable;

const report = (agencyLine: string, dateText: string, values: readonly number[] = SAMPLE_VALUES): Uint8Array =>
  buildReportFile(sampleSpec({ agencyLine, dateText, values: [...values] }));
const BAC_NINH = 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH';

const submissionsOf = (key: string) => submissionsOfKey(stack.handlerEnv, stack.table, key);

beforeAll(async () => {
  stack = await startTestStack();
  table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, currentCampaign().id);
});
afterAll(async () => {
  await stack?.dispose();
});

describe('upload → parser → table and mail', () => {
  it('accepts a report whose key has spaces and Vietnamese letters, on time, and mails a receipt', async () => {
    const key = 'incoming/27/Báo cáo chậm đóng (ngày 14) + bản cuối.xlsx';
    await stack.upload(key, report(BAC_NINH, '14/12/2023'), '2023-12-14T15:00:00+07:00');

    const stored = await table.getReport('27', '2023-12-14');
    expect(stored).toMatchObject({ province: '27', reportDate: '2023-12-14', late: false, objectKey: key, values: [...SAMPLE_VALUES] });
    expect(stored!.receivedAt).toBe('2023-12-14T08:00:00.000Z');
    const mails = await stack.mailsTo(exampleProvinceEmail('27'));
    expect(mails.map((m) => m.subject)).toContain('Đã nhận báo cáo ngày 14/12/2023 - Bảo hiểm xã hội tỉnh Bắc Ninh');
  });

  it('counts a report received after its deadline as late', async () => {
    await stack.upload('incoming/48/bao-cao.xlsx', report('BẢO HIỂM XÃ HỘI THÀNH PHỐ ĐÀ NẴNG', '15/12/2023'), '2023-12-15T18:30:01+07:00');
    expect(await table.getReport('48', '2023-12-15')).toMatchObject({ late: true });
  });

  it('rejects a bad file: submission with every error, error report in the bucket, error mail in Vietnamese', async () => {
    const wrong = [...SAMPLE_VALUES];
    wrong[2] = wrong[0]! + 1; // col 3 > col 1
    const key = 'incoming/30/bao cao 16.xlsx';
    await stack.upload(key, report('BẢO HIỂM XÃ HỘI TỈNH HẢI DƯƠNG', '16/12/2023', wrong), '2023-12-16T10:00:00+07:00');

    const [submission] = await submissionsOf(key);
    expect(submission).toMatchObject({ status: 'rejected', province: '30', reportDate: '2023-12-16' });
    expect((submission!.errors as Array<{ code: string }>).map((e) => e.code)).toContain('col3-gt-col1');
    expect(await table.getReport('30', '2023-12-16')).toBeUndefined();
    const errors = await s3Client(stack.handlerEnv).send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: 'errors/30/' }));
    expect(errors.Contents?.length).toBe(1);
    const [mail] = await stack.mailsTo(exampleProvinceEmail('30'));
    expect(mail!.subject).toContain('chưa được nhận');
    expect(mail!.body.text).toContain('C11');
  });

  it('keeps the upload with the newest S3 event time, whatever order the uploads arrive in', async () => {
    const newer = [...SAMPLE_VALUES];
    newer[4] = newer[4]! + 10;
    await stack.upload('incoming/27/sua-lai.xlsx', report(BAC_NINH, '17/12/2023', newer), '2023-12-17T11:00:00+07:00');
    // Uploaded later, but its event time is earlier: it must not replace the newer one.
    await stack.upload('incoming/27/ban-dau.xlsx', report(BAC_NINH, '17/12/2023'), '2023-12-17T09:00:00+07:00');

    expect(await table.getReport('27', '2023-12-17')).toMatchObject({ objectKey: 'incoming/27/sua-lai.xlsx', values: newer });
    const [older] = await submissionsOf('incoming/27/ban-dau.xlsx');
    expect(older).toMatchObject({ status: 'accepted', superseded: true });
  });

  it('breaks a tie of event times with the sequencer: the later upload of the same key wins', async () => {
    const second = [...SAMPLE_VALUES];
    second[5] = second[5]! + 1;
    const key = 'incoming/27/cung-ten.xlsx';
    const at = '2023-12-18T10:00:00+07:00';
    await stack.upload(key, report(BAC_NINH, '18/12/2023'), at);
    await stack.upload(key, report(BAC_NINH, '18/12/2023', second), at);

    expect(await table.getReport('27', '2023-12-18')).toMatchObject({ values: second });
    const uploads = await submissionsOf(key);
    expect(uploads).toHaveLength(2);
    expect(uploads.map((u) => u.superseded)).toEqual([false, false]);
  });

  it('writes once and mails once when the same S3 event is delivered twice', async () => {
    const key = 'incoming/27/mot-lan.xlsx';
    await stack.upload(key, report(BAC_NINH, '19/12/2023'), '2023-12-19T10:00:00+07:00');
    const mailsBefore = (await stack.mailsTo(exampleProvinceEmail('27'))).length;
    const body = stack.intakeBodies.find((b) => b.includes('mot-lan.xlsx'))!;

    stack.deliverIntakeMessage(body);
    await stack.idle();

    expect(await submissionsOf(key)).toHaveLength(1);
    expect((await stack.mailsTo(exampleProvinceEmail('27'))).length).toBe(mailsBefore);
    expect(await readDeadLetters(stack.dataDir)).toEqual([]);
  });

  it('ignores objects outside incoming/ (the bucket notification filters on the prefix)', async () => {
    const before = stack.intakeBodies.length;
    await stack.upload('notes/readme.txt', new TextEncoder().encode('x'));
    expect(stack.intakeBodies.length).toBe(before);
  });
});

describe('bhxh CLI against the stack', () => {
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], {
    env: { ...process.env, ...stack.env }, cwd: process.cwd(), timeout: 60_000,
  });

  it('uploads, waits for the verdict, and reports the day with bhxh status --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bhxh-cli-'));
    try {
      const file = join(dir, 'Báo cáo 20.xlsx');
      await writeFile(file, report(BAC_NINH, '20/12/2023'));
      const uploaded = await cli(['upload', file, '--province', '27', '--wait', '--json']);
      expect(JSON.parse(uploaded.stdout)).toMatchObject({ key: 'incoming/27/Báo cáo 20.xlsx', submission: { status: 'accepted', reportDate: '2023-12-20' } });

      const { stdout } = await cli(['status', '--date', '2023-12-16', '--json']);
      const status = JSON.parse(stdout) as Record<string, unknown>;
      expect(status).toMatchObject({ date: '2023-12-16', expected: 63, onTime: [], late: [], parked: [] });
      expect(status.missing).toHaveLength(63);
      expect(status.rejected).toEqual([expect.objectContaining({ province: '30', errors: [expect.objectContaining({ code: 'col3-gt-col1' })] })]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('imports contacts from a CSV with bhxh contacts import: the next mail goes to the new address', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bhxh-contacts-'));
    try {
      const csv = join(dir, 'contacts.csv');
      await writeFile(csv, 'province,emails\n22,van-thu@bhxh-quangninh.example.vn;ke-toan@bhxh-quangninh.example.vn\n');
      const { stdout } = await cli(['contacts', 'import', csv, '--yes', '--json']);
      expect(JSON.parse(stdout)).toMatchObject({ provinces: 1, written: true });

      await stack.upload('incoming/22/bc.xlsx', report('BẢO HIỂM XÃ HỘI TỈNH QUẢNG NINH', '22/12/2023'), '2023-12-22T10:00:00+07:00');
      expect(await stack.mailsTo('van-thu@bhxh-quangninh.example.vn')).toHaveLength(1);
      expect(await stack.mailsTo(exampleProvinceEmail('22'))).toHaveLength(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasAws)('processes an upload made with `aws --endpoint-url … s3 cp`, as a province would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bhxh-aws-'));
    try {
      const file = join(dir, 'bao cao.xlsx');
      await writeFile(file, report(BAC_NINH, '21/12/2023'));
      await run('aws', ['--endpoint-url', stack.endpoints.s3, 's3', 'cp', file, `s3://${stack.bucket}/incoming/27/bao cao ngày 21.xlsx`], {
        env: { ...process.env, ...stack.env, AWS_PAGER: '' }, timeout: 60_000,
      });
      const stored = await waitFor('the report of 2023-12-21', () => table.getReport('27', '2023-12-21'));
      expect(stored.objectKey).toBe('incoming/27/bao cao ngày 21.xlsx');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
