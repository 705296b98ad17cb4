// The intake use case: one uploaded file → verdict → report (newest upload wins), submission log,
// error report, ReportAccepted event, mail to the province. Safe to run twice for the same upload:
// every write is idempotent and the mail is sent at most once (claimed in the log before sending).
import { Buffer } from 'node:buffer';
import type { Campaign } from '../campaign.ts';
import { boundedVerdict, errors as E, REPORTED_FINDINGS, SHOWN_FINDINGS } from '../findings.ts';
import { readReport } from '../form/read-report.ts';
import type { AcceptedVerdict, Finding, ReadResult, RejectedVerdict, StoredReport, SubmissionRecord } from '../report.ts';
import { applyRules, firstReceivedAt } from '../rules.ts';
import { uploadMessage, type UploadMessageInput } from './emails.ts';
import { mailChannel } from '../messages/channel.ts';
import { sendWithPortalButton } from '../mail/portal-button.ts';
import type { PortalLinks } from '../../ports/portal.ts';
import { replyThreading, submittedFileName, uploadSourceFromMetadata, type UploadSource } from './origin.ts';
import type {
  ContactDirectory, EventPublisher, FileStore, Log, Mailer, ReportRepository, SubmissionLog, UploadRef,
} from '../../ports/index.ts';
import { ERRORS_PREFIX, INCOMING_PREFIX } from '../../contract.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';


export interface IntakeDeps {
  campaign: Campaign;
  reports: ReportRepository;
  submissions: SubmissionLog;
  files: FileStore;
  events: EventPublisher;
  mailer: Mailer;
  contacts: ContactDirectory;
  log: Log;
  maxUploadBytes?: number;
  /** Mints the mails' portal buttons; without it the mails explain the S3 folder instead. */
  portalLinks?: PortalLinks;
  /** The submission address (Reply-To of every mail, so a reply with the file attached is a submission). */
  submissionAddress?: string;
}

export type UploadOutcome =
  | { kind: 'duplicate'; key: string }
  | { kind: 'folder-marker'; key: string }
  | { kind: 'accepted'; province: string; reportDate: string; current: boolean; late: boolean; verdict: AcceptedVerdict; notified: boolean; mailError?: string }
  | { kind: 'rejected'; province: string; errorReportKey: string; verdict: RejectedVerdict; notified: boolean; mailError?: string };

/** The province folder of uploads whose key names none (errors/unknown/…). */
export const UNKNOWN_PROVINCE = 'unknown';

/** What an object key under incoming/ says about the upload. */
export type UploadKey =
  /** A key ending in "/": the empty object the S3 console's "Create folder" makes. */
  | { kind: 'folder-marker' }
  /** incoming/<code>/…/<file name>: the code is authoritative for the province. */
  | { kind: 'upload'; province: string; fileName: string }
  /** A key that cannot be taken as it is: rejected to `province` (UNKNOWN_PROVINCE when it names none). */
  | { kind: 'bad'; province: string; fileName: string; error: Finding };

const BAD_SEGMENT = new Set(['', '.', '..']);

export function parseUploadKey(key: string): UploadKey {
  if (key.endsWith('/')) return { kind: 'folder-marker' };
  const rest = key.startsWith(INCOMING_PREFIX) ? key.slice(INCOMING_PREFIX.length) : key;
  const segments = rest.split('/');
  const fileName = segments.at(-1) ?? '';
  if (segments.length < 2) return { kind: 'bad', province: UNKNOWN_PROVINCE, fileName, error: E.noProvinceFolder(fileName) };
  const first = segments[0]!;
  const province = BAD_SEGMENT.has(first) ? UNKNOWN_PROVINCE : first;
  // incoming/27/../01/x.xlsx must never count for 01 (nor for 27): S3 keeps such keys literally.
  if (segments.some((s) => BAD_SEGMENT.has(s))) return { kind: 'bad', province, fileName, error: E.badUploadKey(key) };
  return { kind: 'upload', province, fileName };
}

/** S3 refuses keys over 1,024 bytes (UTF-8); a long upload name must still leave room for its error report. */
const MAX_KEY_BYTES = 1024;

function clipUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/** Where the machine-readable error report of a rejected upload is kept (outside incoming/, so it
 *  triggers nothing), named after the upload so a person finds it beside the original. */
export function errorReportKey(upload: UploadRef, province: string, fileName: string): string {
  const stamp = upload.receivedAt.replace(/[:.]/g, '-');
  const prefix = `${ERRORS_PREFIX}${province}/${stamp}-`;
  const name = fileName.replace(/^\.+$/, '') || 'upload';
  const room = MAX_KEY_BYTES - Buffer.byteLength(prefix, 'utf8') - '.json'.length;
  return `${prefix}${clipUtf8(name, room)}.json`;
}

export async function processUpload(deps: IntakeDeps, upload: UploadRef): Promise<UploadOutcome> {
  const { campaign } = deps;
  const key = parseUploadKey(upload.key);
  if (key.kind === 'folder-marker') {
    deps.log.info('Folder marker ignored (no submission, no mail)', { key: upload.key });
    return { kind: 'folder-marker', key: upload.key };
  }
  if (await deps.submissions.wasNotified(upload)) return { kind: 'duplicate', key: upload.key };

  const { province, fileName } = key;
  const receivedAt = new Date(upload.receivedAt);
  const { read, source } = key.kind === 'bad'
    ? { read: { errors: [key.error], warnings: [] } satisfies ReadResult, source: { origin: 's3' } satisfies UploadSource }
    : await readUpload(deps, upload, fileName);
  const known = key.kind === 'upload' && read.namedProvince === province;
  const [previous, sameDate] = known && read.reportDate
    ? await Promise.all([deps.reports.previousReport(province, read.reportDate), deps.reports.getReport(province, read.reportDate)])
    : [undefined, undefined];
  // A redelivery of the upload that holds the date is not a correction of it.
  const replaced = sameDate && !(sameDate.objectKey === upload.key && sameDate.sequencer === upload.sequencer) ? sameDate : undefined;
  const judged = applyRules(read, { campaign, uploadedFor: province, previous, receivedAt, sameDate });
  // What is stored, mailed and returned: a file may hold thousands of findings quoting long cells.
  const verdict = boundedVerdict(judged, SHOWN_FINDINGS);

  let current = false;
  let late = false;
  let errorKey = '';
  if (verdict.status === 'accepted') {
    const first = firstReceivedAt(receivedAt, sameDate);
    late = campaign.isLate(verdict.reportDate, first);
    const report: StoredReport = {
      province,
      reportDate: verdict.reportDate,
      values: verdict.values,
      receivedAt: upload.receivedAt,
      firstReceivedAt: first.toISOString(),
      sequencer: upload.sequencer,
      late,
      objectKey: upload.key,
      warnings: verdict.warnings,
    };
    current = await deps.reports.putIfNewer(report);
    // An older upload arriving after a newer one still decides on-time if it came first.
    if (!current) await deps.reports.noteFirstUpload(province, report.reportDate, report.firstReceivedAt!, late);
    // Only the upload that now holds the date changes the national picture.
    if (current) await deps.events.reportAccepted({ province, reportDate: report.reportDate, receivedAt: upload.receivedAt });
  } else {
    errorKey = errorReportKey(upload, province, fileName);
    await deps.files.write(errorKey, `${JSON.stringify({ upload, ...boundedVerdict(judged, REPORTED_FINDINGS) }, null, 2)}\n`, 'application/json; charset=utf-8');
    if (province === UNKNOWN_PROVINCE) deps.log.warn('Upload outside a province folder; error report written', { key: upload.key, errorReportKey: errorKey });
  }

  const submission: SubmissionRecord = {
    province,
    reportDate: verdict.reportDate ?? campaign.localDate(receivedAt),
    receivedAt: upload.receivedAt,
    sequencer: upload.sequencer,
    objectKey: upload.key,
    status: verdict.status,
    late,
    superseded: verdict.status === 'accepted' && !current,
    values: verdict.values,
    warnings: verdict.warnings,
    errors: verdict.errors,
    origin: source.origin,
    ...(verdict.source ? { source: verdict.source } : {}),
    ...(source.mail?.messageId ? { mailMessageId: source.mail.messageId } : {}),
  };
  await deps.submissions.record(submission, upload);

  // Claimed before sending, so a delivery repeated after a crash never mails the province twice.
  if (!(await deps.submissions.claimNotification(upload))) return { kind: 'duplicate', key: upload.key };
  let mail: Awaited<ReturnType<typeof notifyProvince>>;
  try {
    mail = await notifyProvince(deps, {
      campaign, verdict, fileName: submittedFileName(upload.key, source.origin), receivedAt, late, superseded: submission.superseded,
      ...(current && replaced ? { replaces: replaced } : {}),
      // A rejected file leaves the date's accepted report as it is: the mail says so first.
      ...(verdict.status === 'rejected' && sameDate ? { keeps: sameDate } : {}),
      submissionAddress: deps.submissionAddress,
    }, source);
  } catch (error) {
    // Failed before a send was attempted (e.g. reading the contacts): give the claim back so the retry mails.
    await deps.submissions.releaseNotification(upload);
    throw error;
  }
  // A send that failed (SES refused, throttling past the mailer's retries) is recorded as mailError, not
  // retried with the whole intake (which would re-parse the file).
  await deps.submissions.markNotified(upload, mail.error);
  const mailFacts = { notified: mail.sent, ...(mail.error ? { mailError: mail.error } : {}) };

  return verdict.status === 'accepted'
    ? { kind: 'accepted', province, reportDate: verdict.reportDate, current, late, verdict, ...mailFacts }
    : { kind: 'rejected', province, errorReportKey: errorKey, verdict, ...mailFacts };
}

async function readUpload(deps: IntakeDeps, upload: UploadRef, fileName: string): Promise<{ read: ReadResult; source: UploadSource }> {
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const unknown: UploadSource = { origin: 's3' };
  if (upload.size > maxBytes) return { read: { errors: [E.fileTooLarge(upload.size, maxBytes)], warnings: [] }, source: unknown };
  const object = await deps.files.read(upload.key, maxBytes, upload.versionId);
  if ('tooLarge' in object) return { read: { errors: [E.fileTooLarge(object.tooLarge, maxBytes)], warnings: [] }, source: unknown };
  return { read: await readReport(object.body, fileName, deps.campaign), source: uploadSourceFromMetadata(object.metadata) };
}

async function notifyProvince(deps: IntakeDeps, input: UploadMessageInput, source: UploadSource): Promise<{ sent: boolean; error?: string }> {
  const { verdict, fileName } = input;
  const to = deps.campaign.province(verdict.province) ? await deps.contacts.provinceEmails(verdict.province) : [];
  if (to.length === 0) {
    // Nobody to tell: the operator must know, the upload is still fully recorded.
    deps.log.warn('No contact address for province; upload recorded without mail', { province: verdict.province, fileName });
    return { sent: false };
  }
  try {
    // A file taken from a mail is answered in that mail's thread, its sender first. The metadata
    // only names a sender the directory lists for this province, so it cannot steer mail elsewhere.
    const sender = source.mail && to.find((a) => a.toLowerCase() === source.mail!.from.toLowerCase());
    const threading = source.mail && sender ? replyThreading(source.mail) : {};
    await sendWithPortalButton(sender ? [sender, ...to.filter((a) => a !== sender)] : to, {
      channel: mailChannel(deps.mailer),
      portalLinks: deps.portalLinks,
      principal: (address) => ({ role: 'province', address, province: verdict.province }),
      purpose: verdict.status === 'accepted' ? 'open' : 'submit',
      compose: (portalLink) => ({
        message: uploadMessage({ ...input, ...(portalLink ? { portalLink } : {}) }),
        mail: { ...threading, ...(deps.submissionAddress ? { replyTo: deps.submissionAddress } : {}) },
      }),
      onLinkError: (error) => deps.log.warn('Portal link not minted; mail sent without it', { error }),
    });
    return { sent: true };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    deps.log.warn('Mail to province failed; recorded on the submission', { province: verdict.province, fileName, error: message });
    return { sent: false, error: message.slice(0, 500) };
  }
}
