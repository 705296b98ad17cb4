// The national summary's body styles on top of the shared spreadsheet styles (../spreadsheet-style.ts):
// every official-looking table we publish (the snapshot's sheets, the results) uses these.
import type * as ExcelJS from 'exceljs';
import { BOLD, BORDER, FONT, NUMBER_FORMAT } from '../spreadsheet-style.ts';

export * from '../spreadsheet-style.ts';

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
