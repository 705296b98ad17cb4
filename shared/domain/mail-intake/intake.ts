// The mail-intake use case: one received mail (raw, kept under mail/inbound/) → sender check →
// each spreadsheet attached written to incoming/<code>/ for the unchanged parser, which then answers
// in the mail's thread; or a refusal, recorded (listed in the digest), answered only when the sender
// is a registered, authenticated contact and the mail was written by a person (never a machine's mail:
// no reply loops; never an unproven sender: no backscatter), and only while the sender's replies of
// the day last. Safe to run twice for the same mail: the mail log remembers the outcome.
import type { Campaign } from '../campaign.ts';
import { readReport } from '../form/read-report.ts';
import { INCOMING_PREFIX } from '../../contract.ts';
import { mailUploadMetadata, replyThreading, type MailSource } from '../intake/origin.ts';
import type { ContactDirectory, FileStore, InboundMailRecord, Mailer, MailLog } from '../../ports/index.ts';
import { classifyAttachment, findShareLink, type AttachmentClass } from './attachments.ts';
import { parseMime, UnreadableMailError, type InboundMessage } from './mime.ts';
import { mailChannel } from '../messages/channel.ts';
import type { Message } from '../messages/model.ts';
import { filesPastLimitMessage, refusalMessage, SILENT_REFUSALS, type Refusal, type RefusalCode } from './refusals.ts';
import { checkSesVerdicts, domainOf, headerDomains, matchSender, type SesVerdicts } from './sender-check.ts';
import { clip, FIELD_LIMITS, shownFileName, withoutBidi } from '../shown-text.ts';

/** SES accepts messages up to 40 MB; the local SMTP server the same. */
export const MAX_RAW_MAIL_BYTES = 40 * 1024 * 1024;
/** Report files taken from one mail at most (a month of days, with room). */
export const MAX_REPORTS_PER_MAIL = 40;

/** One received mail, as the notification announces it. */
export interface InboundMailRef {
  key: string;
  sesMessageId: string;
  receivedAt: string;
  /** Envelope sender (MAIL FROM); "" (or "<>") for a bounce's null return path. */
  envelopeFrom?: string;
  /** The From header as SES read it (its DMARC verdict is about these). */
  headerFrom?: string[];
  /** SES's verdicts; absent where nobody checked (the local stack). */
  verdicts?: SesVerdicts;
}

export interface MailIntakeDeps {
  campaign: Campaign;
  /** The report bucket: attachments are handed to the parser under incoming/. */
  files: FileStore;
  /** Where SES stored the raw message, when not the report bucket (a receiving region's bucket). */
  rawMail?: FileStore;
  contacts: ContactDirectory;
  mailer: Mailer;
  mailLog: MailLog;
  /** Where replies are invited (Reply-To of the refusal). */
  submissionAddress?: string;
  /** Whether SES verdicts decide too (AWS); false on the local stack, where only the contacts directory can. */
  checkAuthentication: boolean;
  log: (level: 'info' | 'warn', message: string, detail?: Record<string, unknown>) => void;
}

export type MailOutcome =
  | { kind: 'duplicate'; record: InboundMailRecord }
  | { kind: 'accepted'; record: InboundMailRecord }
  | { kind: 'refused'; record: InboundMailRecord; refusal: Refusal };

/** A file name safe as the last part of an S3 key: no path, no control or bidi characters, bounded. */
export function safeFileName(name: string, index: number, format?: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = withoutBidi(base.normalize('NFC')).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (clean.length > 120) {
    const ext = /\.[A-Za-z0-9]{1,5}$/.exec(clean)?.[0] ?? '';
    clean = `${clean.slice(0, 120 - ext.length)}${ext}`;
  }
  return clean || `tep-dinh-kem-${index + 1}${format ? `.${format}` : ''}`;
}

/** incoming/<code>/<received-at>-<name>: the stamp keeps two mails' files of the same name apart. */
export function mailUploadKey(province: string, receivedAt: string, fileName: string): string {
  return `${INCOMING_PREFIX}${province}/${receivedAt.replace(/[:.]/g, '-')}-${fileName}`;
}

/** Nothing left to do for a mail: taken, answered, or refused without an answer to give. */
const done = (r: InboundMailRecord): boolean => r.status === 'accepted' || r.replied || r.unanswered !== undefined || SILENT_REFUSALS.has(r.reason as RefusalCode);

/** A record as it may be written: every field from outside cut to its limit (an item stays far under 400 KB). */
function bounded(r: InboundMailRecord): InboundMailRecord {
  return {
    ...r,
    from: clip(r.from, FIELD_LIMITS.address),
    subject: clip(r.subject, FIELD_LIMITS.subject),
    ...(r.messageId !== undefined ? { messageId: clip(r.messageId, FIELD_LIMITS.address) } : {}),
    ...(r.detail !== undefined ? { detail: clip(r.detail, FIELD_LIMITS.detail) } : {}),
  };
}

const NULL_PATH = /^\s*<?\s*>?\s*$/;
const MACHINE_SENDER = /^(mailer-daemon|postmaster)@/i;

/** Why a mail was written by a machine (RFC 3834 headers, lists, bounces), if it was. */
function automaticReason(message: InboundMessage, ref: InboundMailRef): string | undefined {
  if (message.automatic) return message.automatic;
  if (ref.envelopeFrom !== undefined && NULL_PATH.test(ref.envelopeFrom)) return 'null envelope sender (MAIL FROM:<>)';
  if (message.returnPath !== undefined && NULL_PATH.test(message.returnPath)) return 'Return-Path: <>';
  const sender = [message.from[0] ?? '', ref.envelopeFrom ?? ''].find((a) => MACHINE_SENDER.test(a));
  return sender ? `sent by ${sender}` : undefined;
}

export async function processInboundMail(deps: MailIntakeDeps, ref: InboundMailRef): Promise<MailOutcome> {
  const date = deps.campaign.localDate(new Date(ref.receivedAt));
  const existing = await deps.mailLog.get(date, ref.receivedAt, ref.sesMessageId);
  if (existing && done(existing)) return { kind: 'duplicate', record: existing };

  const base: InboundMailRecord = {
    key: ref.key, sesMessageId: ref.sesMessageId, receivedAt: ref.receivedAt, date,
    from: '', subject: '', status: 'refused', uploads: [], replied: false,
  };
  const raw = await (deps.rawMail ?? deps.files).read(ref.key, MAX_RAW_MAIL_BYTES);
  if ('tooLarge' in raw) {
    return refuse(deps, base, undefined, { code: 'unreadable', detail: `raw message of ${raw.tooLarge} bytes is over ${MAX_RAW_MAIL_BYTES}` });
  }
  let message: InboundMessage;
  try {
    message = await parseMime(raw.body);
  } catch (error) {
    if (!(error instanceof UnreadableMailError)) throw error;
    return refuse(deps, base, undefined, { code: 'unreadable', detail: error.message });
  }
  const from = message.from[0] ?? '';
  const record: InboundMailRecord = {
    ...base, from, subject: message.subject, ...(message.messageId ? { messageId: message.messageId } : {}),
  };
  const automatic = automaticReason(message, ref);
  if (automatic) return refuse(deps, record, undefined, { code: 'automatic', detail: automatic });
  if (message.from.length !== 1) {
    return refuse(deps, record, undefined, { code: 'sender-unknown', detail: `From has ${message.from.length} addresses` });
  }
  if (!message.fromPlain) return refuse(deps, record, undefined, { code: 'from-malformed', detail: 'From is not one plain address' });

  const match = matchSender(await deps.contacts.provincesOfAddress(from));
  const province = match.status === 'registered' ? match.province : undefined;
  if (deps.checkAuthentication) {
    const auth = checkSesVerdicts(ref.verdicts ?? {}, {
      fromDomain: domainOf(from), ...(ref.envelopeFrom ? { envelopeFrom: ref.envelopeFrom } : {}), dkimDomains: message.dkimDomains,
      ...(ref.headerFrom ? { sesFromDomains: headerDomains(ref.headerFrom) } : {}),
    });
    // Only an authenticated sender is answered (spam, virus); a failed authentication never is.
    if (!auth.ok) return refuse(deps, { ...record, ...(province ? { province } : {}) }, match.status !== 'unknown' ? message : undefined, { code: auth.reason, detail: auth.detail });
  }
  if (match.status === 'unknown') return refuse(deps, record, undefined, { code: 'sender-unknown', detail: 'From is no registered contact' });
  if (match.status === 'ambiguous') {
    return refuse(deps, record, message, { code: 'sender-ambiguous', detail: `From is a contact of ${match.provinces.join(', ')}`, provinces: match.provinces });
  }
  const withProvince = { ...record, province: match.province };

  const classes = await Promise.all(message.attachments.map((part) => classifyAttachment(part)));
  const problem = attachmentProblem(classes, message);
  if (problem) return refuse(deps, withProvince, message, problem);
  const spreadsheets = classes.filter((c) => c.kind === 'spreadsheet');
  const reports = spreadsheets.slice(0, MAX_REPORTS_PER_MAIL);
  const pastLimit = spreadsheets.slice(MAX_REPORTS_PER_MAIL).map((c, i) => shownFileName(c.part.filename || `tệp ${MAX_REPORTS_PER_MAIL + i + 1}`));

  const named = reports.map((c, i) => ({ c, name: safeFileName(c.part.filename, i, c.format) }));
  dedupeNames(named);
  const sameDate = await sameReportDate(deps.campaign, named);
  if (sameDate) return refuse(deps, withProvince, message, sameDate);

  const source: MailSource = { ...(message.messageId ? { messageId: message.messageId } : {}), from, subject: message.subject, references: message.references };
  const metadata = mailUploadMetadata(source);
  const uploads: string[] = [];
  for (const { c, name } of named) {
    const key = mailUploadKey(match.province, ref.receivedAt, name);
    await deps.files.write(key, c.part.content, c.part.contentType || 'application/octet-stream', metadata);
    uploads.push(key);
  }
  const accepted: InboundMailRecord = bounded({
    ...withProvince, status: 'accepted', uploads,
    ...(pastLimit.length ? { detail: `${pastLimit.length} file(s) past the ${MAX_REPORTS_PER_MAIL} a mail may carry: ${pastLimit.join(', ')}` } : {}),
  });
  await deps.mailLog.record(accepted);
  deps.log('info', 'Mail taken as a submission', { key: ref.key, province: match.province, uploads: uploads.length, pastLimit: pastLimit.length });
  if (pastLimit.length === 0) return { kind: 'accepted', record: accepted };
  const note = filesPastLimitMessage({ campaign: deps.campaign, province: match.province, files: pastLimit, taken: MAX_REPORTS_PER_MAIL });
  return { kind: 'accepted', record: await answer(deps, accepted, message, note) };
}

/** Why the attachments are no submission, checked in the order a clerk can act on. */
function attachmentProblem(classes: AttachmentClass[], message: InboundMessage): Refusal | undefined {
  const first = <K extends AttachmentClass['kind']>(kind: K) => classes.find((c): c is Extract<AttachmentClass, { kind: K }> => c.kind === kind);
  const tooLarge = first('too-large');
  if (tooLarge) return { code: 'attachment-too-large', detail: `${tooLarge.size} bytes`, files: [shownFileName(tooLarge.part.filename)], sizeBytes: tooLarge.size };
  const winmail = first('winmail');
  if (winmail) return { code: 'winmail-dat', detail: 'Outlook TNEF (winmail.dat) attachment', files: [shownFileName(winmail.part.filename || 'winmail.dat')] };
  const archive = first('archive');
  if (archive) return { code: 'archive', detail: 'compressed archive attached', files: [shownFileName(archive.part.filename)] };
  if (classes.some((c) => c.kind === 'spreadsheet')) return undefined;
  const link = findShareLink(message.text);
  if (link) return { code: 'link', detail: 'a file-sharing link instead of an attachment', link };
  return { code: 'no-spreadsheet', detail: `${classes.length} attachment(s), none a spreadsheet` };
}

function dedupeNames(named: Array<{ name: string }>): void {
  const seen = new Set<string>();
  for (const n of named) {
    let name = n.name;
    for (let i = 2; seen.has(name); i++) name = n.name.replace(/(\.[A-Za-z0-9]{1,5})?$/, (ext) => `-${i}${ext}`);
    seen.add(name);
    n.name = name;
  }
}

/** Two files of one mail for the same report date: which one the clerk meant is not ours to guess. */
async function sameReportDate(campaign: Campaign, named: Array<{ c: AttachmentClass; name: string }>): Promise<Refusal | undefined> {
  const byDate = new Map<string, string[]>();
  for (const { c, name } of named) {
    if (c.kind !== 'spreadsheet' || !c.format) continue;
    const read = await readReport(c.part.content, name, campaign);
    if (!read.reportDate) continue;
    byDate.set(read.reportDate, [...(byDate.get(read.reportDate) ?? []), name]);
  }
  for (const [reportDate, files] of byDate) {
    if (files.length > 1) return { code: 'same-date', detail: `${files.length} files for ${reportDate}`, files, reportDate };
  }
  return undefined;
}

/** Records the refusal, then answers it when there is somebody registered to answer. */
async function refuse(
  deps: MailIntakeDeps, record: InboundMailRecord, answerTo: InboundMessage | undefined, refusal: Refusal,
): Promise<MailOutcome> {
  const refused = bounded({ ...record, status: 'refused', reason: refusal.code, detail: refusal.detail, uploads: [] });
  await deps.mailLog.record(refused);
  deps.log('warn', 'Mail refused', { key: record.key, reason: refusal.code, detail: refused.detail, province: record.province, from: refused.from });
  if (!answerTo || SILENT_REFUSALS.has(refusal.code)) return { kind: 'refused', record: refused, refusal };

  const reply = refusalMessage({
    campaign: deps.campaign, refusal, ...(record.province ? { province: record.province } : {}), from: refused.from,
    subject: answerTo.subject, receivedAt: new Date(record.receivedAt),
  });
  return { kind: 'refused', record: await answer(deps, refused, answerTo, reply), refusal };
}

/** The replies already sent to `address` on the record's date (refusals and notes). */
async function repliesToday(deps: MailIntakeDeps, record: InboundMailRecord): Promise<number> {
  const address = record.from.toLowerCase();
  const day = await deps.mailLog.listForDate(record.date);
  return day.filter((r) => r.replied && r.from.toLowerCase() === address && r.sesMessageId !== record.sesMessageId).length;
}

/** Sends one answer in the thread of the mail, unless the sender's replies of the day are spent. */
async function answer(
  deps: MailIntakeDeps, record: InboundMailRecord, answerTo: InboundMessage, message: Message,
): Promise<InboundMailRecord> {
  const budget = deps.campaign.config.mailIntake.repliesPerAddressPerDay;
  if (await repliesToday(deps, record) >= budget) {
    const silenced: InboundMailRecord = { ...record, unanswered: 'reply-budget' };
    await deps.mailLog.record(silenced);
    deps.log('warn', 'Reply not sent: the sender\'s replies of the day are spent', { key: record.key, from: record.from, budget });
    return silenced;
  }
  const threading = replyThreading({ ...(answerTo.messageId ? { messageId: answerTo.messageId } : {}), from: record.from, subject: answerTo.subject, references: answerTo.references });
  await mailChannel(deps.mailer).send([record.from], {
    message, mail: { ...threading, autoSubmitted: 'auto-replied', ...(deps.submissionAddress ? { replyTo: deps.submissionAddress } : {}) },
  });
  const replied = { ...record, replied: true };
  await deps.mailLog.record(replied);
  return replied;
}
