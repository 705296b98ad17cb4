// The table is read as a closed world: several rows under the numbering row are never resolved by
// taking the first, a unit other than đồng is never read as đồng, a stray cell is never ignored, and
// dates are read as people write them but only when they mean one campaign day. Every file is
// generated here, by SheetJS (.xlsx, .xls, .ods) and by exceljs.
import { describe, expect, it } from 'vitest';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import type { Verdict } from '../../shared/domain/report.ts';
import { SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import {
  dateSerial, extensionOf, TABLE_NUMBERING_ROW, TABLE_WRITERS, writeTable, type TableCell, type TablePlan, type TableWriter,
} from '../support/odd-workbooks.ts';

const campaign = loadCampaign(data2026);
const BAC_NINH = '24';
/** The sheet row (1-based) of the first row under the numbering row. */
const FIRST_ROW = TABLE_NUMBERING_ROW + 2;

async function verdictOf(plan: TablePlan, writer: TableWriter, sheetName?: string): Promise<Verdict> {
  const bytes = await writeTable(plan, writer, sheetName);
  const read = await readReport(bytes, `bao-cao.${extensionOf(writer)}`, campaign);
  return applyRules(read, { campaign, uploadedFor: BAC_NINH });
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);
const messages = (findings: { message: string }[]) => findings.map((f) => f.message).join('\n');

/** The province's values split over sub-offices that sum to them exactly, column by column. */
function split(total: readonly number[], shares: readonly number[]): number[][] {
  const parts = shares.slice(0, -1).map((share) => total.map((v) => Math.floor(v * share)));
  const last = total.map((v, i) => v - parts.reduce((sum, p) => sum + p[i]!, 0));
  return [...parts, last];
}

const SUB_OFFICES = ['BHXH cơ sở Từ Sơn', 'BHXH cơ sở Thuận Thành', 'BHXH cơ sở Quế Võ'];
const PARTS = split(SAMPLE_VALUES, [0.12, 0.5, 0.38]);

describe.each(TABLE_WRITERS)('sub-offices and a total row (%s)', (writer) => {
  const variants: { name: string; total: string; labels: (name: string, i: number) => TableCell[]; totalFirst: boolean; blank: boolean; labelColumns?: number }[] = [
    { name: 'total last, labels without codes', total: 'Tổng cộng', labels: (n) => [n], totalFirst: false, blank: false },
    { name: 'total first, labels with codes', total: 'TỔNG CỘNG', labels: (n, i) => [`2700${i + 1} - ${n}`], totalFirst: true, blank: false },
    { name: 'total last after blank rows, "Cộng"', total: 'Cộng', labels: (n) => [n], totalFirst: false, blank: true },
    { name: 'total first, "Toàn tỉnh", blank rows', total: 'Toàn tỉnh', labels: (n, i) => [`${i + 1}. ${n}`], totalFirst: true, blank: true },
    { name: '"tong so" without diacritics', total: 'tong so', labels: (n) => [n], totalFirst: false, blank: false },
    { name: 'row numbers and codes in label columns, "Tổng cộng (1+2+3)"', total: 'Tổng cộng (1+2+3)', labels: (n, i) => [i + 1, 27001 + i, n], totalFirst: false, blank: false, labelColumns: 3 },
  ];

  it.each(variants)('reads the total row, naming the rows it sums ($name)', async ({ total, labels, totalFirst, blank, labelColumns = 1 }) => {
    const detail = SUB_OFFICES.flatMap((name, i) => [[...labels(name, i), ...PARTS[i]!], ...(blank ? [[]] : [])]);
    const totalRow = [...Array<TableCell>(labelColumns - 1).fill(null), total, ...SAMPLE_VALUES];
    const rows = totalFirst ? [totalRow, ...detail] : [...detail, totalRow];
    const verdict = await verdictOf({ rows, labelColumns }, writer);
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2026-12-15', values: SAMPLE_VALUES });
    const totalSheetRow = FIRST_ROW + (totalFirst ? 0 : detail.length);
    expect(verdict.source).toEqual({ sheet: 'Báo cáo', row: totalSheetRow, label: total });
    const read = verdict.warnings.find((w) => w.code === 'total-row-read');
    expect(read?.message).toContain(`Đã đọc dòng ${totalSheetRow} (${total})`);
    for (const name of SUB_OFFICES) expect(read?.message).toContain(name);
  });

  it('rejects sub-offices whose total row is off by one in one column, naming every row and the column', async () => {
    const wrong = [...SAMPLE_VALUES];
    wrong[4] = wrong[4]! + 1;
    const rows = [...SUB_OFFICES.map((name, i) => [name, ...PARTS[i]!]), ['Tổng cộng', ...wrong]];
    const verdict = await verdictOf({ rows }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.values).toBeNull();
    expect(codes(verdict.errors)).toEqual(['several-data-rows']);
    const message = verdict.errors[0]!.message;
    for (let i = 0; i < 4; i++) expect(message).toContain(`dòng ${FIRST_ROW + i}`);
    expect(message).toContain('cột 5');
  });

  it('rejects sub-office rows without a total row instead of taking the first one', async () => {
    const rows = SUB_OFFICES.map((name, i) => [name, ...PARTS[i]!]);
    const verdict = await verdictOf({ rows }, writer);
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict.errors)).toEqual(['several-data-rows']);
    expect(verdict.errors[0]!.message).toContain(`dòng ${FIRST_ROW} (BHXH cơ sở Từ Sơn), dòng ${FIRST_ROW + 1} (BHXH cơ sở Thuận Thành), dòng ${FIRST_ROW + 2} (BHXH cơ sở Quế Võ)`);
  });

  it('rejects two total rows', async () => {
    const rows = [...SUB_OFFICES.map((name, i) => [name, ...PARTS[i]!]), ['Cộng', ...SAMPLE_VALUES], ['Tổng cộng', ...SAMPLE_VALUES]];
    expect(codes((await verdictOf({ rows }, writer)).errors)).toEqual(['several-data-rows']);
  });

  it('never reads a "Công ty" row as a total', async () => {
    const rows = [['Công ty TNHH A', ...PARTS[0]!], ['Công ty TNHH B', ...SAMPLE_VALUES]];
    expect(codes((await verdictOf({ rows }, writer)).errors)).toEqual(['several-data-rows']);
  });
});

describe.each(TABLE_WRITERS)('units other than đồng (%s)', (writer) => {
  const rows = [['Bắc Ninh', ...SAMPLE_VALUES]];
  it.each<[string, Partial<TablePlan>, string, string]>([
    ['on its own line above the table', { above: [[null, null, null, null, null, null, null, null, null, 'Đơn vị tính: triệu đồng']] }, 'J5', 'triệu đồng'],
    ['in the date row', { dateRow: ['Ngày báo cáo: 15/12/2026', null, null, null, null, null, null, null, 'ĐVT: nghìn đồng'] }, 'I4', 'nghìn đồng'],
    ['in an amount column header', { headers: { 2: 'Số tiền chậm đóng (triệu đồng)' } }, 'C8', 'triệu đồng'],
    ['as "Tr.đ" in a header', { headers: { 9: 'Số tiền (Tr.đ)' } }, 'J8', 'triệu đồng'],
    ['as "1.000 đ" on a line of its own', { above: [['(1.000 đ)']] }, 'A5', 'nghìn đồng'],
    ['as "tỷ đồng" after the header', { headers: { 11: 'Số tiền chậm đóng - tỷ đồng' } }, 'L8', 'tỷ đồng'],
    ['as "Tr.đ" ending an amount header', { headers: { 4: 'Số tiền chậm đóng Tr.đ' } }, 'E8', 'triệu đồng'],
    ['as "1.000 đ" ending an amount header', { headers: { 2: 'Số tiền 1.000 đ' } }, 'C8', 'nghìn đồng'],
  ])('rejects amounts declared %s, quoting the declaration', async (_, plan, cell, unit) => {
    const verdict = await verdictOf({ rows, ...plan }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'amount-unit', cell })]);
    expect(verdict.errors[0]!.message).toContain(unit);
    expect(verdict.errors[0]!.message).toContain('mẫu báo cáo tính số tiền chậm đóng bằng đồng Việt Nam');
  });

  it.each<[string, Partial<TablePlan>]>([
    ['"Đơn vị tính: đồng"', { above: [[null, null, null, null, null, null, null, null, null, 'Đơn vị tính: đồng']] }],
    ['"(đồng)" in the headers', { headers: { 2: 'Số tiền chậm đóng (đồng)', 4: 'Số tiền (VNĐ)' } }],
  ])('reads amounts declared in đồng: %s', async (_, plan) => {
    expect(await verdictOf({ rows, ...plan }, writer)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES, warnings: [] });
  });
});

describe('units hidden in a number format, and dates typed into data cells', () => {
  it.each(['sheetjs-xlsx', 'exceljs'] as const)('rejects amounts whose number format says "triệu đồng" (%s)', async (writer) => {
    const values: TableCell[] = [...SAMPLE_VALUES];
    for (const col of [2, 4, 9, 11]) values[col - 1] = { number: Math.round(SAMPLE_VALUES[col - 1]! / 1e6), format: '#,##0" triệu đồng"' };
    const verdict = await verdictOf({ rows: [['Bắc Ninh', ...values]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([['amount-unit', `C${FIRST_ROW}`], ['amount-unit', `E${FIRST_ROW}`], ['amount-unit', `J${FIRST_ROW}`]]);
  });

  it.each(['sheetjs-xlsx', 'exceljs'] as const)('rejects a count that Excel turned into a date (%s)', async (writer) => {
    const values: TableCell[] = [...SAMPLE_VALUES];
    values[5] = { date: [2026, 12, 1] };
    const verdict = await verdictOf({ rows: [['Bắc Ninh', ...values]] }, writer);
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'date-in-data-cell', cell: `G${FIRST_ROW}`, message: expect.stringContaining('01/12/2026') as unknown })]);
  });
});

describe.each(TABLE_WRITERS)('rows dated in the label column (%s)', (writer) => {
  const yesterday = SAMPLE_VALUES.map((v) => v - 1);
  const before = SAMPLE_VALUES.map((v) => v - 2);
  const variants: { name: string; label: (y: number, m: number, d: number) => TableCell }[] = [
    { name: 'dd/mm/yyyy text', label: (y, m, d) => `${String(d).padStart(2, '0')}/${m}/${y}` },
    { name: 'date cells', label: (y, m, d) => ({ date: [y, m, d] }) },
    { name: '"Ngày dd/mm" without the year', label: (_, m, d) => `Ngày ${d}/${m}` },
  ];

  it.each(variants)('reads the row dated with the report date, oldest first ($name)', async ({ label }) => {
    const rows = [[label(2026, 12, 13), ...before], [label(2026, 12, 14), ...yesterday], [label(2026, 12, 15), ...SAMPLE_VALUES]];
    const verdict = await verdictOf({ rows }, writer);
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES, source: { row: FIRST_ROW + 2, label: '15/12/2026' } });
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'dated-row-read' })]);
    expect(verdict.warnings[0]!.message).toContain(`dòng ${FIRST_ROW} (13/12/2026), dòng ${FIRST_ROW + 1} (14/12/2026)`);
  });

  it.each(variants)('reads the row dated with the report date, newest first with a blank row ($name)', async ({ label }) => {
    const rows = [[label(2026, 12, 15), ...SAMPLE_VALUES], [], [label(2026, 12, 14), ...yesterday]];
    expect(await verdictOf({ rows }, writer)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES, source: { row: FIRST_ROW } });
  });

  it.each(variants)('rejects dated rows none of which is the report date ($name)', async ({ label }) => {
    const rows = [[label(2026, 12, 13), ...before], [label(2026, 12, 14), ...yesterday]];
    const verdict = await verdictOf({ rows }, writer);
    expect(codes(verdict.errors)).toEqual(['data-row-date']);
    expect(verdict.errors[0]!.message).toContain('15/12/2026');
  });

  it('rejects two rows dated with the report date', async () => {
    const rows = [['15/12/2026', ...yesterday], ['15/12/2026', ...SAMPLE_VALUES]];
    expect(codes((await verdictOf({ rows }, writer)).errors)).toEqual(['several-data-rows']);
  });

  it('rejects a single data row dated with another day', async () => {
    const verdict = await verdictOf({ rows: [['14/12/2026', ...SAMPLE_VALUES]] }, writer);
    expect(codes(verdict.errors)).toEqual(['data-row-date']);
  });
});

describe.each(TABLE_WRITERS)('anything else in the table area (%s)', (writer) => {
  const data = ['Bắc Ninh', ...SAMPLE_VALUES];

  it('rejects a stray number to the right of the data row, naming the cell', async () => {
    const verdict = await verdictOf({ rows: [[...data, null, 44_219]] }, writer);
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'stray-cell', cell: `N${FIRST_ROW}` })]);
    expect(verdict.errors[0]!.message).toContain('"44219"');
  });

  it('rejects a second block to the right of the table', async () => {
    const rows = [[...data, null, 'Hôm qua', 4161], [null, ...Array<TableCell>(12).fill(null), 'x', 108_554_706_638]];
    const verdict = await verdictOf({ rows }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => e.cell)).toEqual([`N${FIRST_ROW}`, `O${FIRST_ROW}`, `N${FIRST_ROW + 1}`, `O${FIRST_ROW + 1}`]);
  });

  it('rejects a stray number far to the right, past the columns the reader keeps', async () => {
    const row: TableCell[] = [...data, ...Array<TableCell>(60).fill(null), 7];
    const verdict = await verdictOf({ rows: [row] }, writer);
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'stray-cell', cell: `BU${FIRST_ROW}`, message: expect.stringContaining('"7"') as unknown })]);
  });

  it('accepts remarks under a "Ghi chú" column', async () => {
    const verdict = await verdictOf({ extraHeaders: ['Ghi chú'], rows: [[...data, 'Số liệu đã đối chiếu 12 đơn vị'], [null, ...Array<TableCell>(11).fill(null), 'thêm 3']] }, writer);
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES, warnings: [] });
  });

  it('rejects a second filled table under the notes', async () => {
    const verdict = await verdictOf({
      rows: [data],
      after: [[], ['A', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ['Bắc Ninh', ...SAMPLE_VALUES.map((v) => v - 1)]],
    }, writer);
    expect(codes(verdict.errors)).toContain('several-reports');
    expect(verdict.values).toBeNull();
  });

  it('rejects rows of numbers below the notes, and below a dated heading that looks like a signature date', async () => {
    const underNotes = await verdictOf({ rows: [data], after: [['Bắc Ninh', ...SAMPLE_VALUES.map((v) => v + 1)]] }, writer);
    expect(codes(underNotes.errors)).toEqual(['values-below-table']);
    const underHeading = await verdictOf({ rows: [data, ['ngày 16 tháng 12 năm 2026'], ['Bắc Ninh', ...SAMPLE_VALUES.map((v) => v + 1)]] }, writer);
    expect(underHeading.status).toBe('rejected');
    expect(underHeading.errors[0]!.message).toContain(`dòng ${FIRST_ROW + 2}`);
  });

  it('accepts a note sentence and a heading row without numbers', async () => {
    const verdict = await verdictOf({ rows: [['Toàn tỉnh:'], data, [], ['Số liệu tổng hợp từ báo cáo của các BHXH cơ sở trực thuộc']] }, writer);
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

describe('report dates as people write them (campaign of December 2026)', () => {
  const rows = [['Bắc Ninh', ...SAMPLE_VALUES]];
  it.each([
    'Ngày báo cáo: Thứ Ba, ngày 15/12/2026', 'Ngày báo cáo: T3 15/12', 'Ngày báo cáo: thứ 3, 15.12.2026', 'Ngày báo cáo: 15-12-2026',
    'Ngày báo cáo: 15/12/26', 'Ngày báo cáo:  ngày  15   tháng 12  năm  2026', 'NGÀY BÁO CÁO: THỨ BA NGÀY 15 THÁNG 12 NĂM 2026',
    'Ngày báo cáo: 15/12', 'Ngày báo cáo: ngày 15 tháng 12',
  ])('reads %j', async (line) => {
    for (const writer of ['sheetjs-xlsx', 'exceljs'] as const) {
      expect(await verdictOf({ rows, dateRow: [line] }, writer), writer).toMatchObject({ status: 'accepted', reportDate: '2026-12-15' });
    }
  });

  it.each<[string, TableCell[]]>([
    ['the weekday and the date in cells of their own', ['Ngày báo cáo:', 'Thứ Ba', '15/12/2026']],
    ['the weekday then a date cell', ['Ngày báo cáo:', 'Thứ Ba', { date: [2026, 12, 15] }]],
    ['a date cell formatted as text', ['Ngày báo cáo:', { number: dateSerial(2026, 12, 15), format: '@' }]],
    ['a date typed into a text cell', ['Ngày báo cáo:', '15/12/2026']],
  ])('reads %s', async (_, dateRow) => {
    for (const writer of ['sheetjs-xlsx', 'exceljs', 'sheetjs-ods'] as const) {
      expect(await verdictOf({ rows, dateRow }, writer), writer).toMatchObject({ status: 'accepted', reportDate: '2026-12-15' });
    }
  });

  it.each([
    ['Ngày báo cáo: Thứ Tư, ngày 15/12/2026', '15/12/2026 là Thứ Ba, không phải Thứ Tư'],
    ['Ngày báo cáo: T4 15/12', '15/12/2026 là Thứ Ba, không phải Thứ Tư'],
    ['Ngày báo cáo: 15/11', 'không ghi năm và không trùng ngày nào của đợt báo cáo'],
  ])('rejects %j, which cannot mean one campaign day', async (line, why) => {
    const verdict = await verdictOf({ rows, dateRow: [line] }, 'sheetjs-xlsx');
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'bad-report-date', cell: 'A4' })]);
    expect(messages(verdict.errors)).toContain(why);
  });

  it('rejects a two-digit year outside the campaign', async () => {
    const verdict = await verdictOf({ rows, dateRow: ['Ngày báo cáo: 15/12/25'] }, 'sheetjs-xlsx');
    expect(codes(verdict.errors)).toEqual(['date-outside-campaign']);
  });
});
