// The official form, located in decoded sheets: the numbering row 1..11 anchors the table, the
// data row is the first non-empty row below it, the province and date are read above it.
import { formatDateVi, type Campaign } from '../campaign.ts';
import { errors as E, warnings as W } from '../findings.ts';
import { foldVietnamese, ProvinceMatcher } from '../province-match.ts';
import { COLUMN_COUNT, type Finding, type ReadResult } from '../report.ts';
import { cellAddress, cellAt, cellText, isEmpty, type CellValue, type Grid } from './grid.ts';
import { readNumber } from './numbers.ts';
import { readReportDate } from './report-date.ts';

/** Where the report table is: the numbering row and the sheet column of each of columns 1..n. */
interface Anchor {
  grid: Grid;
  row: number;
  columns: number[];
}

/** Reads the report from already-decoded sheets (the part of the reader that knows the form). */
export function readGrids(grids: Grid[], campaign: Campaign): ReadResult {
  const found = findAnchor(grids);
  if ('error' in found) return { errors: [found.error], warnings: [] };
  const { anchor } = found;

  const errors: Finding[] = [];
  const warnings: Finding[] = [];
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

  // A table with columns missing is reported with everything else that can be read about the file.
  if (found.incomplete) {
    errors.unshift(found.incomplete);
    return result;
  }
  const values = readValues(anchor, campaign.config.emptyCellPolicy, errors, warnings);
  if (values) {
    result.values = values.values;
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

function findAnchor(grids: Grid[]): { anchor: Anchor; incomplete?: Finding } | { error: Finding } {
  let partial: Anchor | undefined;
  for (const grid of grids) {
    for (let r = 0; r < grid.rows.length; r++) {
      const run = numberingRun(grid.rows[r] ?? []);
      if (run.length === COLUMN_COUNT) return { anchor: { grid, row: r, columns: run } };
      // A short numbering (e.g. 1..10) is the form with columns missing, unless a full one turns up.
      if (run.length >= 5 && (!partial || run.length > partial.columns.length)) partial = { grid, row: r, columns: run };
    }
  }
  if (partial) {
    return { anchor: partial, incomplete: E.elevenColumns(partial.columns.length, cellAddress(partial.row, partial.columns[0]!)) };
  }
  return { error: E.noReportTable() };
}

function readProvince(grid: Grid, beforeRow: number, matcher: ProvinceMatcher): { code: string; cell: string } | { error: Finding } {
  for (let r = 0; r < beforeRow; r++) {
    const row = grid.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (typeof value !== 'string' || !matcher.isAgencyLine(value)) continue;
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

function readValues(anchor: Anchor, emptyCellPolicy: string, errors: Finding[], warnings: Finding[]):
  { values: number[]; cells: string[] } | undefined {
  const { grid, row: anchorRow, columns } = anchor;
  let dataRow = -1;
  for (let r = anchorRow + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    if (row.every(isEmpty)) continue;
    if (!isTrailerRow(row)) dataRow = r;
    break;
  }
  if (dataRow < 0) {
    errors.push(E.noDataRow(cellAddress(anchorRow + 1, columns[0]!)));
    return undefined;
  }

  if (columns.every((c) => isEmpty(cellAt(grid, dataRow, c)))) {
    errors.push(E.noDataRow(cellAddress(dataRow, columns[0]!)));
    return undefined;
  }

  const values: number[] = [];
  const cells: string[] = [];
  let complete = true;
  columns.forEach((c, i) => {
    const col = i + 1;
    const cell = cellAddress(dataRow, c);
    cells.push(cell);
    const reading = readNumber(cellAt(grid, dataRow, c));
    switch (reading.kind) {
      case 'value': values.push(reading.value); return;
      case 'empty':
        if (emptyCellPolicy === 'error') { errors.push(E.emptyCell(col, cell)); complete = false; return; }
        warnings.push(W.emptyCellAsZero(col, cell));
        values.push(0);
        return;
      case 'negative': errors.push(E.negative(col, cell, reading.text)); break;
      case 'not-whole': errors.push(E.notWhole(col, cell, reading.text)); break;
      case 'too-large': errors.push(E.tooLargeNumber(col, cell, reading.text)); break;
      case 'not-a-number': errors.push(E.notANumber(col, cell, cellText(reading.text))); break;
    }
    complete = false;
  });
  return complete ? { values, cells } : undefined;
}
