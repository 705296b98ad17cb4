// The national table's view as plain functions: filters keep the rows they name, sorting leaves rows
// without a value last either way, STT stays each province's place in the registry.
import { describe, expect, it } from 'vitest';
import { warnings as W } from '../../shared/domain/findings.ts';
import type { SnapshotRow } from '../../shared/domain/snapshot/model.ts';
import { isTableSort, TABLE_HEADINGS, tableColumns, viewRows } from '../../shared/domain/snapshot/table-view.ts';
import { formTexts } from '../../shared/domain/snapshot/text.ts';
import { campaign } from '../reminder/fakes.ts';

const row = (code: string, status: SnapshotRow['status'], col9: number | null, extra: Partial<SnapshotRow> = {}): SnapshotRow => ({
  code, name: `Tỉnh ${code}`, kind: 'tinh', status, submittedAt: null, correctedAt: null,
  values: col9 === null ? null : [1, 2, 3, 4, 5, 6, 7, 8, col9, 10, 11], rejectedCount: 0, warnings: [], baselineChanged: false,
  baselineShift: null, correction: null, days: { onTime: 0, late: 0, missing: 0 }, ...extra,
});

const rows = [
  row('01', 'on_time', 500),
  row('02', 'missing', null),
  row('03', 'late', 900, { warnings: [W.cumulativeDecreased(5, 'F12', 9, 8, '14/12/2023')] }),
  row('04', 'rejected_only', null),
  row('05', 'on_time', 100, { correction: { at: '2023-12-16T02:00:00.000Z', afterDeadline: true, changes: [] } }),
];
const columns = tableColumns(formTexts(campaign.config));
const codes = (view: Parameters<typeof viewRows>[2]) => viewRows({ rows }, columns, view).map((r) => `${r.index}:${r.row.code}`);

describe('the national table view', () => {
  it('filters by status', () => {
    expect(codes({ filter: 'chua-nop', sort: 'index', direction: 'asc' })).toEqual(['2:02', '4:04']);
    expect(codes({ filter: 'muon', sort: 'index', direction: 'asc' })).toEqual(['3:03']);
    expect(codes({ filter: 'canh-bao', sort: 'index', direction: 'asc' })).toEqual(['3:03']);
    expect(codes({ filter: 'da-sua', sort: 'index', direction: 'asc' })).toEqual(['5:05']);
    expect(codes({ filter: null, sort: 'index', direction: 'desc' })).toEqual(['5:05', '4:04', '3:03', '2:02', '1:01']);
  });

  it('sorts by a value column either way, rows without figures last, STT kept', () => {
    expect(codes({ filter: null, sort: 'col9', direction: 'desc' })).toEqual(['3:03', '1:01', '5:05', '2:02', '4:04']);
    expect(codes({ filter: null, sort: 'col9', direction: 'asc' })).toEqual(['5:05', '1:01', '3:03', '2:02', '4:04']);
    expect(codes({ filter: null, sort: 'status', direction: 'asc' })).toEqual(['2:02', '4:04', '3:03', '1:01', '5:05']);
  });

  it('heads the value columns with the short names, the full label kept, and knows its sort keys', () => {
    expect(TABLE_HEADINGS).toHaveLength(17);
    const col9 = columns.find((c) => c.key === 'col9')!;
    expect(col9).toMatchObject({ short: 'Tiền nay', column: 9, label: 'Số tiền chậm đóng (đến ngày báo cáo) (cột 9)' });
    expect(isTableSort('col11')).toBe(true);
    expect(isTableSort('col12')).toBe(false);
    expect(isTableSort('constructor')).toBe(false);
  });
});
