// Which report dates a reminder run at instant T is about, and who is missing for them.
// Pure: every instant is passed in (the schedule's time), nothing reads the clock.
import type { Campaign, Province } from '../campaign.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';
import { findingCount } from '../findings.ts';
import { submittedFileName } from '../intake/origin.ts';

/** The two reminder runs: the deadline run (18:30) and the optional earlier nudge. */
export const REMINDER_KINDS = ['deadline', 'nudge'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export function isReminderKind(value: unknown): value is ReminderKind {
  return typeof value === 'string' && (REMINDER_KINDS as readonly string[]).includes(value);
}

/** What a run at instant T has to do. */
export type RunPlan =
  | { kind: ReminderKind; runDate: string; status: 'outside-campaign' }
  /** The nudge is switched off in the campaign configuration. */
  | { kind: ReminderKind; runDate: string; status: 'disabled' }
  /** Inside the campaign, but no deadline has passed yet (e.g. the first evening: that date is due next morning). */
  | { kind: ReminderKind; runDate: string; status: 'nothing-due' }
  | {
      kind: ReminderKind;
      runDate: string;
      status: 'due';
      /** Report dates the run asks for, oldest first. */
      dates: string[];
      /** The date the national digest is about (the latest due date); null when the kind sends no digest. */
      digestDate: string | null;
    };

/**
 * The run key's date is the local (campaign time zone) date of the scheduled instant, so every retry
 * or re-run of one scheduled run shares it, and the next day's run is a new run.
 */
export function runDateOf(campaign: Campaign, now: Date): string {
  return campaign.localDate(now);
}

/** The local date of the last deadline: the deadline runs go on until that day, then stop. */
export function lastRunDate(campaign: Campaign): string {
  let last = campaign.config.lastReportDate;
  for (const d of campaign.reportDates) {
    const local = campaign.localDate(campaign.deadline(d));
    if (local > last) last = local;
  }
  return last;
}

export function planRun(campaign: Campaign, now: Date, kind: ReminderKind): RunPlan {
  const runDate = runDateOf(campaign, now);
  if (kind === 'nudge') {
    if (!campaign.config.reminders.nudge.enabled) return { kind, runDate, status: 'disabled' };
    if (!campaign.isReportDate(runDate)) return { kind, runDate, status: 'outside-campaign' };
    // A nudge is about today's report only, and only while its deadline is still ahead.
    if (campaign.deadline(runDate).getTime() <= now.getTime()) return { kind, runDate, status: 'nothing-due' };
    return { kind, runDate, status: 'due', dates: [runDate], digestDate: null };
  }
  if (runDate < campaign.config.firstReportDate || runDate > lastRunDate(campaign)) {
    return { kind, runDate, status: 'outside-campaign' };
  }
  // One rule for every date, the first one included (its deadline is 08:30 the next morning).
  const dates = campaign.datesDueBy(now);
  if (dates.length === 0) return { kind, runDate, status: 'nothing-due' };
  return { kind, runDate, status: 'due', dates, digestDate: dates[dates.length - 1]! };
}

/** An upload that was rejected: the province tried, but still has no report for that date. */
export interface RejectedAttempt {
  province: string;
  reportDate: string;
  receivedAt: string;
  objectKey: string;
  /** The file's own name (never its storage key), for people's text. */
  fileName: string;
  errorCount: number;
  /** The first error's message, as the province was told. */
  firstError?: string;
}

export interface MissingDate {
  reportDate: string;
  deadline: Date;
  /** Rejected uploads for this date, oldest first. */
  rejected: RejectedAttempt[];
}

export interface MissingProvince {
  province: Province;
  /** Oldest first. */
  dates: MissingDate[];
}

/** Provinces (of the campaign) with an accepted report for the date. */
export function reportedProvinces(reports: readonly StoredReport[]): Set<string> {
  return new Set(reports.map((r) => r.province));
}

export function rejectedAttempts(submissions: readonly SubmissionRecord[]): RejectedAttempt[] {
  return submissions
    .filter((s) => s.status === 'rejected')
    .map((s) => ({
      province: s.province,
      reportDate: s.reportDate,
      receivedAt: s.receivedAt,
      objectKey: s.objectKey,
      fileName: submittedFileName(s.objectKey, s.origin),
      errorCount: findingCount(s.errors),
      ...(s.errors[0] ? { firstError: s.errors[0].message } : {}),
    }))
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.objectKey.localeCompare(b.objectKey));
}

/**
 * For each province of the campaign, every date (of `dates`) without an accepted report. A rejected
 * upload does not count as a report: the province stays missing, and the attempt is listed.
 */
export function findMissing(
  campaign: Campaign,
  dates: readonly string[],
  reportsByDate: ReadonlyMap<string, readonly StoredReport[]>,
  submissionsByDate: ReadonlyMap<string, readonly SubmissionRecord[]> = new Map(),
): MissingProvince[] {
  const result: MissingProvince[] = [];
  const reported = new Map(dates.map((d) => [d, reportedProvinces(reportsByDate.get(d) ?? [])]));
  const rejected = new Map(dates.map((d) => [d, rejectedAttempts(submissionsByDate.get(d) ?? [])]));
  const provinces = [...campaign.provinces].sort((a, b) => a.code.localeCompare(b.code));
  for (const province of provinces) {
    const missing: MissingDate[] = [];
    for (const d of [...dates].sort()) {
      if (reported.get(d)!.has(province.code)) continue;
      missing.push({
        reportDate: d,
        deadline: campaign.deadline(d),
        rejected: rejected.get(d)!.filter((r) => r.province === province.code),
      });
    }
    if (missing.length > 0) result.push({ province, dates: missing });
  }
  return result;
}
