// The look of every workbook the project writes with exceljs (the national snapshot, the official
// form handed to provinces): one font, thin borders, wrapped bold headers, whole numbers as #,##0.
import type * as ExcelJS from 'exceljs';
import { formatInteger } from './format.ts';
import { neutralise } from './snapshot/text.ts';

export const NUMBER_FORMAT = '#,##0';
const thin = { style: 'thin' as const };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const HEADER_ALIGN: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
export const FONT = { name: 'Times New Roman', size: 11 };
export const BOLD = { ...FONT, bold: true };
/** Points per line of 11-point text, and the padding a wrapped cell needs above and below. */
const LINE_HEIGHT = 15;
const CELL_PADDING = 4;

/** Excel keeps 15 significant digits: larger integers are written as text so they stay exact. */
const EXCEL_EXACT_LIMIT = 999_999_999_999_999n;

/** Text cell content, neutralised so a spreadsheet never runs it as a formula. */
export const text = (s: string): string => neutralise(s);

/** An integer as a cell: a number while Excel keeps it exact, else its digits grouped as text (1.234.567…). */
export function integerCell(n: bigint | number): number | string {
  const big = typeof n === 'bigint' ? n : BigInt(n);
  const abs = big < 0n ? -big : big;
  return abs <= EXCEL_EXACT_LIMIT ? Number(big) : formatInteger(big);
}

/** A merged, centred, wrapped title line across columns. */
export function titleCell(ws: ExcelJS.Worksheet, row: number, fromCol: number, toCol: number, value: string, font: Partial<ExcelJS.Font>): void {
  ws.mergeCells(row, fromCol, row, toCol);
  const cell = ws.getCell(row, fromCol);
  cell.value = text(value);
  cell.font = font;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/** A header cell, merged down/right to (merge[0], merge[1]) when given. */
export function headerCell(ws: ExcelJS.Worksheet, row: number, col: number, value: string | number, merge?: [number, number]): void {
  if (merge) ws.mergeCells(row, col, merge[0], merge[1]);
  const cell = ws.getCell(row, col);
  cell.value = typeof value === 'string' ? text(value) : value;
}

/**
 * How many lines a text takes when wrapped at word boundaries in a cell `width` characters wide
 * (an Excel column width). Bold Times New Roman fits about one character per width unit; one unit
 * is kept for the cell's inner margins.
 */
export function wrappedLines(value: string, width: number): number {
  const room = Math.max(1, Math.floor(width) - 1);
  let lines = 0;
  for (const paragraph of value.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const needed = line === 0 ? word.length : line + 1 + word.length;
      if (needed <= room) { line = needed; continue; }
      if (line > 0) lines++;
      // A word longer than the cell breaks across lines.
      lines += Math.ceil(word.length / room) - 1;
      line = word.length % room || room;
    }
  }
  return lines;
}

/** Row height (points) for `lines` lines of 11-point text. */
export function heightForLines(lines: number): number {
  return Math.max(LINE_HEIGHT, lines * LINE_HEIGHT + CELL_PADDING);
}

/** Row height (points) that fits each label wrapped in its column (widths in characters). */
export function wrappedHeight(labels: readonly string[], widths: readonly number[]): number {
  return heightForLines(Math.max(...labels.map((l, i) => wrappedLines(l, widths[i] ?? 10))));
}
