// Ports: what the domain needs from the outside world. Adapters in shared/adapters implement them
// with AWS SDK clients; tests use fakes or the same adapters over aws-sdk-client-mock.
import type { StoredReport, SubmissionRecord } from '../domain/report.ts';

/** Identifies one upload: one S3 ObjectCreated event for one object key. */
export interface UploadRef {
  bucket: string;
  key: string;
  /** Object version when the bucket is versioned (AWS), absent locally. */
  versionId?: string;
  size: number;
  /** S3 eventTime, ISO-8601. */
  receivedAt: string;
  sequencer: string;
}

export interface ReportRepository {
  /** Stores the report unless an upload received later (eventTime, then sequencer) already holds
   *  that province and date. Returns whether this report is now the current one. */
  putIfNewer(report: StoredReport): Promise<boolean>;
  getReport(province: string, reportDate: string): Promise<StoredReport | undefined>;
  /** Every current report of one date: one strongly consistent Query. */
  listReportsForDate(reportDate: string): Promise<StoredReport[]>;
  /** The province's latest report for a date strictly before `reportDate`. */
  previousReport(province: string, reportDate: string): Promise<StoredReport | undefined>;
  /** Every current report of a province, oldest date first. */
  listReportsForProvince(province: string): Promise<StoredReport[]>;
}

export interface SubmissionLog {
  /** Writes (or rewrites, idempotently) the record of one upload. */
  record(submission: SubmissionRecord, upload: UploadRef): Promise<void>;
  /** Whether the province was already told about this upload (a duplicate delivery). */
  wasNotified(upload: UploadRef): Promise<boolean>;
  markNotified(upload: UploadRef): Promise<void>;
  /** Every upload whose report date (or, when unreadable, receive date) is `reportDate`. */
  listForDate(reportDate: string): Promise<SubmissionRecord[]>;
}

export interface Contact {
  province: string;
  emails: string[];
}

export interface ContactDirectory {
  /** Addresses of one province; empty when none is on file. */
  provinceEmails(province: string): Promise<string[]>;
  /** The national office's addresses (digest recipients). */
  nationalEmails(): Promise<string[]>;
  /** The From: address of every mail. */
  sender(): Promise<string>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** Sends one message; retries throttling and transient errors itself, throws when it gives up. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export interface ReportAcceptedEvent {
  province: string;
  reportDate: string;
  receivedAt: string;
}

export interface EventPublisher {
  reportAccepted(event: ReportAcceptedEvent): Promise<void>;
}

/** The bucket: uploads in, error reports and snapshots out. */
export interface FileStore {
  /** Reads an object, refusing (without downloading) one larger than `maxBytes`. */
  read(key: string, maxBytes: number, versionId?: string): Promise<{ body: Uint8Array } | { tooLarge: number }>;
  write(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
}

export interface ReminderLog {
  /** Claims the right to send one reminder; false when a previous run already sent it. */
  claim(runKey: string, kind: string, province: string): Promise<boolean>;
  /** Marks a claimed reminder as sent; a claim never marked sent is retried by the next attempt. */
  markSent(runKey: string, kind: string, province: string, detail: { to: string[]; dates: string[] }): Promise<void>;
  /** Releases a claim whose mail failed, so a retry sends it. */
  release(runKey: string, kind: string, province: string): Promise<void>;
}
