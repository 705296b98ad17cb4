// The trend from stored per-date totals: each rebuild of a date stores its national totals, so a later
// date's trend reads every earlier date with one Query; a date without totals (never rebuilt, e.g.
// seeded data) falls back to a Query of its reports. Either way the trend equals the per-date totals
// of the stored reports, and an older computation never overwrites a newer totals item.
import { describe, expect, it } from 'vitest';
import { DynamoDateTotals } from '../../shared/adapters/date-totals.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { computeTrend } from '../../shared/domain/snapshot/model.ts';
import { loadSnapshot } from '../../shared/domain/snapshot/load.ts';
import { publishSnapshot, snapshotVersion, type SnapshotDeps } from '../../shared/domain/snapshot/publish.ts';
import type { StoredReport } from '../../shared/domain/report.ts';
import { MemoryTable, testDocClient } from '../reminder/memory-table.ts';
import { MemoryDateTotals, MemoryFileStore, MemoryReports, MemorySnapshotState, report, values } from './fixtures.ts';

const campaign = defaultCampaign();
const DATES = ['2023-12-11', '2023-12-12', '2023-12-13', '2023-12-14', '2023-12-15'];
const BIG = Number.MAX_SAFE_INTEGER;

/** Reports for 11..15 Dec: a few provinces a day, one beyond 2^53 in its sums, one outside the registry. */
function seed(reports: MemoryReports): void {
  DATES.forEach((date, d) => {
    for (const code of ['01', '02', '04', '06', '08'].slice(0, 2 + d)) {
      reports.put(report(code, date, `${date}T0${d + 1}:00:00.000Z`, { values: values(Number(code) + d) }));
    }
    reports.put(report('03', date, `${date}T01:00:00.000Z`)); // not in the registry: left out everywhere
  });
  reports.put(report('10', '2023-12-13', '2023-12-13T05:00:00.000Z', { values: [1, BIG, 1, BIG, 0, 0, 0, 1, BIG, 1, BIG] }));
  reports.put(report('11', '2023-12-13', '2023-12-13T05:00:00.000Z', { values: [1, BIG, 1, BIG, 0, 0, 0, 1, BIG, 1, BIG] }));
}

function setup(withTotals: boolean) {
  const reports = new MemoryReports();
  const totals = new MemoryDateTotals();
  const asked: string[] = [];
  const list = reports.listReportsForDate.bind(reports);
  reports.listReportsForDate = async (d: string) => { asked.push(d); return list(d); };
  const deps: SnapshotDeps = {
    campaign, reports, submissions: reports, files: new MemoryFileStore(), state: new MemorySnapshotState(),
    ...(withTotals ? { totals } : {}),
  };
  return { reports, totals, asked, deps };
}

/** The trend straight from every date's stored reports (what the trend has always meant). */
async function expectedTrend(reports: MemoryReports, date: string) {
  const history = new Map<string, StoredReport[]>();
  for (const d of DATES.filter((x) => x <= date)) history.set(d, await reports.listReportsForDate(d));
  return computeTrend(campaign, date, history);
}

const at = (date: string) => ({ final: false, at: new Date(`${date}T09:00:00Z`) });

describe('trend from per-date totals', () => {
  it('equals the per-date report totals, from one totals Query when every earlier date has its totals', async () => {
    const { reports, totals, asked, deps } = setup(true);
    seed(reports);
    for (const d of DATES.slice(0, 4)) await publishSnapshot(deps, d, at(d));
    expect([...totals.items.keys()].sort()).toEqual(DATES.slice(0, 4));
    expect(totals.items.get('2023-12-13')!.total[1]).toBe([3, 4, 6, 8].reduce((sum, n) => sum + BigInt(values(n)[1]!), 2n * BigInt(BIG)));

    asked.length = 0;
    totals.lists.length = 0;
    const { snapshot } = await loadSnapshot(deps, '2023-12-15', at('2023-12-15'));
    expect(asked).toEqual(['2023-12-15']);
    expect(totals.lists).toEqual(['2023-12-15']);
    const want = await expectedTrend(reports, '2023-12-15');
    expect(snapshot.trend).toEqual(want);
    expect(want.map((t) => t.reported)).toEqual([2, 3, 6, 5, 5]);
  });

  it('falls back to Querying the reports of earlier dates that have no totals (seeded, never rebuilt)', async () => {
    const withTotals = setup(true);
    const without = setup(false);
    seed(withTotals.reports);
    seed(without.reports);
    // 13 and 14 rebuilt, 11 and 12 only seeded into the table (as the local demo does).
    for (const d of ['2023-12-13', '2023-12-14']) await publishSnapshot(withTotals.deps, d, at(d));
    withTotals.asked.length = 0;
    const partial = await loadSnapshot(withTotals.deps, '2023-12-15', at('2023-12-15'));
    expect(withTotals.asked.sort()).toEqual(['2023-12-11', '2023-12-12', '2023-12-15']);
    const none = await loadSnapshot(without.deps, '2023-12-15', at('2023-12-15'));
    expect(without.asked.sort()).toEqual(DATES);
    const want = await expectedTrend(without.reports, '2023-12-15');
    expect(partial.snapshot.trend).toEqual(want);
    expect(none.snapshot.trend).toEqual(want);
  });

  it('a late upload for an earlier date refreshes its totals when that date is rebuilt', async () => {
    const { reports, totals, deps } = setup(true);
    seed(reports);
    for (const d of DATES) await publishSnapshot(deps, d, at(d));
    const before = totals.items.get('2023-12-12')!;
    reports.put(report('12', '2023-12-12', '2023-12-13T02:00:00.000Z', { late: true }));
    reports.put(report('01', '2023-12-12', '2023-12-13T03:00:00.000Z', { values: values(40) })); // a correction
    await publishSnapshot(deps, '2023-12-12', at('2023-12-13'));
    const after = totals.items.get('2023-12-12')!;
    expect(after.version > before.version).toBe(true);
    expect(after.reported).toBe(before.reported + 1);
    reports.put(report('22', '2023-12-15', '2023-12-15T10:00:00.000Z'));
    const { snapshot } = await loadSnapshot(deps, '2023-12-15', at('2023-12-15'));
    expect(snapshot.trend).toEqual(await expectedTrend(reports, '2023-12-15'));
  });

  it('never lets an older computation overwrite a newer totals item (a slow run over a fast one)', async () => {
    const { reports, totals, deps } = setup(true);
    reports.put(report('01', '2023-12-14', '2023-12-14T01:00:00.000Z'));
    // Hold the first run's totals write until a second run, which saw one more report, has finished.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const put = totals.put.bind(totals);
    let calls = 0;
    const results: boolean[] = [];
    totals.put = async (t) => {
      if (++calls === 1) await gate;
      const ok = await put(t);
      results.push(ok);
      return ok;
    };
    const slow = publishSnapshot(deps, '2023-12-14', at('2023-12-14'));
    await new Promise((resolve) => setImmediate(resolve));
    reports.put(report('02', '2023-12-14', '2023-12-14T02:00:00.000Z'));
    const fast = await publishSnapshot(deps, '2023-12-14', at('2023-12-14'));
    release();
    const stale = await slow;
    expect(fast.outcome).toBe('published');
    expect(stale.outcome).toBe('superseded');
    expect(results).toEqual([true, false]);
    expect(totals.items.get('2023-12-14')).toMatchObject({ reported: 2, version: snapshotVersion(await reports.listReportsForDate('2023-12-14'), false) });
  });

  it('skips the totals write when the snapshot is already up to date', async () => {
    const { reports, totals, deps } = setup(true);
    reports.put(report('01', '2023-12-14', '2023-12-14T01:00:00.000Z'));
    let puts = 0;
    const put = totals.put.bind(totals);
    totals.put = async (t) => { puts++; return put(t); };
    await publishSnapshot(deps, '2023-12-14', at('2023-12-14'));
    expect((await publishSnapshot(deps, '2023-12-14', at('2023-12-14'))).outcome).toBe('up-to-date');
    expect(puts).toBe(1);
  });
});

describe('DynamoDateTotals', () => {
  const TABLE = 'bhxh-test';
  const install = () => {
    const table = new MemoryTable();
    const mock = table.install();
    return { table, mock, store: new DynamoDateTotals(testDocClient(), TABLE, campaign.id) };
  };
  const big = Array.from({ length: 11 }, (_, i) => 3n * BigInt(BIG) + BigInt(i));
  const VALUES = values(1);

  it('keeps exact totals as strings and reads every earlier date with one consistent Query', async () => {
    const { table, mock, store } = install();
    try {
      for (const date of ['2023-12-11', '2023-12-12', '2023-12-13']) {
        expect(await store.put({ date, reported: 3, total: big, byProvince: { '01': VALUES }, version: `v-${date}` })).toBe(true);
      }
      expect(table.get('2023-12-late-payment#TOTALS', '2023-12-11')).toMatchObject({ total: big.map(String), reported: 3 });
      table.calls.length = 0;
      const listed = await store.listBefore('2023-12-13');
      expect(listed.map((t) => t.date)).toEqual(['2023-12-11', '2023-12-12']);
      expect(listed[0]!.total).toEqual(big);
      expect(table.sent('Query')).toHaveLength(1);
      expect(table.sent('Query')[0]).toMatchObject({ ConsistentRead: true, KeyConditionExpression: 'pk = :pk AND sk < :date' });
    } finally { mock.restore(); }
  });

  it('refuses an older version, accepts an equal or newer one, and leaves out an unreadable item', async () => {
    const { table, mock, store } = install();
    try {
      const newer = snapshotVersion([{ receivedAt: '2023-12-14T02:00:00Z' }, { receivedAt: '2023-12-14T01:00:00Z' }], false);
      const older = snapshotVersion([{ receivedAt: '2023-12-14T01:00:00Z' }], false);
      expect(await store.put({ date: '2023-12-14', reported: 2, total: big, byProvince: { '01': VALUES }, version: newer })).toBe(true);
      expect(await store.put({ date: '2023-12-14', reported: 1, total: big.map(() => 1n), byProvince: {}, version: older })).toBe(false);
      expect(table.get('2023-12-late-payment#TOTALS', '2023-12-14')).toMatchObject({ reported: 2, version: newer });
      expect(await store.put({ date: '2023-12-14', reported: 2, total: big, byProvince: { '01': VALUES }, version: newer })).toBe(true);
      table.put({ pk: '2023-12-late-payment#TOTALS', sk: '2023-12-12', reported: 1, total: ['1', '2'], version: older });
      expect((await store.listBefore('2023-12-15')).map((t) => t.date)).toEqual(['2023-12-14']);
    } finally { mock.restore(); }
  });
});
