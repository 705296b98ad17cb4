// Report files in the official form's layout (as provinces receive it: agency lines, title,
// "Ngày báo cáo", three merged header rows, the numbering row 1…11, the data row, the notes), in
// every format and with the variations real provinces produce. The demo plays them through the
// local stack; the tests and benchmarks use them so nothing depends on files outside the repository.
import * as XLSX from '@e965/xlsx';
import type { Province } from '../shared/domain/campaign.ts';
import { FORM } from '../shared/domain/snapshot/text.ts';

export type ReportFormat = 'xlsx' | 'xls' | 'ods' | 'csv' | 'csv-semicolon';

export interface ReportSpec {
  /** The agency line, e.g. "BẢO HIỂM XÃ HỘI TỈNH BẮC NINH". */
  agencyLine: string;
  /** The date as it is written after "Ngày báo cáo: " (text), or a real date cell when `dateCell` is set. */
  dateText?: string;
  /** Put the date as a real date cell to the right of the label instead of text. */
  dateCell?: { year: number; month: number; day: number };
  /** The 11 values; a string is written as typed text, null leaves the cell empty. */
  values: (number | string | null)[];
  /** How many numbered columns the table has (the official form has 11). */
  columnCount?: number;
  /** A label column before the numbers (e.g. "STT" / "A"), which must not shift them. */
  labelColumn?: { header: string; numbering: string; data: string };
  /** Another sheet before the report (e.g. a list of late units). */
  sheetBefore?: boolean;
  /** Blank rows between the numbering row and the data row. */
  blankRowsBeforeData?: number;
  /** Write the data row as =SUM() formulas over a detail sheet, with cached values. */
  formulas?: boolean;
  /** Add a signature block with another date ("…, ngày 31 tháng 12 năm 2023"). */
  signatureDate?: string;
  /** A letter reference line with its own date above the title. */
  letterLine?: string;
  /** Junk rows appended after the form. */
  junkRows?: number;
  /** The whole date cell as typed (replaces "Ngày báo cáo: " + dateText). */
  dateLine?: string;
  /** The title cell holds the date line too, on its own line (Alt+Enter); the date row stays empty. */
  dateInTitle?: string;
  /** One multi-line cell in place of the two agency lines. */
  agencyCell?: string;
}

// The official form's texts: the same ones the national snapshot reproduces.
const [BASELINE, ACTIONS, NOW] = FORM.groups;
const HEADER_1 = [BASELINE, null, null, null, ACTIONS, null, null, NOW, null, null, null];
const HEADER_2 = [
  FORM.subTotal, null, FORM.subThreeMonths, null, ...FORM.actions, FORM.subTotal, null, FORM.subThreeMonthsTen, null,
];
const HEADER_3 = [FORM.units, FORM.amount, FORM.units, FORM.amount, null, null, null, FORM.units, FORM.amount, FORM.units, FORM.amount];

type Cell = string | number | null | XLSX.CellObject;

/** The report sheet as rows of cells (and its merges), in the official layout. */
function reportSheet(spec: ReportSpec): XLSX.WorkSheet {
  const columns = spec.columnCount ?? 11;
  const lead: Cell[] = spec.labelColumn ? [null] : [];
  const rows: Cell[][] = [];
  rows.push([spec.agencyCell ?? FORM.agency]);
  rows.push(spec.agencyCell ? [] : [spec.agencyLine]);
  rows.push(spec.letterLine ? [spec.letterLine] : []);
  rows.push([spec.dateInTitle ? `${FORM.title}\n${spec.dateInTitle}` : FORM.title]);
  if (spec.dateInTitle) {
    rows.push([]);
  } else if (spec.dateLine !== undefined) {
    rows.push([spec.dateLine]);
  } else if (spec.dateCell) {
    const { year, month, day } = spec.dateCell;
    const serial = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
    rows.push(['Ngày báo cáo:', { t: 'n', v: serial, z: 'dd/mm/yyyy' }]);
  } else {
    rows.push([`Ngày báo cáo: ${spec.dateText ?? ''}`]);
  }
  rows.push([]);
  const headerStart = rows.length;
  const label = spec.labelColumn;
  rows.push([...(label ? [label.header] : []), ...HEADER_1.slice(0, columns)]);
  rows.push([...(label ? [null] : []), ...HEADER_2.slice(0, columns)]);
  rows.push([...(label ? [null] : []), ...HEADER_3.slice(0, columns)]);
  rows.push([...(label ? [label.numbering] : []), ...Array.from({ length: columns }, (_, i) => i + 1)]);
  for (let i = 0; i < (spec.blankRowsBeforeData ?? 0); i++) rows.push([]);
  const data: Cell[] = spec.values.slice(0, columns).map((v, i) => {
    if (v === null) return null;
    if (spec.formulas && typeof v === 'number') {
      const col = XLSX.utils.encode_col(i + 2);
      return { t: 'n', v, f: `SUM('Chi tiết'!${col}2:${col}3)` };
    }
    return typeof v === 'string' ? { t: 's', v } : { t: 'n', v, z: '#,##0' };
  });
  rows.push([...(label ? [label.data] : []), ...data]);
  rows.push([]);
  rows.push(['Lưu ý:']);
  for (const note of FORM.notes) rows.push([note]);
  if (spec.signatureDate) {
    rows.push([]);
    rows.push([...lead, null, null, null, null, null, null, spec.signatureDate]);
    rows.push([...lead, 'NGƯỜI LẬP BIỂU', null, null, null, null, null, 'GIÁM ĐỐC']);
  }
  for (let i = 0; i < (spec.junkRows ?? 0); i++) rows.push([`rác ${i}`, i, `dòng thừa số ${i}`]);

  const sheet = XLSX.utils.aoa_to_sheet(rows as unknown[][]);
  const offset = label ? 1 : 0;
  const merge = (r1: number, c1: number, r2: number, c2: number): XLSX.Range => ({ s: { r: r1, c: c1 + offset }, e: { r: r2, c: c2 + offset } });
  sheet['!merges'] = columns === 11 ? [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 4 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: 4 } },
    merge(headerStart, 0, headerStart, 3), merge(headerStart, 4, headerStart, 6), merge(headerStart, 7, headerStart, 10),
    merge(headerStart + 1, 0, headerStart + 1, 1), merge(headerStart + 1, 2, headerStart + 1, 3),
    merge(headerStart + 1, 7, headerStart + 1, 8), merge(headerStart + 1, 9, headerStart + 1, 10),
    merge(headerStart + 1, 4, headerStart + 2, 4), merge(headerStart + 1, 5, headerStart + 2, 5), merge(headerStart + 1, 6, headerStart + 2, 6),
  ] : [];
  return sheet;
}

export function buildReportWorkbook(spec: ReportSpec): XLSX.WorkBook {
  const workbook = XLSX.utils.book_new();
  if (spec.sheetBefore) {
    const list = XLSX.utils.aoa_to_sheet([
      ['DANH SÁCH ĐƠN VỊ CHẬM ĐÓNG'], [],
      ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Số tiền chậm đóng'],
      ...Array.from({ length: 15 }, (_, i) => [i + 1, `TA${1000 + i}`, `Công ty TNHH số ${i + 1}`, 1_000_000 * (i + 1)]),
    ]);
    XLSX.utils.book_append_sheet(workbook, list, 'DS đơn vị chậm đóng');
  }
  XLSX.utils.book_append_sheet(workbook, reportSheet(spec), 'Báo cáo');
  if (spec.formulas) {
    const detail = XLSX.utils.aoa_to_sheet([
      ['Huyện', 'x', ...Array.from({ length: 11 }, (_, i) => `Cột ${i + 1}`)],
      ['Huyện A', '', ...spec.values.map((v) => (typeof v === 'number' ? v : 0))],
      ['Huyện B', '', ...spec.values.map(() => 0)],
    ]);
    XLSX.utils.book_append_sheet(workbook, detail, 'Chi tiết');
  }
  return workbook;
}

/** The report file's bytes in the requested format. */
export function buildReportFile(spec: ReportSpec, format: ReportFormat = 'xlsx'): Uint8Array {
  const workbook = buildReportWorkbook(spec);
  if (format === 'csv' || format === 'csv-semicolon') {
    const sheet = workbook.Sheets['Báo cáo']!;
    const csv = XLSX.utils.sheet_to_csv(sheet, { FS: format === 'csv' ? ',' : ';', rawNumbers: true });
    return new TextEncoder().encode(`\uFEFF${csv}`);
  }
  const bookType = format === 'xls' ? 'biff8' : format;
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType, compression: true }) as Buffer);
}

/** A consistent set of 11 values (parts ≤ totals, counts and amounts non-zero together). */
export const SAMPLE_VALUES: readonly number[] = [
  4162, 108554706639, 1563, 74315130485, 1604, 636, 356, 4256, 110542040948, 949, 52057702779,
];

export function sampleSpec(overrides: Partial<ReportSpec> = {}): ReportSpec {
  return {
    agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH',
    dateText: '15/12/2023',
    values: [...SAMPLE_VALUES],
    ...overrides,
  };
}

/** "BẢO HIỂM XÃ HỘI TỈNH BẮC NINH", "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI". */
export function agencyLine(province: Province): string {
  return `BẢO HIỂM XÃ HỘI ${province.kind === 'thanh_pho' ? 'THÀNH PHỐ' : 'TỈNH'} ${province.name.toLocaleUpperCase('vi')}`;
}

/** A small deterministic generator (mulberry32): the same numbers for the same seed, every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eleven consistent values for a province (parts within totals, counts and amounts non-zero together). */
export function plausibleValues(code: string): number[] {
  const next = seededRandom(Number(code) * 7919 + 17);
  const between = (lo: number, hi: number): number => Math.floor(lo + next() * (hi - lo));
  const units = between(600, 28_000);
  const amount = units * between(12_000_000, 45_000_000);
  const units3 = Math.floor(units * (0.3 + next() * 0.15));
  const amount3 = Math.floor(amount * (0.55 + next() * 0.15));
  const letters = Math.floor(units * (0.2 + next() * 0.2));
  const invitations = Math.floor(letters * (0.3 + next() * 0.2));
  const meetings = Math.floor(invitations * (0.4 + next() * 0.3));
  const unitsNow = Math.floor(units * (0.97 + next() * 0.06));
  const amountNow = Math.floor(amount * (0.96 + next() * 0.06));
  const units10 = Math.floor(units3 * (0.5 + next() * 0.2));
  const amount10 = Math.floor(amount3 * (0.6 + next() * 0.2));
  return [units, amount, units3, amount3, letters, invitations, meetings, unitsNow, amountNow, units10, amount10];
}
