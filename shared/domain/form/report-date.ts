// The report date, read only from the "Ngày báo cáo" label: never from the letter's or the
// signature's date ("Quảng Ninh, ngày 31 tháng 12 năm 2019") elsewhere on the page. Dates are read
// as people write them (a weekday first, dots, hyphens, two-digit years, no year at all), and a
// written date is only taken when it means exactly one day.
import { DateTime } from 'luxon';
import { ssf } from './sheetjs.ts';
import { foldVietnamese } from '../province-match.ts';
import { cellAddress, cellText, isEmpty, type CellValue, type Grid } from './grid.ts';

const parseDateCode = (serial: number, date1904: boolean) => ssf.parse_date_code(serial, { date1904 });

/** Why a written date is not taken although it looks like one. */
export type DateDoubt =
  | { kind: 'weekday-mismatch'; date: string; written: number }
  | { kind: 'no-year'; matches: readonly string[] };

export type DateReading =
  | { kind: 'date'; date: string; cell: string }
  | { kind: 'unreadable'; text: string; cell: string; doubt?: DateDoubt }
  | { kind: 'missing' };

/** The campaign's report dates, to place a date written without its year. */
export interface DateContext {
  reportDates: readonly string[];
}

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
export function readReportDate(grid: Grid, beforeRow: number, context: DateContext): DateReading {
  for (let r = 0; r < Math.min(beforeRow, grid.rows.length); r++) {
    const row = grid.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const value = row[c] ?? null;
      if (typeof value !== 'string') continue;
      // The label may be on its own line of a cell that also holds the title.
      const line = linesOf(value).find((l) => LABEL.test(foldVietnamese(l)));
      if (!line) continue;
      const afterLabel = textAfterLabel(line);
      if (afterLabel) return interpret(afterLabel, cellAddress(r, c), grid, context);
      // The date sits in a cell of its own to the right (text or a real date cell), perhaps after
      // the weekday in a cell of its own ("Thứ Ba" | 15/12/2019).
      for (let k = c + 1; k < row.length; k++) {
        const next = row[k] ?? null;
        if (isEmpty(next)) continue;
        const weekday = typeof next === 'string' ? weekdayOnly(next) : undefined;
        const following = weekday === undefined ? undefined : row.slice(k + 1).findIndex((v) => !isEmpty(v ?? null));
        if (weekday !== undefined && following !== undefined && following >= 0) {
          const at = k + 1 + following;
          const reading = interpret(row[at] ?? null, cellAddress(r, at), grid, context);
          return reading.kind === 'date' ? checkWeekday(reading, weekday, `${cellText(next)} ${cellText(row[at] ?? null)}`) : reading;
        }
        return interpret(next, cellAddress(r, k), grid, context);
      }
      return { kind: 'unreadable', text: value.trim(), cell: cellAddress(r, c) };
    }
  }
  return { kind: 'missing' };
}

function textAfterLabel(line: string): string {
  const rest = LABEL_WORDS.test(line) ? line.replace(LABEL_WORDS, '') : line.slice(line.indexOf(':') + 1);
  // "(Ngày báo cáo: 15/12/2019)." : the closing parenthesis and the sentence's period are not the date.
  return rest.replace(/^[\s:]+/, '').replace(/[\s.)\]]+$/, '').trim();
}

/** A cell as a date: a real date cell (serial) or a written date. */
export function interpret(value: CellValue, cell: string, grid: Pick<Grid, 'date1904'>, context: DateContext): DateReading {
  if (typeof value === 'number') {
    const date = serialDate(value, grid.date1904 ?? false);
    return date ? { kind: 'date', date, cell } : { kind: 'unreadable', text: String(value), cell };
  }
  const text = cellText(value).replace(/[\s.)\]]+$/, '');
  const parsed = parseDateText(text, context);
  if (parsed.kind === 'date') return { kind: 'date', date: parsed.date, cell };
  return { kind: 'unreadable', text, cell, ...(parsed.kind === 'doubt' ? { doubt: parsed.doubt } : {}) };
}

/** A date serial (a real date cell) in the workbook's date system, without time-zone conversion. */
export function serialDate(serial: number, date1904: boolean): string | undefined {
  const parsed = serial > 20000 && serial < 80000 ? parseDateCode(serial, date1904) : undefined;
  return parsed ? isoDate(parsed.y, parsed.m, parsed.d) : undefined;
}

// Weekdays as written: "Thứ Ba", "thứ 3", "T3", "Chủ nhật", "CN" (folded); luxon numbers Monday 1 … Sunday 7.
const WEEKDAY = /^(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|t\s*([2-7])|(chu\s*nhat|cn))(?![a-z0-9])[\s,.:;\-–]*/;
const WEEKDAY_WORDS: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6 };

function weekdayOf(match: RegExpExecArray): number {
  if (match[3]) return 7;
  const word = match[1] ?? match[2]!;
  return WEEKDAY_WORDS[word] ?? Number(word) - 1;
}

/** Folded, but keeping the separators a date is written with. */
function foldDate(text: string): string {
  return text.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The weekday a cell holds when it holds only a weekday ("Thứ Ba"). */
function weekdayOnly(text: string): number | undefined {
  const folded = foldDate(text);
  const m = WEEKDAY.exec(folded);
  return m && m[0].length === folded.length ? weekdayOf(m) : undefined;
}

function checkWeekday(reading: Extract<DateReading, { kind: 'date' }>, weekday: number, text: string): DateReading {
  return DateTime.fromISO(reading.date, { zone: 'utc' }).weekday === weekday
    ? reading
    : { kind: 'unreadable', text, cell: reading.cell, doubt: { kind: 'weekday-mismatch', date: reading.date, written: weekday } };
}

const TIME_REMARK = /(?<=\d)[\s,;\-–]*\(?\s*(?:so lieu\s*)?(?:tinh\s*)?(?:den|luc|cap nhat (?:den|luc))?\s*\d{1,2}\s*(?:h|gio|:)\s*(?:\d{2}\s*(?:phut|p)?)?\s*\)?$/;

export type DateTextReading = { kind: 'date'; date: string } | { kind: 'doubt'; doubt: DateDoubt } | { kind: 'none' };

/**
 * Parses the written forms of a date seen on reports. Day first (the Vietnamese order); a two-digit
 * year is 20yy; a date without a year is taken only when exactly one report date of the campaign has
 * that day and month; a weekday written before the date must be that date's weekday.
 */
export function parseDateText(text: string, context: DateContext): DateTextReading {
  let rest = foldDate(text);
  const weekdayMatch = WEEKDAY.exec(rest);
  const weekday = weekdayMatch ? weekdayOf(weekdayMatch) : undefined;
  if (weekdayMatch) rest = rest.slice(weekdayMatch[0].length);
  rest = rest.replace(/^ngay\s*/, '').replace(/[\s.,;)\]]+$/, '');
  // "dd/mm/yyyy (số liệu đến 17h)", "dd/mm/yyyy lúc 16h30": a time of day after the date is not part of it.
  rest = rest.replace(TIME_REMARK, '');

  let parts: { day: number; month: number; year?: number } | undefined;
  // 15 tháng 12 năm 2019 (words), perhaps without the year
  const words = /^(\d{1,2}) ?thang ?(\d{1,2})(?:,? ?nam ?(\d{4}|\d{2}))?$/.exec(rest);
  // 15/12/2019, 15-12-2019, 15.12.2019, 15/12/26, 15/12
  const numeric = /^(\d{1,2}) ?[/.-] ?(\d{1,2})(?: ?[/.-] ?(\d{4}|\d{2}))?$/.exec(rest);
  const m = words ?? numeric;
  if (m) parts = { day: Number(m[1]), month: Number(m[2]), ...(m[3] ? { year: yearOf(m[3]) } : {}) };
  // 2019-12-15 (ISO, from exports)
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[t ][\d:.]+z?)?$/.exec(rest);
  if (iso) parts = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  if (!parts) {
    // "…, ngày 15 tháng 12 năm 2019" inside a longer text (as before: only with the year written).
    const inside = /\bngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b/.exec(foldVietnamese(text));
    if (!inside) return { kind: 'none' };
    parts = { day: Number(inside[1]), month: Number(inside[2]), year: Number(inside[3]) };
  }

  let date: string | undefined;
  if (parts.year === undefined) {
    const { day, month } = parts;
    const matches = context.reportDates.filter((d) => Number(d.slice(5, 7)) === month && Number(d.slice(8, 10)) === day);
    if (matches.length !== 1) return { kind: 'doubt', doubt: { kind: 'no-year', matches } };
    date = matches[0]!;
  } else {
    date = isoDate(parts.year, parts.month, parts.day);
  }
  if (!date) return { kind: 'none' };
  if (weekday !== undefined && DateTime.fromISO(date, { zone: 'utc' }).weekday !== weekday) {
    return { kind: 'doubt', doubt: { kind: 'weekday-mismatch', date, written: weekday } };
  }
  return { kind: 'date', date };
}

function yearOf(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
  return d.isValid ? d.toISODate() : undefined;
}
