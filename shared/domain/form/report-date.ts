// The report date, read only from the "Ngày báo cáo" label: never from the letter's or the
// signature's date ("Quảng Ninh, ngày 31 tháng 12 năm 2023") elsewhere on the page.
import { DateTime } from 'luxon';
import { ssf } from './sheetjs.ts';
import { foldVietnamese } from '../province-match.ts';
import { cellAddress, cellText, isEmpty, type CellValue, type Grid } from './grid.ts';

const parseDateCode = (serial: number, date1904: boolean) => ssf.parse_date_code(serial, { date1904 });

export type DateReading =
  | { kind: 'date'; date: string; cell: string }
  | { kind: 'unreadable'; text: string; cell: string }
  | { kind: 'missing' };

const LABEL = /^(ngay bao cao|bao cao ngay|ngay bc)\b/;
// The label words as typed: any case, with or without diacritics, in parentheses, then ":" or not.
const LABEL_WORDS = /^[\s([]*(ng[àa]y\s+b[áa]o\s+c[áa]o|b[áa]o\s+c[áa]o\s+ng[àa]y|ng[àa]y\s+bc)\s*[:.\-–]?/iu;

/** The lines of a cell (Alt+Enter makes several), each trimmed. */
const linesOf = (text: string): string[] => text.normalize('NFC').split(/\r?\n|\r/).map((l) => l.trim()).filter(Boolean);

/** Whether a text (one of its lines) starts with the report-date label. */
export function isDateLabel(text: string): boolean {
  return linesOf(text).some((line) => LABEL.test(foldVietnamese(line)));
}

/** Looks for the label in rows [0, beforeRow) and reads the date after it (same cell or to its right). */
export function readReportDate(grid: Grid, beforeRow: number): DateReading {
  for (let r = 0; r < Math.min(beforeRow, grid.rows.length); r++) {
    const row = grid.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const value = row[c] ?? null;
      if (typeof value !== 'string') continue;
      // The label may be on its own line of a cell that also holds the title.
      const line = linesOf(value).find((l) => LABEL.test(foldVietnamese(l)));
      if (!line) continue;
      const afterLabel = textAfterLabel(line);
      if (afterLabel) return interpret(afterLabel, cellAddress(r, c), grid.date1904);
      // The date sits in a cell of its own to the right (text or a real date cell).
      for (let k = c + 1; k < row.length; k++) {
        const next = row[k] ?? null;
        if (!isEmpty(next)) return interpret(next, cellAddress(r, k), grid.date1904);
      }
      return { kind: 'unreadable', text: value.trim(), cell: cellAddress(r, c) };
    }
  }
  return { kind: 'missing' };
}

function textAfterLabel(line: string): string {
  const rest = LABEL_WORDS.test(line) ? line.replace(LABEL_WORDS, '') : line.slice(line.indexOf(':') + 1);
  // "(Ngày báo cáo: 15/12/2023)." : the closing parenthesis and the sentence's period are not the date.
  return rest.replace(/^[\s:]+/, '').replace(/[\s.)\]]+$/, '').trim();
}

function interpret(value: CellValue, cell: string, date1904 = false): DateReading {
  if (typeof value === 'number') {
    // A real date cell: a serial day number in the workbook's date system (no time-zone conversion).
    const parsed = value > 20000 && value < 80000 ? parseDateCode(value, date1904) : undefined;
    const date = parsed ? isoDate(parsed.y, parsed.m, parsed.d) : undefined;
    return date ? { kind: 'date', date, cell } : { kind: 'unreadable', text: String(value), cell };
  }
  const text = cellText(value).replace(/[\s.)\]]+$/, '');
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
