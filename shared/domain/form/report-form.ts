// The official form, located in decoded sheets: the numbering row 1..11 anchors the table, the
// table under it is read as a closed world (table.ts), the province, date and unit are read above it.
import { errors as E, warnings as W } from '../findings.ts';
import { ProvinceMatcher } from '../province-match.ts';
import { COLUMN_COUNT, type Finding, type ReadResult } from '../report.ts';
import type { Campaign } from '../campaign.ts';
import { formatDateVi, formatInteger } from '../format.ts';
import { cellAddress, cellAt, cellText, columnLetter, isEmpty, type CellValue, type Grid } from './grid.ts';
import { formulaDoubt, formulaFindings } from './formulas.ts';
import { readerErrors } from './reader-findings.ts';
import { readNumber } from './numbers.ts';
import { readReportDate, serialDate, type DateContext, type DateReading } from './report-date.ts';
import { isFilled, readTable, tableEnd, type Anchor } from './table.ts';
import { unitErrors } from './units.ts';

export interface ReadGridsOptions {
  /** The grids are alternative readings of one sheet (CSV with each delimiter): take the first that holds the form. */
  alternatives?: boolean;
}

const WEEKDAY_NAMES = ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];

/** Reads the report from already-decoded sheets (the part of the reader that knows the form). */
export function readGrids(grids: Grid[], campaign: Campaign, options: ReadGridsOptions = {}): ReadResult {
  const dates: DateContext = { reportDates: campaign.reportDates };
  const found = findAnchor(grids, options.alternatives ?? false, dates);
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

  const date = readReportDate(anchor.grid, anchor.row, dates);
  const dateFormula = date.kind === 'date' ? anchor.grid.formulas?.get(date.cell) : undefined;
  // =TODAY() gives the day the file was last calculated, not the day of the figures.
  if (date.kind === 'date' && dateFormula !== undefined && formulaDoubt(dateFormula) === 'volatile') {
    errors.push(readerErrors.reportDateFormula(anchor.grid.sheetName, date.cell, dateFormula));
  } else if (date.kind === 'date') {
    result.reportDate = date.date;
    result.reportDateCell = date.cell;
  } else {
    errors.push(dateError(date, formatDateVi(campaign.config.firstReportDate)));
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
  const table = readTable(anchor, { dates, ...(result.reportDate ? { reportDate: result.reportDate } : {}), ...(found.limit ? { limit: found.limit } : {}) });
  const formulas = formulaFindings(grids, anchor, table.end);
  errors.push(...unitErrors(anchor, table.end), ...formulas.errors, ...table.errors);
  warnings.push(...formulas.warnings, ...table.warnings);
  if (!table.chosen) return result;
  const { chosen } = table;
  result.source = {
    ...(options.alternatives ? {} : { sheet: anchor.grid.sheetName }),
    row: chosen.row,
    ...(chosen.label ? { label: chosen.label } : {}),
  };
  const values = readValues(anchor, chosen.index, campaign.config.emptyCellPolicy, errors, warnings);
  if (values.values) result.values = values.values;
  if (values.partial) result.partialValues = values.partial;
  result.cells = values.cells;
  return result;
}

function dateError(date: Exclude<DateReading, { kind: 'date' }>, example: string): Finding {
  if (date.kind === 'missing') return E.noReportDate(example);
  const doubt = date.doubt;
  if (doubt?.kind === 'weekday-mismatch') {
    const actual = new Date(`${doubt.date}T00:00:00Z`).getUTCDay();
    return E.weekdayMismatch(date.text, formatDateVi(doubt.date), WEEKDAY_NAMES[doubt.written]!, WEEKDAY_NAMES[actual === 0 ? 7 : actual]!, date.cell);
  }
  if (doubt?.kind === 'no-year') return E.dateWithoutYear(date.text, doubt.matches.map(formatDateVi), date.cell);
  return E.badReportDate(date.text, example, date.cell);
}

// "1", "(1)", "[1]". Not "Cột 1": detail sheets head their columns so, and would read as a second report.
const NUMBER_LABEL = /^[([]?(\d{1,2})[)\]]?$/;

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

/** Every full numbering row (1..11) of a sheet's visible cells, top to bottom. */
function fullAnchors(grid: Grid, rows: CellValue[][] = grid.rows): Anchor[] {
  const found: Anchor[] = [];
  for (let r = 0; r < rows.length; r++) {
    const run = numberingRun(rows[r] ?? []);
    if (run.length === COLUMN_COUNT) found.push({ grid, row: r, columns: run });
  }
  return found;
}

interface Found {
  anchor: Anchor;
  warnings: Finding[];
  /** The next numbering row of the same sheet: the table ends before it. */
  limit?: number;
  incomplete?: Finding;
  several?: Finding;
}

/**
 * The one report of the workbook, read from what the clerk sees. Hidden sheets, rows and columns
 * are never read; when they hold something report-like the clerk is warned (or, when the only
 * report is hidden, told so). Blank copies of the form are passed over; two filled ones (on two
 * sheets, or one under the other on a sheet) are an error.
 */
function findAnchor(grids: Grid[], alternatives: boolean, dates: DateContext): Found | { error: Finding; warnings?: Finding[] } {
  const warnings: Finding[] = [];
  const visible = grids.filter((g) => !g.hidden);
  const hiddenReports = grids.filter((g) => g.hidden && fullAnchors(g).length > 0).map((g) => g.sheetName);

  const anchors: { anchor: Anchor; limit?: number; filled: boolean }[] = [];
  for (const grid of visible) {
    const inSheet = fullAnchors(grid);
    inSheet.forEach((anchor, i) => {
      const limit = inSheet[i + 1]?.row;
      anchors.push({ anchor, ...(limit === undefined ? {} : { limit }), filled: isFilled(anchor, tableEnd(grid, anchor.row, limit)) });
    });
    if (alternatives && inSheet.length) break;
  }
  warnings.push(...hiddenReports.map((s) => W.hiddenSheet(s)));

  if (anchors.length > 0) {
    const filled = anchors.filter((a) => a.filled);
    const chosen = filled[0] ?? anchors[0]!;
    let several: Finding | undefined;
    if (filled.length > 1) {
      const sameSheet = new Set(filled.map((a) => a.anchor.grid)).size < filled.length;
      several = E.severalReports(filled.map(({ anchor: a }) => {
        const date = readReportDate(a.grid, a.row, dates);
        return { sheet: a.grid.sheetName, ...(sameSheet ? { row: a.row + 1 } : {}), ...(date.kind === 'date' ? { date: formatDateVi(date.date) } : {}) };
      }));
    }
    warnings.push(...hiddenContentWarnings(chosen.anchor));
    return { anchor: chosen.anchor, warnings, ...(chosen.limit === undefined ? {} : { limit: chosen.limit }), ...(several ? { several } : {}) };
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
  const hiddenInSheet = visible.filter((g) => g.storedRows && fullAnchors(g, g.storedRows).length > 0).map((g) => `trang "${g.sheetName}"`);
  const where = [...hiddenReports.map((s) => `trang tính ẩn "${s}"`), ...hiddenInSheet];
  if (where.length) return { error: E.hiddenReport(where.join(', ')) };
  return { error: E.noReportTable(), warnings };
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

function readValues(anchor: Anchor, dataRow: number, emptyCellPolicy: string, errors: Finding[], warnings: Finding[]):
  { values?: number[]; partial?: (number | null)[]; cells: string[] } {
  const { grid, columns } = anchor;
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
    if (grid.hiddenNumbers?.has(cell)) {
      const hidden = cellAt(grid, dataRow, c);
      errors.push(readerErrors.numberHiddenByFormat(grid.sheetName, col, cell, typeof hidden === 'number' && Number.isSafeInteger(hidden) ? formatInteger(hidden) : cellText(hidden)));
      values.push(null);
      return;
    }
    const merged = grid.mergedAcross?.get(cell);
    if (merged) {
      errors.push(E.mergedDataCell(col, cell, merged));
      values.push(null);
      return;
    }
    const value = cellAt(grid, dataRow, c);
    // A number shown as a date ("1/12" typed and turned into a date by Excel) is not a count or an amount.
    if (typeof value === 'number' && grid.dateCells?.has(cell)) {
      const date = serialDate(value, grid.date1904 ?? false);
      errors.push(E.dateCellInData(col, cell, date ? formatDateVi(date) : String(value)));
      values.push(null);
      return;
    }
    const reading = readNumber(value);
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
