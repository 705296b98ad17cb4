// What the national office must see behind a province's numbers on a date: the warnings its report
// carried, a baseline (cols 1-4) that moved since its previous report, a correction (when, and which
// values it changed), and how many days it has reported on time, late or not at all. Pure functions.
import type { Campaign } from '../campaign.ts';
import type { Finding, StoredReport, SubmissionRecord } from '../report.ts';

/** Findings shown as warnings to the national office: all but lateness, which the status already says. */
export function nationalWarnings(warnings: readonly Finding[] | undefined): Finding[] {
  return (warnings ?? []).filter((w) => w.code !== 'late').map((w) => ({ ...w }));
}

export const BASELINE_CHANGED = 'baseline-changed';

export interface ColumnChange {
  /** Form column, 1..11. */
  column: number;
  before: number;
  after: number;
}

export interface Correction {
  /** When the correcting upload was received (ISO-8601). */
  at: string;
  /** Received after the date's deadline, i.e. after the national office may have taken the date's figures. */
  afterDeadline: boolean;
  /** The columns whose value changed against the report it replaced; null when that report is not in the log. */
  changes: ColumnChange[] | null;
}

/**
 * The correction a report is, when it replaced an earlier accepted upload of the same date: the values
 * before are those of the latest accepted upload received before it (the submission log keeps each).
 */
export function correctionOf(
  report: StoredReport, submissions: readonly SubmissionRecord[], deadline: Date,
): Correction | null {
  if (!isCorrection(report)) return null;
  const at = Date.parse(report.receivedAt);
  let before: SubmissionRecord | undefined;
  for (const s of submissions) {
    if (s.province !== report.province || s.reportDate !== report.reportDate || s.status !== 'accepted' || !s.values) continue;
    const t = Date.parse(s.receivedAt);
    if (t >= at) continue;
    if (!before || t > Date.parse(before.receivedAt) || (t === Date.parse(before.receivedAt) && s.sequencer > before.sequencer)) before = s;
  }
  const changes = before
    ? report.values.flatMap((after, i) => (before.values![i] === after ? [] : [{ column: i + 1, before: before.values![i]!, after }]))
    : null;
  return { at: new Date(at).toISOString(), afterDeadline: at > deadline.getTime(), changes };
}

/** Col 2 now minus col 2 in the province's previous report (how much it moves the national baseline); null without one. */
export function baselineShift(values: readonly number[], previous: readonly number[] | undefined): number | null {
  return previous ? values[1]! - previous[1]! : null;
}

export interface ProvinceDays {
  onTime: number;
  late: number;
  /** Report dates up to the date whose deadline has passed (by the snapshot's instant) without an accepted report. */
  missing: number;
}

/**
 * Days on time / late / missing for every province from the campaign's first date up to `date`. `lateness`
 * gives each date's reporting provinces (code → late); a date whose deadline is after `at` and that has
 * no report from a province is not counted missing yet.
 */
export function provinceDays(
  campaign: Campaign, date: string, at: Date, lateness: (d: string) => ReadonlyMap<string, boolean>,
): Map<string, ProvinceDays> {
  const days = new Map(campaign.provinces.map((p) => [p.code, { onTime: 0, late: 0, missing: 0 }]));
  for (const d of campaign.reportDates) {
    if (d > date) break;
    const reported = lateness(d);
    const due = campaign.deadline(d).getTime() <= at.getTime();
    for (const [code, count] of days) {
      const late = reported.get(code);
      if (late === true) count.late++;
      else if (late === false) count.onTime++;
      else if (due) count.missing++;
    }
  }
  return days;
}

/** A report the national office should hear about: it carries warnings, or it corrected an earlier one. */
export interface ReportNotice {
  province: string;
  reportDate: string;
  receivedAt: string;
  warnings: Finding[];
  baselineChanged: boolean;
  correction: Correction | null;
}

/**
 * The reports received in (since, until] that carry warnings or are corrections, oldest first, whatever
 * their report date (a closed date corrected weeks later included). `submissionsOf` gives a date's
 * submission log, for a correction's values before.
 */
export function noticesSince(
  campaign: Campaign, reports: Iterable<StoredReport>, submissionsOf: (date: string) => readonly SubmissionRecord[],
  since: Date, until: Date,
): ReportNotice[] {
  const notices: ReportNotice[] = [];
  for (const r of reports) {
    const at = Date.parse(r.receivedAt);
    if (!campaign.province(r.province) || at <= since.getTime() || at > until.getTime()) continue;
    const warnings = nationalWarnings(r.warnings);
    const correction = correctionOf(r, submissionsOf(r.reportDate), campaign.deadline(r.reportDate));
    if (!warnings.length && !correction) continue;
    notices.push({
      province: r.province, reportDate: r.reportDate, receivedAt: new Date(at).toISOString(), warnings,
      baselineChanged: warnings.some((w) => w.code === BASELINE_CHANGED), correction,
    });
  }
  return notices.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.province.localeCompare(b.province));
}

/** Whether a report replaced an earlier upload of its date (its before values are then worth a log Query). */
export function isCorrection(r: Pick<StoredReport, 'firstReceivedAt' | 'receivedAt'>): boolean {
  return r.firstReceivedAt !== undefined && r.firstReceivedAt !== r.receivedAt;
}
