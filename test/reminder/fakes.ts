// In-memory fakes of the ports the reminder use case needs, and data builders.
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { loadCampaign, type Campaign } from '../../shared/domain/campaign.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import type {
  FileStore,
  Log,
  MailMessage,
  Mailer,
  ReminderClaim,
  ReminderKey,
  ReminderLog,
  ReportRepository,
  SubmissionLog,
} from '../../shared/ports/index.ts';

export const campaign: Campaign = defaultCampaign();

export function campaignWithNudge(enabled = true, time = '16:30'): Campaign {
  const c = campaign.config;
  return loadCampaign({ ...c, reminders: { ...c.reminders, nudge: { enabled, time } } });
}

/** An instant written in ICT, e.g. at('2023-12-15', '18:30'). */
export function at(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

export function report(province: string, reportDate: string, late = false): StoredReport {
  return {
    province,
    reportDate,
    values: [10, 1000, 2, 200, 1, 1, 1, 9, 900, 1, 100],
    receivedAt: `${reportDate}T09:00:00.000Z`,
    sequencer: '0A',
    late,
    objectKey: `incoming/${province}/bao-cao-${reportDate}.xlsx`,
    warnings: [],
  };
}

export function rejected(province: string, reportDate: string, receivedAt: string, firstError = 'Ô C11 (cột 3) không được lớn hơn cột 1'): SubmissionRecord {
  return {
    province,
    reportDate,
    receivedAt,
    sequencer: '0B',
    objectKey: `incoming/${province}/bao-cao-sai.xlsx`,
    status: 'rejected',
    late: false,
    superseded: false,
    values: null,
    warnings: [],
    errors: [{ code: 'col3-gt-col1', message: firstError, cell: 'C11' }, { code: 'negative', message: 'Ô D11 (cột 4) không được là số âm', cell: 'D11' }],
  };
}

export function dateRange(first: string, last: string): string[] {
  return campaign.reportDates.filter((d) => d >= first && d <= last);
}

/** Reports for every province of the campaign on each date, except the (province, date) pairs listed. */
export class FakeReports implements Pick<ReportRepository, 'listReportsForDate'> {
  readonly byDate = new Map<string, StoredReport[]>();
  readonly queried: string[] = [];

  static allExcept(c: Campaign, dates: readonly string[], missing: Array<[string, string]>): FakeReports {
    const fake = new FakeReports();
    const skip = new Set(missing.map(([p, d]) => `${p}|${d}`));
    for (const d of dates) {
      fake.byDate.set(d, c.provinces.filter((p) => !skip.has(`${p.code}|${d}`)).map((p) => report(p.code, d)));
    }
    return fake;
  }

  add(r: StoredReport): void {
    this.byDate.set(r.reportDate, [...(this.byDate.get(r.reportDate) ?? []).filter((x) => x.province !== r.province), r]);
  }

  async listReportsForDate(reportDate: string): Promise<StoredReport[]> {
    this.queried.push(reportDate);
    return [...(this.byDate.get(reportDate) ?? [])];
  }
}

export class FakeSubmissions implements Pick<SubmissionLog, 'listForDate'> {
  readonly records: SubmissionRecord[] = [];
  readonly queried: string[] = [];

  async listForDate(reportDate: string): Promise<SubmissionRecord[]> {
    this.queried.push(reportDate);
    return this.records.filter((r) => r.reportDate === reportDate);
  }
}

export interface SentMail extends MailMessage {
  messageId: string;
}

/** Records mails; `failFor` makes sends to some addresses fail (after the mailer's own retries). */
export class FakeMailer implements Mailer {
  readonly sent: SentMail[] = [];
  readonly failFor = new Set<string>();
  private n = 0;

  async send(message: MailMessage): Promise<{ messageId: string }> {
    if (message.to.some((t) => this.failFor.has(t))) {
      const err = new Error('Maximum sending rate exceeded.');
      err.name = 'Throttling';
      throw err;
    }
    const messageId = `msg-${++this.n}`;
    this.sent.push({ ...message, messageId });
    return { messageId };
  }

  to(address: string): SentMail[] {
    return this.sent.filter((m) => m.to.includes(address));
  }
}

/** The reminder log's protocol in memory, with a settable clock for the lease. */
export class FakeReminderLog implements ReminderLog {
  readonly items = new Map<string, { status: 'claimed'; attemptId: string; leaseUntil: number } | { status: 'sent'; attemptId: string; to: string[]; dates: string[]; sentAt: string; messageId: string }>();
  now = Date.parse('2023-12-15T11:30:05Z');
  leaseMs = 120_000;

  private k(key: ReminderKey): string {
    return `REMINDER#${key.runDate}|${key.kind}#${key.target}#${key.channel}`;
  }

  async claim(key: ReminderKey, attemptId: string): Promise<ReminderClaim> {
    const item = this.items.get(this.k(key));
    if (item?.status === 'sent') return { status: 'sent', sentAt: item.sentAt, to: item.to, dates: item.dates };
    if (item && item.leaseUntil >= this.now && item.attemptId !== attemptId) {
      return { status: 'busy', leaseUntil: new Date(item.leaseUntil).toISOString() };
    }
    this.items.set(this.k(key), { status: 'claimed', attemptId, leaseUntil: this.now + this.leaseMs });
    return { status: 'claimed' };
  }

  async markSent(key: ReminderKey, attemptId: string, detail: { to: string[]; dates: string[]; messageId: string }): Promise<void> {
    this.items.set(this.k(key), { status: 'sent', attemptId, ...detail, sentAt: new Date(this.now).toISOString() });
  }

  async release(key: ReminderKey, attemptId: string): Promise<void> {
    const item = this.items.get(this.k(key));
    if (item?.status === 'claimed' && item.attemptId === attemptId) this.items.delete(this.k(key));
  }
}

export class FakeFiles implements Pick<FileStore, 'read'> {
  readonly objects = new Map<string, Uint8Array>();
  readonly reads: string[] = [];

  async read(key: string, maxBytes: number): Promise<{ body: Uint8Array } | { tooLarge: number }> {
    this.reads.push(key);
    const body = this.objects.get(key);
    if (!body) {
      const err = new Error('The specified key does not exist.');
      err.name = 'NoSuchKey';
      throw err;
    }
    return body.byteLength > maxBytes ? { tooLarge: body.byteLength } : { body };
  }
}

export class MemoryLogger implements Log {
  readonly lines: Array<{ level: string; message: string; attributes?: Record<string, unknown> }> = [];
  info(message: string, attributes?: Record<string, unknown>): void { this.lines.push({ level: 'info', message, ...(attributes ? { attributes } : {}) }); }
  warn(message: string, attributes?: Record<string, unknown>): void { this.lines.push({ level: 'warn', message, ...(attributes ? { attributes } : {}) }); }
  error(message: string, attributes?: Record<string, unknown>): void { this.lines.push({ level: 'error', message, ...(attributes ? { attributes } : {}) }); }
}
