// The report date, read only from the "Ngày báo cáo" label: never from the letter's or the
// signature's date ("Quảng Ninh, ngày 31 tháng 12 năm 2023") elsewhere on the page.
import * as XLSX from '@e965/xlsx';
import { DateTime } from 'luxon';
import { foldVietnamese } from '../province-match.ts';
import { cellAddress, cellText, isEmpty, type CellValue, type Grid } from './grid.ts';

// SheetJS types SSF as `any`; this is the part used.
const ssf = XLSX.SSF as { parse_date_code: (serial: number) => { y: number; m: number; d: number } | undefined };
const parseDateCode = (serial: number) => ssf.parse_date_code(serial);

export type DateReading =
  | { kind: 'date'; date: string; cell: string }
  | { kind: 'unreadable'; text: string; cell: string }
  | { kind: 'missing' };

const LABEL = /^(ngay bao cao|bao cao ngay|ngay bc)\b/;

/** Looks for the label in rows [0, beforeRow) and reads the date after it (same cell or to its right). */
export function readReportDate(grid: Grid, beforeRow: number): DateReading {
  for (let r = 0; r < Math.min(beforeRow, grid.rows.length); r++) {
    const row = grid.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const value = row[c] ?? null;
      if (typeof value !== 'string') continue;
      const folded = foldVietnamese(value);
      if (!LABEL.test(folded)) continue;
      const afterLabel = textAfterLabel(value);
      if (afterLabel) return interpret(afterLabel, cellAddress(r, c));
      // The date sits in a cell of its own to the right (text or a real date cell).
      for (let k = c + 1; k < row.length; k++) {
        const next = row[k] ?? null;
        if (!isEmpty(next)) return interpret(next, cellAddress(r, k));
      }
      return { kind: 'unreadable', text: value.trim(), cell: cellAddress(r, c) };
    }
  }
  return { kind: 'missing' };
}

function textAfterLabel(labelCell: string): string {
  const colon = labelCell.indexOf(':');
  if (colon >= 0) return labelCell.slice(colon + 1).trim();
  // "Ngày báo cáo 15/12/2023": whatever follows the label words.
  return labelCell.replace(/^\s*(ngày\s+báo\s+cáo|báo\s+cáo\s+ngày|ngày\s+bc)/iu, '').trim();
}

function interpret(value: CellValue, cell: string): DateReading {
  if (typeof value === 'number') {
    // A real date cell: an Excel serial day number (read without time-zone conversion).
    const parsed = value > 20000 && value < 80000 ? parseDateCode(value) : undefined;
    const date = parsed ? isoDate(parsed.y, parsed.m, parsed.d) : undefined;
    return date ? { kind: 'date', date, cell } : { kind: 'unreadable', text: String(value), cell };
  }
  const text = cellText(value);
  const date = parseDateText(text);
  return date ? { kind: 'date', date, cell } : { kind: 'unreadable', text, cell };
}

/** Parses the written forms of a date seen on reports; undefined when it is not one real date. */
export function parseDateText(text: string): string | undefined {
  const folded = foldVietnamese(text);
  // ngày 15 tháng 12 năm 2023
  const words = /\bngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b/.exec(folded);
  if (words) return isoDate(Number(words[3]), Number(words[2]), Number(words[1]));
  // 15/12/2023, 15-12-2023, 15.12.2023, 15/12/23 (day first, the Vietnamese order)
  const dmy = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (dmy) {
    const year = dmy[3]!.length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3]);
    return isoDate(year, Number(dmy[2]), Number(dmy[1]));
  }
  // 2023-12-15 (ISO, from exports)
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text.trim());
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
  return d.isValid ? d.toISODate() : undefined;
}
