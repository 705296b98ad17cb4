// Where a province stands: the due date's report (received when, on time or late, the values) or
// what is left before its deadline, the earlier dates still missing, and the last verdict. Plain
// functions over the province's accepted reports and submissions, at an instant passed in.
import type { Campaign } from '../campaign.ts';
import { dateStates, type DateState } from '../portal/dates.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';

/** The due date's report: in (with when it first came and its values), or not yet. */
export type DueState =
  | {
    kind: 'received'; date: string; deadline: Date;
    /** When the date's first accepted file came: it decides on time or late. */
    receivedAt: string;
    late: boolean;
    /** When a later file corrected it, if one did. */
    correctedAt?: string;
    values: number[];
  }
  | {
    kind: 'not_received'; date: string; deadline: Date;
    /** Milliseconds left before the deadline; 0 once it has passed. */
    timeLeft: number;
    /** Files for the date that were rejected. */
    rejected: number;
  };

export interface Standing {
  due: DueState;
  /** Earlier dates whose deadline passed with no accepted report, oldest first. */
  missing: DateState[];
  /** The latest submission of any date, and the accepted report still held for its date when the file was rejected. */
  last?: { submission: SubmissionRecord; held?: StoredReport };
}

export function standing(
  campaign: Campaign, reports: readonly StoredReport[], submissions: readonly SubmissionRecord[], dueDate: string, now: Date,
): Standing {
  const deadline = campaign.deadline(dueDate);
  const report = reports.find((r) => r.reportDate === dueDate);
  const due: DueState = report
    ? {
      kind: 'received', date: dueDate, deadline, receivedAt: report.firstReceivedAt ?? report.receivedAt, late: report.late,
      values: [...report.values],
      ...(report.firstReceivedAt && Date.parse(report.firstReceivedAt) < Date.parse(report.receivedAt) ? { correctedAt: report.receivedAt } : {}),
    }
    : {
      kind: 'not_received', date: dueDate, deadline, timeLeft: Math.max(0, deadline.getTime() - now.getTime()),
      rejected: submissions.filter((s) => s.reportDate === dueDate && s.status === 'rejected').length,
    };
  const missing = dateStates(campaign, reports, submissions, now)
    .filter((d) => d.date < dueDate && (d.status === 'missing' || d.status === 'rejected_only'));
  const latest = [...submissions].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).at(-1);
  const held = latest?.status === 'rejected' ? reports.find((r) => r.reportDate === latest.reportDate) : undefined;
  return { due, missing, ...(latest ? { last: { submission: latest, ...(held ? { held } : {}) } } : {}) };
}
