// Formulas in the value cells whose saved value the reader cannot recompute: read with a warning
// naming them when the workbook was saved calculated, rejected when the value may be old (a link to
// another file, NOW/TODAY/RAND, a workbook saved without calculating, a formula it names that
// cannot be checked either). LibreOffice's own formula syntax is recomputed like Excel's. Every file
// is generated here: exceljs, SheetJS (.xlsx, .ods) and .ods as LibreOffice writes its formulas.
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import type { Verdict } from '../../shared/domain/report.ts';
import { SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import { dateSerial, formulaWorkbook, libreOfficeFormula, TABLE_NUMBERING_ROW, type FormulaRow, type FormulaWorkbookOptions } from '../support/odd-workbooks.ts';

const campaign = loadCampaign(data2026);
const FIRST_ROW = TABLE_NUMBERING_ROW + 2;
const WRITERS = ['exceljs', 'sheetjs-xlsx', 'sheetjs-ods', 'libreoffice-ods'] as const;
const XLSX_WRITERS = ['exceljs', 'sheetjs-xlsx'] as const;
type Writer = (typeof WRITERS)[number];

const letter = (i: number): string => XLSX.utils.encode_col(i);
/** The sheet cell of column `col` (1..11) in the first row under the numbering (A holds the label). */
const cellOf = (col: number, row = FIRST_ROW): string => `${letter(col)}${row}`;
const codes = (verdict: Verdict) => verdict.errors.map((e) => e.code);

async function verdictOf(writer: Writer, rows: Parameters<typeof formulaWorkbook>[1], options: FormulaWorkbookOptions = {}): Promise<Verdict> {
  const bytes = await formulaWorkbook(writer, rows, options);
  const read = await readReport(bytes, `bao-cao.${writer.endsWith('ods') ? 'ods' : 'xlsx'}`, campaign);
  return applyRules(read, { campaign, uploadedFor: '24' });
}

/** The data row with column `col` (1..11) replaced by a formula saved with `saved`. */
function rowWith(col: number, formula: string, saved: number): (string | number | FormulaRow[number])[] {
  const row: (string | number | FormulaRow[number])[] = ['Bắc Ninh', ...SAMPLE_VALUES];
  row[col] = { formula, saved };
  return row;
}

describe.each(WRITERS)('a formula the reader cannot recompute (%s)', (writer) => {
  it.each([
    ['VLOOKUP', `VLOOKUP(1,'Chi tiết'!A1:B1,2,FALSE)`],
    ['SUMPRODUCT', `SUMPRODUCT('Chi tiết'!A1:B1,'Chi tiết'!A1:B1)`],
    ['INDIRECT', `INDIRECT("'Chi tiết'!B1")`],
    ['ROUND', `ROUND('Chi tiết'!B1,0)`],
  ])('is read from its saved value with a warning naming the sheet and cell (%s)', async (_, formula) => {
    const verdict = await verdictOf(writer, [rowWith(9, formula, SAMPLE_VALUES[8]!)], { detail: [1, SAMPLE_VALUES[8]!] });
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
    const unchecked = verdict.warnings.filter((w) => w.code === 'formula-unchecked');
    expect(unchecked).toEqual([expect.objectContaining({ cell: cellOf(9) })]);
    expect(unchecked[0]!.message).toContain(`Trang "Báo cáo": ô ${cellOf(9)} (cột 9: 110.542.040.948)`);
  });

  it('is rejected when it links to another file, naming the sheet and cell', async () => {
    // LibreOffice names the other file in its own syntax.
    const link = writer === 'libreoffice-ods' ? `of:=['file:///C:/bc/chi-tiet.ods'#$Sheet1.B2]` : '[1]Sheet1!B2';
    const verdict = await verdictOf(writer, [rowWith(2, link, SAMPLE_VALUES[1]!)]);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'formula-external-link', cell: cellOf(2) })]);
    expect(verdict.errors[0]!.message).toContain(`Trang "Báo cáo": cột 2 là công thức lấy số từ một tệp khác`);
  });

  it('is rejected when its value is of the moment it was computed (TODAY, RAND)', async () => {
    const row = rowWith(5, 'TODAY()-46000', SAMPLE_VALUES[4]!);
    row[6] = { formula: 'RANDBETWEEN(600,700)', saved: SAMPLE_VALUES[5]! };
    const verdict = await verdictOf(writer, [row]);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([['formula-volatile', cellOf(5)], ['formula-volatile', cellOf(6)]]);
  });

  it('is rejected when it names a formula that cannot be checked in a workbook saved without calculating', async () => {
    if (writer.endsWith('ods')) return; // an .ods carries no "recalculate on opening" flag
    const linked = rowWith(9, `'Chi tiết'!B1`, SAMPLE_VALUES[8]!);
    const verdict = await verdictOf(writer, [linked], { detail: [1, { formula: 'ROUND(A1*1000,0)', saved: SAMPLE_VALUES[8]! }], fullCalcOnLoad: true });
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'formula-not-recalculated', cell: cellOf(9) })]);
  });
});

describe.each(WRITERS)('formulas the reader recomputes (%s)', (writer) => {
  it('reads a total row of SUMs over sub-office rows and a column computed from others', async () => {
    const a = SAMPLE_VALUES.map((v) => Math.floor(v / 3));
    const b = SAMPLE_VALUES.map((v, i) => v - a[i]!);
    const total: FormulaRow = SAMPLE_VALUES.map((v, i) => ({ formula: `SUM(${letter(i + 1)}${FIRST_ROW}:${letter(i + 1)}${FIRST_ROW + 1})`, saved: v }));
    // Column 9 of the first sub-office as column 2 minus the difference, the way clerks write it.
    const first: (string | number | FormulaRow[number])[] = ['BHXH cơ sở A', ...a];
    first[9] = { formula: `C${FIRST_ROW}+${a[8]! - a[1]!}`, saved: a[8]! };
    const verdict = await verdictOf(writer, [first, ['BHXH cơ sở B', ...b], ['Tổng cộng', ...total]]);
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
    expect(verdict.warnings.map((w) => w.code)).toEqual(['total-row-read']);
  });

  it('rejects a value linked from another sheet that was saved stale (yesterday\'s number)', async () => {
    const verdict = await verdictOf(writer, [rowWith(1, `'Chi tiết'!A1`, SAMPLE_VALUES[0]! + 5)], { detail: [SAMPLE_VALUES[0]!] });
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'formula-stale', cell: cellOf(1) })]);
  });
});

describe.each(XLSX_WRITERS)('a workbook saved without calculating (%s)', (writer) => {
  it.each([
    ['calculation by hand, saved without recalculating', 'calcId="191029" calcMode="manual" calcOnSave="0"'],
    ['its last calculation not completed', 'calcId="191029" calcCompleted="0"'],
  ])('rejects a formula it cannot recompute: %s', async (_, calcPr) => {
    const verdict = await verdictOf(writer, [rowWith(9, `VLOOKUP(1,'Chi tiết'!A1:B1,2,FALSE)`, SAMPLE_VALUES[8]!)], { detail: [1, SAMPLE_VALUES[8]!], calcPr });
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict)).toEqual(['formula-not-recalculated']);
    expect(verdict.errors[0]!.message).toContain(`Trang "Báo cáo": cột 9 là công thức trong tệp được lưu mà chưa tính lại`);
  });

  it('reads it when calculation is by hand but the workbook recalculates before saving', async () => {
    const verdict = await verdictOf(writer, [rowWith(9, `VLOOKUP(1,'Chi tiết'!A1:B1,2,FALSE)`, SAMPLE_VALUES[8]!)], { detail: [1, SAMPLE_VALUES[8]!], calcPr: 'calcId="191029" calcMode="manual"' });
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

describe('LibreOffice formula syntax', () => {
  it('is what the test writer puts in content.xml', () => {
    expect(libreOfficeFormula(`'Chi tiết'!A1+SUM(B10:B11)*2`)).toBe(`of:=[$'Chi tiết'.A1]+SUM([.B10:.B11])*2`);
    expect(libreOfficeFormula(`VLOOKUP(1,'Chi tiết'!A1:B1,2,FALSE)`)).toBe(`of:=VLOOKUP(1;[$'Chi tiết'.A1:.B1];2;FALSE)`);
  });
});

// SheetJS writes no number format into an .ods, so a date serial is not a date there: .xlsx only.
describe.each(XLSX_WRITERS)('the report date as =TODAY() (%s)', (writer) => {
  const today = { formula: 'TODAY()', saved: dateSerial(2026, 12, 15), format: 'dd/mm/yyyy' };
  it('is rejected: it is the day the file was calculated, not the day of the figures', async () => {
    const verdict = await verdictOf(writer, [['Bắc Ninh', ...SAMPLE_VALUES]], { dateRow: ['Ngày báo cáo:', today] });
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'report-date-formula', cell: 'B4' })]);
    expect(verdict.errors[0]!.message).toContain('Trang "Báo cáo": ngày báo cáo là công thức (=TODAY())');
  });

  it('is rejected when the label and the date are one text formula', async () => {
    const label = { formula: `"Ngày báo cáo: "&TEXT(TODAY(),"dd/mm/yyyy")`, saved: 'Ngày báo cáo: 15/12/2026' };
    const verdict = await verdictOf(writer, [['Bắc Ninh', ...SAMPLE_VALUES]], { dateRow: [label] });
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'report-date-formula', cell: 'A4' })]);
  });

  it('is read when the date is a formula naming a typed date', async () => {
    const verdict = await verdictOf(writer, [['Bắc Ninh', ...SAMPLE_VALUES]], { dateRow: ['Ngày báo cáo:', { ...today, formula: `'Chi tiết'!A1` }], detail: [dateSerial(2026, 12, 15)] });
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2026-12-15', values: SAMPLE_VALUES });
  });
});
