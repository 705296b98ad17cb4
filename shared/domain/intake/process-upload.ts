// The intake use case: one uploaded file → verdict → report (newest upload wins), submission log,
// error report, ReportAccepted event, mail to the province. Safe to run twice for the same upload:
// every write is idempotent and the mail is sent once (the log remembers it was).
import type { Campaign } from '../campaign.ts';
import { errors as E } from '../findings.ts';
import { readReport } from '../form/read-report.ts';
import type { ReadResult, StoredReport, SubmissionRecord, Verdict } from '../report.ts';
import { applyRules } from '../rules.ts';
import { uploadMail } from './emails.ts';
import { replyThreading, uploadSourceFromMetadata, type UploadSource } from './origin.ts';
import type {
  ContactDirectory, EventPublisher, FileStore, Mailer, ReportRepository, SubmissionLog, UploadRef,
} from '../../ports/index.ts';

export const INCOMING_PREFIX = 'incoming/';
export const ERRORS_PREFIX = 'errors/';
/** A daily report is tens of kilobytes; anything past this is refused unread. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export interface IntakeDeps {
  campaign: Campaign;
  reports: ReportRepository;
  submissions: SubmissionLog;
  files: FileStore;
  events: EventPublisher;
  mailer: Mailer;
  contacts: ContactDirectory;
  log: (level: 'info' | 'warn', message: string, detail?: Record<string, unknown>) => void;
  maxUploadBytes?: number;
  /** The submission address (Reply-To of every mail, so a reply with the file attached is a submission). */
  submissionAddress?: string;
}

export type UploadOutcome =
  | { kind: 'duplicate'; key: string }
  | { kind: 'accepted'; province: string; reportDate: string; current: boolean; late: boolean; verdict: Verdict; notified: boolean }
  | { kind: 'rejected'; province: string; errorReportKey: string; verdict: Verdict; notified: boolean };

/** incoming/<code>/<file name> → its parts; the code is authoritative for the province. */
export function parseUploadKey(key: string): { province: string; fileName: string } | undefined {
  if (!key.startsWith(INCOMING_PREFIX)) return undefined;
  const rest = key.slice(INCOMING_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { province: rest.slice(0, slash), fileName: rest.slice(rest.lastIndexOf('/') + 1) };
}

/** Where the machine-readable error report of a rejected upload is kept (outside incoming/, so it
 *  triggers nothing), named after the upload so a person finds it beside the original. */
export function errorReportKey(upload: UploadRef, province: string, fileName: string): string {
  const stamp = upload.receivedAt.replace(/[:.]/g, '-');
  return `${ERRORS_PREFIX}${province}/${stamp}-${fileName}.json`;
}

export async function processUpload(deps: IntakeDeps, upload: UploadRef): Promise<UploadOutcome> {
  const { campaign } = deps;
  if (await deps.submissions.wasNotified(upload)) return { kind: 'duplicate', key: upload.key };

  const parts = parseUploadKey(upload.key) ?? { province: upload.key.split('/')[1] ?? '', fileName: upload.key.split('/').pop() ?? upload.key };
  const receivedAt = new Date(upload.receivedAt);
  const { read, source } = await readUpload(deps, upload, parts.fileName);
  const previous = read.reportDate && read.namedProvince === parts.province
    ? await deps.reports.previousReport(parts.province, read.reportDate)
    : undefined;
  const verdict = applyRules(read, { campaign, uploadedFor: parts.province, previous, receivedAt });

  const late = verdict.status === 'accepted' && campaign.isLate(verdict.reportDate!, receivedAt);
  let current = false;
  let errorKey = '';
  if (verdict.status === 'accepted') {
    const report: StoredReport = {
      province: parts.province,
      reportDate: verdict.reportDate!,
      values: verdict.values!,
      receivedAt: upload.receivedAt,
      sequencer: upload.sequencer,
      late,
      objectKey: upload.key,
      warnings: verdict.warnings,
    };
    current = await deps.reports.putIfNewer(report);
    // Only the upload that now holds the date changes the national picture.
    if (current) await deps.events.reportAccepted({ province: parts.province, reportDate: report.reportDate, receivedAt: upload.receivedAt });
  } else {
    errorKey = errorReportKey(upload, parts.province, parts.fileName);
    await deps.files.write(errorKey, `${JSON.stringify({ upload, ...verdict }, null, 2)}\n`, 'application/json; charset=utf-8');
  }

  const submission: SubmissionRecord = {
    province: parts.province,
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
    ...(source.mail?.messageId ? { mailMessageId: source.mail.messageId } : {}),
  };
  await deps.submissions.record(submission, upload);

  const notified = await notifyProvince(deps, verdict, parts.fileName, receivedAt, late, submission.superseded, source);
  await deps.submissions.markNotified(upload);

  return verdict.status === 'accepted'
    ? { kind: 'accepted', province: parts.province, reportDate: verdict.reportDate!, current, late, verdict, notified }
    : { kind: 'rejected', province: parts.province, errorReportKey: errorKey, verdict, notified };
}

async function readUpload(deps: IntakeDeps, upload: UploadRef, fileName: string): Promise<{ read: ReadResult; source: UploadSource }> {
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const unknown: UploadSource = { origin: 's3' };
  if (upload.size > maxBytes) return { read: { errors: [E.fileTooLarge(upload.size, maxBytes)], warnings: [] }, source: unknown };
  const object = await deps.files.read(upload.key, maxBytes, upload.versionId);
  if ('tooLarge' in object) return { read: { errors: [E.fileTooLarge(object.tooLarge, maxBytes)], warnings: [] }, source: unknown };
  return { read: await readReport(object.body, fileName, deps.campaign), source: uploadSourceFromMetadata(object.metadata) };
}

async function notifyProvince(
  deps: IntakeDeps, verdict: Verdict, fileName: string, receivedAt: Date, late: boolean, superseded: boolean, source: UploadSource,
): Promise<boolean> {
  const to = deps.campaign.province(verdict.province) ? await deps.contacts.provinceEmails(verdict.province) : [];
  if (to.length === 0) {
    // Nobody to tell: the operator must know, the upload is still fully recorded.
    deps.log('warn', 'No contact address for province; upload recorded without mail', { province: verdict.province, fileName });
    return false;
  }
  const mail = uploadMail({ campaign: deps.campaign, verdict, fileName, receivedAt, late, superseded, submissionAddress: deps.submissionAddress });
  const replyTo = deps.submissionAddress ? { replyTo: deps.submissionAddress } : {};
  // A file taken from a mail is answered in that mail's thread, first to its sender. The metadata
  // only names a sender the directory lists for this province, so it cannot steer mail elsewhere.
  const sender = source.mail && to.find((a) => a.toLowerCase() === source.mail!.from.toLowerCase());
  if (source.mail && sender) {
    await deps.mailer.send({ ...mail, ...replyThreading(source.mail), to: [sender, ...to.filter((a) => a !== sender)], ...replyTo });
    return true;
  }
  await deps.mailer.send({ to, ...mail, ...replyTo });
  return true;
}
