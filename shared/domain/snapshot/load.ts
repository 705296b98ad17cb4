// Building a date's snapshot from the stored reports, without publishing it: the aggregator's
// publish (publish.ts) and the portal's pages both start here. Kept apart from the file renderers
// (files.ts), which only publishing needs.
import type { Campaign } from '../campaign.ts';
import type { StoredReport } from '../report.ts';
import type { DateTotals, DateTotalsStore, ReportRepository, SubmissionLog } from '../../ports/index.ts';
import { buildSnapshot, trendDates, type Snapshot } from './model.ts';

/** What building a snapshot reads. */
export interface SnapshotReadDeps {
  campaign: Campaign;
  reports: Pick<ReportRepository, 'listReportsForDate'>;
  submissions: Pick<SubmissionLog, 'listForDate'>;
  /** Per-date totals for the trend; without it, every earlier date's reports are Queried. */
  totals?: DateTotalsStore;
  /** Parallel Queries for the trend's earlier dates that have no stored totals. */
  historyConcurrency?: number;
}

export interface PublishOptions {
  /** A final snapshot (the run after the deadline). A snapshot built at or after the deadline is final anyway. */
  final: boolean;
  /** The instant the snapshot stands for (the event's time): its generatedAt. */
  at: Date;
}

export async function loadSnapshot(
  deps: SnapshotReadDeps, date: string, options: PublishOptions,
): Promise<{ snapshot: Snapshot; reports: StoredReport[] }> {
  const { campaign } = deps;
  if (!campaign.isReportDate(date)) throw new Error(`${date} is not a report date of campaign ${campaign.id}`);
  const [reports, submissions, { history, historyTotals }] = await Promise.all([
    deps.reports.listReportsForDate(date),
    deps.submissions.listForDate(date),
    loadHistory(deps, date, trendDates(campaign, date).filter((d) => d !== date)),
  ]);
  const final = options.final || options.at.getTime() >= campaign.deadline(date).getTime();
  const snapshot = buildSnapshot({ campaign, date, reports, submissions, history, historyTotals, final, generatedAt: options.at });
  return { snapshot, reports };
}

/**
 * The trend's earlier dates: one Query for their stored totals, then one Query per date that has
 * none (≤ 21 dates × ≤ 63 items), a few at a time.
 */
async function loadHistory(
  deps: SnapshotReadDeps, date: string, dates: string[],
): Promise<{ history: Map<string, StoredReport[]>; historyTotals: Map<string, DateTotals> }> {
  const history = new Map<string, StoredReport[]>();
  const historyTotals = new Map<string, DateTotals>();
  if (deps.totals && dates.length > 0) {
    const wanted = new Set(dates);
    // Totals without the late provinces (written before they were kept) cannot give days late: Query those dates.
    for (const t of await deps.totals.listBefore(date)) if (wanted.has(t.date) && t.late) historyTotals.set(t.date, t);
  }
  const queue = dates.filter((d) => !historyTotals.has(d));
  const worker = async (): Promise<void> => {
    for (let d = queue.shift(); d !== undefined; d = queue.shift()) history.set(d, await deps.reports.listReportsForDate(d));
  };
  await Promise.all(Array.from({ length: Math.min(deps.historyConcurrency ?? 4, queue.length) }, worker));
  return { history, historyTotals };
}

