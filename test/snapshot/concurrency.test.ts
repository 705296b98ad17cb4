// The concurrency property: however runs interleave (bursts of uploads, overlapping invocations,
// retries), once the last accepted upload's run has finished, the published snapshot of each date,
// and latest/, reflect every accepted report. Runs are interleaved at every port call by a seeded
// random scheduler; a negative control shows the same schedules break an unguarded publisher.
import { describe, expect, it, vi } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import type { SnapshotDeps } from '../../shared/domain/snapshot/publish.ts';
import { publishSnapshot } from '../../shared/domain/snapshot/publish.ts';
import type { SnapshotJson } from '../../shared/domain/snapshot/json.ts';
import type { SnapshotStateStore } from '../../shared/ports/index.ts';
import { sumValues } from '../../shared/domain/report.ts';
import { MemoryDateTotals, MemoryFileStore, MemoryReports, MemorySnapshotState, report } from './fixtures.ts';
import { seededRandom } from '../../shared/fixtures/report-files.ts';

// The workbook is not what this test is about: a tiny stand-in keeps hundreds of schedules fast.
vi.mock('../../shared/domain/snapshot/xlsx.ts', () => ({
  renderXlsx: async (s: { rows: { code: string; submittedAt: string | null }[] }) =>
    new TextEncoder().encode(JSON.stringify(s.rows.filter((r) => r.submittedAt).map((r) => [r.code, r.submittedAt]))),
}));
vi.mock('../../shared/domain/results/xlsx.ts', () => ({ renderResultsXlsx: async () => new Uint8Array([1]) }));

const campaign = defaultCampaign();
const DATES = ['2023-12-14', '2023-12-15'];


/** Publishes with no guard at all: what a naive aggregator with concurrency > 1 would do. */
class NoGuard implements SnapshotStateStore {
  async get() { return undefined; }
  async claim() { return true; }
  async commit() { return true; }
  async markDirty() { return true; }
}

interface Outcome { ok: boolean; problems: string[] }

async function scenario(seed: number, guarded: boolean): Promise<Outcome> {
  const rng = seededRandom(seed);
  const pause = async (): Promise<void> => {
    const n = Math.floor(rng() * 5);
    for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const reports = new MemoryReports();
  const files = new MemoryFileStore();
  const state = new MemorySnapshotState();
  const totals = new MemoryDateTotals();
  reports.hook = pause;
  files.hook = pause;
  state.hook = pause;
  totals.hook = pause;
  let tokens = 0;
  const deps: SnapshotDeps = {
    campaign, reports, submissions: reports, files, state: guarded ? state : new NoGuard(), totals,
    newToken: () => `t${++tokens}`, maxAttempts: 50,
  };

  // A burst: 14 uploads over two dates, some provinces uploading twice (the later upload wins),
  // each accepted upload starting a run (sometimes two) without waiting for the previous ones.
  const provinces = campaign.provinces.slice(0, 8).map((p) => p.code);
  const runs: Promise<unknown>[] = [];
  for (let i = 0; i < 14; i++) {
    const date = DATES[Math.floor(rng() * DATES.length)]!;
    const province = provinces[Math.floor(rng() * provinces.length)]!;
    const receivedAt = new Date(Date.parse(`${date}T01:00:00Z`) + Math.floor(rng() * 3_600_000)).toISOString();
    if (reports.put(report(province, date, receivedAt))) {
      runs.push(publishSnapshot(deps, date, { final: false, at: new Date(receivedAt) }));
      // At-least-once delivery: sometimes the same event runs twice.
      if (rng() < 0.25) runs.push(publishSnapshot(deps, date, { final: false, at: new Date(receivedAt) }));
    }
    await pause();
  }
  await Promise.all(runs);

  const problems: string[] = [];
  const expected = (date: string) => [...(reports.byDate.get(date)?.values() ?? [])]
    .map((r) => [r.province, new Date(r.receivedAt).toISOString()]).sort();
  const published = (folder: string): { json?: SnapshotJson; xlsx?: string[][]; csvRows?: number } => {
    const at = folder === 'latest' ? folder : `${campaign.id}/${folder}`;
    const json = files.text(`summaries/${at}/tong-hop-toan-quoc.json`);
    const xlsx = files.text(`summaries/${at}/tong-hop-toan-quoc.xlsx`);
    const csv = files.text(`summaries/${at}/tong-hop-toan-quoc.csv`);
    return {
      ...(json ? { json: JSON.parse(json) as SnapshotJson } : {}),
      ...(xlsx ? { xlsx: JSON.parse(xlsx) as string[][] } : {}),
      ...(csv ? { csvRows: csv.split('\r\n').filter((l) => /,(Đúng hạn|Muộn),/.test(l)).length } : {}),
    };
  };
  const check = (folder: string, date: string): void => {
    const want = expected(date);
    const got = published(folder);
    const fromJson = (got.json?.provinces ?? []).filter((p) => p.submittedAt).map((p) => [p.code, p.submittedAt!]).sort();
    if (got.json?.date !== date) problems.push(`${folder}: json is of ${got.json?.date}, expected ${date}`);
    if (JSON.stringify(fromJson) !== JSON.stringify(want)) problems.push(`${folder}: json ${JSON.stringify(fromJson)} != ${JSON.stringify(want)}`);
    if (JSON.stringify([...(got.xlsx ?? [])].sort()) !== JSON.stringify(want)) problems.push(`${folder}: xlsx stale`);
    if (got.csvRows !== want.length) problems.push(`${folder}: csv has ${got.csvRows} reports, expected ${want.length}`);
  };
  const dates = DATES.filter((d) => reports.byDate.has(d));
  for (const d of dates) check(d, d);
  // Each date's stored totals (what later dates' trends read) are those of its final reports.
  for (const d of dates) {
    const want = [...reports.byDate.get(d)!.values()];
    const held = totals.items.get(d);
    if (held?.reported !== want.length || held.total.join() !== sumValues(want.map((r) => r.values)).join()) {
      problems.push(`${d}: totals ${held?.reported} reports, expected ${want.length}`);
    }
  }
  check('latest', dates.at(-1)!);
  return { ok: problems.length === 0, problems };
}

describe('publishSnapshot under concurrent, interleaved runs', () => {
  it('publishes every accepted report of every date, and the newest date in latest/ (300 schedules)', async () => {
    for (let seed = 1; seed <= Number(process.env.SEEDS ?? 300); seed++) {
      let outcome: Outcome;
      try { outcome = await scenario(seed, true); } catch (error) { throw new Error(`seed ${seed}: ${String(error)}`, { cause: error }); }
      expect(outcome.problems, `seed ${seed}`).toEqual([]);
    }
  }, 600_000);

  it('negative control: the same schedules leave stale snapshots without the guard', async () => {
    let stale = 0;
    for (let seed = 1; seed <= 300; seed++) if (!(await scenario(seed, false)).ok) stale++;
    expect(stale).toBeGreaterThan(0);
  }, 600_000);

  it('collapses a burst: runs that find the snapshot already up to date write nothing', async () => {
    const reports = new MemoryReports();
    const files = new MemoryFileStore();
    const state = new MemorySnapshotState();
    let writes = 0;
    const write = files.write.bind(files);
    files.write = async (...args) => { writes++; return write(...args); };
    const deps: SnapshotDeps = { campaign, reports, submissions: reports, files, state };
    // 10 uploads stored before any run starts (the aggregator was busy): the first run sees all of
    // them, the other nine find nothing new.
    for (const [i, p] of campaign.provinces.slice(0, 10).entries()) reports.put(report(p.code, '2023-12-15', `2023-12-15T0${i}:00:00Z`));
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date(`2023-12-15T0${i}:00:00Z`) }));
    expect(results.map((r) => r.outcome)).toEqual(['published', ...Array<string>(9).fill('up-to-date')]);
    // One run writes the date's 7 files (snapshot 4, results 3), then copies them into latest/.
    expect(writes).toBe(14);
  });
});
