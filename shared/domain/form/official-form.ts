// The official form as a file (agency lines, title, "Ngày báo cáo", three merged header rows, the
// numbering row 1…11, the data row, the notes), in every format the reader takes and with the odd
// variants clerks make: the fixtures (shared/fixtures/report-files.ts) fill it for the demo, tests
// and bench. The form the portal hands out is official-form-xlsx.ts (styled, with exceljs).
import * as XLSX from '@e965/xlsx';
import { FORM, type FormTexts } from '../snapshot/text.ts';
import { HEADER_MERGES, headerRows } from './official-layout.ts';

export { agencyLine } from './official-layout.ts';

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
  /** Add a signature block with another date ("…, ngày dd tháng mm năm yyyy"). */
  signatureDate?: string;
  /** A letter reference line with its own date above the title. */
  letterLine?: string;
  /** Junk rows appended after the form. */
  junkRows?: number;
  /** The campaign's wording of the form (headings, notes). */
  texts: FormTexts;
  /** The whole date cell as typed (replaces "Ngày báo cáo: " + dateText). */
  dateLine?: string;
  /** The title cell holds the date line too, on its own line (Alt+Enter); the date row stays empty. */
  dateInTitle?: string;
  /** One multi-line cell in place of the two agency lines. */
  agencyCell?: string;
}

type Cell = string | number | null | XLSX.CellObject;

/** The report sheet as rows of cells (and its merges), in the official layout. */
function reportSheet(spec: ReportSpec): XLSX.WorkSheet {
  const columns = spec.columnCount ?? 11;
  const lead: Cell[] = spec.labelColumn ? [null] : [];
  const rows: Cell[][] = [];
  const texts = spec.texts;
  rows.push([spec.agencyCell ?? texts.agency]);
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
  headerRows(texts).forEach((header, i) => rows.push([...(label ? [i === 0 ? label.header : null] : []), ...header.slice(0, columns)]));
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
  for (const note of texts.notes) rows.push([note]);
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
    ...HEADER_MERGES.map(([r1, c1, r2, c2]) => merge(headerStart + r1, c1, headerStart + r2, c2)),
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
