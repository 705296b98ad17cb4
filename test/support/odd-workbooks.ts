// Workbooks the way provincial offices really save them, written in code for the reader's tests:
// hidden rows, columns and sheets, several sheets, formulas without a saved value or with an
// error, the 1904 date system. SheetJS writes the .xlsx and .xls; what it cannot write is patched
// in afterwards (hidden rows into the .xls BIFF stream, visibility and formulas into the .ods
// content.xml); exceljs writes a second kind of .xlsx, as scripts and other tools do.
import { Buffer } from 'node:buffer';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { buildReportWorkbook, type ReportSpec } from '../../shared/fixtures/report-files.ts';
import { writeZip } from './zip-writer.ts';

export type WorkbookFormat = 'xlsx' | 'xls' | 'ods';
export const WORKBOOK_FORMATS: readonly WorkbookFormat[] = ['xlsx', 'xls', 'ods'];

/** Zero-based coordinates in the report sheet built by `buildReportWorkbook` (no label column). */
export const NUMBERING_ROW = 9;
/** The data row, row "11" on the sheet, when there are no blank rows before it. */
export const DATA_ROW = 10;

type Cfb = {
  FileIndex: { name: string; type: number; content: Uint8Array; size: number }[];
  FullPaths: string[];
};
const CFB = XLSX.CFB as {
  read(data: Uint8Array, opts: { type: 'buffer' }): Cfb;
  write(cfb: Cfb, opts: { type: 'buffer'; fileType?: string }): Buffer;
  find(cfb: Cfb, path: string): { content: Uint8Array; size: number } | null;
};

/** Serial day number of a date in the 1900 or the 1904 date system. */
export function dateSerial(year: number, month: number, day: number, date1904 = false): number {
  const serial = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
  return date1904 ? serial - 1462 : serial;
}

export interface SheetPlan {
  name: string;
  spec?: ReportSpec;
  /** A plain sheet of text rows instead of a report. */
  rows?: unknown[][];
  hidden?: boolean;
  hiddenRows?: number[];
  hiddenColumns?: number[];
  /** Cells to set after the layout is built (A1 address → SheetJS cell). */
  cells?: Record<string, XLSX.CellObject>;
}

/** The report sheet of a spec, as a SheetJS sheet. */
export function reportSheet(spec: ReportSpec): XLSX.WorkSheet {
  const workbook = buildReportWorkbook(spec);
  return workbook.Sheets['Báo cáo']!;
}

/** A workbook of several sheets, each a report (filled or blank) or plain rows, in one format. */
export function writeWorkbook(sheets: SheetPlan[], format: WorkbookFormat, options: { date1904?: boolean } = {}): Uint8Array {
  const workbook = XLSX.utils.book_new();
  for (const plan of sheets) {
    const sheet = plan.spec ? reportSheet(plan.spec) : XLSX.utils.aoa_to_sheet(plan.rows ?? [['']]);
    for (const [address, cell] of Object.entries(plan.cells ?? {})) {
      sheet[address] = cell;
      const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1');
      const at = XLSX.utils.decode_cell(address);
      range.e.r = Math.max(range.e.r, at.r);
      range.e.c = Math.max(range.e.c, at.c);
      sheet['!ref'] = XLSX.utils.encode_range(range);
    }
    if (plan.hiddenRows) sheet['!rows'] = plan.hiddenRows.reduce<XLSX.RowInfo[]>((rows, r) => { rows[r] = { hidden: true }; return rows; }, []);
    if (plan.hiddenColumns) sheet['!cols'] = plan.hiddenColumns.reduce<XLSX.ColInfo[]>((cols, c) => { cols[c] = { hidden: true }; return cols; }, []);
    XLSX.utils.book_append_sheet(workbook, sheet, plan.name);
  }
  workbook.Workbook = {
    Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })),
    WBProps: { date1904: Boolean(options.date1904) },
  };
  const bookType = format === 'xls' ? 'biff8' : format;
  const bytes = XLSX.write(workbook, { type: 'buffer', bookType, compression: true }) as Buffer;
  if (format === 'xls') return hideXlsRows(bytes, sheets.map((s) => s.hiddenRows ?? []));
  if (format === 'ods') return patchOds(bytes, sheets);
  return new Uint8Array(bytes);
}

// --- .xls: ROW records with the hidden flag (SheetJS's BIFF8 writer writes none) ----------------

const BOUNDSHEET = 0x0085;
const DIMENSIONS = 0x0200;
const ROW = 0x0208;
const EOF_RECORD = 0x000a;

function rowRecord(row: number): Buffer {
  const record = Buffer.alloc(20);
  record.writeUInt16LE(ROW, 0);
  record.writeUInt16LE(16, 2);
  record.writeUInt16LE(row, 4); // rw
  record.writeUInt16LE(0, 6); // colMic
  record.writeUInt16LE(16, 8); // colMac
  record.writeUInt16LE(0x00ff, 10); // miyRw
  // flags: fDyZero (hidden) 0x20, reserved bit 8 set, ixfe 15
  record.writeUInt32LE(0x20 | 0x100 | (15 << 16), 16);
  return record;
}

function hideXlsRows(bytes: Buffer, hiddenRows: number[][]): Uint8Array {
  if (hiddenRows.every((rows) => rows.length === 0)) return new Uint8Array(bytes);
  const cfb = CFB.read(bytes, { type: 'buffer' });
  const entry = cfb.FileIndex.find((f) => f.name === 'Workbook')!;
  let stream = Buffer.from(entry.content);
  // The BoundSheet8 records (sheet BOF positions), in sheet order.
  const boundSheets: number[] = [];
  for (let at = 0; at < stream.length;) {
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    if (type === BOUNDSHEET) boundSheets.push(at + 4);
    if (type === EOF_RECORD) break;
    at += 4 + length;
  }
  // Insert from the last sheet backwards so earlier positions stay valid.
  for (let sheet = boundSheets.length - 1; sheet >= 0; sheet--) {
    const rows = hiddenRows[sheet] ?? [];
    if (rows.length === 0) continue;
    const bof = stream.readUInt32LE(boundSheets[sheet]);
    let at = bof;
    while (stream.readUInt16LE(at) !== DIMENSIONS) at += 4 + stream.readUInt16LE(at + 2);
    at += 4 + stream.readUInt16LE(at + 2);
    const inserted = Buffer.concat(rows.map(rowRecord));
    stream = Buffer.concat([stream.subarray(0, at), inserted, stream.subarray(at)]);
    for (let later = sheet + 1; later < boundSheets.length; later++) {
      const field = boundSheets[later]!;
      stream.writeUInt32LE(stream.readUInt32LE(field) + inserted.length, field);
    }
  }
  entry.content = stream;
  entry.size = stream.length;
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }));
}

// --- .ods: visibility and formulas in content.xml (SheetJS's ODS writer writes neither) ---------

function zipParts(bytes: Uint8Array): { name: string; data: Buffer }[] {
  const zip = CFB.read(bytes, { type: 'buffer' });
  return zip.FileIndex.flatMap((f, i) => {
    const path = zip.FullPaths[i]!.replace(/^Root Entry\//, '');
    if (f.type !== 2 || !f.content || path.startsWith('\u0001')) return [];
    return [{ name: path, data: Buffer.from(f.content) }];
  });
}

/** Rewrites one part of a zip-based workbook (mimetype first and stored, as ODF wants). */
export function rewriteZipPart(bytes: Uint8Array, part: string, change: (xml: string) => string): Uint8Array {
  const parts = zipParts(bytes).map((p) => (p.name === part ? { ...p, data: Buffer.from(change(p.data.toString('utf8')), 'utf8') } : p));
  parts.sort((a, b) => Number(b.name === 'mimetype') - Number(a.name === 'mimetype'));
  return new Uint8Array(writeZip(parts.map((p) => ({ name: p.name, data: p.data, ...(p.name === 'mimetype' ? { method: 0 as const } : {}) }))));
}

function patchOds(bytes: Buffer, sheets: SheetPlan[]): Uint8Array {
  const needed = sheets.some((s) => s.hidden || s.hiddenRows?.length || s.hiddenColumns?.length);
  if (!needed) return new Uint8Array(bytes);
  return rewriteZipPart(bytes, 'content.xml', (xml) => {
    let out = xml.replace('</office:automatic-styles>',
      '<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>');
    sheets.forEach((plan) => {
      const open = new RegExp(`<table:table table:name="${plan.name}"[^>]*>`);
      const start = open.exec(out);
      if (!start) throw new Error(`sheet ${plan.name} not in content.xml`);
      const end = out.indexOf('</table:table>', start.index);
      let table = out.slice(start.index, end);
      if (plan.hidden) table = table.replace(/table:style-name="[^"]*"/, 'table:style-name="taHidden"');
      const hiddenRows = new Set(plan.hiddenRows ?? []);
      let row = -1;
      table = table.replace(/<table:table-row(?=[\s>])/g, (tag) => (hiddenRows.has(++row) ? `${tag} table:visibility="collapse"` : tag));
      const hiddenColumns = plan.hiddenColumns ?? [];
      if (hiddenColumns.length) {
        const last = Math.max(...hiddenColumns);
        const columns = Array.from({ length: last + 1 }, (_, c) => (hiddenColumns.includes(c)
          ? '<table:table-column table:visibility="collapse"/>' : '<table:table-column/>')).join('');
        table = table.replace(/^(<table:table [^>]*>)/, `$1${columns}`);
      }
      out = out.slice(0, start.index) + table + out.slice(end);
    });
    return out;
  });
}

/** An .ods whose cell holds a formula with no saved value (the way scripts write them). */
export function odsWithFormulaCell(spec: ReportSpec, address: string, cell: 'no-value' | { error: string }): Uint8Array {
  const bytes = writeWorkbook([{ name: 'Báo cáo', spec }], 'ods');
  const { r, c } = XLSX.utils.decode_cell(address);
  return rewriteZipPart(bytes, 'content.xml', (xml) => {
    const start = xml.indexOf('<table:table ');
    const rows = [...xml.slice(start).matchAll(/<table:table-row(?=[\s>])[\s\S]*?<\/table:table-row>/g)];
    const row = rows[r]!;
    const cells = [...row[0].matchAll(/<table:table-cell\b[^>]*\/>|<table:table-cell\b[\s\S]*?<\/table:table-cell>/g)];
    const target = cells[c]!;
    const replacement = cell === 'no-value'
      ? '<table:table-cell table:formula="of:=SUM([.A1:.A2])"/>'
      : `<table:table-cell table:formula="of:=[.Z99]" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>${cell.error}</text:p></table:table-cell>`;
    const rowText = row[0].slice(0, target.index) + replacement + row[0].slice(target.index + target[0].length);
    const at = start + row.index;
    return xml.slice(0, at) + rowText + xml.slice(at + row[0].length);
  });
}

// --- exceljs: the other writer ---------------------------------------------------------------

export interface ExcelJsPlan {
  spec: ReportSpec;
  hiddenRows?: number[];
  /** Zero-based cell → formula (with an optional saved result). */
  formulas?: Record<string, { formula: string; result?: number | { error: string } }>;
  date1904?: boolean;
  /** Replace the date row with a real date cell (serial in the workbook's system) and this number format. */
  dateCellFormat?: string;
}

/** The same report written by exceljs (as scripts write files). */
export async function writeWithExcelJs(plan: ExcelJsPlan): Promise<Uint8Array> {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(reportSheet(plan.spec), { header: 1, raw: true, blankrows: true, defval: null });
  const workbook = new ExcelJS.Workbook();
  if (plan.date1904) workbook.properties.date1904 = true;
  const sheet = workbook.addWorksheet('Báo cáo');
  rows.forEach((row, r) => row.forEach((value, c) => {
    if (value !== null && value !== undefined) sheet.getCell(r + 1, c + 1).value = value as ExcelJS.CellValue;
  }));
  for (const r of plan.hiddenRows ?? []) sheet.getRow(r + 1).hidden = true;
  for (const [address, f] of Object.entries(plan.formulas ?? {})) {
    sheet.getCell(address).value = (f.result === undefined ? { formula: f.formula } : { formula: f.formula, result: f.result }) as ExcelJS.CellValue;
  }
  if (plan.dateCellFormat) {
    const serial = dateSerial(2023, 12, 15, plan.date1904);
    const cell = sheet.getCell(5, 1); // the date row, A5
    // exceljs writes numbers as they are: the serial is already in the workbook's system.
    cell.value = serial;
    cell.numFmt = plan.dateCellFormat;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// --- free-form report tables: the form's frame around any rows, for the closed-world tests ------

/** A cell of a free-form table: text, a number, empty, a real date cell, or a number with its format. */
export type TableCell = string | number | null | { date: [number, number, number] } | { number: number; format: string };

export interface TablePlan {
  /** The agency line (default Bắc Ninh). */
  agencyLine?: string;
  /** The date row's cells (default ["Ngày báo cáo: 15/12/2026"]). */
  dateRow?: TableCell[];
  /** Rows between the date row and the headers (e.g. a unit line of its own). */
  above?: TableCell[][];
  /** Header cells replacing the defaults: column index (0 = the label column) → text, in the last header row. */
  headers?: Record<number, string>;
  /** Extra header cells to the right of column 11 (e.g. "Ghi chú"), in the first header row. */
  extraHeaders?: string[];
  /** The rows under the numbering row: label cell(s) first, then the 11 values, then anything further right. */
  rows: TableCell[][];
  /** Whether to write the notes ("Lưu ý:") under the table (default true). */
  notes?: boolean;
  /** Rows after the notes. */
  after?: TableCell[][];
  /** Label columns before column 1 (default 1): the headers and the numbering row shift right. */
  labelColumns?: number;
}

/** Zero-based row of the numbering row in a table plan with no `above` rows. */
export const TABLE_NUMBERING_ROW = 8;

/** The rows of a free-form report (one label column "Đơn vị" / "A" before the 11 numbered columns). */
export function tableRows(plan: TablePlan): TableCell[][] {
  const amount = 'Số tiền chậm đóng';
  const units = 'Số đơn vị';
  const last: TableCell[] = [null, units, amount, units, amount, null, null, null, units, amount, units, amount];
  for (const [c, text] of Object.entries(plan.headers ?? {})) last[Number(c)] = text;
  const lead = Array<TableCell>(Math.max(0, (plan.labelColumns ?? 1) - 1)).fill(null);
  const header = (row: TableCell[]): TableCell[] => [...lead, ...row];
  return [
    ['BẢO HIỂM XÃ HỘI VIỆT NAM'],
    [plan.agencyLine ?? 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH'],
    ['BÁO CÁO TỔNG HỢP TÌNH HÌNH ĐÔN ĐỐC, THU HỒI SỐ TIỀN CHẬM ĐÓNG BHXH, BHTN, BHYT'],
    plan.dateRow ?? ['Ngày báo cáo: 15/12/2026'],
    ...(plan.above ?? [[]]),
    header(['Đơn vị', 'Tổng số đơn vị chậm đóng phải tính lãi (tính đến hết tháng 11/2026)', null, null, null,
      'Các giải pháp đôn đốc thu hồi tiền chậm đóng đã triển khai', null, null, 'Tổng số chậm đóng phải tính lãi (tính đến ngày báo cáo)',
      null, null, null, ...(plan.extraHeaders ?? [])]),
    header([null, 'Tổng số chậm đóng phải tính lãi', null, 'Trong đó chậm đóng từ 3 tháng trở lên', null,
      'Số đơn vị đã gửi công văn đôn đốc', 'Số đơn vị đã gửi thư mời làm việc', 'Số đơn vị đã làm việc trực tiếp',
      'Tổng số chậm đóng phải tính lãi', null, 'Trong đó chậm đóng từ 3 tháng trở lên (từ 10 lao động trở lên)']),
    header(last),
    header(['A', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    ...plan.rows,
    ...(plan.notes === false ? [] : [[], ['Lưu ý:'], ['- Số liệu tại cột 5, cột 6, cột 7 là số lũy kế từ ngày 01/12/2026 đến ngày báo cáo.'],
      ['- Số tiền chậm đóng tính bằng đồng Việt Nam.']]),
    ...(plan.after ?? []),
  ];
}

export type TableWriter = 'sheetjs-xlsx' | 'sheetjs-xls' | 'sheetjs-ods' | 'exceljs';
export const TABLE_WRITERS: readonly TableWriter[] = ['sheetjs-xlsx', 'sheetjs-xls', 'sheetjs-ods', 'exceljs'];

/** The file extension a writer's output is uploaded with. */
export const extensionOf = (writer: TableWriter): string => (writer === 'sheetjs-xls' ? 'xls' : writer === 'sheetjs-ods' ? 'ods' : 'xlsx');

/** A free-form report table written by SheetJS (.xlsx, .xls, .ods) or exceljs (.xlsx), on a sheet of this name. */
export async function writeTable(plan: TablePlan, writer: TableWriter, sheetName = 'Báo cáo'): Promise<Uint8Array> {
  const rows = tableRows(plan);
  if (writer === 'exceljs') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(sheetName);
    rows.forEach((row, r) => row.forEach((value, c) => {
      if (value === null || value === undefined) return;
      const cell = sheet.getCell(r + 1, c + 1);
      if (typeof value === 'object' && 'date' in value) {
        cell.value = dateSerial(...value.date);
        cell.numFmt = 'dd/mm/yyyy';
      } else if (typeof value === 'object') {
        cell.value = value.number;
        cell.numFmt = value.format;
      } else cell.value = value;
    }));
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  const cells = rows.map((row) => row.map((value): XLSX.CellObject | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'object' && 'date' in value) return { t: 'n', v: dateSerial(...value.date), z: 'dd/mm/yyyy' };
    if (typeof value === 'object') return { t: 'n', v: value.number, z: value.format };
    return typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value };
  }));
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(cells), sheetName);
  const bookType = writer === 'sheetjs-xls' ? 'biff8' : writer === 'sheetjs-ods' ? 'ods' : 'xlsx';
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType, compression: true, cellDates: false }) as Buffer);
}

// --- formulas with saved values: stale, unverifiable, linked, as scripts and LibreOffice save them --

/** A formula cell with the value saved for it. */
export type FormulaCell = { formula: string; saved: number | string; format?: string };
export type FormulaRow = FormulaCell[];

export interface FormulaWorkbookOptions {
  /** The first row of a second sheet "Chi tiết", which formulas may name (numbers or formulas). */
  detail?: readonly (number | FormulaCell)[];
  /** The date row's cells, replacing "Ngày báo cáo: 15/12/2026". */
  dateRow?: (string | number | FormulaCell)[];
  /** The .xlsx asks to be recalculated on opening (nothing in an .ods). */
  fullCalcOnLoad?: boolean;
  /** Attributes of the .xlsx workbook's calcPr, replacing the writer's (e.g. 'calcMode="manual" calcOnSave="0"'). */
  calcPr?: string;
}

/** A formula in OpenDocument syntax, as LibreOffice saves it: "[$'Chi tiết'.A1]", "SUM([.B10:.B11])", ";" between arguments (one starting "of:" is kept). */
export function libreOfficeFormula(a1: string): string {
  if (a1.startsWith('of:')) return a1; // already LibreOffice's
  const refs = /(?:'((?:[^']|'')+)'!|([\p{L}_][\p{L}\p{N}_.]*)!)?(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?(?![\p{L}(])/gu;
  return `of:=${a1.replace(refs, (_, quoted?: string, bare?: string, from?: string, to?: string) => {
    const sheet = quoted !== undefined ? `$'${quoted}'` : bare ? `$${bare}` : '';
    return `[${sheet}.${from}${to ? `:.${to}` : ''}]`;
  }).replace(/,/g, ';')}`;
}

/**
 * The report frame with these rows under the numbering row (numbers, text, or formulas with saved
 * values), and a second sheet "Chi tiết", written by exceljs, SheetJS (.xlsx, .ods) or as
 * LibreOffice saves an .ods (its formula syntax in content.xml).
 */
export async function formulaWorkbook(writer: 'exceljs' | 'sheetjs-xlsx' | 'sheetjs-ods' | 'libreoffice-ods', rows: (string | number | FormulaCell)[][], options: FormulaWorkbookOptions = {}): Promise<Uint8Array> {
  const frame = tableRows({ rows: [] });
  const notesAt = TABLE_NUMBERING_ROW + 1;
  const all: unknown[][] = [...frame.slice(0, notesAt), ...rows, ...frame.slice(notesAt)];
  if (options.dateRow) all[3] = options.dateRow;
  const isFormula = (value: unknown): value is FormulaCell => typeof value === 'object' && value !== null && 'formula' in value;
  if (writer === 'exceljs') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Báo cáo');
    const detail = workbook.addWorksheet('Chi tiết');
    const put = (cell: ExcelJS.Cell, value: unknown): void => {
      cell.value = isFormula(value) ? { formula: value.formula, result: value.saved } : value as string | number;
    };
    (options.detail ?? []).forEach((v, i) => put(detail.getCell(1, i + 1), v));
    all.forEach((row, r) => row.forEach((value, c) => { if (value !== null && value !== undefined) put(sheet.getCell(r + 1, c + 1), value); }));
    if (options.fullCalcOnLoad) workbook.calcProperties.fullCalcOnLoad = true;
    return withCalcPr(new Uint8Array(await workbook.xlsx.writeBuffer()), options.calcPr);
  }
  const cell = (value: unknown): XLSX.CellObject | null => {
    if (value === null || value === undefined) return null;
    if (isFormula(value)) return { t: typeof value.saved === 'number' ? 'n' : 's', v: value.saved, f: value.formula, ...(value.format ? { z: value.format } : {}) };
    return typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value as string };
  };
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(all.map((row) => row.map(cell))), 'Báo cáo');
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([(options.detail ?? []).map(cell)]), 'Chi tiết');
  const bytes = new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: writer === 'sheetjs-xlsx' ? 'xlsx' : 'ods' }) as Buffer);
  // SheetJS writes no calcPr; an .ods has none.
  if (writer === 'sheetjs-xlsx') return withCalcPr(bytes, options.calcPr ?? (options.fullCalcOnLoad ? 'fullCalcOnLoad="1"' : undefined));
  if (writer === 'sheetjs-ods') return bytes;
  // LibreOffice's syntax for every formula, in document order (the report sheet, then "Chi tiết").
  const formulas = [...all.flat(), ...(options.detail ?? [])].filter(isFormula).map((f) => libreOfficeFormula(f.formula));
  let next = 0;
  return rewriteZipPart(bytes, 'content.xml', (xml) => xml.replace(/table:formula="[^"]*"/g,
    () => `table:formula="${formulas[next++]!.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;')}"`));
}

/** The .xlsx with its workbook's calcPr replaced. */
function withCalcPr(bytes: Uint8Array, calcPr: string | undefined): Uint8Array {
  if (calcPr === undefined) return bytes;
  return rewriteZipPart(bytes, 'xl/workbook.xml', (xml) => xml.replace(/<calcPr\b[^>]*\/>/, '').replace('</workbook>', `<calcPr ${calcPr}/></workbook>`));
}
