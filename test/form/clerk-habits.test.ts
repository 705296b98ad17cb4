// Habits of clerks and of the software they use that the closed-world tests did not cover: each
// file here was once accepted with numbers other than the clerk meant, or refused although
// ordinary. Every file is generated here (SheetJS .xlsx/.xls/.ods and exceljs).
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import type { Verdict } from '../../shared/domain/report.ts';
import { SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import {
  extensionOf, formulaWorkbook, TABLE_NUMBERING_ROW, TABLE_WRITERS, tableRows, writeTable, type FormulaRow, type TableCell, type TablePlan, type TableWriter,
} from '../support/odd-workbooks.ts';

const campaign = loadCampaign(data2026);
const BAC_NINH = '24';
const FIRST_ROW = TABLE_NUMBERING_ROW + 2;

async function verdictOf(plan: TablePlan, writer: TableWriter, sheetName?: string): Promise<Verdict> {
  const bytes = await writeTable(plan, writer, sheetName);
  return verdictOfBytes(bytes, extensionOf(writer));
}

async function verdictOfBytes(bytes: Uint8Array, extension = 'xlsx'): Promise<Verdict> {
  const read = await readReport(bytes, `bao-cao.${extension}`, campaign);
  return applyRules(read, { campaign, uploadedFor: BAC_NINH });
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);
const YESTERDAY = SAMPLE_VALUES.map((v) => v + 5);

describe.each(TABLE_WRITERS)('the only row of numbers says it is not the report day (%s)', (writer) => {
  it.each([
    ['Số liệu kỳ trước', 'Số liệu kỳ này'],
    ['Số liệu ngày hôm trước', 'Số liệu ngày báo cáo'],
    ['Hôm qua', 'Hôm nay'],
    ['Tỷ lệ (%) so với kỳ trước', 'Tổng cộng'],
    ['Kế hoạch', 'Thực hiện'],
  ])('rejects a lone row labelled %j (the row %j left empty), naming it', async (filled, empty) => {
    const verdict = await verdictOf({ rows: [[filled, ...YESTERDAY], [empty]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.values).toBeNull();
    expect(codes(verdict.errors)).toEqual(['data-row-label']);
    expect(verdict.errors[0]!.message).toContain(`dòng ${FIRST_ROW}`);
  });

  it.each(['Bắc Ninh', 'Số liệu ngày báo cáo', 'Số liệu kỳ này', 'Tổng cộng toàn tỉnh'])('reads a lone row labelled %j', async (label) => {
    expect(await verdictOf({ rows: [[label, ...SAMPLE_VALUES]] }, writer)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

/** The amounts (columns 2, 4, 9, 11) typed in millions. */
const IN_MILLIONS = SAMPLE_VALUES.map((v, i) => ([1, 3, 8, 10].includes(i) ? Math.round(v / 1e6) : v));

describe.each(TABLE_WRITERS)('units written as clerks write them (%s)', (writer) => {
  const rows = [['Bắc Ninh', ...IN_MILLIONS]];
  it.each<[string, Partial<TablePlan>, string | undefined, string]>([
    ['"Đơn vị: Tr đồng" on a line of its own', { above: [['Đơn vị: Tr đồng']] }, 'A5', 'triệu đồng'],
    ['"ĐVT: Tr.VNĐ"', { above: [['ĐVT: Tr.VNĐ']] }, 'A5', 'triệu đồng'],
    ['"ĐVT: đơn vị; triệu đồng" (the count unit first)', { above: [['ĐVT: đơn vị; triệu đồng']] }, 'A5', 'triệu đồng'],
    ['"Đơn vị tính: Số đơn vị: đơn vị, Số tiền: nghìn đồng"', { above: [['Đơn vị tính: Số đơn vị: đơn vị, Số tiền: nghìn đồng']] }, 'A5', 'nghìn đồng'],
    ['"(tr)" in an amount header', { headers: { 2: 'Số tiền (tr)' } }, 'C8', 'triệu đồng'],
    ['"(tr đồng)" in an amount header', { headers: { 4: 'Số tiền chậm đóng (tr đồng)' } }, 'E8', 'triệu đồng'],
    ['"(Ng.VNĐ)" in an amount header', { headers: { 9: 'Số tiền (Ng.VNĐ)' } }, 'J8', 'nghìn đồng'],
  ])('rejects amounts declared %s, quoting it', async (_, plan, cell, unit) => {
    const verdict = await verdictOf({ rows, ...plan }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'amount-unit', cell })]);
    expect(verdict.errors[0]!.message).toContain(unit);
  });

  it('rejects amounts whose sheet is named "BC (triệu đồng)", naming the sheet', async () => {
    const verdict = await verdictOf({ rows }, writer, 'BC (triệu đồng)');
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict.errors)).toEqual(['amount-unit']);
    expect(verdict.errors[0]!.message).toContain('Tên trang tính ghi đơn vị "BC (triệu đồng)" (triệu đồng)');
  });

  it.each<[string, Partial<TablePlan>, string?]>([
    ['"(ĐVT: đồng)" in the title', { above: [['BÁO CÁO SỐ TIỀN CHẬM ĐÓNG (ĐVT: đồng)']] }],
    ['"ĐVT: đơn vị; đồng"', { above: [['ĐVT: đơn vị; đồng']] }],
    ['"Đơn vị: BHXH tỉnh Bắc Ninh" (the office, not a unit)', { above: [['Đơn vị: BHXH tỉnh Bắc Ninh - Phòng Quản lý thu']] }],
    ['a sheet named "BC 15-12 (đồng)"', {}, 'BC 15-12 (đồng)'],
  ])('reads amounts in đồng: %s', async (_, plan, sheet) => {
    expect(await verdictOf({ rows: [['Bắc Ninh', ...SAMPLE_VALUES]], ...plan }, writer, sheet)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES, warnings: [] });
  });
});

const letter = (i: number): string => XLSX.utils.encode_col(i);
/** Formulas in columns 1..11 of the data row naming the "Chi tiết" sheet's first row, with these saved values. */
const crossSheet = (saved: readonly number[]): FormulaRow => saved.map((v, i) => ({ formula: `'Chi tiết'!${letter(i)}1`, saved: v }));

describe('formulas whose saved value is not what they compute', () => {
  const writers = ['exceljs', 'sheetjs-xlsx', 'sheetjs-ods'] as const;

  it.each(writers)('rejects a data row of formulas saved with yesterday\'s values, naming each cell (%s)', async (writer) => {
    const bytes = await formulaWorkbook(writer, [['Bắc Ninh', ...crossSheet(YESTERDAY)]], { detail: SAMPLE_VALUES });
    const verdict = await verdictOfBytes(bytes, writer === 'sheetjs-ods' ? 'ods' : 'xlsx');
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual(SAMPLE_VALUES.map((_, i) => ['formula-stale', `${letter(i + 1)}${FIRST_ROW}`]));
    expect(verdict.errors[0]!.message).toContain('(4.167)');
    expect(verdict.errors[0]!.message).toContain('(4.162)');
  });

  it.each(writers)('rejects formulas saved with 0 as their value, as script writers save them (%s)', async (writer) => {
    const bytes = await formulaWorkbook(writer, [['Bắc Ninh', ...crossSheet(SAMPLE_VALUES.map(() => 0))]], { detail: SAMPLE_VALUES, fullCalcOnLoad: true });
    const verdict = await verdictOfBytes(bytes, writer === 'sheetjs-ods' ? 'ods' : 'xlsx');
    expect(verdict.status).toBe('rejected');
    expect(new Set(codes(verdict.errors))).toEqual(new Set(['formula-stale']));
  });

  it.each(writers)('rejects a stale SUM in the total row over sub-office rows (%s)', async (writer) => {
    const parts = [SAMPLE_VALUES.map((v) => v - Math.floor(v / 3)), SAMPLE_VALUES.map((v) => Math.floor(v / 3))];
    const total: FormulaRow = SAMPLE_VALUES.map((v, i) => ({ formula: `SUM(${letter(i + 1)}${FIRST_ROW}:${letter(i + 1)}${FIRST_ROW + 1})`, saved: i === 4 ? v + 1 : v }));
    const bytes = await formulaWorkbook(writer, [['BHXH A', ...parts[0]!], ['BHXH B', ...parts[1]!], ['Tổng cộng', ...total]]);
    const verdict = await verdictOfBytes(bytes, writer === 'sheetjs-ods' ? 'ods' : 'xlsx');
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => e.code)).toContain('formula-stale');
    expect(verdict.errors.find((e) => e.code === 'formula-stale')?.cell).toBe(`F${FIRST_ROW + 2}`);
  });

  it.each(writers)('reads formulas whose saved values are right: another sheet, and a SUM with arithmetic (%s)', async (writer) => {
    const parts = [SAMPLE_VALUES.map((v) => v - Math.floor(v / 3)), SAMPLE_VALUES.map((v) => Math.floor(v / 3))];
    const total: FormulaRow = SAMPLE_VALUES.map((v, i) => ({ formula: `SUM(${letter(i + 1)}${FIRST_ROW}:${letter(i + 1)}${FIRST_ROW + 1})*1+0`, saved: v }));
    const summed = await verdictOfBytes(await formulaWorkbook(writer, [['BHXH A', ...parts[0]!], ['BHXH B', ...parts[1]!], ['Tổng cộng', ...total]]), writer === 'sheetjs-ods' ? 'ods' : 'xlsx');
    expect(summed).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
    const linked = await verdictOfBytes(await formulaWorkbook(writer, [['Bắc Ninh', ...crossSheet(SAMPLE_VALUES)]], { detail: SAMPLE_VALUES }), writer === 'sheetjs-ods' ? 'ods' : 'xlsx');
    expect(linked).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });

  it('rejects a formula it cannot recompute in a workbook that asks to be recalculated on opening, and reads it with a warning otherwise', async () => {
    const rounded: FormulaRow = SAMPLE_VALUES.map((v, i) => ({ formula: `ROUND('Chi tiết'!${letter(i)}1,0)`, saved: v }));
    const asked = await verdictOfBytes(await formulaWorkbook('exceljs', [['Bắc Ninh', ...rounded]], { detail: SAMPLE_VALUES, fullCalcOnLoad: true }));
    expect(asked.status).toBe('rejected');
    expect(new Set(codes(asked.errors))).toEqual(new Set(['formula-not-recalculated']));
    const saved = await verdictOfBytes(await formulaWorkbook('exceljs', [['Bắc Ninh', ...rounded]], { detail: SAMPLE_VALUES }));
    expect(saved).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
    expect(codes(saved.warnings)).toEqual(['formula-unchecked']);
  });
});

describe('ordinary forms that were refused', () => {
  const rows = [['Bắc Ninh', ...SAMPLE_VALUES]];
  it.each([
    'Ngày báo cáo: 15/12/2026 (số liệu đến 17h)', 'Ngày báo cáo: 15/12/2026 lúc 16h30', 'Ngày báo cáo: Thứ Ba, 15/12/2026 - 17:00',
    'Ngày báo cáo: ngày 15 tháng 12 năm 2026 (số liệu tính đến 17 giờ)',
  ])('reads the date followed by a time of day: %j', async (line) => {
    for (const writer of ['sheetjs-xlsx', 'exceljs'] as const) {
      expect(await verdictOf({ rows, dateRow: [line] }, writer), writer).toMatchObject({ status: 'accepted', reportDate: '2026-12-15', values: SAMPLE_VALUES });
    }
  });

  it('still refuses a date followed by another date', async () => {
    const verdict = await verdictOf({ rows, dateRow: ['Ngày báo cáo: 15/12/2026 (số liệu ngày 14/12/2026)'] }, 'sheetjs-xlsx');
    expect(codes(verdict.errors)).toEqual(['bad-report-date']);
  });

  it.each<[string, (n: number) => string]>([
    ['"[1]" … "[11]"', (n) => `[${n}]`],
    ['"(1)" … "(11)"', (n) => `(${n})`],
  ])('reads a numbering row written %s', async (_, label) => {
    for (const writer of TABLE_WRITERS) {
      const frame = tableRows({ rows });
      frame[TABLE_NUMBERING_ROW] = ['A', ...SAMPLE_VALUES.map((__, i) => label(i + 1))];
      const workbook = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(frame), 'Báo cáo');
      const bookType = writer === 'sheetjs-xls' ? 'biff8' : writer === 'sheetjs-ods' ? 'ods' : 'xlsx';
      const bytes = new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType }) as Buffer);
      expect(await verdictOfBytes(bytes, extensionOf(writer)), writer).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
    }
  });
});

describe('a value cell merged across two numbered columns', () => {
  it.each(['xlsx', 'ods'] as const)('is rejected, naming the merge, never read as a value and a 0 (%s)', async (bookType) => {
    const base = await writeTable({ rows: [['Bắc Ninh', ...SAMPLE_VALUES]] }, TABLE_WRITERS[0]!);
    const book = XLSX.read(base);
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const r = FIRST_ROW - 1;
    // Columns 7 and 8 (H and I: A holds the label) merged, the value typed once in the merge.
    delete sheet[XLSX.utils.encode_cell({ r, c: 8 })];
    sheet['!merges'] = [...(sheet['!merges'] ?? []), { s: { r, c: 7 }, e: { r, c: 8 } }];
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType }) as ArrayBuffer);
    const verdict = await verdictOfBytes(bytes, bookType);
    expect(verdict.status).toBe('rejected');
    expect(verdict.values).toBeNull();
    const merged = verdict.errors.filter((e) => e.code === 'merged-data-cell');
    expect(merged.map((e) => e.cell)).toEqual([`H${FIRST_ROW}`, `I${FIRST_ROW}`]);
    expect(merged[0]!.message).toContain(`H${FIRST_ROW}:I${FIRST_ROW}`);
  });
});

describe.each(['sheetjs-xlsx', 'sheetjs-xls', 'exceljs'] as const)('a number the clerk cannot see (%s)', (writer) => {
  it('is rejected when its number format shows nothing (";;;"), naming the sheet and cell', async () => {
    const values: TableCell[] = [...SAMPLE_VALUES];
    values[5] = { number: 636, format: ';;;' };
    const verdict = await verdictOf({ rows: [['Bắc Ninh', ...values]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'number-hidden-by-format', cell: `G${FIRST_ROW}` })]);
    expect(verdict.errors[0]!.message).toContain(`Trang "Báo cáo": cột 6 chứa số 636`);
  });

  it('reads a zero its format shows as nothing, as the empty cell it looks like', async () => {
    const values: TableCell[] = [...SAMPLE_VALUES];
    values[6] = { number: 0, format: '#,##0;-#,##0;' };
    const expected = SAMPLE_VALUES.map((v, i) => (i === 6 ? 0 : v));
    expect(await verdictOf({ rows: [['Bắc Ninh', ...values]] }, writer)).toMatchObject({ status: 'accepted', values: expected });
  });
});
