// The national snapshot of one report date: a row per province in the registry's order, the national
// total and the trend so far. Pure: every input (reports, submissions, instants) is passed in.
import type { Campaign, Province } from '../campaign.ts';
import { COLUMN_COUNT, sumValues, type StoredReport, type SubmissionRecord } from '../report.ts';
import { formTexts, type FormTexts } from './text.ts';

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

  const counts: SnapshotCounts = { expected: campaign.provinces.length, onTime: 0, late: 0, missing: 0, rejectedOnly: 0 };
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
    return {
      code: p.code,
      name: p.name,
      kind: campaign.kindOn(p.code, date) ?? p.kind,
      status,
      submittedAt: report ? new Date(report.receivedAt).toISOString() : null,
      correctedAt: report?.firstReceivedAt && report.firstReceivedAt !== report.receivedAt ? new Date(report.receivedAt).toISOString() : null,
      values: report ? normaliseValues(report.values, p.code) : null,
      rejectedCount,
    };
  });

  const accepted = [...byProvince.values()];
  const total = sumValues(accepted.map((r) => r.values));
  const history = new Map(input.history ?? []);
  history.set(date, accepted);
  return {
    campaignId: campaign.id,
    campaignTitle: campaign.config.title,
    texts: formTexts(campaign.config),
    timeZone: campaign.timeZone,
    date,
    deadline: campaign.deadline(date).toISOString(),
    final: input.final,
    generatedAt: input.generatedAt.toISOString(),
    rows,
    total,
    counts,
    trend: computeTrend(campaign, date, history, input.historyTotals),
    ignored,
  };
}

/** A date's accepted values per province as stored by its last rebuild (see DateTotals in the ports). */
export interface TrendTotals {
  /** Province code → its 11 values on that date. */
  byProvince: Readonly<Record<string, readonly number[]>>;
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
  const valuesOf = (d: string): Map<string, readonly number[]> => {
    const held = history.get(d);
    if (held !== undefined) {
      return new Map(held.filter((r) => r.reportDate === d && campaign.province(r.province)).map((r) => [r.province, r.values]));
    }
    const stored = totals.get(d);
    return new Map(Object.entries(stored?.byProvince ?? {}).filter(([code]) => campaign.province(code)));
  };
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
