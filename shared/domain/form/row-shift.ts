// A clerk's row written one column off: the numbers start in the label column (column 11 left
// empty) or in column 2 (a number right of column 11). Read as it stands, every value would land
// in its neighbour's column, and the rules between columns catch that only by chance. Row numbers
// (STT) and codes in the label column are legitimate, so a number there is a shift only when the
// row read one column over makes sense and the row as it stands does not clearly do so.
import { formatInteger } from '../format.ts';
import type { Finding } from '../report.ts';
import { COUNT_AMOUNT, PART_OF } from '../rules.ts';
import { cellAddress, cellAt, cellText, isEmpty, type CellValue } from './grid.ts';
import { readNumber } from './numbers.ts';
import { readerErrors } from './reader-findings.ts';
import type { Anchor } from './table.ts';

export interface RowShift {
  finding: Finding;
  /** The sheet column of the number out of place (accounted for by the finding). */
  column: number;
}

/** A number a cell holds as the clerk sees it (never a date cell), or undefined. */
function numberIn(anchor: Anchor, r: number, c: number): number | undefined {
  if (anchor.grid.dateCells?.has(cellAddress(r, c))) return undefined;
  const reading = readNumber(cellAt(anchor.grid, r, c));
  return reading.kind === 'value' ? reading.value : undefined;
}

/** Whether 11 values (undefined: unreadable, not checked) pass the rules between columns. */
function consistent(values: readonly (number | undefined)[]): boolean {
  const at = (col: number): number | undefined => values[col - 1];
  const parts = PART_OF.every(([part, whole]) => { const p = at(part); const w = at(whole); return p === undefined || w === undefined || p <= w; });
  return parts && COUNT_AMOUNT.every(([count, amount]) => {
    const c = at(count);
    const a = at(amount);
    return c === undefined || a === undefined || (c === 0) === (a === 0);
  });
}

const blank = (anchor: Anchor, r: number, c: number): boolean =>
  isEmpty(cellAt(anchor.grid, r, c)) && !anchor.grid.formulaProblems?.has(cellAddress(r, c));

/** The shift of a value row (zero-based `r`), if its numbers look written one column off. */
export function rowShift(anchor: Anchor, r: number): RowShift | undefined {
  const { grid, columns } = anchor;
  const first = columns[0]!;
  const last = columns[columns.length - 1]!;
  const asRead = columns.map((c) => (blank(anchor, r, c) ? 0 : numberIn(anchor, r, c)));

  const after = numberIn(anchor, r, last + 1);
  const firstValue: CellValue = cellAt(grid, r, first);
  const firstHoldsNoNumber = blank(anchor, r, first) || (typeof firstValue === 'string' && readNumber(firstValue).kind === 'not-a-number');
  // A number right of column 11 (a "Ghi chú" column) beside a row that reads right is a remark.
  const remark = (): boolean => consistent(asRead) && !consistent([...asRead.slice(1), after]);
  if (after !== undefined && (firstHoldsNoNumber || !remark())) {
    return {
      column: last + 1,
      finding: readerErrors.rowShiftedRight(grid.sheetName, r + 1, cellAddress(r, first), cellText(firstValue), cellAddress(r, last + 1), formatInteger(after)),
    };
  }

  const before = first > 0 ? numberIn(anchor, r, first - 1) : undefined;
  if (before === undefined || !blank(anchor, r, last)) return undefined;
  const shifted = [before, ...asRead.slice(0, -1)];
  // "1" as a row number beside a row that reads right, which makes no sense one column over: not a shift.
  if (consistent(asRead) && !consistent(shifted)) return undefined;
  return {
    column: first - 1,
    finding: readerErrors.rowShiftedLeft(grid.sheetName, r + 1, cellAddress(r, first - 1), formatInteger(before), cellAddress(r, last)),
  };
}
