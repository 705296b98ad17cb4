// The mail-intake use case: one received mail (raw, kept under mail/inbound/) → sender check →
// each spreadsheet attached written to incoming/<code>/ for the unchanged parser, which then answers
// in the mail's thread; or a refusal, recorded (listed in the digest), answered only when the sender
// is a registered contact. Safe to run twice for the same mail: the mail log remembers the outcome.
import type { Campaign } from '../campaign.ts';
import { readReport } from '../form/read-report.ts';
import { INCOMING_PREFIX } from '../../contract.ts';
import { mailUploadMetadata, replyThreading, type MailSource } from '../intake/origin.ts';
import type { ContactDirectory, FileStore, InboundMailRecord, Mailer, MailLog } from '../../ports/index.ts';
import { classifyAttachment, findShareLink, type AttachmentClass } from './attachments.ts';
import { mailChannel } from '../messages/channel.ts';
import { parseMime, UnreadableMailError, type InboundMessage } from './mime.ts';
import { refusalMessage, SILENT_REFUSALS, type Refusal, type RefusalCode } from './refusals.ts';
import { checkSesVerdicts, domainOf, matchSender, type SesVerdicts } from './sender-check.ts';

/** SES accepts messages up to 40 MB; the local SMTP server the same. */
export const MAX_RAW_MAIL_BYTES = 40 * 1024 * 1024;
/** Report files taken from one mail at most (a month of days, with room). */
export const MAX_REPORTS_PER_MAIL = 40;

/** One received mail, as the notification announces it. */
export interface InboundMailRef {
  key: string;
  sesMessageId: string;
  receivedAt: string;
  /** Envelope sender (MAIL FROM). */
  envelopeFrom?: string;
  /** SES's verdicts; absent where nobody checked (the local stack). */
  verdicts?: SesVerdicts;
}

export interface MailIntakeDeps {
  campaign: Campaign;
  files: FileStore;
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

/** A file name safe as the last part of an S3 key: no path, no control characters, bounded. */
export function safeFileName(name: string, index: number, format?: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
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
const done = (r: InboundMailRecord): boolean => r.status === 'accepted' || r.replied || SILENT_REFUSALS.has(r.reason as RefusalCode);

export async function processInboundMail(deps: MailIntakeDeps, ref: InboundMailRef): Promise<MailOutcome> {
  const date = deps.campaign.localDate(new Date(ref.receivedAt));
  const existing = await deps.mailLog.get(date, ref.receivedAt, ref.sesMessageId);
  if (existing && done(existing)) return { kind: 'duplicate', record: existing };

  const base: InboundMailRecord = {
    key: ref.key, sesMessageId: ref.sesMessageId, receivedAt: ref.receivedAt, date,
    from: '', subject: '', status: 'refused', uploads: [], replied: false,
  };
  const raw = await deps.files.read(ref.key, MAX_RAW_MAIL_BYTES);
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
  if (message.from.length !== 1) {
    return refuse(deps, record, undefined, { code: 'sender-unknown', detail: `From has ${message.from.length} addresses` });
  }

  const match = matchSender(await deps.contacts.provincesOfAddress(from));
  const province = match.status === 'registered' ? match.province : undefined;
  const answer = match.status !== 'unknown' ? message : undefined;
  if (deps.checkAuthentication) {
    const auth = checkSesVerdicts(ref.verdicts ?? {}, {
      fromDomain: domainOf(from), ...(ref.envelopeFrom ? { envelopeFrom: ref.envelopeFrom } : {}), dkimDomains: message.dkimDomains,
    });
    if (!auth.ok) return refuse(deps, { ...record, ...(province ? { province } : {}) }, answer, { code: auth.reason, detail: auth.detail });
  }
  if (match.status === 'unknown') return refuse(deps, record, undefined, { code: 'sender-unknown', detail: 'From is no registered contact' });
  if (match.status === 'ambiguous') {
    return refuse(deps, record, message, { code: 'sender-ambiguous', detail: `From is a contact of ${match.provinces.join(', ')}`, provinces: match.provinces });
  }
  const withProvince = { ...record, province: match.province };

  const classes = await Promise.all(message.attachments.map((part) => classifyAttachment(part)));
  const problem = attachmentProblem(classes, message);
  if (problem) return refuse(deps, withProvince, message, problem);
  const reports = classes.filter((c) => c.kind === 'spreadsheet').slice(0, MAX_REPORTS_PER_MAIL);

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
  const accepted: InboundMailRecord = { ...withProvince, status: 'accepted', uploads };
  await deps.mailLog.record(accepted);
  deps.log('info', 'Mail taken as a submission', { key: ref.key, province: match.province, uploads: uploads.length });
  return { kind: 'accepted', record: accepted };
}

/** Why the attachments are no submission, checked in the order a clerk can act on. */
function attachmentProblem(classes: AttachmentClass[], message: InboundMessage): Refusal | undefined {
  const first = <K extends AttachmentClass['kind']>(kind: K) => classes.find((c): c is Extract<AttachmentClass, { kind: K }> => c.kind === kind);
  const tooLarge = first('too-large');
  if (tooLarge) return { code: 'attachment-too-large', detail: `${tooLarge.size} bytes`, files: [tooLarge.part.filename], sizeBytes: tooLarge.size };
  const winmail = first('winmail');
  if (winmail) return { code: 'winmail-dat', detail: 'Outlook TNEF (winmail.dat) attachment', files: [winmail.part.filename || 'winmail.dat'] };
  const archive = first('archive');
  if (archive) return { code: 'archive', detail: 'compressed archive attached', files: [archive.part.filename] };
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
  const refused: InboundMailRecord = { ...record, status: 'refused', reason: refusal.code, detail: refusal.detail, uploads: [] };
  await deps.mailLog.record(refused);
  deps.log('warn', 'Mail refused', { key: record.key, reason: refusal.code, detail: refusal.detail, province: record.province, from: record.from });
  if (!answerTo || SILENT_REFUSALS.has(refusal.code)) return { kind: 'refused', record: refused, refusal };

  const message = refusalMessage({
    campaign: deps.campaign, refusal, ...(record.province ? { province: record.province } : {}), from: record.from,
    subject: answerTo.subject, receivedAt: new Date(record.receivedAt),
  });
  const threading = replyThreading({ ...(answerTo.messageId ? { messageId: answerTo.messageId } : {}), from: record.from, subject: answerTo.subject, references: answerTo.references });
  await mailChannel(deps.mailer).send([record.from], {
    message, mail: { ...threading, ...(deps.submissionAddress ? { replyTo: deps.submissionAddress } : {}) },
  });
  const replied = { ...refused, replied: true };
  await deps.mailLog.record(replied);
  return { kind: 'refused', record: replied, refusal };
}
