// The reminder use case: at instant T (the schedule's time), remind every province missing a due
// report, at most once per run, then send the national office its digest (deadline runs only).
//
// Exactly-once, and the crash windows (see also shared/adapters/reminder-log.ts):
// - send-then-record would e-mail twice whenever an attempt dies between the send and the record,
//   so we claim first: claim (conditional put) -> send -> mark sent. A run retried after a partial
//   failure finds "sent" for those already done and sends only the rest.
// - A claim is a lease with the attempt's id: if the send fails, the claim is released at once; if
//   the attempt crashes, the claim expires after the lease and the retry takes it over. A claim is
//   therefore never blocking forever.
// - What remains is the window between SES accepting a message and the "sent" record (milliseconds):
//   an attempt killed exactly there leaves an unmarked claim, and the retry sends again after the
//   lease. SES offers no idempotency key to close it; we prefer that rare duplicate to a reminder
//   silently never sent.
// - A province whose claim is held by another live attempt is reported as "in-progress" and the run
//   counts as incomplete (the handler fails, the retry picks it up); the digest is claimed the same way.
import type { Campaign } from '../campaign.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';
import {
  DIGEST_TARGET,
  SILENT_LOG,
  type Log,
  type ContactDirectory,
  type FileStore,
  type InboundMailRecord,
  type MailAttachment,
  type Mailer,
  type MailLog,
  type ReminderLog,
  type ReportRepository,
  type SubmissionLog,
} from '../../ports/index.ts';
import { downloadName, snapshotKey } from '../snapshot/keys.ts';
import { buildDigest, digestMessage, type DigestInput, type DigestSummary } from './digest.ts';
import { isCorrection, noticesSince } from '../snapshot/changes.ts';
import { findMissing, planRun, type MissingProvince, type ReminderKind } from './plan.ts';
import { reminderMessage } from './texts.ts';
import { byChannel, MAIL, mailChannel, type Channel, type Recipient } from '../messages/channel.ts';
import { sendWithPortalButton } from '../mail/portal-button.ts';
import { errorText, sendOnce } from './send-once.ts';
import type { PortalLinks } from '../../ports/portal.ts';

export interface ReminderDeps {
  campaign: Campaign;
  reports: Pick<ReportRepository, 'listReportsForDate'>;
  submissions: Pick<SubmissionLog, 'listForDate'>;
  /** Province and national addresses (the sender is the mailer's business). */
  contacts: Pick<ContactDirectory, 'provinceEmails' | 'nationalEmails'>;
  mailer: Mailer;
  reminderLog: ReminderLog;
  /** Reads the day's snapshot to attach it to the digest; without it the digest says it is not available. */
  files?: Pick<FileStore, 'read'>;
  /** Identifies this attempt (one Lambda invocation, one CLI run) in the reminder log's claims. */
  attemptId: string;
  /** The upload bucket's name, shown in the mails' upload path when known. */
  uploadBucket?: string;
  /** Mints the mails' portal buttons; without it the mails explain the S3 folder instead. */
  portalLinks?: PortalLinks;
  /** The submission address: Reply-To of the reminders, which then invite a reply with the file attached. */
  submissionAddress?: string;
  /** Received mail: the digest lists the mails refused on its date. */
  mailLog?: Pick<MailLog, 'listForDate'>;
  /** Channels besides mail (Zalo, SMS…): a province is reminded on each channel it has a recipient on. */
  channels?: readonly Channel[];
  /** A province's recipients on those channels (its mail addresses come from `contacts`). */
  recipients?: RecipientDirectory;
  logger?: Log;
}

export interface RecipientDirectory {
  province(code: string): Promise<Recipient[]>;
}

export interface RunOptions {
  /** The run's instant: the schedule's time, never the wall clock. */
  now: Date;
  kind: ReminderKind;
}

export interface SentReminder {
  province: string;
  to: string[];
  dates: string[];
  /** The channel, when not mail. */
  channel?: string;
}

export type SkipReason =
  /** An earlier attempt of this run already sent it. */
  | 'already-sent'
  /** No address on file for the province. */
  | 'no-contact'
  /** Another attempt holds a live claim on it. */
  | 'in-progress'
  /** The send (or its bookkeeping) failed; the claim was released for a retry. */
  | 'failed';

export interface SkippedReminder {
  province: string;
  dates: string[];
  reason: SkipReason;
  /** For already-sent: the earlier mail's recipients and time. */
  to?: string[];
  sentAt?: string;
  error?: string;
  /** The channel, when not mail. */
  channel?: string;
}

export type DigestStatus = 'sent' | 'already-sent' | 'in-progress' | 'no-recipient' | 'failed';

export interface DigestResult extends DigestSummary {
  status: DigestStatus;
  to: string[];
  error?: string;
}

/** The JSON contract of `bhxh remind --json`. */
export interface ReminderRunResult {
  sent: SentReminder[];
  skipped: SkippedReminder[];
  digest: DigestResult | null;
  /** Why the run had nothing to do (absent when it ran): the plan's status and a sentence for people. */
  idle?: { status: 'outside-campaign' | 'disabled' | 'nothing-due'; message: string };
  /** True when this kind of run is switched off in the campaign (a nudge with nudge.enabled false). */
  disabled?: true;
}

/** Largest snapshot we attach (SES raw messages are limited to 10 MB after encoding). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Whether part of the run is left to a retry (a failed send, a claim held by another attempt). */
export function isIncomplete(result: ReminderRunResult): boolean {
  return result.skipped.some((s) => s.reason === 'failed' || s.reason === 'in-progress')
    || result.digest?.status === 'failed' || result.digest?.status === 'in-progress';
}


export async function runReminders(deps: ReminderDeps, options: RunOptions): Promise<ReminderRunResult> {
  const { campaign, attemptId } = deps;
  const log = deps.logger ?? SILENT_LOG;
  const { now, kind } = options;
  if (Number.isNaN(now.getTime())) throw new Error('runReminders: invalid instant');
  const plan = planRun(campaign, now, kind);
  const context = { kind, runDate: plan.runDate, now: now.toISOString(), campaign: campaign.id, attemptId };
  if (plan.status !== 'due') {
    const why = {
      'outside-campaign': 'Outside the campaign: nothing to do',
      disabled: 'Nudge reminders are disabled for this campaign: nothing to do',
      'nothing-due': 'No report date is due at this time: nothing to do',
    }[plan.status];
    log.info(why, { ...context, status: plan.status });
    const message = {
      'outside-campaign': `${plan.runDate} is outside campaign ${campaign.id} (report dates ${campaign.config.firstReportDate} to ${campaign.config.lastReportDate}): nothing to do`,
      disabled: `${kind} is disabled for campaign ${campaign.id}: nothing sent`,
      'nothing-due': `no report date of campaign ${campaign.id} is due at ${now.toISOString()}: nothing to do`,
    }[plan.status];
    return {
      sent: [], skipped: [], digest: null, idle: { status: plan.status, message },
      ...(plan.status === 'disabled' ? { disabled: true as const } : {}),
    };
  }

  // One Query per due date: the current (accepted) reports.
  const reportsByDate = new Map<string, StoredReport[]>();
  await Promise.all(plan.dates.map(async (d) => { reportsByDate.set(d, await deps.reports.listReportsForDate(d)); }));
  const missingNoDetail = findMissing(campaign, plan.dates, reportsByDate);
  // Rejected attempts: for dates someone is missing (the mails mention them) and the digest's date.
  const submissionDates = new Set(missingNoDetail.flatMap((m) => m.dates.map((d) => d.reportDate)));
  if (plan.digestDate) submissionDates.add(plan.digestDate);
  const submissionsByDate = new Map<string, SubmissionRecord[]>();
  await Promise.all([...submissionDates].map(async (d) => { submissionsByDate.set(d, await deps.submissions.listForDate(d)); }));
  const missing = findMissing(campaign, plan.dates, reportsByDate, submissionsByDate);
  log.info('Reminder run', { ...context, dueDates: plan.dates, missingProvinces: missing.length });

  const result: ReminderRunResult = { sent: [], skipped: [], digest: null };
  for (const m of missing) {
    await remindProvince(deps, log, { runDate: plan.runDate, kind, now }, m, result);
  }

  if (plan.digestDate) {
    result.digest = await sendDigest(deps, log, { runDate: plan.runDate, kind, now, digestDate: plan.digestDate }, {
      reports: reportsByDate.get(plan.digestDate) ?? [],
      submissions: submissionsByDate.get(plan.digestDate) ?? [],
      notices: await loadNotices(deps, reportsByDate, submissionsByDate, now),
      missing,
      result,
    });
  }
  log.info('Reminder run finished', {
    ...context,
    sent: result.sent.length,
    skipped: result.skipped.map((s) => ({ province: s.province, reason: s.reason })),
    digest: result.digest?.status ?? null,
    incomplete: isIncomplete(result),
  });
  return result;
}

interface RunContext {
  runDate: string;
  kind: ReminderKind;
  now: Date;
}

/** A province's recipients: its mail addresses (the contacts), then those on the other channels. */
async function provinceRecipients(deps: ReminderDeps, province: string): Promise<Recipient[]> {
  const [emails, others] = await Promise.all([deps.contacts.provinceEmails(province), deps.recipients?.province(province) ?? []]);
  return [...emails.map((address) => ({ channel: MAIL, address })), ...others];
}

/** A channel's name on a result entry: absent for mail, so the mail-only JSON stays as it was. */
const channelField = (channel: Channel): { channel?: string } => (channel.id === MAIL ? {} : { channel: channel.id });

async function remindProvince(
  deps: ReminderDeps,
  log: Log,
  run: RunContext,
  m: MissingProvince,
  result: ReminderRunResult,
): Promise<void> {
  const province = m.province.code;
  const dates = m.dates.map((d) => d.reportDate);
  const { routes: reachable, unrouted } = byChannel(await provinceRecipients(deps, province), [mailChannel(deps.mailer), ...(deps.channels ?? [])]);
  if (unrouted.length > 0) log.warn('Recipients on a channel this deployment does not have: not reminded there', { province, channels: [...new Set(unrouted.map((r) => r.channel))] });
  if (reachable.length === 0) {
    log.warn('No contact address for a province missing its report: not reminded', { province, dates });
    result.skipped.push({ province, dates, reason: 'no-contact' });
    return;
  }
  for (const { channel, to } of reachable) {
    const outcome = await sendOnce({
      reminderLog: deps.reminderLog, attemptId: deps.attemptId, log, what: 'Reminder', context: { province, dates, channel: channel.id },
      key: { runDate: run.runDate, kind: run.kind, target: province, channel: channel.id },
      to, dates,
      send: () => sendWithPortalButton(to, {
        channel,
        portalLinks: deps.portalLinks,
        principal: (address) => ({ role: 'province', address, province }),
        purpose: 'submit',
        compose: (portalLink) => ({
          message: reminderMessage({
            campaign: deps.campaign,
            kind: run.kind,
            now: run.now,
            missing: m,
            ...(deps.uploadBucket ? { uploadBucket: deps.uploadBucket } : {}),
            ...(portalLink ? { portalLink } : {}),
            ...(deps.submissionAddress ? { submissionAddress: deps.submissionAddress } : {}),
          }),
          mail: deps.submissionAddress ? { replyTo: deps.submissionAddress } : {},
        }),
        onLinkError: (error) => log.warn('Portal link not minted; reminder sent without it', { province, error }),
      }),
    });
    const via = channelField(channel);
    if (outcome.status === 'sent') result.sent.push({ province, to, dates, ...via });
    else if (outcome.status === 'already-sent') result.skipped.push({ province, dates, reason: 'already-sent', to: outcome.to, sentAt: outcome.sentAt, ...via });
    else if (outcome.status === 'in-progress') result.skipped.push({ province, dates, reason: 'in-progress', ...via });
    else result.skipped.push({ province, dates, reason: 'failed', error: outcome.error, ...via });
  }
}

/** Provinces reminded by this run (now or by an earlier attempt), one entry each whatever the channels. */
function remindedProvinces(result: ReminderRunResult): DigestSummary['reminded'] {
  const byProvince = new Map<string, { province: string; to: string[]; dates: string[] }>();
  const done = [...result.sent, ...result.skipped.filter((s) => s.reason === 'already-sent').map((s) => ({ province: s.province, to: s.to ?? [], dates: s.dates }))];
  for (const r of done) {
    const entry = byProvince.get(r.province);
    if (entry) entry.to.push(...r.to.filter((a) => !entry.to.includes(a)));
    else byProvince.set(r.province, { province: r.province, to: [...r.to], dates: r.dates });
  }
  return [...byProvince.values()].sort((a, b) => a.province.localeCompare(b.province));
}

/** The national digest goes by mail only: it carries the snapshot as an attachment. */
async function sendDigest(
  deps: ReminderDeps,
  log: Log,
  run: RunContext & { digestDate: string },
  data: {
    reports: StoredReport[]; submissions: SubmissionRecord[]; missing: MissingProvince[]; result: ReminderRunResult;
    notices: DigestInput['notices'];
  },
): Promise<DigestResult> {
  const { result } = data;
  const attachment = await loadSnapshot(deps, log, run.digestDate);
  const refusedMail = await loadRefusedMail(deps, log, run.digestDate);
  const summary = buildDigest({
    refusedMail,
    notices: data.notices,
    campaign: deps.campaign,
    now: run.now,
    reportDate: run.digestDate,
    reports: data.reports,
    submissions: data.submissions,
    missing: data.missing,
    reminded: remindedProvinces(result),
    noContact: result.skipped.filter((s) => s.reason === 'no-contact').map((s) => s.province),
    failed: result.skipped
      .filter((s) => s.reason === 'failed' || s.reason === 'in-progress')
      .map((s) => ({ province: s.province, error: `${s.channel ? `${s.channel}: ` : ''}${s.error ?? s.reason}` })),
    snapshot: attachment?.filename ?? null,
  });
  const to = dedupe(await deps.contacts.nationalEmails());
  if (to.length === 0) {
    log.warn('No national office address on file: digest not sent', { reportDate: run.digestDate });
    return { ...summary, status: 'no-recipient', to };
  }
  const channel = mailChannel(deps.mailer);
  const outcome = await sendOnce({
    reminderLog: deps.reminderLog, attemptId: deps.attemptId, log, what: 'Digest', context: { reportDate: run.digestDate },
    key: { runDate: run.runDate, kind: run.kind, target: DIGEST_TARGET, channel: channel.id },
    to, dates: [run.digestDate],
    send: () => sendWithPortalButton(to, {
      channel,
      portalLinks: deps.portalLinks,
      principal: (address) => ({ role: 'national', address }),
      purpose: 'open',
      compose: (portalLink) => ({ message: digestMessage(deps.campaign, summary, portalLink), mail: attachment ? { attachments: [attachment] } : {} }),
      onLinkError: (error) => log.warn('Portal link not minted; digest sent without it', { error }),
    }),
  });
  switch (outcome.status) {
    case 'sent':
      log.info('Digest sent', { to, reportDate: run.digestDate, snapshot: summary.snapshot });
      return { ...summary, status: 'sent', to };
    case 'already-sent':
      return { ...summary, status: 'already-sent', to: outcome.to };
    case 'in-progress':
      return { ...summary, status: 'in-progress', to };
    case 'failed':
      return { ...summary, status: 'failed', to, error: outcome.error };
  }
}

/** The mails refused on the digest's date; a failure to read them must not hold the digest back. */
async function loadRefusedMail(deps: ReminderDeps, log: Log, date: string): Promise<InboundMailRecord[]> {
  if (!deps.mailLog) return [];
  try {
    return (await deps.mailLog.listForDate(date)).filter((m) => m.status === 'refused');
  } catch (err) {
    log.error('Received-mail log unreadable: digest sent without it', { date, error: errorText(err) });
    return [];
  }
}

async function loadSnapshot(deps: ReminderDeps, log: Log, reportDate: string): Promise<MailAttachment | undefined> {
  if (!deps.files) return undefined;
  const key = snapshotKey(deps.campaign.id, reportDate, 'xlsx');
  try {
    const read = await deps.files.read(key, MAX_ATTACHMENT_BYTES);
    if ('tooLarge' in read) {
      log.warn('Snapshot too large to attach', { key, bytes: read.tooLarge });
      return undefined;
    }
    return { filename: downloadName(reportDate, 'xlsx'), contentType: XLSX_TYPE, content: read.body };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'NoSuchKey' || name === 'NotFound') log.info('Snapshot not available yet', { key });
    else log.warn('Snapshot could not be read', { key, error: errorText(err) });
    return undefined;
  }
}

function dedupe(emails: readonly string[]): string[] {
  return [...new Set(emails.map((e) => e.trim()).filter((e) => e.length > 0))];
}

/** The digest runs once a day: "since the last digest" is the day before the run's instant. */
const DIGEST_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Reports of every due date received since the last digest with warnings or as corrections; the
 * submission log of each corrected date is Queried (once) for the values before.
 */
async function loadNotices(
  deps: ReminderDeps, reportsByDate: ReadonlyMap<string, StoredReport[]>, submissionsByDate: ReadonlyMap<string, SubmissionRecord[]>, now: Date,
): Promise<DigestInput['notices']> {
  const since = new Date(now.getTime() - DIGEST_INTERVAL_MS);
  const reports = [...reportsByDate.values()].flat();
  const corrected = new Set(reports.filter((r) => isCorrection(r) && Date.parse(r.receivedAt) > since.getTime()).map((r) => r.reportDate));
  const logs = new Map(submissionsByDate);
  await Promise.all([...corrected].filter((d) => !logs.has(d)).map(async (d) => { logs.set(d, await deps.submissions.listForDate(d)); }));
  return { since, reports: noticesSince(deps.campaign, reports, (d) => logs.get(d) ?? [], since, now) };
}
