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
  return correctionAt(at, report.values, acceptedBefore(report, at, submissions), deadline);
}

/**
 * The correction an accepted upload made: when it replaced an accepted upload of the same province and
 * date received before it (whichever one the stored report holds now), what it changed; null otherwise.
 */
export function submissionCorrection(
  submission: SubmissionRecord, submissions: readonly SubmissionRecord[], deadline: Date,
): Correction | null {
  if (submission.status !== 'accepted' || !submission.values) return null;
  const at = Date.parse(submission.receivedAt);
  const before = acceptedBefore(submission, at, submissions);
  return before ? correctionAt(at, submission.values, before, deadline) : null;
}

/** The latest accepted upload (with its values) of a province's date received strictly before `at`. */
function acceptedBefore(
  of: Pick<StoredReport, 'province' | 'reportDate'>, at: number, submissions: readonly SubmissionRecord[],
): SubmissionRecord | undefined {
  let before: SubmissionRecord | undefined;
  for (const s of submissions) {
    if (s.province !== of.province || s.reportDate !== of.reportDate || s.status !== 'accepted' || !s.values) continue;
    const t = Date.parse(s.receivedAt);
    if (t >= at) continue;
    if (!before || t > Date.parse(before.receivedAt) || (t === Date.parse(before.receivedAt) && s.sequencer > before.sequencer)) before = s;
  }
  return before;
}

function correctionAt(at: number, values: readonly number[], before: SubmissionRecord | undefined, deadline: Date): Correction {
  const changes = before
    ? values.flatMap((after, i) => (before.values![i] === after ? [] : [{ column: i + 1, before: before.values![i]!, after }]))
    : null;
  return { at: new Date(at).toISOString(), afterDeadline: at > deadline.getTime(), changes };
}

/** What the national office must see on one upload of the submission log (the "Các lần nộp" page). */
export interface SubmissionNotice {
  submission: SubmissionRecord;
  /** Its warnings for the national office (lateness left out: the status says it). */
  warnings: Finding[];
  /** It says its baseline (cols 1-4) differs from the province's previous report. */
  baselineChanged: boolean;
  /** When it replaced an accepted upload of its date: when, whether after the deadline, and what it changed. */
  correction: Correction | null;
}

/** Each upload of a date's log with its warnings and the correction it made, in the order given. */
export function submissionNotices(submissions: readonly SubmissionRecord[], deadline: Date): SubmissionNotice[] {
  // Each upload is compared with its own province's only: linear in a date's log however many provinces it spans.
  const byProvince = new Map<string, SubmissionRecord[]>();
  for (const s of submissions) {
    const own = byProvince.get(s.province);
    if (own) own.push(s);
    else byProvince.set(s.province, [s]);
  }
  return submissions.map((submission) => {
    const warnings = nationalWarnings(submission.warnings);
    return {
      submission, warnings, baselineChanged: warnings.some((w) => w.code === BASELINE_CHANGED),
      correction: submissionCorrection(submission, byProvince.get(submission.province)!, deadline),
    };
  });
}

/** A province whose report of a date came after its deadline: when its first accepted upload arrived. */
export interface LateArrival {
  province: string;
  /** The date's first accepted upload (what made it late), ISO-8601. */
  at: string;
  /** How long after the deadline it arrived (ms). */
  afterDeadlineMs: number;
}

/** The date's late reporters among the campaign's provinces, earliest first. */
export function lateArrivals(campaign: Campaign, date: string, reports: readonly StoredReport[]): LateArrival[] {
  const deadline = campaign.deadline(date).getTime();
  return reports
    .filter((r) => r.reportDate === date && r.late && campaign.province(r.province))
    .map((r) => {
      const at = Date.parse(r.firstReceivedAt ?? r.receivedAt);
      return { province: r.province, at: new Date(at).toISOString(), afterDeadlineMs: Math.max(0, at - deadline) };
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.province.localeCompare(b.province));
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
