// The results' fields, in order: one definition read by the csv, json and xlsx downloads and the
// portal's table, so the four always carry the same figures (the contract: docs/results.md).
import type { FormTexts } from '../snapshot/text.ts';
import { COLUMN_SHORT, LABELS, STATUS_LABEL } from '../snapshot/text.ts';
import type { Measure, NationalResults, ResultsMark, ResultsRow } from './model.ts';

export type FieldValue = bigint | number | string | boolean | null;

export interface ResultField {
  /** The json key and the portal's sort key. */
  key: string;
  /** The column heading people read (csv, xlsx, portal). */
  label: string;
  /** A short heading for narrow tables, still plain words a clerk reads without a legend. */
  short: string;
  kind: 'text' | 'integer' | 'percent' | 'ratio';
  value: (row: ResultsRow) => FieldValue;
  /** The national line's value; undefined where the field says nothing nationally. */
  national?: (n: NationalResults) => FieldValue;
  /** Text for people when the value is a code (status, mark, correction). */
  display?: (value: FieldValue) => string;
}

export const MARK_LABEL: Record<ResultsMark, string> = { top: 'Nhóm đầu', bottom: 'Nhóm cuối' };
const CORRECTED_LABEL: Record<string, string> = { 'before-deadline': 'Sửa trước hạn', 'after-deadline': 'Sửa sau hạn' };

type MeasureKey = 'lateAmount' | 'overdueAmount' | 'lateUnits';

function measureFields(key: MeasureKey, from: number, to: number, what: string, short: string, fromLabel: string, toLabel: string): ResultField[] {
  const pick = (m: Measure | null, f: keyof Measure): FieldValue => (m ? m[f] : null);
  const integer = (f: 'baseline' | 'now' | 'change', label: string, shortLabel: string): ResultField => ({
    key: `${key}${f[0]!.toUpperCase()}${f.slice(1)}`, label, short: shortLabel, kind: 'integer',
    value: (r) => pick(r[key], f), national: (n) => n[key][f],
  });
  return [
    integer('baseline', `${what} ${fromLabel} (cột ${from})`, COLUMN_SHORT[from - 1]!),
    integer('now', `${what} ${toLabel} (cột ${to})`, COLUMN_SHORT[to - 1]!),
    integer('change', `${what}: thay đổi (cột ${to} − cột ${from})`, `Thay đổi ${short}`),
    {
      key: `${key}ChangePct`, label: `${what}: thay đổi (%)`, short: `Thay đổi ${short} (%)`, kind: 'percent',
      value: (r) => pick(r[key], 'changePct'), national: (n) => n[key].changePct,
    },
  ];
}

/** Every field, in the order of the downloads' columns. */
export function resultFields(texts: Pick<FormTexts, 'baselineShort'>): ResultField[] {
  const base = texts.baselineShort;
  const now = 'đến ngày báo cáo';
  const action = (key: 'letters' | 'invitations' | 'meetings', col: number, label: string, short: string): ResultField => ({
    key: `${key}PerLateUnit`, label: `${label} trên một đơn vị chậm đóng (cột ${col} / cột 1)`, short, kind: 'ratio',
    value: (r) => r.actions?.[key] ?? null, national: (n) => n.actions[key],
  });
  return [
    { key: 'rank', label: 'Xếp hạng (theo % giảm số tiền chậm đóng)', short: 'Hạng', kind: 'integer', value: (r) => r.rank },
    {
      key: 'mark', label: 'Nhóm', short: 'Nhóm', kind: 'text', value: (r) => r.mark,
      display: (v) => (v ? MARK_LABEL[v as ResultsMark] : ''),
    },
    { key: 'code', label: LABELS.code, short: 'Mã', kind: 'text', value: (r) => r.code, national: () => null },
    { key: 'name', label: LABELS.province, short: 'Tỉnh', kind: 'text', value: (r) => r.name, national: () => LABELS.total },
    {
      key: 'status', label: LABELS.status, short: 'Tình trạng', kind: 'text', value: (r) => r.status,
      national: (n) => `${n.provinces} tỉnh có báo cáo`, display: (v) => STATUS_LABEL[v as ResultsRow['status']] ?? String(v ?? ''),
    },
    ...measureFields('lateAmount', 2, 9, 'Số tiền chậm đóng', 'tiền', base, now),
    ...measureFields('overdueAmount', 4, 11, 'Số tiền chậm đóng từ 3 tháng', 'tiền ≥3 tháng', base, now),
    ...measureFields('lateUnits', 1, 8, 'Số đơn vị chậm đóng', 'đơn vị', base, now),
    action('letters', 5, 'Công văn đôn đốc', 'Công văn / đơn vị'),
    action('invitations', 6, 'Thư mời làm việc', 'Thư mời / đơn vị'),
    action('meetings', 7, 'Làm việc trực tiếp', 'Làm việc / đơn vị'),
    { key: 'daysOnTime', label: 'Số ngày nộp đúng hạn', short: 'Đúng hạn', kind: 'integer', value: (r) => r.days.onTime },
    { key: 'daysLate', label: 'Số ngày nộp muộn', short: 'Muộn', kind: 'integer', value: (r) => r.days.late },
    { key: 'daysMissing', label: 'Số ngày chưa nộp (đã quá hạn)', short: 'Chưa nộp', kind: 'integer', value: (r) => r.days.missing },
    { key: 'warnings', label: 'Số cảnh báo (ngày báo cáo)', short: 'Cảnh báo', kind: 'integer', value: (r) => r.warnings },
    {
      key: 'baselineChanged', label: 'Số liệu gốc (cột 1–4) thay đổi', short: 'Gốc đổi', kind: 'text', value: (r) => r.baselineChanged,
      display: (v) => (v ? 'Có' : ''),
    },
    {
      key: 'corrected', label: 'Báo cáo sửa', short: 'Sửa', kind: 'text', value: (r) => r.corrected,
      display: (v) => (typeof v === 'string' ? CORRECTED_LABEL[v] ?? v : ''),
    },
  ];
}

/** A field's value as people read it in a text cell (codes turned into words); numbers are left to the caller. */
export function displayValue(field: ResultField, value: FieldValue): FieldValue {
  return field.display ? field.display(value) : value;
}

export type SortDirection = 'asc' | 'desc';

/** Rows sorted by one field; rows without a value (null) always last; ties keep the ranking's order. */
export function sortResults(rows: readonly ResultsRow[], field: ResultField, direction: SortDirection = 'asc'): ResultsRow[] {
  return sortBy(rows, field.value, direction);
}

/** Rows sorted by a value of each (all of one type); rows without one (null) always last; ties keep the given order. */
export function sortBy<T>(rows: readonly T[], value: (row: T) => FieldValue, direction: SortDirection = 'asc'): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, i) => ({ row, i, v: value(row) }));
  keyed.sort((a, b) => {
    const an = a.v === null;
    const bn = b.v === null;
    if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
    const c = compareValues(a.v!, b.v!);
    return c !== 0 ? sign * c : a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

/** One field's values are of one type: BigInt amounts, numbers, words or flags. */
function compareValues(a: Exclude<FieldValue, null>, b: Exclude<FieldValue, null>): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), 'vi');
}
