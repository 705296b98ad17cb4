// The campaign's results on a report date: for each province, its late amount, its debt of 3 months
// and more and its late units at the baseline against the date, the actions per late unit and its days
// on time / late / missing; the national line on top; ranked by the reduction of the late amount in %.
// Built from the date's snapshot (same reports, same instant). Pure; amounts exact (BigInt).
import type { Snapshot, ProvinceStatus } from '../snapshot/model.ts';
import type { ProvinceDays } from '../snapshot/changes.ts';
import { percentChange } from '../format.ts';

/** A figure at the baseline and at the report date. */
export interface Measure {
  baseline: bigint;
  now: bigint;
  /** now − baseline: negative is a reduction. */
  change: bigint;
  /** change / baseline × 100, truncated to 3 decimals; null when the baseline is 0. */
  changePct: number | null;
}

/** Cols 5, 6, 7 divided by col 1 (the late units at the baseline); null when col 1 is 0. */
export interface ActionsPerUnit {
  letters: number | null;
  invitations: number | null;
  meetings: number | null;
}

export type ResultsMark = 'top' | 'bottom';

export interface ResultsRow {
  code: string;
  name: string;
  status: ProvinceStatus;
  /** 1 = the largest reduction in %; null when unranked (no report on the date, or a zero baseline). */
  rank: number | null;
  mark: ResultsMark | null;
  /** Col 2 → col 9; null without a report on the date (likewise below). */
  lateAmount: Measure | null;
  /** Col 4 → col 11. */
  overdueAmount: Measure | null;
  /** Col 1 → col 8. */
  lateUnits: Measure | null;
  actions: ActionsPerUnit | null;
  days: ProvinceDays;
  /** Warnings on the date's report; whether it was corrected, and whether after the deadline. */
  warnings: number;
  baselineChanged: boolean;
  corrected: 'before-deadline' | 'after-deadline' | null;
}

export interface NationalResults {
  /** Provinces with a report on the date (the sums cover them only). */
  provinces: number;
  lateAmount: Measure;
  overdueAmount: Measure;
  lateUnits: Measure;
  actions: ActionsPerUnit;
}

export interface Results {
  campaignId: string;
  date: string;
  final: boolean;
  generatedAt: string;
  timeZone: string;
  /** How many provinces are marked at the top and at the bottom (campaign setting). */
  marked: number;
  national: NationalResults;
  /** Ranked provinces first (rank 1 first), then the unranked in the registry's order. */
  rows: ResultsRow[];
}

export function measure(baseline: bigint, now: bigint): Measure {
  const change = now - baseline;
  return { baseline, now, change, changePct: percentChange(change, baseline) };
}

function perUnit(actions: bigint, units: bigint): number | null {
  if (units === 0n) return null;
  // Three decimals, truncated: exact on BigInt, then a small number.
  return Number((actions * 1000n) / units) / 1000;
}

function actionsPerUnit(v: readonly bigint[]): ActionsPerUnit {
  return { letters: perUnit(v[4]!, v[0]!), invitations: perUnit(v[5]!, v[0]!), meetings: perUnit(v[6]!, v[0]!) };
}

/**
 * Whether a ranks before b: the larger reduction in % (the smaller change / baseline, compared exactly as
 * a.change × b.baseline < b.change × a.baseline, baselines being positive), then the larger reduction in
 * đồng, then the province code.
 */
export function compareReduction(a: { code: string; lateAmount: Measure }, b: { code: string; lateAmount: Measure }): number {
  const left = a.lateAmount.change * b.lateAmount.baseline;
  const right = b.lateAmount.change * a.lateAmount.baseline;
  if (left !== right) return left < right ? -1 : 1;
  if (a.lateAmount.change !== b.lateAmount.change) return a.lateAmount.change < b.lateAmount.change ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** The results of the snapshot's date; `marked` provinces at each end of the ranking are marked. */
export function buildResults(snapshot: Snapshot, marked: number): Results {
  const rows: ResultsRow[] = snapshot.rows.map((r) => {
    const v = r.values?.map((n) => BigInt(n));
    return {
      code: r.code,
      name: r.name,
      status: r.status,
      rank: null,
      mark: null,
      lateAmount: v ? measure(v[1]!, v[8]!) : null,
      overdueAmount: v ? measure(v[3]!, v[10]!) : null,
      lateUnits: v ? measure(v[0]!, v[7]!) : null,
      actions: v ? actionsPerUnit(v) : null,
      days: { ...r.days },
      warnings: r.warnings.length,
      baselineChanged: r.baselineChanged,
      corrected: r.correction ? (r.correction.afterDeadline ? 'after-deadline' : 'before-deadline') : null,
    };
  });
  const ranked = rows.filter((r): r is ResultsRow & { lateAmount: Measure } => r.lateAmount !== null && r.lateAmount.baseline > 0n);
  ranked.sort(compareReduction);
  ranked.forEach((r, i) => {
    r.rank = i + 1;
    if (i < marked) r.mark = 'top';
    else if (i >= ranked.length - marked) r.mark = 'bottom';
  });
  const unranked = rows.filter((r) => r.rank === null);
  const reported = snapshot.rows.filter((r) => r.values);
  const t = snapshot.total;
  return {
    campaignId: snapshot.campaignId,
    date: snapshot.date,
    final: snapshot.final,
    generatedAt: snapshot.generatedAt,
    timeZone: snapshot.timeZone,
    marked,
    national: {
      provinces: reported.length,
      lateAmount: measure(t[1]!, t[8]!),
      overdueAmount: measure(t[3]!, t[10]!),
      lateUnits: measure(t[0]!, t[7]!),
      actions: actionsPerUnit(t),
    },
    rows: [...ranked, ...unranked],
  };
}
