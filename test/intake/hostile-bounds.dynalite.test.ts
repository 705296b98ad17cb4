// A hostile workbook through the whole intake onto a DynamoDB emulator (dynalite, which refuses items
// over 400 KB as DynamoDB does): one cell of 32,000 characters in the table area, 5,000 stray cells,
// a 31-character sheet name with bidi controls. Everything stored, reported and mailed stays bounded
// and readable, and the full number of errors is still told.
import { Buffer } from 'node:buffer';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynaliteTable, type DynaliteTable } from '../support/dynalite-table.ts';
import { DynamoReportTable, submissionItemKey } from '../../shared/adapters/dynamo-table.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { findingCount, MORE_FINDINGS } from '../../shared/domain/findings.ts';
import { formatInteger } from '../../shared/domain/format.ts';
import { processUpload } from '../../shared/domain/intake/process-upload.ts';
import type { Finding } from '../../shared/domain/report.ts';
import { SILENT_LOG, type MailMessage, type UploadRef } from '../../shared/ports/index.ts';
import { reportRows } from '../support/hostile-files.ts';

const TABLE = 'bhxh-hostile-bounds-test';
const campaign = defaultCampaign();
let table: DynaliteTable;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  doc = table.doc;
});

afterAll(async () => {
  await table?.stop();
});

const LONG_CELL = `${'Ghi chú rất dài '.repeat(2000)}`.slice(0, 32_000);
const STRAY_ROWS = 100;
const STRAY_PER_ROW = 50;
// 31 characters (Excel's limit) with an override and an isolate in it.
const SHEET_NAME = `\u202eBáo cáo\u2066 15-12 xslx.exe\u2069`.padEnd(31, 'x');
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/** The official layout; right of column 11: the long cell on the data row and 100 rows of 50 stray cells. */
function hostileWorkbook(): Uint8Array {
  const rows: (string | number)[][] = reportRows();
  const dataRow = 7;
  rows[dataRow] = [...rows[dataRow]!, LONG_CELL];
  const stray = Array.from({ length: STRAY_ROWS }, (_, r) => [
    ...Array<string>(12).fill(''), ...Array.from({ length: STRAY_PER_ROW }, (_, c) => `rác ${r}-${c}`),
  ]);
  rows.splice(dataRow + 1, 0, ...stray);
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), SHEET_NAME);
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

describe('a hostile workbook through the intake, onto dynalite', () => {
  it('stores a submission item far under 400 KB, a bounded error report and a readable mail, all telling the full count', async () => {
    expect(SHEET_NAME).toHaveLength(31);
    const bytes = hostileWorkbook();
    const upload: UploadRef = {
      bucket: 'b', key: 'incoming/27/bao-cao.xlsx', size: bytes.byteLength, receivedAt: '2023-12-15T03:00:00.000Z', sequencer: '0A1',
    };
    const written = new Map<string, string>();
    const mails: MailMessage[] = [];
    const table = new DynamoReportTable(doc, TABLE, campaign.id);
    const outcome = await processUpload({
      campaign, reports: table, submissions: table, log: SILENT_LOG,
      files: {
        read: () => Promise.resolve({ body: bytes }),
        write: (key, body) => { written.set(key, String(body)); return Promise.resolve(); },
      },
      events: { reportAccepted: () => Promise.resolve() },
      mailer: { send: (message) => { mails.push(message); return Promise.resolve({ messageId: 'm-1' }); } },
      contacts: {
        provinceEmails: () => Promise.resolve(['bhxh-27@example.gov.vn']), nationalEmails: () => Promise.resolve([]),
        provincesOfAddress: () => Promise.resolve(['27']), sender: () => Promise.resolve('bao-cao@example.gov.vn'),
      },
    }, upload);
    expect(outcome.kind).toBe('rejected');

    // The item as DynamoDB holds it.
    const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: submissionItemKey(campaign.id, upload.key, upload.sequencer) }));
    expect(Item).toBeDefined();
    expect(Buffer.byteLength(JSON.stringify(Item), 'utf8')).toBeLessThan(40_000);
    const [submission] = await table.listForObject(upload.key);
    const errors = submission!.errors;
    const total = STRAY_ROWS * STRAY_PER_ROW + 1;
    expect(errors.length).toBeLessThanOrEqual(30);
    expect(findingCount(errors)).toBeGreaterThanOrEqual(total);
    const last = errors.at(-1)!;
    expect(last.code).toBe(MORE_FINDINGS);
    expect(last.message).toMatch(/^… và [\d.]+ lỗi khác \(tổng cộng [\d.]+ lỗi\)/);
    // The long cell is quoted, cut, on the stray-cell error naming it.
    const long = errors.find((e) => e.cell === 'L8')!;
    expect(long.code).toBe('stray-cell');
    expect(long.message.length).toBeLessThan(400);
    expect(long.message).toContain('Ghi chú rất dài');
    expect(submission!.source?.sheet ?? '').not.toMatch(BIDI);

    // The error report in S3: larger, still bounded, the same full count.
    const [reportKey, reportText] = [...written.entries()].find(([key]) => key.startsWith('errors/27/'))!;
    expect(reportKey).toMatch(/\.json$/);
    expect(Buffer.byteLength(reportText, 'utf8')).toBeLessThan(1_000_000);
    const report = JSON.parse(reportText) as { errors: Finding[] };
    expect(report.errors.length).toBeLessThanOrEqual(500);
    expect(findingCount(report.errors)).toBe(findingCount(errors));

    // One mail: the real number of errors in its subject, a bounded readable body.
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain(`có ${formatInteger(findingCount(errors))} lỗi`);
    expect(mail.subject).not.toMatch(BIDI);
    expect(Buffer.byteLength(mail.text, 'utf8')).toBeLessThan(40_000);
    expect(mail.text).toContain('… và ');
    expect(mail.text).not.toMatch(BIDI);
    expect(mail.text).not.toContain(LONG_CELL.slice(0, 200));
  }, 60_000);
});
