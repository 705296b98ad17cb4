// The national snapshot of one report date: a row per province in the registry's order, the national
// total and the trend so far. Pure: every input (reports, submissions, instants) is passed in.
import type { Campaign, Province } from '../campaign.ts';
import { COLUMN_COUNT, sumValues, type Finding, type StoredReport, type SubmissionRecord } from '../report.ts';
import { formTexts, type FormTexts } from './text.ts';
import {
  BASELINE_CHANGED, baselineShift, correctionOf, nationalWarnings, provinceDays, type Correction, type ProvinceDays,
} from './changes.ts';

export type ProvinceStatus = 'on_time' | 'late' | 'missing' | 'rejected_only';

export interface SnapshotRow {
  code: string;
  name: string;
  kind: Province['kind'];
  status: ProvinceStatus;
  /** When the accepted report was received (ISO-8601), null without one. */
  submittedAt: string | null;
  /** When the report replaced an earlier one of the same date (then `status` is the first upload's), else null. */
  correctedAt: string | null;
  /** The 11 values of the accepted report; null when there is none (never zeros). */
  values: readonly number[] | null;
  /** Rejected uploads for this date (shown for rejected_only provinces). */
  rejectedCount: number;
  /** The report's warnings for the national office (lateness left out: the status says it). */
  warnings: Finding[];
  /** The report says its baseline (cols 1-4) differs from the province's previous report. */
  baselineChanged: boolean;
  /** Col 2 now minus col 2 in the province's previous report; null without a report or a previous one. */
  baselineShift: number | null;
  /** When the report replaced an earlier upload of the date: when, and what it changed. */
  correction: Correction | null;
  /** Days on time / late / missing from the campaign's first date up to this one. */
  days: ProvinceDays;
}

/**
 * One date of the trend, like with like: its totals cover only the provinces that reported both on
 * that date and on the campaign's first date (the reference), so the line moves with debt, not with
 * how many provinces have reported.
 */
export interface TrendPoint {
  date: string;
  /** Provinces with an accepted report for that date. */
  reported: number;
  /** Provinces behind the point: those that reported on that date and on the reference date. */
  compared: number;
  /** Column totals over the compared provinces; null when there are none. */
  total: readonly bigint[] | null;
  /** Late amount at the report date minus the baseline late amount (col 9 − col 2) over the compared provinces; null without any. */
  lateAmountChange: bigint | null;
}

export interface SnapshotCounts {
  expected: number;
  onTime: number;
  late: number;
  /** Provinces without an accepted report (including those whose only uploads were rejected). */
  missing: number;
  /** Of the missing ones, those with at least one rejected upload. */
  rejectedOnly: number;
  /** Accepted reports (behind the national total) that carry at least one warning. */
  warned: number;
  /** Of those, reports whose baseline (cols 1-4) changed against the province's previous report. */
  baselineChanged: number;
  /** Reports replaced by a correction received after the date's deadline. */
  correctedAfterDeadline: number;
}

export interface Snapshot {
  campaignId: string;
  campaignTitle: string;
  /** The form's wording for this campaign (headings, column names, notes). */
  texts: FormTexts;
  timeZone: string;
  date: string;
  deadline: string;
  final: boolean;
  generatedAt: string;
  rows: SnapshotRow[];
  /** Exact column totals over the accepted reports (BigInt). */
  total: bigint[];
  counts: SnapshotCounts;
  trend: TrendPoint[];
  /** How much the changed baselines move the national col 2 (Σ col 2 now − col 2 before, over those provinces). */
  baselineShift: bigint;
  /** The version of the reports the snapshot was built from (see snapshotVersion). */
  revision: string;
  /** When the newest report behind it was received; null without any. */
  latestReceivedAt: string | null;
  /** Reports whose province is not in the campaign's registry (left out of the table, to be logged). */
  ignored: string[];
}

export interface SnapshotInput {
  campaign: Campaign;
  date: string;
  reports: readonly StoredReport[];
  submissions: readonly SubmissionRecord[];
  /** Accepted reports of each report date from the campaign start up to `date` (the date itself may be omitted). */
  history?: ReadonlyMap<string, readonly StoredReport[]>;
  /** Stored totals of earlier dates, used for a date that `history` does not hold. */
  historyTotals?: ReadonlyMap<string, TrendTotals>;
  final: boolean;
  generatedAt: Date;
}

/** Builds the snapshot in one pass over each input (linear in provinces + reports + submissions). */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { campaign, date } = input;
  const byProvince = new Map<string, StoredReport>();
  const ignored: string[] = [];
  for (const report of input.reports) {
    if (report.reportDate !== date) continue;
    if (!campaign.province(report.province)) {
      ignored.push(report.province);
      continue;
    }
    const held = byProvince.get(report.province);
    // The repository keeps one report per province and date; if ever given two, the newest wins.
    if (!held || report.receivedAt > held.receivedAt) byProvince.set(report.province, report);
  }
  const rejected = new Map<string, number>();
  for (const s of input.submissions) {
    if (s.reportDate === date && s.status === 'rejected') rejected.set(s.province, (rejected.get(s.province) ?? 0) + 1);
  }

  const generatedAt = input.generatedAt;
  const deadline = campaign.deadline(date);
  const history = new Map(input.history ?? []);
  const past = historyReader(campaign, history, input.historyTotals);
  const accepted = [...byProvince.values()];
  history.set(date, accepted);
  const days = provinceDays(campaign, date, generatedAt, (d) => (d === date ? lateness(accepted) : past.lateness(d)));
  const earlierDates = trendDates(campaign, date).filter((d) => d < date).reverse();
  const previousValues = (code: string): readonly number[] | undefined => {
    for (const d of earlierDates) {
      const v = past.values(d).get(code);
      if (v) return v;
    }
    return undefined;
  };

  const counts: SnapshotCounts = {
    expected: campaign.provinces.length, onTime: 0, late: 0, missing: 0, rejectedOnly: 0, warned: 0, baselineChanged: 0, correctedAfterDeadline: 0,
  };
  let shift = 0n;
  const rows: SnapshotRow[] = campaign.provinces.map((p) => {
    const report = byProvince.get(p.code);
    const rejectedCount = rejected.get(p.code) ?? 0;
    let status: ProvinceStatus;
    if (report) status = report.late ? 'late' : 'on_time';
    else status = rejectedCount > 0 ? 'rejected_only' : 'missing';
    if (status === 'on_time') counts.onTime++;
    else if (status === 'late') counts.late++;
    else {
      counts.missing++;
      if (status === 'rejected_only') counts.rejectedOnly++;
    }
    const warnings = nationalWarnings(report?.warnings);
    const baselineChanged = warnings.some((w) => w.code === BASELINE_CHANGED);
    const moved = report ? baselineShift(report.values, previousValues(p.code)) : null;
    const correction = report ? correctionOf(report, input.submissions, deadline) : null;
    if (warnings.length) counts.warned++;
    if (baselineChanged) {
      counts.baselineChanged++;
      shift += BigInt(moved ?? 0);
    }
    if (correction?.afterDeadline) counts.correctedAfterDeadline++;
    return {
      code: p.code,
      name: p.name,
      kind: campaign.kindOn(p.code, date) ?? p.kind,
      status,
      submittedAt: report ? new Date(report.receivedAt).toISOString() : null,
      correctedAt: report?.firstReceivedAt && report.firstReceivedAt !== report.receivedAt ? new Date(report.receivedAt).toISOString() : null,
      values: report ? normaliseValues(report.values, p.code) : null,
      rejectedCount,
      warnings,
      baselineChanged,
      baselineShift: moved,
      correction,
      days: days.get(p.code)!,
    };
  });

  const total = sumValues(accepted.map((r) => r.values));
  const latest = accepted.reduce<string | null>((max, r) => (max === null || r.receivedAt > max ? r.receivedAt : max), null);
  return {
    campaignId: campaign.id,
    campaignTitle: campaign.config.title,
    texts: formTexts(campaign.config),
    timeZone: campaign.timeZone,
    date,
    deadline: deadline.toISOString(),
    final: input.final,
    generatedAt: generatedAt.toISOString(),
    rows,
    total,
    counts,
    trend: computeTrend(campaign, date, history, input.historyTotals),
    baselineShift: shift,
    revision: snapshotVersion(accepted, input.final),
    latestReceivedAt: latest ? new Date(latest).toISOString() : null,
    ignored,
  };
}

/** A date's accepted values per province as stored by its last rebuild (see DateTotals in the ports). */
export interface TrendTotals {
  /** Province code → its 11 values on that date. */
  byProvince: Readonly<Record<string, readonly number[]>>;
  /** Provinces whose report of that date was late (absent on items written before it was kept: then read as on time). */
  late?: readonly string[];
}

/** A date's reporting provinces → whether each was late. */
function lateness(reports: readonly StoredReport[]): Map<string, boolean> {
  return new Map(reports.map((r) => [r.province, r.late]));
}

/** Earlier dates' values and lateness, from their reports when `history` holds them, else from their stored totals. */
function historyReader(
  campaign: Campaign, history: ReadonlyMap<string, readonly StoredReport[]>, totals: ReadonlyMap<string, TrendTotals> = new Map(),
) {
  const ofDate = (d: string): readonly StoredReport[] | undefined =>
    history.get(d)?.filter((r) => r.reportDate === d && campaign.province(r.province));
  return {
    values: (d: string): Map<string, readonly number[]> => {
      const held = ofDate(d);
      if (held !== undefined) return new Map(held.map((r) => [r.province, r.values]));
      return new Map(Object.entries(totals.get(d)?.byProvince ?? {}).filter(([code]) => campaign.province(code)));
    },
    lateness: (d: string): Map<string, boolean> => {
      const held = ofDate(d);
      if (held !== undefined) return lateness(held);
      const stored = totals.get(d);
      const late = new Set(stored?.late ?? []);
      return new Map(Object.keys(stored?.byProvince ?? {}).filter((code) => campaign.province(code)).map((code) => [code, late.has(code)]));
    },
  };
}

/**
 * The version of a date's inputs: Σ(receivedAt + 1 ms) over its reports, their count, and finality —
 * fixed-width so that string order is numeric order. Adding a report or replacing one with a later
 * upload makes it strictly greater; the same reports give the same version.
 */
export function snapshotVersion(reports: readonly Pick<StoredReport, 'receivedAt'>[], final: boolean): string {
  let score = 0n;
  for (const r of reports) score += BigInt(Date.parse(r.receivedAt)) + 1n;
  return `${score.toString().padStart(24, '0')}|${reports.length.toString().padStart(7, '0')}|${final ? 1 : 0}`;
}

/**
 * The trend of each report date from the campaign start up to `date`, over the provinces that
 * reported on that date and on the first date: from that date's reports when `history` holds them,
 * else from its stored values, else nobody reported.
 */
export function computeTrend(
  campaign: Campaign, date: string, history: ReadonlyMap<string, readonly StoredReport[]>,
  totals: ReadonlyMap<string, TrendTotals> = new Map(),
): TrendPoint[] {
  const valuesOf = historyReader(campaign, history, totals).values;
  const dates = trendDates(campaign, date);
  const reference = dates.length ? valuesOf(dates[0]!) : new Map<string, readonly number[]>();
  return dates.map((d, i) => {
    const values = i === 0 ? reference : valuesOf(d);
    const compared = [...values].filter(([code]) => reference.has(code)).map(([, v]) => v);
    return trendPoint(d, values.size, compared.length ? sumValues(compared) : null, compared.length);
  });
}

function trendPoint(date: string, reported: number, total: readonly bigint[] | null, compared: number): TrendPoint {
  if (!total) return { date, reported, compared: 0, total: null, lateAmountChange: null };
  return { date, reported, compared, total: [...total], lateAmountChange: total[8]! - total[1]! };
}

/** Report dates from the campaign start up to and including `date`. */
export function trendDates(campaign: Campaign, date: string): string[] {
  return campaign.reportDates.filter((d) => d <= date);
}

function normaliseValues(values: readonly number[], province: string): number[] {
  if (values.length !== COLUMN_COUNT || !values.every((v) => Number.isSafeInteger(v))) {
    throw new Error(`Report of province ${province} does not hold ${COLUMN_COUNT} exact integers`);
  }
  return [...values];
}
