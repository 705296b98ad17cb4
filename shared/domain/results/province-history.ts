// One province's campaign so far, as its page shows it: each report date's status, values, warnings and
// correction, its days on time / late / missing, and the line of col 9 against col 2. Pure: the
// province's stored reports (one Query), the uploads of the few dates that need them, and the instant.
import type { Campaign } from '../campaign.ts';
import { dateStates, dueDate, type DateStatus } from '../portal/dates.ts';
import type { Finding, StoredReport, SubmissionRecord } from '../report.ts';
import {
  BASELINE_CHANGED, correctionOf, isCorrection, nationalWarnings, provinceDays, type Correction, type ProvinceDays,
} from '../snapshot/changes.ts';
import type { TrendPoint } from '../snapshot/model.ts';

export interface ProvinceDate {
  date: string;
  /** On time, late, missing, only rejected files, or not due yet (no report, deadline ahead). */
  status: DateStatus;
  /** The date's deadline (ISO-8601). */
  deadline: string;
  /** When the date's first accepted upload arrived (what its status was decided on); null without a report. */
  submittedAt: string | null;
  /** The 11 values of the report held now; null without one (never zeros). */
  values: readonly number[] | null;
  /** The report's warnings for the national office (lateness left out: the status says it). */
  warnings: Finding[];
  baselineChanged: boolean;
  /** When the report replaced an earlier upload of the date: when, and what it changed. */
  correction: Correction | null;
  /** Col 9 − col 2 (the late amount now against the baseline, đồng); null without a report. */
  lateAmountChange: number | null;
}

export interface ProvinceHistory {
  code: string;
  /** The report dates so far (up to the date due now, and any later one already reported), oldest first. */
  dates: ProvinceDate[];
  /** The date due now (today's standing). */
  due: ProvinceDate;
  /** The latest date with a report; null before the first. */
  latest: ProvinceDate | null;
  /** Days on time / late / missing so far (a date counts missing once its deadline has passed). */
  days: ProvinceDays;
  /** Col 9 against col 2 per date, in the snapshot's trend shape (one province: reported and compared are 0 or 1). */
  trend: TrendPoint[];
}

/** The report dates so far: up to the date due now (or the standing date, if later), and any later date the province already reported. */
function datesSoFar(campaign: Campaign, reports: readonly StoredReport[], now: Date, standingDate?: string): string[] {
  const due = dueDate(campaign, now);
  const last = standingDate && standingDate > due ? standingDate : due;
  const reported = new Set(reports.map((r) => r.reportDate));
  return campaign.reportDates.filter((d) => d <= last || reported.has(d));
}

/**
 * The dates whose uploads the history needs (a narrow Query each): dates so far without a report (a
 * rejected file makes them "only rejected"), and corrected ones (their values before). A province
 * that reports every day once needs none.
 */
export function datesNeedingUploads(campaign: Campaign, province: string, reports: readonly StoredReport[], now: Date, standingDate?: string): string[] {
  const held = new Map(reports.filter((r) => r.province === province).map((r) => [r.reportDate, r]));
  return datesSoFar(campaign, [...held.values()], now, standingDate).filter((d) => {
    const report = held.get(d);
    return !report || isCorrection(report);
  });
}

/** The province's history from its stored reports and the uploads of `datesNeedingUploads` (others are ignored). */
export function buildProvinceHistory(input: {
  campaign: Campaign; province: string; reports: readonly StoredReport[]; submissions: readonly SubmissionRecord[]; now: Date;
  /** The date the top card stands on: the national pages' date (portal/dates.ts landingDate), so both agree; the date due by default. */
  standingDate?: string;
}): ProvinceHistory {
  const { campaign, province, now } = input;
  const reports = input.reports.filter((r) => r.province === province && campaign.isReportDate(r.reportDate));
  const submissions = input.submissions.filter((s) => s.province === province);
  const byDate = new Map(reports.map((r) => [r.reportDate, r]));
  const shown = new Set(datesSoFar(campaign, reports, now, input.standingDate));
  const states = dateStates(campaign, reports, submissions, now).filter((s) => shown.has(s.date));

  const dates: ProvinceDate[] = states.map((s) => {
    const report = byDate.get(s.date);
    const warnings = nationalWarnings(report?.warnings);
    return {
      date: s.date,
      status: s.status,
      deadline: s.deadline.toISOString(),
      submittedAt: report ? new Date(report.firstReceivedAt ?? report.receivedAt).toISOString() : null,
      values: report ? [...report.values] : null,
      warnings,
      baselineChanged: warnings.some((w) => w.code === BASELINE_CHANGED),
      correction: report ? correctionOf(report, submissions, s.deadline) : null,
      lateAmountChange: report ? report.values[8]! - report.values[1]! : null,
    };
  });

  const last = dates.at(-1)!;
  const lateness = (d: string): Map<string, boolean> => {
    const report = byDate.get(d);
    return new Map<string, boolean>(report ? [[province, report.late]] : []);
  };
  const days = provinceDays(campaign, last.date, now, lateness).get(province) ?? { onTime: 0, late: 0, missing: 0 };
  const due = input.standingDate ?? dueDate(campaign, now);
  return {
    code: province,
    dates,
    due: dates.find((d) => d.date === due) ?? last,
    latest: dates.filter((d) => d.values).at(-1) ?? null,
    days,
    trend: dates.map(trendPoint),
  };
}

function trendPoint(d: ProvinceDate): TrendPoint {
  if (!d.values) return { date: d.date, reported: 0, compared: 0, total: null, lateAmountChange: null };
  const total = d.values.map((v) => BigInt(v));
  return { date: d.date, reported: 1, compared: 1, total, lateAmountChange: total[8]! - total[1]! };
}
