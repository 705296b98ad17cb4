// A report date's status, read from the table: who has an accepted report (on time or late), who is
// missing, the rejected attempts with their errors, and the failures parked by a local stack.
// `bhxh status` prints it; the local demo shows it.
import type { DynamoReportTable } from './adapters/dynamo-table.ts';
import type { Campaign } from './domain/campaign.ts';
import { formatDateVi, formatInstant } from './domain/format.ts';
import { findingCount, findingLine } from './domain/findings.ts';
import type { Finding } from './domain/report.ts';
import { clip, escapeControls, FIELD_LIMITS } from './domain/shown-text.ts';
import type { DeadLetter } from './local-stack/dead-letters.ts';

/** The JSON contract of `bhxh status --json` (parked is there for the local stack). */
export interface StatusReport {
  date: string;
  expected: number;
  onTime: string[];
  late: string[];
  missing: string[];
  /** Reports replaced by a later upload: on time or late as the first accepted upload was, values from the newest. */
  corrected: Array<{ province: string; firstReceivedAt: string; correctedAt: string; late: boolean }>;
  rejected: Array<{ province: string; errors: Finding[]; file: string; receivedAt: string }>;
  /** Uploads whose mail to the province could not be sent (each upload is recorded all the same). */
  mailFailures: Array<{ province: string; file: string; receivedAt: string; status: 'accepted' | 'rejected'; error: string }>;
  /** Uploads whose mail was claimed but never recorded as sent (a run stopped in between): the province may have no receipt. */
  mailUnconfirmed: Array<{ province: string; file: string; receivedAt: string; status: 'accepted' | 'rejected' }>;
  parked: Array<Pick<DeadLetter, 'function' | 'subject' | 'error' | 'attempts' | 'parkedAt'>>;
}

/** Today's date when it is a report date; otherwise the newest date that has uploads; else the campaign's last. */
export async function defaultDate(campaign: Campaign, table: DynamoReportTable, now: Date): Promise<string> {
  const today = campaign.localDate(now);
  if (campaign.isReportDate(today)) return today;
  const candidates = campaign.reportDates.filter((d) => d <= today).reverse();
  for (const date of candidates) {
    if ((await table.listForDate(date)).length > 0) return date;
  }
  return candidates[0] ?? campaign.reportDates[0]!;
}

export async function buildStatus(campaign: Campaign, table: DynamoReportTable, date: string, deadLetters: DeadLetter[]): Promise<StatusReport> {
  const [reports, submissions] = await Promise.all([table.listReportsForDate(date), table.listForDate(date)]);
  const reported = new Map(reports.map((r) => [r.province, r]));
  const codes = campaign.provinces.map((p) => p.code);
  return {
    date,
    expected: codes.length,
    onTime: codes.filter((c) => reported.has(c) && !reported.get(c)!.late),
    late: codes.filter((c) => reported.get(c)?.late),
    missing: codes.filter((c) => !reported.has(c)),
    corrected: reports
      .filter((r) => r.firstReceivedAt !== undefined && r.firstReceivedAt !== r.receivedAt)
      .sort((a, b) => a.province.localeCompare(b.province))
      .map((r) => ({ province: r.province, firstReceivedAt: r.firstReceivedAt!, correctedAt: r.receivedAt, late: r.late })),
    rejected: submissions
      .filter((s) => s.status === 'rejected')
      .sort((a, b) => a.province.localeCompare(b.province) || a.receivedAt.localeCompare(b.receivedAt))
      .map((s) => ({ province: s.province, errors: s.errors, file: s.objectKey, receivedAt: s.receivedAt })),
    mailFailures: submissions
      .flatMap((s) => (s.mailError ? [{ province: s.province, file: s.objectKey, receivedAt: s.receivedAt, status: s.status, error: s.mailError }] : []))
      .sort((a, b) => a.province.localeCompare(b.province) || a.receivedAt.localeCompare(b.receivedAt)),
    mailUnconfirmed: submissions
      .flatMap((s) => (s.mailUnconfirmed ? [{ province: s.province, file: s.objectKey, receivedAt: s.receivedAt, status: s.status }] : []))
      .sort((a, b) => a.province.localeCompare(b.province) || a.receivedAt.localeCompare(b.receivedAt)),
    parked: deadLetters.map(({ function: fn, subject, error, attempts, parkedAt }) => ({ function: fn, subject, error, attempts, parkedAt })),
  };
}

function codeList(campaign: Campaign, codes: string[], notes: Map<string, string> = new Map()): string {
  if (codes.length === 0) return '  (none)\n';
  const texts = codes.map((c) => `${c} ${campaign.province(c)?.name ?? ''}${notes.has(c) ? ` (${notes.get(c)})` : ''}`);
  // Aligned columns, never run together: each as wide as the longest entry, two spaces apart.
  const width = Math.max(...texts.map((t) => t.length)) + 2;
  const perRow = Math.max(1, Math.min(3, Math.floor(96 / width)));
  let out = '';
  for (let i = 0; i < texts.length; i += perRow) out += `  ${texts.slice(i, i + perRow).map((t) => t.padEnd(width)).join('').trimEnd()}\n`;
  return out;
}

/** Keys, file names and error texts come from outside: printed with control characters escaped (no terminal escapes, no forged lines). */
const shown = (text: string): string => escapeControls(clip(text, FIELD_LIMITS.detail));

export function formatStatus(status: StatusReport, campaign: Campaign): string {
  // An English surface: times as "HH:mm dd/mm/yyyy" in the campaign's zone, said once.
  const at = (instant: string | Date): string => formatInstant(instant, campaign.timeZone);
  const deadline = campaign.isReportDate(status.date) ? ` (deadline ${at(campaign.deadline(status.date))})` : '';
  let out = `Report date ${status.date} / ${formatDateVi(status.date)}${deadline}; times in ${campaign.timeZone}\n`;
  out += `  expected ${status.expected} · on time ${status.onTime.length} · late ${status.late.length} · missing ${status.missing.length} · rejected uploads ${status.rejected.length}\n\n`;
  // "on time, corrected at 19:05": the first upload decides on-time, the newest gives the values.
  const corrected = new Map(status.corrected.map((c) => [c.province, `corrected at ${at(c.correctedAt)}`]));
  out += `On time (${status.onTime.length}):\n${codeList(campaign, status.onTime, corrected)}`;
  out += `Late (${status.late.length}):\n${codeList(campaign, status.late, corrected)}`;
  out += `Missing (${status.missing.length}):\n${codeList(campaign, status.missing)}`;
  out += `Rejected uploads (${status.rejected.length}):\n`;
  if (status.rejected.length === 0) out += '  (none)\n';
  for (const r of status.rejected) {
    const first = r.errors[0];
    out += `  ${r.province} ${shown(r.file)} at ${at(r.receivedAt)}: ${first ? `${shown(findingLine(first))} (${first.code})` : '(no error recorded)'}`;
    out += findingCount(r.errors) > 1 ? ` (+${findingCount(r.errors) - 1} more)\n` : '\n';
  }
  if (status.mailFailures.length > 0) {
    out += `\nMAIL NOT SENT (${status.mailFailures.length}):\n`;
    for (const m of status.mailFailures) out += `  ${m.province} ${shown(m.file)} at ${at(m.receivedAt)} (${m.status}): ${shown(m.error)}\n`;
  }
  if (status.mailUnconfirmed.length > 0) {
    out += `\nMAIL UNCONFIRMED (${status.mailUnconfirmed.length}): claimed but never recorded as sent (a run stopped in between, or is sending now); the province may have no receipt:\n`;
    for (const m of status.mailUnconfirmed) out += `  ${m.province} ${shown(m.file)} at ${m.receivedAt} (${m.status})\n`;
  }
  if (status.parked.length > 0) {
    out += `\nPARKED FAILURES (${status.parked.length}) in the local dead-letter list:\n`;
    for (const p of status.parked) out += `  ${at(p.parkedAt)} ${p.function} ${shown(p.subject)}: ${shown(p.error)} (${p.attempts} attempts)\n`;
  }
  return out;
}
