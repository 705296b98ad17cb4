// Files saved the way provincial offices really save them: what the clerk does not see is never
// read, several sheets are never guessed between, a formula never becomes 0, and the workbook's date
// system decides what a date cell says. Every file is generated here, in each format that can hold it.
import type * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { findingLine } from '../../shared/domain/findings.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';
import {
  dateSerial, odsWithFormulaCell, WORKBOOK_FORMATS, writeWithExcelJs, writeWorkbook,
  type SheetPlan, type WorkbookFormat,
} from '../support/odd-workbooks.ts';

const campaign = defaultCampaign();
const COLUMNS = 'ABCDEFGHIJK';
/** Yesterday's numbers, left behind: plausible, and different from SAMPLE_VALUES in every column. */
const OLD_VALUES = SAMPLE_VALUES.map((v) => v - 1);

async function verdictOf(bytes: Uint8Array, format: string) {
  const read = await readReport(bytes, `bao-cao.${format}`, campaign);
  return applyRules(read, { campaign, uploadedFor: '27' });
}

/** Cells of one row (zero-based row) holding these values in columns A..K. */
function rowCells(row: number, values: readonly number[]): Record<string, XLSX.CellObject> {
  return Object.fromEntries(values.map((v, i) => [`${COLUMNS[i]}${row + 1}`, { t: 'n', v }]));
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe.each(WORKBOOK_FORMATS)('hidden content is never read (%s)', (format: WorkbookFormat) => {
  const file = (sheets: SheetPlan[]) => verdictOf(writeWorkbook(sheets, format), format);

  it('skips a hidden row of old numbers between the numbering row and the data row, and says so', async () => {
    const verdict = await file([{
      name: 'Báo cáo', spec: sampleSpec({ blankRowsBeforeData: 1 }), cells: rowCells(10, OLD_VALUES), hiddenRows: [10],
    }]);
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2023-12-15', values: SAMPLE_VALUES });
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'hidden-row', message: expect.stringContaining('Hàng 11 bị ẩn') as unknown })]);
  });

  it('never takes a hidden data row: the visible form has no data', async () => {
    const verdict = await file([{ name: 'Báo cáo', spec: sampleSpec(), hiddenRows: [10] }]);
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict.errors)).toEqual(['no-data-row']);
    expect(codes(verdict.warnings)).toEqual(['hidden-row']);
    expect(verdict.values).toBeNull();
  });

  it('skips a hidden column of old numbers beside the table, and names it', async () => {
    const verdict = await file([{
      name: 'Báo cáo', spec: sampleSpec(), hiddenColumns: [11],
      cells: { L10: { t: 'n', v: 9 }, L11: { t: 'n', v: OLD_VALUES[8]! } },
    }]);
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'hidden-column', message: expect.stringContaining('Cột L bị ẩn') as unknown })]);
  });

  it('rejects a table whose 11th column is hidden (the clerk sees ten columns)', async () => {
    const verdict = await file([{ name: 'Báo cáo', spec: sampleSpec(), hiddenColumns: [10] }]);
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict.errors)).toEqual(['eleven-columns']);
    expect(codes(verdict.warnings)).toEqual(['hidden-column']);
  });

  it('reads the visible report and warns about a hidden sheet holding yesterday\'s report', async () => {
    const verdict = await file([
      { name: 'Hôm qua', spec: sampleSpec({ dateText: '14/12/2023', values: OLD_VALUES }), hidden: true },
      { name: 'Báo cáo', spec: sampleSpec() },
    ]);
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2023-12-15', values: SAMPLE_VALUES });
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'hidden-sheet', message: expect.stringContaining('"Hôm qua" bị ẩn') as unknown })]);
  });

  it('rejects a workbook whose only report is on a hidden sheet', async () => {
    const verdict = await file([
      { name: 'Danh sách', rows: [['DANH SÁCH ĐƠN VỊ'], ['STT', 'Tên'], [1, 'Công ty A']] },
      { name: 'Báo cáo', spec: sampleSpec(), hidden: true },
    ]);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'hidden-report', message: expect.stringContaining('trang tính ẩn "Báo cáo"') as unknown })]);
  });

  it('rejects a report whose numbering row is hidden', async () => {
    const verdict = await file([{ name: 'Báo cáo', spec: sampleSpec(), hiddenRows: [9] }]);
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict.errors)).toEqual(['hidden-report']);
  });
});

describe.each(WORKBOOK_FORMATS)('several sheets (%s)', (format: WorkbookFormat) => {
  const blank = sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH/THÀNH PHỐ …..', dateText: '………/12/2023', values: Array(11).fill(null) });
  const file = (sheets: SheetPlan[]) => verdictOf(writeWorkbook(sheets, format), format);

  it('reads the filled report after the blank template left on sheet 1', async () => {
    const verdict = await file([{ name: 'Mẫu', spec: blank }, { name: 'Báo cáo', spec: sampleSpec() }]);
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2023-12-15', values: SAMPLE_VALUES, warnings: [] });
  });

  it('reads the filled report before any number of blank copies', async () => {
    const verdict = await file([
      { name: 'Báo cáo', spec: sampleSpec() }, { name: 'Mẫu 1', spec: blank }, { name: 'Mẫu 2', spec: blank },
    ]);
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });

  it('rejects two filled reports, naming each sheet and its date', async () => {
    const verdict = await file([
      { name: 'Ngày 15', spec: sampleSpec() },
      { name: 'Mẫu', spec: blank },
      { name: 'Ngày 16', spec: sampleSpec({ dateText: '16/12/2023', values: OLD_VALUES }) },
    ]);
    expect(verdict.status).toBe('rejected');
    const several = verdict.errors.find((e) => e.code === 'several-reports');
    expect(several?.message).toContain('trang "Ngày 15" ngày 15/12/2023');
    expect(several?.message).toContain('trang "Ngày 16" ngày 16/12/2023');
    expect(verdict.values).toBeNull();
  });

  it('rejects two filled versions of the same date', async () => {
    const verdict = await file([{ name: 'Bản 1', spec: sampleSpec({ values: OLD_VALUES }) }, { name: 'Bản 2', spec: sampleSpec() }]);
    expect(codes(verdict.errors)).toEqual(['several-reports']);
  });
});

describe('formulas never become 0', () => {
  const ERRORS: [string, number][] = [['#REF!', 0x17], ['#VALUE!', 0x0f], ['#DIV/0!', 0x07], ['#N/A', 0x2a], ['#NAME?', 0x1d]];

  it('rejects a formula saved without its value (SheetJS-written .xlsx), naming the cell', async () => {
    const bytes = writeWorkbook([{ name: 'Báo cáo', spec: sampleSpec(), cells: { I11: { t: 'n', f: 'SUM(I20:I30)' } } }], 'xlsx');
    const verdict = await verdictOf(bytes, 'xlsx');
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'formula-no-value', cell: 'I11' })]);
    expect(findingLine(verdict.errors[0]!)).toBe('Ô I11: Cột 9 có công thức chưa có giá trị: mở tệp bằng Excel và lưu lại rồi tải lên.');
  });

  it('rejects formulas without values written by exceljs (scripts), every one of them', async () => {
    const bytes = await writeWithExcelJs({ spec: sampleSpec(), formulas: { I11: { formula: 'SUM(I20:I30)' }, C11: { formula: 'A11/2' } } });
    const verdict = await verdictOf(bytes, 'xlsx');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([['formula-no-value', 'C11'], ['formula-no-value', 'I11']]);
  });

  it('reports a formula without a value together with a broken rule between other columns', async () => {
    const bytes = await writeWithExcelJs({ spec: sampleSpec({ values: SAMPLE_VALUES.map((v, i) => (i === 2 ? SAMPLE_VALUES[0]! + 5 : v)) }), formulas: { I11: { formula: 'SUM(I20:I30)' } } });
    const verdict = await verdictOf(bytes, 'xlsx');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([['formula-no-value', 'I11'], ['col3-gt-col1', 'C11']]);
  });

  it('rejects a formula without a value in an .ods', async () => {
    const verdict = await verdictOf(odsWithFormulaCell(sampleSpec(), 'I11', 'no-value'), 'ods');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([['formula-no-value', 'I11']]);
  });

  it.each(ERRORS)('rejects a formula error %s in .xlsx and .xls, naming the cell', async (text, code) => {
    for (const format of ['xlsx', 'xls'] as const) {
      const bytes = writeWorkbook([{ name: 'Báo cáo', spec: sampleSpec(), cells: { F11: { t: 'e', v: code, f: 'X1/0' } } }], format);
      const verdict = await verdictOf(bytes, format);
      expect(verdict.errors, format).toEqual([expect.objectContaining({ code: 'formula-error', cell: 'F11', message: expect.stringContaining(text) as unknown })]);
    }
  });

  it.each(ERRORS)('rejects a formula error %s written by exceljs and in an .ods', async (text) => {
    const xlsx = await writeWithExcelJs({ spec: sampleSpec(), formulas: { F11: { formula: 'X1/0', result: { error: text } } } });
    const ods = odsWithFormulaCell(sampleSpec(), 'F11', { error: text });
    for (const [bytes, format] of [[xlsx, 'xlsx'], [ods, 'ods']] as const) {
      const verdict = await verdictOf(bytes, format);
      expect(verdict.errors, format).toEqual([expect.objectContaining({ code: 'formula-error', cell: 'F11', message: expect.stringContaining(text) as unknown })]);
    }
  });

  it('still reads a formula with its saved value (exceljs)', async () => {
    // The formula must give its saved value: a SUM of empty cells saved as 110 billion is stale (clerk-habits.test.ts).
    const bytes = await writeWithExcelJs({ spec: sampleSpec(), formulas: { I11: { formula: `SUM(I20:I30)+${SAMPLE_VALUES[8]!}`, result: SAMPLE_VALUES[8]! } } });
    const verdict = await verdictOf(bytes, 'xlsx');
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

describe('dates in the workbook\'s date system', () => {
  const dateCellSpec = sampleSpec({ dateText: undefined, dateCell: { year: 2023, month: 12, day: 15 } });
  const serial1904 = dateSerial(2023, 12, 15, true);

  it.each(WORKBOOK_FORMATS)('reads a date cell of a 1904-system workbook (%s)', async (format) => {
    const bytes = writeWorkbook([{ name: 'Báo cáo', spec: dateCellSpec, cells: { B5: { t: 'n', v: serial1904, z: 'dd/mm/yyyy' } } }], format, { date1904: true });
    const verdict = await verdictOf(bytes, format);
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2023-12-15', values: SAMPLE_VALUES });
  });

  it('reads the same serial as four years earlier in a 1900-system workbook (the system matters)', async () => {
    const bytes = writeWorkbook([{ name: 'Báo cáo', spec: dateCellSpec, cells: { B5: { t: 'n', v: serial1904, z: 'dd/mm/yyyy' } } }], 'xlsx');
    const verdict = await verdictOf(bytes, 'xlsx');
    expect(verdict.reportDate).toBe('2019-12-14');
    expect(codes(verdict.errors)).toEqual(['date-outside-campaign']);
  });

  it('reads a 1904-system date cell written by exceljs', async () => {
    const bytes = await writeWithExcelJs({ spec: sampleSpec({ dateText: '' }), date1904: true, dateCellFormat: '"Ngày báo cáo: "dd/mm/yyyy' });
    expect(await verdictOf(bytes, 'xlsx')).toMatchObject({ status: 'accepted', reportDate: '2023-12-15' });
  });

  it.each([
    ['"Ngày báo cáo: "dd/mm/yyyy', 'xlsx'], ['"Ngày báo cáo: "dd/mm/yyyy', 'xls'],
    ['"NGÀY BÁO CÁO "d/m/yyyy', 'xlsx'], ['"Ngay bao cao: "dd/mm/yyyy', 'xls'],
  ] as const)('reads a date whose label is its number format %s (%s)', async (numberFormat, format) => {
    const bytes = writeWorkbook([{
      name: 'Báo cáo', spec: sampleSpec({ dateLine: '' }), cells: { A5: { t: 'n', v: dateSerial(2023, 12, 15), z: numberFormat } },
    }], format);
    expect(await verdictOf(bytes, format)).toMatchObject({ status: 'accepted', reportDate: '2023-12-15', values: SAMPLE_VALUES });
  });

  it('does not take an unlabelled date cell for the report date', async () => {
    const bytes = writeWorkbook([{
      name: 'Báo cáo', spec: sampleSpec({ dateLine: '' }), cells: { A5: { t: 'n', v: dateSerial(2023, 12, 15), z: 'dd/mm/yyyy' } },
    }], 'xlsx');
    expect(codes((await verdictOf(bytes, 'xlsx')).errors)).toEqual(['no-report-date']);
  });
});

describe('still refused with the clear errors of before', () => {
  const refused = async (bytes: Uint8Array, name: string) => (await readReport(bytes, name, campaign)).errors.map((e) => e.code);

  it('refuses .xlsb, UTF-16 and Windows-1258 text, encrypted workbooks and zip bombs', async () => {
    const XLSX = await import('@e965/xlsx');
    const { buildReportWorkbook, buildReportFile } = await import('../../shared/fixtures/report-files.ts');
    const { encryptedWorkbook, legacyEncodedCsv, zipBomb } = await import('../support/hostile-files.ts');
    const xlsb = new Uint8Array(XLSX.write(buildReportWorkbook(sampleSpec()), { type: 'buffer', bookType: 'xlsb' }) as Buffer);
    const csv = new TextDecoder().decode(buildReportFile(sampleSpec(), 'csv')).replace(/^\uFEFF/, '');
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    expect(await refused(xlsb, 'bao-cao.xlsb')).toEqual(['file-type']);
    expect(await refused(utf16, 'bao-cao.csv')).toEqual(['file-type']);
    expect(await refused(new Uint8Array(Buffer.from(csv, 'utf16le')), 'bao-cao.csv')).toEqual(['file-type']);
    for (const [make, code] of [[legacyEncodedCsv, 'csv-encoding'], [encryptedWorkbook, 'file-encrypted'], [zipBomb, 'file-too-complex']] as const) {
      const file = make();
      expect(await refused(file.bytes, file.name)).toEqual([code]);
    }
  });
});
