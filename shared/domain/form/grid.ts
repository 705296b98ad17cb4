// A sheet reduced to what the report reader needs: rows of plain cell values, with A1 addresses,
// and what the clerk does not see (hidden rows, columns, sheets) kept apart from what they see.
import * as XLSX from '@e965/xlsx';

/** A cell as read: text, a number (a formula's cached value), a boolean, or empty. */
export type CellValue = string | number | boolean | null;

/** A formula cell whose value cannot be used: none was saved, or it evaluates to an error. */
export type FormulaProblem = { kind: 'no-value' } | { kind: 'error'; text: string };

export interface Grid {
  sheetName: string;
  /** rows[r][c] with r, c zero-based sheet coordinates (row 0 is row "1", column 0 is "A").
   *  Cells in hidden rows and columns are empty here: the reader reads what the clerk sees. */
  rows: CellValue[][];
  /** The whole sheet is hidden (its rows are then as stored). */
  hidden?: boolean;
  /** Zero-based indexes of hidden rows and columns, and the cells as stored (with the hidden ones). */
  hiddenRows?: readonly number[];
  hiddenColumns?: readonly number[];
  storedRows?: CellValue[][];
  /** The workbook counts date serials from 1904 (Mac Excel) instead of 1900. */
  date1904?: boolean;
  /** Formula cells without a usable value, by A1 address (their value in `rows` is empty or the error text). */
  formulaProblems?: ReadonlyMap<string, FormulaProblem>;
  /** Formula cells with a saved number or text, by A1 address → the formula (without "="), to check the saved value. */
  formulas?: ReadonlyMap<string, string>;
  /** The workbook says it was saved without calculating (fullCalcOnLoad, calcCompleted="0", manual without calcOnSave): saved formula values may be stale. */
  staleCaches?: boolean;
  /** Number cells shown as dates (a date number format), by A1 address: their value is a date serial. */
  dateCells?: ReadonlySet<string>;
  /** Non-zero number cells whose number format shows nothing (";;;"), by A1 address: the clerk sees an empty cell. */
  hiddenNumbers?: ReadonlySet<string>;
  /** Number cells whose number format adds text (e.g. `#,##0" triệu đồng"`), by A1 address → the text shown. */
  shownText?: ReadonlyMap<string, string>;
  /** Cells inside a merged range that spans several columns, by A1 address → the range ("G11:H11"). */
  mergedAcross?: ReadonlyMap<string, string>;
  /** Rows with a non-empty cell past the columns read (MAX_COLUMNS), zero-based row → the first such cell and its text. */
  beyondColumns?: ReadonlyMap<number, { cell: string; text: string }>;
}

/** Columns read per row: the form has 11 data columns plus perhaps a label column or two. */
export const MAX_COLUMNS = 64;
/** Rows read per sheet: the form is ~20 rows; this bounds junk-row files without losing the report. */
export const MAX_ROWS = 500;

export function cellAddress(row: number, col: number): string {
  return XLSX.utils.encode_cell({ r: row, c: col });
}

export function columnLetter(col: number): string {
  return XLSX.utils.encode_col(col);
}

export function cellAt(grid: Grid, row: number, col: number): CellValue {
  return grid.rows[row]?.[col] ?? null;
}

export function isEmpty(value: CellValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** A cell as text, for labels and messages. */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}
