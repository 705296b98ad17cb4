// The national table of a date as people read it on the portal: its columns (short heading, full
// label, the value it sorts by), the status filters, and the rows one view shows. Pure.
import { sortBy, type FieldValue, type SortDirection } from '../results/fields.ts';
import type { ProvinceStatus, Snapshot, SnapshotRow } from './model.ts';
import { COLUMN_SHORT, LABELS, type FormTexts } from './text.ts';

/** A province's row with its place in the registry's order (STT, from 1), which no sort changes. */
export interface IndexedRow {
  row: SnapshotRow;
  index: number;
}

export interface TableColumn {
  /** The sort key (the portal's ?sap-xep=). */
  key: string;
  /** The heading shown. */
  short: string;
  /** The full name (the heading's title, the legend); equal to `short` where that says it all. */
  label: string;
  /** A data column of the form (1-11), else null. */
  column: number | null;
  value: (r: IndexedRow) => FieldValue;
}

/** Sorting by status, ascending: who has nothing first, then late, then on time. */
const STATUS_ORDER: Record<ProvinceStatus, number> = { missing: 0, rejected_only: 1, late: 2, on_time: 3 };

/** The table's columns, in order: STT, province, status, time received, the 11 values, warnings, correction. */
export function tableColumns(texts: Pick<FormTexts, 'columnLabels'>): TableColumn[] {
  const plain = (key: string, label: string, value: TableColumn['value']): TableColumn => ({ key, short: label, label, column: null, value });
  return [
    plain('index', LABELS.index, (r) => r.index),
    plain('name', LABELS.province, (r) => r.row.name),
    plain('status', LABELS.status, (r) => STATUS_ORDER[r.row.status]),
    plain('submittedAt', LABELS.submittedAt, (r) => r.row.submittedAt),
    ...COLUMN_SHORT.map((short, i): TableColumn => ({
      key: `col${i + 1}`, short, label: `${texts.columnLabels[i]} (cột ${i + 1})`, column: i + 1, value: (r) => r.row.values?.[i] ?? null,
    })),
    plain('warnings', LABELS.warnings, (r) => r.row.warnings.length),
    plain('correction', LABELS.correction, (r) => r.row.correction?.at ?? null),
  ];
}

/** The headings in order, the same in every campaign (a phone's cards label each value with them). */
export const TABLE_HEADINGS: readonly string[] = tableColumns({ columnLabels: COLUMN_SHORT }).map((c) => c.short);
const SORT_KEYS: ReadonlySet<string> = new Set(tableColumns({ columnLabels: COLUMN_SHORT }).map((c) => c.key));
export const isTableSort = (key: string): boolean => SORT_KEYS.has(key);

export type RowFilter = 'chua-nop' | 'muon' | 'canh-bao' | 'da-sua';

/** The status filters (key: the portal's ?tinh-trang=), in the order offered. */
export const ROW_FILTERS: ReadonlyArray<{ key: RowFilter; label: string; keeps: (row: SnapshotRow) => boolean }> = [
  { key: 'chua-nop', label: 'Chưa nộp', keeps: (r) => r.status === 'missing' || r.status === 'rejected_only' },
  { key: 'muon', label: 'Muộn', keeps: (r) => r.status === 'late' },
  { key: 'canh-bao', label: 'Có cảnh báo', keeps: (r) => r.warnings.length > 0 },
  { key: 'da-sua', label: 'Đã sửa', keeps: (r) => r.correction !== null },
];

export interface TableView {
  filter: RowFilter | null;
  /** A column's key. */
  sort: string;
  direction: SortDirection;
}

export const DEFAULT_VIEW: TableView = { filter: null, sort: 'index', direction: 'asc' };

/**
 * The rows a view shows: those its filter keeps, sorted by its column (rows without a value last,
 * ties in the registry's order). An unknown column sorts by STT.
 */
export function viewRows(snapshot: Pick<Snapshot, 'rows'>, columns: readonly TableColumn[], view: TableView): IndexedRow[] {
  const keeps = ROW_FILTERS.find((f) => f.key === view.filter)?.keeps ?? (() => true);
  const kept = snapshot.rows.map((row, i) => ({ row, index: i + 1 })).filter((r) => keeps(r.row));
  const column = columns.find((c) => c.key === view.sort) ?? columns[0]!;
  return sortBy(kept, column.value, view.direction);
}
