// The official form, located in decoded sheets: the numbering row 1..11 anchors the table, the
// data row is the first non-empty row below it, the province and date are read above it.
import { errors as E, warnings as W } from '../findings.ts';
import { foldVietnamese, ProvinceMatcher } from '../province-match.ts';
import { COLUMN_COUNT, type Finding, type ReadResult } from '../report.ts';
import type { Campaign } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import { cellAddress, cellAt, cellText, columnLetter, isEmpty, type CellValue, type Grid } from './grid.ts';
import { readNumber } from './numbers.ts';
import { readReportDate } from './report-date.ts';

/** Where the report table is: the numbering row and the sheet column of each of columns 1..n. */
interface Anchor {
  grid: Grid;
  row: number;
  columns: number[];
}

export interface ReadGridsOptions {
  /** The grids are alternative readings of one sheet (CSV with each delimiter): take the first that holds the form. */
  alternatives?: boolean;
}

/** Reads the report from already-decoded sheets (the part of the reader that knows the form). */
export function readGrids(grids: Grid[], campaign: Campaign, options: ReadGridsOptions = {}): ReadResult {
  const found = findAnchor(grids, options.alternatives ?? false);
  if ('error' in found) return { errors: [found.error], warnings: found.warnings ?? [] };
  const { anchor } = found;

  const errors: Finding[] = [];
  const warnings: Finding[] = [...found.warnings];
  const result: ReadResult = { errors, warnings };

  const province = readProvince(anchor.grid, anchor.row, new ProvinceMatcher(campaign.config));
  if ('code' in province) {
    result.namedProvince = province.code;
    result.namedProvinceCell = province.cell;
  } else errors.push(province.error);

  const date = readReportDate(anchor.grid, anchor.row);
  if (date.kind === 'date') {
    result.reportDate = date.date;
    result.reportDateCell = date.cell;
  } else {
    const example = formatDateVi(campaign.config.firstReportDate);
    errors.push(date.kind === 'missing' ? E.noReportDate(example) : E.badReportDate(date.text, example, date.cell));
  }

  // Two filled reports: neither is read (each date is its own upload).
  if (found.several) {
    errors.unshift(found.several);
    return result;
  }
  // A table with columns missing is reported with everything else that can be read about the file.
  if (found.incomplete) {
    errors.unshift(found.incomplete);
    return result;
  }
  const values = readValues(anchor, campaign.config.emptyCellPolicy, errors, warnings);
  if (values) {
    if (values.values) result.values = values.values;
    if (values.partial) result.partialValues = values.partial;
    result.cells = values.cells;
  }
  return result;
}

const NUMBER_LABEL = /^\(?(\d{1,2})\)?$/;

function numberingOf(value: CellValue): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = NUMBER_LABEL.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

/** The longest run 1, 2, 3, … left to right in one row (empty cells between numbers allowed). */
function numberingRun(row: CellValue[]): number[] {
  let best: number[] = [];
  for (let start = 0; start < row.length; start++) {
    if (numberingOf(row[start] ?? null) !== 1) continue;
    const columns = [start];
    for (let c = start + 1; c < row.length && columns.length < COLUMN_COUNT; c++) {
      const cell = row[c] ?? null;
      if (isEmpty(cell)) continue;
      if (numberingOf(cell) !== columns.length + 1) break;
      columns.push(c);
    }
    if (columns.length > best.length) best = columns;
  }
  return best;
}

/** The full numbering row (1..11) of a sheet's visible cells, if any. */
function fullAnchor(grid: Grid, rows: CellValue[][] = grid.rows): Anchor | undefined {
  for (let r = 0; r < rows.length; r++) {
    const run = numberingRun(rows[r] ?? []);
    if (run.length === COLUMN_COUNT) return { grid, row: r, columns: run };
  }
  return undefined;
}

interface Found {
  anchor: Anchor;
  warnings: Finding[];
  incomplete?: Finding;
  several?: Finding;
}

/**
 * The one report of the workbook, read from what the clerk sees. Hidden sheets, rows and columns
 * are never read; when they hold something report-like the clerk is warned (or, when the only
 * report is hidden, told so). Blank copies of the form are passed over; two filled ones are an error.
 */
function findAnchor(grids: Grid[], alternatives: boolean): Found | { error: Finding; warnings?: Finding[] } {
  const warnings: Finding[] = [];
  const visible = grids.filter((g) => !g.hidden);
  const hiddenReports = grids.filter((g) => g.hidden && fullAnchor(g)).map((g) => g.sheetName);

  const anchors: Anchor[] = [];
  for (const grid of visible) {
    const anchor = fullAnchor(grid);
    if (anchor) {
      anchors.push(anchor);
      if (alternatives) break;
    }
  }
  warnings.push(...hiddenReports.map((s) => W.hiddenSheet(s)));

  if (anchors.length > 0) {
    const filled = anchors.filter(isFilled);
    let anchor = filled[0] ?? anchors[0]!;
    let several: Finding | undefined;
    if (filled.length > 1) {
      several = E.severalReports(filled.map((a) => {
        const date = readReportDate(a.grid, a.row);
        return { sheet: a.grid.sheetName, ...(date.kind === 'date' ? { date: formatDateVi(date.date) } : {}) };
      }));
      anchor = filled[0]!;
    }
    warnings.push(...hiddenContentWarnings(anchor));
    return { anchor, warnings, ...(several ? { several } : {}) };
  }

  let partial: Anchor | undefined;
  for (const grid of visible) {
    for (let r = 0; r < grid.rows.length; r++) {
      const run = numberingRun(grid.rows[r] ?? []);
      // A short numbering (e.g. 1..10) is the form with columns missing.
      if (run.length >= 5 && (!partial || run.length > partial.columns.length)) partial = { grid, row: r, columns: run };
    }
  }
  if (partial) {
    warnings.push(...hiddenContentWarnings(partial));
    return { anchor: partial, warnings, incomplete: E.elevenColumns(partial.columns.length, cellAddress(partial.row, partial.columns[0]!)) };
  }
  // No report in sight: it may be on a hidden sheet, or its numbering row in hidden rows.
  const hiddenInSheet = visible.filter((g) => g.storedRows && fullAnchor(g, g.storedRows)).map((g) => `trang "${g.sheetName}"`);
  const where = [...hiddenReports.map((s) => `trang tính ẩn "${s}"`), ...hiddenInSheet];
  if (where.length) return { error: E.hiddenReport(where.join(', ')) };
  return { error: E.noReportTable(), warnings };
}

/** Whether the form's data row holds anything in the numbered columns. */
function isFilled(anchor: Anchor): boolean {
  const dataRow = findDataRow(anchor);
  return dataRow >= 0 && anchor.columns.some((c) => !isEmpty(cellAt(anchor.grid, dataRow, c)));
}

/** Warnings for hidden rows and columns of the report's sheet that hold report-like content. */
function hiddenContentWarnings(anchor: Anchor): Finding[] {
  const { grid } = anchor;
  const stored = grid.storedRows;
  if (!stored) return [];
  const found: Finding[] = [];
  const first = anchor.columns[0]!;
  const last = anchor.columns[anchor.columns.length - 1]!;
  for (const r of grid.hiddenRows ?? []) {
    const row = stored[r] ?? [];
    const numbers = row.slice(first, last + 1).filter((v) => typeof v === 'number' || (typeof v === 'string' && /^\s*[\d.,\s]+\s*$/.test(v))).length;
    if (numberingRun(row).length === COLUMN_COUNT || (r > anchor.row && numbers >= 3)) found.push(W.hiddenRow(r + 1));
  }
  for (const c of grid.hiddenColumns ?? []) {
    // A hidden column inside or next to the table, with something between the numbering row and the data rows.
    if (c < first - 1 || c > last + 1) continue;
    const content = stored.slice(anchor.row, anchor.row + 12).some((row) => !isEmpty(row[c] ?? null));
    if (content) found.push(W.hiddenColumn(columnLetter(c)));
  }
  return found;
}

function readProvince(grid: Grid, beforeRow: number, matcher: ProvinceMatcher): { code: string; cell: string } | { error: Finding } {
  for (let r = 0; r < beforeRow; r++) {
    const row = grid.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const cellValue = row[c];
      // The agency line may share a cell with "BẢO HIỂM XÃ HỘI VIỆT NAM", above or below it.
      const value = typeof cellValue === 'string'
        ? cellValue.split(/\r?\n|\r/).find((line) => matcher.isAgencyLine(line))
        : undefined;
      if (value === undefined) continue;
      if (!matcher.agencyName(value)) return { error: E.noProvince() }; // the unfilled "TỈNH/THÀNH PHỐ ….."
      const province = matcher.match(value);
      const cell = cellAddress(r, c);
      if (province) return { code: province.code, cell };
      const former = matcher.formerUnit(value);
      return { error: former ? E.mergedProvince(value, former.former, former.current, cell) : E.unknownProvince(value, cell) };
    }
  }
  return { error: E.noProvince() };
}

// Rows that follow the table on the form: notes and the signature block, never data.
const TRAILER = /^(luu y|ghi chu|nguoi lap|noi nhan|giam doc|thu truong|ke toan)\b/;

function isTrailerRow(row: CellValue[]): boolean {
  const filled = row.filter((v) => !isEmpty(v));
  const first = filled[0];
  if (typeof first === 'string' && (TRAILER.test(foldVietnamese(first)) || /^\s*[-*•]\s/.test(first))) return true;
  // A lone long sentence is a note, not a data row of numbers.
  return filled.length === 1 && typeof first === 'string' && first.trim().length > 30;
}

/** The first non-empty visible row below the numbering row, unless it is the notes; -1 when none. */
function findDataRow({ grid, row: anchorRow }: Anchor): number {
  for (let r = anchorRow + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    if (row.every(isEmpty)) continue;
    return isTrailerRow(row) ? -1 : r;
  }
  return -1;
}

function readValues(anchor: Anchor, emptyCellPolicy: string, errors: Finding[], warnings: Finding[]):
  { values?: number[]; partial?: (number | null)[]; cells: string[] } | undefined {
  const { grid, row: anchorRow, columns } = anchor;
  const dataRow = findDataRow(anchor);
  if (dataRow < 0) {
    errors.push(E.noDataRow(cellAddress(anchorRow + 1, columns[0]!)));
    return undefined;
  }

  if (columns.every((c) => isEmpty(cellAt(grid, dataRow, c)) && !grid.formulaProblems?.has(cellAddress(dataRow, c)))) {
    errors.push(E.noDataRow(cellAddress(dataRow, columns[0]!)));
    return undefined;
  }

  // Every cell is read; a bad one is null here so the rules can still check the others.
  const values: (number | null)[] = [];
  const cells: string[] = [];
  columns.forEach((c, i) => {
    const col = i + 1;
    const cell = cellAddress(dataRow, c);
    cells.push(cell);
    const problem = grid.formulaProblems?.get(cell);
    if (problem) {
      errors.push(problem.kind === 'no-value' ? E.formulaNoValue(col, cell) : E.formulaError(col, cell, problem.text));
      values.push(null);
      return;
    }
    const reading = readNumber(cellAt(grid, dataRow, c));
    switch (reading.kind) {
      case 'value': values.push(reading.value); return;
      case 'empty':
        if (emptyCellPolicy === 'error') { errors.push(E.emptyCell(col, cell)); values.push(null); return; }
        warnings.push(W.emptyCellAsZero(col, cell));
        values.push(0);
        return;
      case 'negative': errors.push(E.negative(col, cell, reading.text)); break;
      case 'not-whole': errors.push(E.notWhole(col, cell, reading.text)); break;
      case 'too-large': errors.push(E.tooLargeNumber(col, cell, reading.text)); break;
      case 'not-a-number': errors.push(E.notANumber(col, cell, cellText(reading.text))); break;
    }
    values.push(null);
  });
  const complete = values.every((v): v is number => v !== null);
  return complete ? { values: values, cells } : { partial: values, cells };
}
