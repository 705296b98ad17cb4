// Odd upload keys and corrections, end to end on the local stack: keys reach the parser URL-encoded
// exactly as S3 encodes them in its notifications, and what the province and the operator see is
// checked in the table, the bucket, the mail store and `bhxh status`.
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoReportTable, submissionPartition } from '../../shared/adapters/dynamo-table.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { buildStatus, formatStatus } from '../../shared/day-status.ts';
import { encodeS3EventKey } from '../../shared/events/s3-notification.ts';
import { buildReportFile, sampleSpec, SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import { startTestStack, type TestStack } from './support.ts';

let stack: TestStack;
let table: DynamoReportTable;
const campaign = currentCampaign();

const bacNinh = (dateText: string, values: readonly number[] = SAMPLE_VALUES): Uint8Array =>
  buildReportFile(sampleSpec({ dateText, values: [...values] }));

async function submissionsOf(key: string): Promise<Array<Record<string, unknown>>> {
  const out = await dynamoDocumentClient(stack.handlerEnv).send(new QueryCommand({
    TableName: stack.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': submissionPartition(campaign.id, key) }, ConsistentRead: true,
  }));
  return out.Items ?? [];
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3Client(stack.handlerEnv).send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

beforeAll(async () => {
  stack = await startTestStack();
  table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id);
});
afterAll(async () => {
  await stack?.dispose();
});

describe('upload keys as people and tools make them', () => {
  // Long: 1,000+ bytes of UTF-8 in folders (each path segment stays within a file system's 255 bytes).
  const long = `incoming/27/${Array.from({ length: 5 }, (_, i) => `Thư mục báo cáo chậm đóng số ${i} ${'ả'.repeat(45)}`).join('/')}/Báo cáo ${'ả'.repeat(30)}.xlsx`;
  it.each([
    ['spaces', 'incoming/27/bao cao ngay 11.xlsx', '11/12/2023'],
    ['a plus sign', 'incoming/27/bao+cao 12.xlsx', '12/12/2023'],
    ['a percent sign', 'incoming/27/bao cao 100% 13%20x.xlsx', '13/12/2023'],
    ['Vietnamese letters (NFC)', 'incoming/27/Báo cáo chậm đóng ngày 14 – bản cuối (đã sửa).xlsx', '14/12/2023'],
    ['Vietnamese letters (NFD, as macOS writes names)', 'incoming/27/Báo cáo ngày 15.xlsx'.normalize('NFD'), '15/12/2023'],
    ['a long name', long, '16/12/2023'],
  ])('accepts a key with %s, stored under exactly that key', async (_, key, dateText) => {
    expect(Buffer.byteLength(long, 'utf8')).toBeGreaterThan(1000);
    expect(Buffer.byteLength(long, 'utf8')).toBeLessThanOrEqual(1024);
    await stack.upload(key, bacNinh(dateText), `${dateText.split('/').reverse().join('-')}T10:00:00+07:00`);
    const date = dateText.split('/').reverse().join('-');
    expect(await table.getReport('27', date)).toMatchObject({ objectKey: key, values: [...SAMPLE_VALUES], late: false });
    const [submission] = await submissionsOf(key);
    expect(submission).toMatchObject({ status: 'accepted', objectKey: key, notified: true });
  });

  it('ignores a folder marker (the console\'s "Create folder"): no submission, no mail', async () => {
    const mailsBefore = (await stack.mails()).length;
    await s3Client(stack.handlerEnv).send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'incoming/27/thang-12/', Body: new Uint8Array(0) }));
    await stack.idle();
    expect(await submissionsOf('incoming/27/thang-12/')).toEqual([]);
    expect((await stack.mails()).length).toBe(mailsBefore);
  });

  it('rejects a key with a ".." segment to the first segment\'s province, never counting it for the other', async () => {
    // Real S3 stores such a key literally (the local S3 refuses it, as its files would resolve the path):
    // deliver the notification S3 would send for it.
    const key = 'incoming/27/../01/bao-cao.xlsx';
    await stack.upload('incoming/27/mau-cham.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI', dateText: '17/12/2023' })), '2023-12-17T10:00:00+07:00');
    const template = stack.intakeBodies.find((b) => b.includes('mau-cham.xlsx'))!;
    stack.deliverIntakeMessage(template.replace(encodeS3EventKey('incoming/27/mau-cham.xlsx'), encodeS3EventKey(key)).replace(/"sequencer":"[0-9A-F]+"/, '"sequencer":"0FFFFFFFFFFFFFFF"'));
    await stack.idle();
    const [submission] = await submissionsOf(key);
    expect(submission).toMatchObject({ status: 'rejected', province: '27' });
    expect((submission!.errors as Array<{ code: string }>).map((e) => e.code)).toEqual(['bad-upload-key']);
    expect(await table.getReport('01', '2023-12-17')).toBeUndefined();
    const mails = await stack.mailsTo(exampleProvinceEmail('27'));
    expect(mails.at(-1)!.body.text).toContain('có một đoạn rỗng, "." hoặc ".."');
    expect(await stack.mailsTo(exampleProvinceEmail('01'))).toEqual([]);
  });

  it('files an upload with no province folder under errors/unknown/, saying where it must go', async () => {
    await stack.upload('incoming/bao-cao.xlsx', bacNinh('18/12/2023'), '2023-12-18T10:00:00+07:00');
    const [submission] = await submissionsOf('incoming/bao-cao.xlsx');
    expect(submission).toMatchObject({ status: 'rejected', province: 'unknown' });
    expect((submission!.errors as Array<{ message: string }>)[0]!.message).toContain('incoming/<mã tỉnh>/');
    expect(await keysUnder('errors/unknown/')).toEqual([expect.stringMatching(/^errors\/unknown\/2023-12-18T03-00-00-000Z-bao-cao\.xlsx\.json$/)]);
    expect(await table.getReport('27', '2023-12-18')).toBeUndefined();
  });
});

describe('on time from the first upload, values from the newest', () => {
  it('keeps an on-time report on time when it is corrected after the deadline, and says what changed', async () => {
    await stack.upload('incoming/48/bao-cao.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI THÀNH PHỐ ĐÀ NẴNG', dateText: '19/12/2023' })), '2023-12-19T15:00:00+07:00');
    const corrected = [...SAMPLE_VALUES];
    corrected[4] = corrected[4]! + 7;
    await stack.upload('incoming/48/bao-cao-sua.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI THÀNH PHỐ ĐÀ NẴNG', dateText: '19/12/2023', values: corrected })), '2023-12-19T19:05:00+07:00');

    expect(await table.getReport('48', '2023-12-19')).toMatchObject({
      values: corrected, late: false, objectKey: 'incoming/48/bao-cao-sua.xlsx',
      receivedAt: '2023-12-19T12:05:00.000Z', firstReceivedAt: '2023-12-19T08:00:00.000Z',
    });
    const receipt = (await stack.mailsTo(exampleProvinceEmail('48'))).at(-1)!;
    expect(receipt.body.text).toContain('thay thế báo cáo đã gửi lúc 15:00 ngày 19/12/2023');
    expect(receipt.body.text).toContain('5. Số đơn vị đã gửi công văn đôn đốc: 1.604 → 1.611');
    expect(receipt.body.text).toContain('vẫn tính là nộp đúng hạn');

    const status = await buildStatus(campaign, table, '2023-12-19', []);
    expect(status.onTime).toContain('48');
    expect(status.late).not.toContain('48');
    expect(status.corrected).toEqual([{ province: '48', firstReceivedAt: '2023-12-19T08:00:00.000Z', correctedAt: '2023-12-19T12:05:00.000Z', late: false }]);
    expect(formatStatus(status, campaign)).toContain('48 Đà Nẵng (corrected at 19:05 19/12/2023)');
  });

  it('counts a late first upload late even when corrected again', async () => {
    await stack.upload('incoming/30/bc.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH HẢI DƯƠNG', dateText: '20/12/2023' })), '2023-12-20T19:00:00+07:00');
    await stack.upload('incoming/30/bc2.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH HẢI DƯƠNG', dateText: '20/12/2023' })), '2023-12-20T20:00:00+07:00');
    expect(await table.getReport('30', '2023-12-20')).toMatchObject({ late: true, firstReceivedAt: '2023-12-20T12:00:00.000Z' });
  });

  it('takes on-time from an earlier upload that arrives after the newer one', async () => {
    await stack.upload('incoming/22/moi.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH QUẢNG NINH', dateText: '21/12/2023' })), '2023-12-21T19:00:00+07:00');
    expect(await table.getReport('22', '2023-12-21')).toMatchObject({ late: true });
    await stack.upload('incoming/22/cu.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH QUẢNG NINH', dateText: '21/12/2023' })), '2023-12-21T17:00:00+07:00');
    expect(await table.getReport('22', '2023-12-21')).toMatchObject({
      late: false, objectKey: 'incoming/22/moi.xlsx', firstReceivedAt: '2023-12-21T10:00:00.000Z',
    });
  });
});
