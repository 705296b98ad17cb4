// Turning a file that passed the container gate into grids: SheetJS for the spreadsheet
// formats, csv-parse for CSV (so "1.234.567" stays the text the clerk typed). Hidden rows,
// columns and sheets, the 1904 date system and formulas without a usable value are carried
// into the grid, so the reader reads what the clerk sees and never takes a missing value for 0.
import * as XLSX from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { cfb, ssf } from './sheetjs.ts';
import { cellAddress, MAX_COLUMNS, MAX_ROWS, type CellValue, type FormulaProblem, type Grid } from './grid.ts';
import { isDateLabel } from './report-date.ts';

export class WorkbookReadError extends Error {
  constructor(readonly reason: 'encrypted' | 'corrupt', cause: unknown) {
    super(`workbook unreadable (${reason})`, { cause });
  }
}

interface Visibility {
  hidden: boolean;
  rows: Set<number>;
  columns: Set<number>;
  /** Formula cells without a saved value that SheetJS does not report (OpenDocument). */
  noValue?: string[];
}

export function readSpreadsheetGrids(bytes: Uint8Array): Grid[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      sheetRows: MAX_ROWS,
      cellDates: false, // date cells stay serial numbers: no time-zone guessing
      cellFormula: true, // to tell a formula without a saved value from an empty cell
      cellNF: true, // number formats: a date cell's format may carry the "Ngày báo cáo" label
      cellHTML: false,
      cellText: false,
      cellStyles: true, // hidden rows and columns (.xlsx, .xls)
      bookVBA: false,
      WTF: false,
    });
  } catch (error) {
    throw new WorkbookReadError(/password|encrypt/i.test(String((error as Error)?.message)) ? 'encrypted' : 'corrupt', error);
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const staleCaches = savedWithoutCalculating((workbook.Workbook as { CalcPr?: CalcProperties } | undefined)?.CalcPr);
  // SheetJS does not read visibility from OpenDocument files: it is read from content.xml here.
  const ods = workbook.bookType === 'ods' ? odsVisibility(bytes) : undefined;
  return workbook.SheetNames.map((name, index) => {
    const sheet = workbook.Sheets[name];
    const visibility = ods?.get(name) ?? sheetVisibility(sheet, Boolean(workbook.Workbook?.Sheets?.[index]?.Hidden));
    const grid = toGrid(name, sheet, visibility, date1904);
    if (staleCaches) grid.staleCaches = true;
    return grid;
  });
}

interface CalcProperties { fullCalcOnLoad?: string; calcMode?: string; calcOnSave?: string; calcCompleted?: string }

/**
 * Whether the workbook says its saved formula values may not be computed: it asks to be recalculated
 * on opening (scripts that cannot compute write this), its last calculation did not complete, or it
 * calculates by hand and was saved without recalculating.
 */
function savedWithoutCalculating(calc: CalcProperties | undefined): boolean {
  const yes = (v: string | undefined): boolean => v === '1' || v === 'true';
  const no = (v: string | undefined): boolean => v === '0' || v === 'false';
  return yes(calc?.fullCalcOnLoad) || no(calc?.calcCompleted) || (calc?.calcMode === 'manual' && no(calc.calcOnSave));
}

function sheetVisibility(sheet: XLSX.WorkSheet | undefined, hidden: boolean): Visibility {
  const indexes = (infos: ({ hidden?: boolean } | undefined)[] | undefined): Set<number> =>
    new Set((infos ?? []).flatMap((info, i) => (info?.hidden ? [i] : [])));
  return { hidden, rows: indexes(sheet?.['!rows']), columns: indexes(sheet?.['!cols']) };
}

/** Every cell of a merged range wider than one column (within the cells read): which column a value belongs to is unclear there. */
function mergesAcrossColumns(sheet: XLSX.WorkSheet | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (sheet?.['!merges'] ?? []).slice(0, 10_000)) {
    if (m.e.c <= m.s.c || m.s.r >= MAX_ROWS || m.s.c >= MAX_COLUMNS) continue;
    const range = XLSX.utils.encode_range(m);
    for (let r = m.s.r; r <= Math.min(m.e.r, MAX_ROWS - 1); r++) {
      for (let c = m.s.c; c <= Math.min(m.e.c, MAX_COLUMNS - 1); c++) out.set(cellAddress(r, c), range);
    }
  }
  return out;
}

function toGrid(sheetName: string, sheet: XLSX.WorkSheet | undefined, visibility: Visibility, date1904: boolean): Grid {
  const data = (sheet?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const stored: CellValue[][] = [];
  const formulaProblems = new Map<string, FormulaProblem>();
  const dateCells = new Set<string>();
  const shownText = new Map<string, string>();
  const beyondColumns = new Map<number, { cell: string; text: string }>();
  const formulas = new Map<string, string>();
  const hiddenNumbers = new Set<string>();
  for (let r = 0; r < Math.min(data.length, MAX_ROWS); r++) {
    const source = data[r];
    const row: CellValue[] = [];
    if (source) {
      for (let c = 0; c < Math.min(source.length, MAX_COLUMNS); c++) {
        const cell = source[c];
        const problem = cell ? formulaProblem(cell) : undefined;
        if (problem) formulaProblems.set(cellAddress(r, c), problem);
        const value = problem?.kind === 'no-value' ? null : cellValue(cell, date1904);
        row.push(value);
        if (!problem && typeof cell?.f === 'string' && (typeof value === 'number' || typeof value === 'string')) formulas.set(cellAddress(r, c), cell.f);
        if (typeof value === 'number' && typeof cell?.z === 'string') noteNumberFormat(cell.z, value, cellAddress(r, c), date1904, { dateCells, shownText, hiddenNumbers });
      }
      // Cells past the columns read are not dropped silently: the reader names them if they are in the table.
      const far = source.findIndex((cell, c) => c >= MAX_COLUMNS && cell !== undefined && cell.v !== undefined && cell.v !== '');
      if (far >= 0) beyondColumns.set(r, { cell: cellAddress(r, far), text: String(source[far]?.v) });
    }
    stored.push(row);
  }
  for (const address of visibility.noValue ?? []) {
    const { r, c } = XLSX.utils.decode_cell(address);
    formulaProblems.set(address, { kind: 'no-value' });
    if (stored[r]) stored[r][c] = null;
  }
  const grid: Grid = { sheetName, rows: stored };
  const mergedAcross = mergesAcrossColumns(sheet);
  if (mergedAcross.size) grid.mergedAcross = mergedAcross;
  if (date1904) grid.date1904 = true;
  if (formulaProblems.size) grid.formulaProblems = formulaProblems;
  if (formulas.size) grid.formulas = formulas;
  if (dateCells.size) grid.dateCells = dateCells;
  if (hiddenNumbers.size) grid.hiddenNumbers = hiddenNumbers;
  if (shownText.size) grid.shownText = shownText;
  if (beyondColumns.size) grid.beyondColumns = beyondColumns;
  if (visibility.hidden) grid.hidden = true;
  if (!visibility.hidden && (visibility.rows.size || visibility.columns.size)) {
    grid.storedRows = stored;
    grid.hiddenRows = [...visibility.rows].filter((r) => r < stored.length).sort((a, b) => a - b);
    grid.hiddenColumns = [...visibility.columns].filter((c) => c < MAX_COLUMNS).sort((a, b) => a - b);
    grid.rows = stored.map((row, r) => (visibility.rows.has(r) ? [] : row.map((v, c) => (visibility.columns.has(c) ? null : v))));
  }
  return grid;
}

interface FormatNotes { dateCells: Set<string>; shownText: Map<string, string>; hiddenNumbers: Set<string> }

/** Records what a number format does to a number cell: shows it as a date, adds text to it, or shows nothing (";;;"). */
function noteNumberFormat(format: string, value: number, address: string, date1904: boolean, notes: FormatNotes): void {
  if (format === 'General' || format === '@') return;
  try {
    if (ssf.is_date(format)) { notes.dateCells.add(address); return; }
    const shown = ssf.format(format, value, { date1904 });
    // A zero shown as nothing reads as the empty cell it looks like (0); any other number must show.
    if (value !== 0 && shown.trim() === '') notes.hiddenNumbers.add(address);
    else if (/"|\\/.test(format)) notes.shownText.set(address, shown);
  } catch {
    // A format SheetJS cannot apply: the value is read as it is stored.
  }
}

const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA',
};

function formulaProblem(cell: XLSX.CellObject): FormulaProblem | undefined {
  if (cell.f && cell.t === 'e' && cell.v === undefined) return { kind: 'no-value' };
  if (cell.t === 'e') return { kind: 'error', text: errorText(cell) };
  if (!cell.f) return undefined;
  // A formula saved without its result: SheetJS reports a stub (sometimes with v = 0) or NaN.
  if (cell.t === 'z' || cell.v === undefined || (typeof cell.v === 'number' && Number.isNaN(cell.v))) return { kind: 'no-value' };
  return undefined;
}

function errorText(cell: XLSX.CellObject): string {
  if (typeof cell.w === 'string' && cell.w.startsWith('#')) return cell.w;
  return typeof cell.v === 'number' ? ERROR_TEXT[cell.v] ?? '#ERROR' : '#ERROR';
}

function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      if (typeof cell.v !== 'number') return null;
      // A date whose label lives in its number format ("Ngày báo cáo: "dd/mm/yyyy): read as the clerk sees it.
      if (typeof cell.z === 'string' && cell.z.includes('"')) {
        const shown = ssf.format(cell.z, cell.v, { date1904 });
        if (isDateLabel(shown)) return shown;
      }
      return cell.v;
    }
    case 's': return typeof cell.v === 'string' ? cell.v : null;
    case 'b': return Boolean(cell.v);
    case 'd': return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : null;
    // 'e' (#VALUE!, #REF!…) shows as its text so the clerk sees what the cell says.
    case 'e': return errorText(cell);
    default: return null;
  }
}

/**
 * What SheetJS does not read from an OpenDocument file, read from its content.xml: hidden sheets
 * (a table style with display=false), hidden rows and columns (visibility collapse or filter), and
 * formula cells saved without a value (which SheetJS drops, so they would read as empty).
 */
function odsVisibility(bytes: Uint8Array): Map<string, Visibility> | undefined {
  let xml: string;
  try {
    const zip = cfb.read(bytes, { type: 'buffer' });
    const entry = cfb.find(zip, 'content.xml');
    if (!entry?.content) return undefined;
    xml = Buffer.from(entry.content).toString('utf8');
  } catch {
    return undefined;
  }
  const hiddenStyles = new Set<string>();
  for (const m of xml.matchAll(/<style:style\b([^>]*?)(?:\/>|>([\s\S]*?)<\/style:style>)/g)) {
    if (/style:family="table"/.test(m[1] ?? '') && /table:display="false"/.test(m[2] ?? '')) {
      const name = /style:name="([^"]*)"/.exec(m[1] ?? '')?.[1];
      if (name) hiddenStyles.add(name);
    }
  }
  const sheets = new Map<string, Visibility>();
  let current: Visibility | undefined;
  let nextRow = 0;
  let row = 0;
  let nextColumn = 0;
  let cell = 0;
  const tags = /<(\/?)table:(table|table-row|table-column|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>/g;
  for (const m of xml.matchAll(tags)) {
    const [, closing, tag, attrs = ''] = m;
    if (closing) {
      if (tag === 'table') current = undefined;
      continue;
    }
    const attr = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
    if (tag === 'table') {
      current = { hidden: hiddenStyles.has(attr('table:style-name') ?? ''), rows: new Set(), columns: new Set(), noValue: [] };
      sheets.set(unescapeXml(attr('table:name') ?? ''), current);
      nextRow = 0; nextColumn = 0;
      continue;
    }
    if (!current) continue;
    const hidden = (attr('table:visibility') ?? 'visible') !== 'visible';
    if (tag === 'table-row') {
      const repeat = Number(attr('table:number-rows-repeated') ?? 1) || 1;
      row = nextRow;
      if (hidden) for (let i = row; i < Math.min(row + repeat, MAX_ROWS); i++) current.rows.add(i);
      nextRow += repeat;
      cell = 0;
    } else if (tag === 'table-column') {
      const repeat = Number(attr('table:number-columns-repeated') ?? 1) || 1;
      if (hidden) for (let i = nextColumn; i < Math.min(nextColumn + repeat, MAX_COLUMNS); i++) current.columns.add(i);
      nextColumn += repeat;
    } else {
      const repeat = Number(attr('table:number-columns-repeated') ?? 1) || 1;
      const hasValue = ['office:value', 'office:string-value', 'office:date-value', 'office:time-value', 'office:boolean-value']
        .some((name) => attr(name) !== undefined);
      const textValue = attr('office:value-type') === 'string' || /calcext:value-type="(string|error)"/.test(attrs);
      if (tag === 'table-cell' && attr('table:formula') !== undefined && !hasValue && !textValue && row < MAX_ROWS && cell < MAX_COLUMNS) {
        current.noValue?.push(cellAddress(row, cell));
      }
      cell += repeat;
    }
  }
  return sheets;
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** CSV as grids, one per plausible delimiter (the reader keeps the one holding the report). */
export function readCsvGrids(bytes: Uint8Array): Grid[] {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const grids: Grid[] = [];
  for (const delimiter of [',', ';', '\t']) {
    if (!text.includes(delimiter)) continue;
    try {
      const records = parseCsv(text, {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        to: MAX_ROWS,
      });
      const grid: Grid = {
        sheetName: `CSV (${delimiter === '\t' ? 'tab' : delimiter})`,
        rows: records.map((record) => record.slice(0, MAX_COLUMNS).map((v) => (v.trim() === '' ? null : v))),
      };
      const beyondColumns = new Map<number, { cell: string; text: string }>();
      records.forEach((record, r) => {
        const far = record.findIndex((v, c) => c >= MAX_COLUMNS && v.trim() !== '');
        if (far >= 0) beyondColumns.set(r, { cell: cellAddress(r, far), text: record[far]! });
      });
      if (beyondColumns.size) grid.beyondColumns = beyondColumns;
      grids.push(grid);
    } catch {
      // Not parseable with this delimiter: another one may be the right one.
    }
  }
  return grids;
}
