// The report table read as a closed world: between the numbering row and the notes or signature
// block every non-empty visible cell is accounted for. A cell is a value (numbered columns 1..11),
// a row's label (columns left of the table), a remark (a "Ghi chú" column), or a note line; anything
// else is an error naming the cell. Several rows of values are never resolved by taking the first:
// a total row that the other rows sum to exactly, or the row dated with the report date, or an error.
import { errors as E, warnings as W, type TableRow } from '../findings.ts';
import { foldVietnamese } from '../province-match.ts';
import { COLUMN_COUNT, type Finding } from '../report.ts';
import { formatDateVi, formatInteger } from '../format.ts';
import { cellAddress, cellAt, cellText, isEmpty, type CellValue, type Grid } from './grid.ts';
import { readNumber } from './numbers.ts';
import { interpret, type DateContext } from './report-date.ts';
import { rowShift } from './row-shift.ts';

/** Where the report table is: the numbering row and the sheet column of each of columns 1..n. */
export interface Anchor {
  grid: Grid;
  row: number;
  columns: number[];
}

/** A row of the table that holds something in the numbered columns. */
export interface ValueRow extends TableRow {
  /** Zero-based sheet row. */
  index: number;
  /** The date its label names, when it names one (YYYY-MM-DD). */
  date?: string;
  /** Its label says it is a total ("Tổng cộng", "Cộng", "Tổng số", "Toàn tỉnh"). */
  total: boolean;
}

export interface TableReading {
  /** The row the values are read from, when one can be. */
  chosen?: ValueRow;
  /** The table area's last row + 1 (zero-based): where the notes or signature start. */
  end: number;
  errors: Finding[];
  warnings: Finding[];
}

// Rows that end the table: the notes and the signature block.
const TRAILER = /^(luu y|chu y|ghi chu|nguoi lap|nguoi ky|noi nhan|giam doc|pho giam doc|kt giam doc|tm|thu truong|ke toan|xac nhan)\b/;
const SIGNATURE_DATE = /\bngay \d{1,2} thang \d{1,2} nam \d{4}\b/;
// A label saying the row is the total: the whole label, any case or diacritics ("Cộng" alone, never "Công ty…").
const TOTAL_LABEL = /^(?:[ivx]+ |[a-d] )?(?:tong cong|tong so|tong|cong)(?: (?:toan tinh|toan thanh pho|toan tp|chung|cac don vi))?$|^toan (?:tinh|thanh pho|tp)$/;
// A label saying the row is not the report day's figures: an earlier period, a ratio, a comparison, a plan.
const OTHER_FIGURES = /\b(?:ky truoc|hom truoc|hom qua|ngay truoc|lan truoc|tuan truoc|thang truoc|nam truoc|bao cao truoc|cung ky|ke hoach|du kien|uoc (?:tinh|thuc hien)|t[yi] le|so sanh|so voi|chenh lech|tang giam)\b/;
/** A number in a label column is a row number or a sub-office code (at most both), never an amount. */
const LABEL_NUMBER_LIMIT = 1_000_000;
const MAX_LABEL_NUMBERS = 2;
/** Numbers in the numbered columns that make a row below the notes a row of data. */
const MIN_NUMBERS_BELOW = 3;
/** How far above the numbering row the header rows (with a "Ghi chú" heading) are looked for. */
const HEADER_ROWS = 6;

/** "Tổng cộng", "TỔNG CỘNG:", "Cộng (1+2+3)", "Tổng cộng toàn tỉnh Bắc Ninh"; never "Tổng công ty …". */
function isTotalLabel(label: string): boolean {
  const folded = foldVietnamese(label.replace(/\s*\([^)]*\)\s*$/, ''));
  return TOTAL_LABEL.test(folded) || /^(?:tong cong|tong so|tong|cong) toan (?:tinh|thanh pho|tp) [a-z ]+$/.test(folded);
}

const isNumberLike = (value: CellValue): boolean => readNumber(value).kind === 'value';

function isTrailerRow(row: readonly CellValue[]): boolean {
  const filled = row.filter((v) => !isEmpty(v));
  const first = filled[0];
  if (typeof first !== 'string') return false;
  if (TRAILER.test(foldVietnamese(first))) return true;
  const allText = filled.every((v) => typeof v === 'string' && !isNumberLike(v));
  // "- note", "* note": a bullet line of the notes (a row of numbers with a "- " label is data).
  if (/^\s*[-*•]\s/.test(first) && allText) return true;
  // "Bắc Ninh, ngày 15 tháng 12 năm 2019": the signature's date line.
  return allText && filled.some((v) => SIGNATURE_DATE.test(foldVietnamese(String(v))));
}

/** The first row of the notes or signature below the numbering row (or the end of the sheet). */
export function tableEnd(grid: Grid, anchorRow: number, limit = grid.rows.length): number {
  for (let r = anchorRow + 1; r < Math.min(limit, grid.rows.length); r++) {
    if (isTrailerRow(grid.rows[r] ?? [])) return r;
  }
  return Math.min(limit, grid.rows.length);
}

/** Columns headed "Ghi chú" (remarks): what is written under them is not read. */
function remarkColumns({ grid, row, columns }: Anchor): Set<number> {
  const numbered = new Set(columns);
  const found = new Set<number>();
  for (let r = Math.max(0, row - HEADER_ROWS); r <= row; r++) {
    (grid.rows[r] ?? []).forEach((v, c) => {
      if (!numbered.has(c) && typeof v === 'string' && /^ghi chu\b/.test(foldVietnamese(v))) found.add(c);
    });
  }
  return found;
}

const hasValue = (anchor: Anchor, r: number): boolean => anchor.columns.some((c) =>
  !isEmpty(cellAt(anchor.grid, r, c)) || anchor.grid.formulaProblems?.has(cellAddress(r, c)));

/** Whether the table holds any value (a blank copy of the form holds none). */
export function isFilled(anchor: Anchor, end = tableEnd(anchor.grid, anchor.row)): boolean {
  for (let r = anchor.row + 1; r < end; r++) if (hasValue(anchor, r)) return true;
  return false;
}

interface Context {
  reportDate?: string;
  dates: DateContext;
  /** The next numbering row in the same sheet, if any: the table ends before it. */
  limit?: number;
}

/** Reads the table area under the numbering row: which row holds the report, and what cannot be placed. */
export function readTable(anchor: Anchor, context: Context): TableReading {
  const { grid, row: anchorRow, columns } = anchor;
  const end = tableEnd(grid, anchorRow, context.limit);
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const remarks = remarkColumns(anchor);
  const numbered = new Set(columns);
  const first = columns[0]!;
  const rows: ValueRow[] = [];
  const shifted = new Set<number>();

  for (let r = anchorRow + 1; r < end; r++) {
    const cells = grid.rows[r] ?? [];
    const labels: string[] = [];
    let date: string | undefined;
    let labelNumbers = 0;
    const stray = (c: number, value: CellValue): void => { errors.push(E.strayCell(cellAddress(r, c), cellText(value))); };
    if (isNoteLine(grid, r, cells)) continue;
    const valueRow = hasValue(anchor, r);
    // A row written one column off is named as such; its number out of place is accounted for by that.
    const shift = valueRow ? rowShift(anchor, r) : undefined;
    if (shift) { errors.push(shift.finding); shifted.add(r); }
    cells.forEach((value, c) => {
      if (isEmpty(value) || numbered.has(c) || remarks.has(c) || c === shift?.column) return;
      if (c > first) { stray(c, value); return; }
      // A label column: text, a row number or code, or the row's date.
      const asDate = labelDate(grid, r, c, value, context.dates);
      if (asDate) { date ??= asDate; labels.push(formatDateVi(asDate)); return; }
      const reading = readNumber(value);
      const number = typeof value === 'number' ? value : reading.kind === 'value' ? reading.value : undefined;
      if (number !== undefined && (number < 0 || number >= LABEL_NUMBER_LIMIT || ++labelNumbers > MAX_LABEL_NUMBERS)) { stray(c, value); return; }
      labels.push(cellText(value));
    });
    const far = grid.beyondColumns?.get(r);
    if (far) errors.push(E.strayCell(far.cell, far.text));
    if (!valueRow) continue;
    const label = labels.join(' – ') || undefined;
    rows.push({
      index: r, row: r + 1, total: labels.some(isTotalLabel),
      ...(label ? { label } : {}), ...(date ? { date } : {}),
    });
  }

  // Below the notes only notes and signatures are expected: a row of numbers there is data the table left out.
  const below: TableRow[] = [];
  for (let r = end; r < Math.min(context.limit ?? grid.rows.length, grid.rows.length); r++) {
    if (columns.filter((c) => isNumberLike(cellAt(grid, r, c))).length >= MIN_NUMBERS_BELOW) below.push({ row: r + 1 });
  }
  if (below.length) errors.push(E.valuesBelowTable(below, end + 1));

  const found = chooseRow(anchor, rows, context.reportDate, errors, warnings);
  // A row written one column off is not read: every rule on it would speak of its neighbours' numbers.
  const chosen = found && !shifted.has(found.index) ? found : undefined;
  return { ...(chosen ? { chosen } : {}), end, errors, warnings };
}

/** A lone sentence (one text cell, no number, no formula) is a note line: accounted for, not data. */
function isNoteLine(grid: Grid, r: number, cells: readonly CellValue[]): boolean {
  const filled = cells.filter((v) => !isEmpty(v));
  const only = filled[0];
  if (filled.length !== 1 || typeof only !== 'string' || only.trim().length <= 30 || isNumberLike(only)) return false;
  return !cells.some((_, c) => grid.formulaProblems?.has(cellAddress(r, c)));
}

/** The date a label cell names: a date cell, or a written date that means one campaign day. */
function labelDate(grid: Grid, r: number, c: number, value: CellValue, dates: DateContext): string | undefined {
  if (typeof value === 'number' && !grid.dateCells?.has(cellAddress(r, c))) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const reading = interpret(value, cellAddress(r, c), grid, dates);
  return reading.kind === 'date' ? reading.date : undefined;
}

function chooseRow(anchor: Anchor, rows: ValueRow[], reportDate: string | undefined, errors: Finding[], warnings: Finding[]): ValueRow | undefined {
  if (rows.length === 0) {
    errors.push(E.noDataRow(cellAddress(anchor.row + 1, anchor.columns[0]!)));
    return undefined;
  }
  const day = reportDate ? formatDateVi(reportDate) : undefined;
  if (rows.length === 1) {
    const only = rows[0]!;
    if (only.date && reportDate && only.date !== reportDate) { errors.push(E.dataRowDate(rows, day!)); return undefined; }
    if (!only.date && OTHER_FIGURES.test(foldVietnamese(only.label ?? ''))) { errors.push(E.dataRowLabel(only)); return undefined; }
    return only;
  }
  const totals = rows.filter((r) => r.total);
  const dated = rows.filter((r) => r.date && !r.total);
  if (dated.length === rows.length) {
    if (!reportDate) { errors.push(E.severalDataRows(rows, 'các dòng ghi ngày khác nhau nhưng không đọc được ngày báo cáo để chọn dòng.')); return undefined; }
    const matching = dated.filter((r) => r.date === reportDate);
    if (matching.length === 0) { errors.push(E.dataRowDate(rows, day!)); return undefined; }
    if (matching.length > 1) { errors.push(E.severalDataRows(rows, `có ${matching.length} dòng cùng ghi ngày báo cáo ${day}.`)); return undefined; }
    warnings.push(W.datedRowRead(matching[0]!, rows.filter((r) => r !== matching[0]), day!));
    return matching[0];
  }
  if (dated.length > 0) { errors.push(E.severalDataRows(rows, 'có dòng ghi ngày và có dòng không ghi ngày nên không xác định được dòng của ngày báo cáo.')); return undefined; }
  if (totals.length === 0) { errors.push(E.severalDataRows(rows, 'không có dòng "Tổng cộng" nên không biết dòng nào là số liệu của cả tỉnh.')); return undefined; }
  if (totals.length > 1) { errors.push(E.severalDataRows(rows, `có ${totals.length} dòng tổng (${totals.map((t) => `dòng ${t.row}`).join(', ')}).`)); return undefined; }
  const total = totals[0]!;
  const parts = rows.filter((r) => r !== total);
  const mismatch = sumMismatch(anchor, total, parts);
  if (mismatch) { errors.push(E.severalDataRows(rows, mismatch)); return undefined; }
  if (total.date && reportDate && total.date !== reportDate) { errors.push(E.dataRowDate([total], day!)); return undefined; }
  warnings.push(W.totalRowRead(total, parts));
  return total;
}

/** Why the detail rows do not sum to the total row exactly, column by column; undefined when they do. */
function sumMismatch({ grid, columns }: Anchor, total: ValueRow, parts: readonly ValueRow[]): string | undefined {
  const differences: string[] = [];
  for (let i = 0; i < COLUMN_COUNT; i++) {
    const c = columns[i]!;
    const read = (r: number): bigint | string => {
      const address = cellAddress(r, c);
      if (grid.formulaProblems?.has(address) || grid.dateCells?.has(address)) return address;
      const reading = readNumber(cellAt(grid, r, c));
      return reading.kind === 'value' ? BigInt(reading.value) : reading.kind === 'empty' ? 0n : address;
    };
    const totalValue = read(total.index);
    let sum = 0n;
    for (const part of parts) {
      const v = read(part.index);
      if (typeof v === 'string') return `ô ${v} không đọc được là số nên không kiểm tra được dòng "Tổng cộng".`;
      sum += v;
    }
    if (typeof totalValue === 'string') return `ô ${totalValue} của dòng tổng không đọc được là số.`;
    if (sum !== totalValue) differences.push(`cột ${i + 1}: cộng các dòng được ${formatInteger(sum)}, dòng tổng ghi ${formatInteger(totalValue)}`);
  }
  if (differences.length === 0) return undefined;
  const shown = differences.slice(0, 3).join('; ');
  return `dòng ${total.row} ghi là dòng tổng nhưng các dòng còn lại cộng lại không bằng nó (${shown}${differences.length > 3 ? `; và ${differences.length - 3} cột khác` : ''}).`;
}
