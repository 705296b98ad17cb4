// The national summary's workbook styles, shared by every official-looking table we publish (the
// snapshot's sheets and the results): Times New Roman, thin borders, exact integers.
import type * as ExcelJS from 'exceljs';
import { formatInteger } from '../format.ts';
import { neutralise } from './text.ts';

/** Excel keeps 15 significant digits: larger integers are written as text so they stay exact. */
const EXCEL_EXACT_LIMIT = 999_999_999_999_999n;

export const NUMBER_FORMAT = '#,##0';
const thin = { style: 'thin' as const };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const HEADER_ALIGN: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
export const FONT = { name: 'Times New Roman', size: 11 };
export const BOLD = { ...FONT, bold: true };
/**
 * Body cell styles, one shared object each: exceljs recognises a style object it has seen (by
 * identity) without re-serialising it, which keeps 10,000 rows well under a second. Never mutate a
 * cell's font/border after assigning one of these (that would change every cell sharing it).
 */
export type CellStyle = Partial<ExcelJS.Style>;
const bodyStyles = (font: Partial<ExcelJS.Font>) => ({
  center: { font, border: BORDER, alignment: { horizontal: 'center' } } as CellStyle,
  text: { font, border: BORDER } as CellStyle,
  number: { font, border: BORDER, numFmt: NUMBER_FORMAT } as CellStyle,
});
export const BODY = bodyStyles(FONT);
export const TOTAL = bodyStyles(BOLD);
export const WRAP: CellStyle = { font: { ...FONT, size: 10 }, border: BORDER, alignment: { wrapText: true, vertical: 'top' } };
// A changed baseline is flagged loudest: its cols 1-4 and its warnings in bold red on red.
const FLAG_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCDD2' } };
export const FLAG_FONT = { ...FONT, bold: true, color: { argb: 'FFB71C1C' } };
export const FLAG_NUMBER: CellStyle = { ...BODY.number, font: FLAG_FONT, fill: FLAG_FILL };
export const FLAG_WRAP: CellStyle = { ...WRAP, font: { ...FLAG_FONT, size: 10 }, fill: FLAG_FILL };
export const LATE_FIX: CellStyle = { ...WRAP, font: { ...FONT, size: 10, bold: true, color: { argb: 'FFB26A00' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8E1' } } };
/** Text cell content, neutralised so a spreadsheet never runs it as a formula. */
export const text = (s: string): string => neutralise(s);

export function integerCell(n: bigint | number): number | string {
  const big = typeof n === 'bigint' ? n : BigInt(n);
  const abs = big < 0n ? -big : big;
  return abs <= EXCEL_EXACT_LIMIT ? Number(big) : formatInteger(big);
}


export function titleCell(ws: ExcelJS.Worksheet, row: number, fromCol: number, toCol: number, value: string, font: Partial<ExcelJS.Font>): void {
  ws.mergeCells(row, fromCol, row, toCol);
  const cell = ws.getCell(row, fromCol);
  cell.value = text(value);
  cell.font = font;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

export function headerCell(ws: ExcelJS.Worksheet, row: number, col: number, value: string | number, merge?: [number, number]): void {
  if (merge) ws.mergeCells(row, col, merge[0], merge[1]);
  const cell = ws.getCell(row, col);
  cell.value = typeof value === 'string' ? text(value) : value;
}

