// The dates the portal shows: the report date due now, where the national pages open, and each
// campaign date of one province's history. Every instant is passed in.
import type { Campaign } from '../campaign.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';
import type { ProvinceStatus } from '../snapshot/model.ts';
import type { ReportRepository } from '../../ports/index.ts';

/** The report date due now: today's when it is a report date, else the nearest one (before or after the campaign). */
export function dueDate(campaign: Campaign, now: Date): string {
  const today = campaign.localDate(now);
  if (campaign.isReportDate(today)) return today;
  const dates = campaign.reportDates;
  return today < dates[0]! ? dates[0]! : dates[dates.length - 1]!;
}

/** The national landing date: the date now due in the campaign, else the latest date with a report. */
export async function landingDate(
  deps: { campaign: Campaign; reports: Pick<ReportRepository, 'listReportsForDate'> }, now: Date,
): Promise<string> {
  const { campaign } = deps;
  const today = campaign.localDate(now);
  if (campaign.isReportDate(today)) return today;
  // Every date, not only past ones: a played or replayed day can hold reports ahead of the clock.
  for (const date of [...campaign.reportDates].reverse()) {
    if ((await deps.reports.listReportsForDate(date)).length > 0) return date;
  }
  return dueDate(campaign, now);
}

/** A date's state in a province's history: a report's status, or not due yet (no report, deadline ahead). */
export type DateStatus = ProvinceStatus | 'not_due';

export interface DateState { date: string; status: DateStatus; deadline: Date; submittedAt: string | null }

/** Each campaign date of one province: on time, late, only rejected files, missing, or not due yet. */
export function dateStates(campaign: Campaign, reports: readonly StoredReport[], submissions: readonly SubmissionRecord[], now: Date): DateState[] {
  const byDate = new Map(reports.map((r) => [r.reportDate, r]));
  return campaign.reportDates.map((date) => {
    const report = byDate.get(date);
    const rejected = submissions.some((s) => s.reportDate === date && s.status === 'rejected');
    const deadline = campaign.deadline(date);
    return {
      date,
      status: report ? (report.late ? 'late' : 'on_time') : rejected ? 'rejected_only' : deadline > now ? 'not_due' : 'missing',
      deadline,
      submittedAt: report?.receivedAt ?? null,
    };
  });
}
