// Ports: what the domain needs from the outside world. Adapters in shared/adapters implement them
// with AWS SDK clients; tests use fakes or the same adapters over aws-sdk-client-mock.
import type { StoredReport, SubmissionRecord } from '../domain/report.ts';

/** Structured log lines (English); the handlers back it with the Powertools logger. */
export interface Log {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** A log that drops every line (the default where logging is optional). */
export const SILENT_LOG: Log = { info() {}, warn() {}, error() {} };

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
  /** An accepted upload older than the one holding the date arrived late: if it came before the date's
   *  first known upload, it becomes the first (it decides on-time). Nothing else of the report changes. */
  noteFirstUpload(province: string, reportDate: string, firstReceivedAt: string, late: boolean): Promise<void>;
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
  /** Whether the province was already told about this upload, or a delivery claimed the telling (a duplicate delivery). */
  wasNotified(upload: UploadRef): Promise<boolean>;
  /**
   * Claims the province's mail of this upload before it is sent; false when another delivery holds
   * the claim or has sent it. A delivery that dies between the claim and the send leaves the claim:
   * the mail is sent at most once, and the record says it was never confirmed.
   */
  claimNotification(upload: UploadRef): Promise<boolean>;
  /** Gives the claim back when the send failed, so a retry sends the mail. */
  releaseNotification(upload: UploadRef): Promise<void>;
  /** Marks the upload handled; `mailError` says why its mail could not be sent (shown by `bhxh status`). */
  markNotified(upload: UploadRef, mailError?: string): Promise<void>;
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
  /** The provinces that list this address (compared case-insensitively); empty when none does. */
  provincesOfAddress(address: string): Promise<string[]>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailMessage {
  to: string[];
  subject: string;
  /** Where a reply goes (the submission address, so a reply with the file attached is a submission). */
  replyTo?: string;
  /** Threading: the Message-ID this mail answers, and the thread's References (oldest first). */
  inReplyTo?: string;
  references?: string[];
  /** RFC 3834 Auto-Submitted; by default "auto-replied" when the mail answers one (inReplyTo), else "auto-generated". */
  autoSubmitted?: 'auto-generated' | 'auto-replied';
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
  /** Reads an object, refusing (without downloading) one larger than `maxBytes`. `metadata` is the
   *  object's user metadata (x-amz-meta-*), keys in lower case. */
  read(key: string, maxBytes: number, versionId?: string): Promise<{ body: Uint8Array; metadata?: Record<string, string> } | { tooLarge: number }>;
  write(key: string, body: Uint8Array | string, contentType: string, metadata?: Record<string, string>): Promise<void>;
}

/** One reminder of one run: the run is the scheduled day (local date) and the kind of run. */
export interface ReminderKey {
  /** Local date (campaign time zone) of the run's scheduled instant, YYYY-MM-DD. */
  runDate: string;
  /** 'deadline' or 'nudge'. */
  kind: string;
  /** A province code, or DIGEST_TARGET for the national digest. */
  target: string;
  /** The channel it goes by ('mail', …): a message sent by one channel is still due on another. */
  channel: string;
}

/** The target of the national digest in the reminder log. */
export const DIGEST_TARGET = 'DIGEST';

/** The outcome of a claim. */
export type ReminderClaim =
  /** This attempt holds the claim and may send now (a fresh claim, or one taken over from a crashed attempt). */
  | { status: 'claimed' }
  /** An earlier attempt of the same run sent it: never send again. */
  | { status: 'sent'; sentAt: string; to: string[]; dates: string[] }
  /** Another attempt holds a live claim (it is sending now, or crashed less than a lease ago). */
  | { status: 'busy'; leaseUntil: string };

/**
 * Exactly-once bookkeeping of reminder mails (claim, send, mark sent). A claim is a lease: held by one
 * attempt until it is marked sent, released, or its lease expires (a crashed attempt), after which a
 * retry may take it over.
 */
export interface ReminderLog {
  claim(key: ReminderKey, attemptId: string): Promise<ReminderClaim>;
  /** Records the mail as sent (whoever holds the claim now: the mail is out, it must never go again). */
  markSent(key: ReminderKey, attemptId: string, detail: { to: string[]; dates: string[]; messageId: string }): Promise<void>;
  /** Gives up this attempt's claim after a failed send, so a retry sends at once. */
  release(key: ReminderKey, attemptId: string): Promise<void>;
}

/** One published-snapshot slot: a report date (YYYY-MM-DD) or "latest". */
export interface SnapshotSlotState {
  slot: string;
  /** What the published files were built from; versions compare as strings (fixed-width fields). */
  version: string;
  /** The run that claimed the slot last. */
  token: string;
  /** Whether that run finished writing its files (a claim never committed is redone by the next run). */
  written: boolean;
  /** The report date whose files the slot holds (for "latest": the newest published date). */
  date: string;
  final: boolean;
  generatedAt: string;
}

/** Guards the snapshot files against stale writers: claim a slot for a version, write, then commit. */
export interface SnapshotStateStore {
  get(slot: string): Promise<SnapshotSlotState | undefined>;
  /** Claims the slot for this run unless a strictly greater version holds it; false when one does. */
  claim(state: Omit<SnapshotSlotState, 'written'>): Promise<boolean>;
  /** Marks the slot written if this run still holds it and nobody marked it dirty; false otherwise. */
  commit(slot: string, token: string): Promise<boolean>;
  /** Tells the run holding `token` (not yet written) that its files may have been overwritten: its commit
   *  then fails and it writes again. False when that run no longer holds the slot or already committed. */
  markDirty(slot: string, token: string): Promise<boolean>;
}

/**
 * The accepted values of one report date, per province, kept by every rebuild of that date's snapshot
 * so that later dates' trends read them (one Query for all earlier dates) instead of Querying each
 * date's reports.
 */
export interface DateTotals {
  date: string;
  /** Provinces of the registry with an accepted report for that date. */
  reported: number;
  /** The 11 column totals of those reports, exact. */
  total: readonly bigint[];
  /** Province code → its 11 values (the trend compares provinces present on two dates). */
  byProvince: Readonly<Record<string, readonly number[]>>;
  /** Provinces whose report of that date was late; absent on items written before it was kept (the date's reports are then Queried). */
  late?: readonly string[];
  /** The version of the reports they were computed from; fixed-width, string order is version order. */
  version: string;
}

/** Per-date totals, guarded against stale writers like the snapshot slots (a version that only grows). */
export interface DateTotalsStore {
  /** The stored totals of every date strictly before `date`: one strongly consistent Query. */
  listBefore(date: string): Promise<DateTotals[]>;
  /** Stores the totals unless a strictly greater version holds the date; false when one does. */
  put(totals: DateTotals): Promise<boolean>;
}

/** One received mail and what became of it: the audit trail from a mail to its uploads. */
export interface InboundMailRecord {
  /** The raw message's key under mail/inbound/. */
  key: string;
  /** SES's id of the received message (also the raw object's name). */
  sesMessageId: string;
  /** When SES (or the local SMTP server) received it, ISO-8601. */
  receivedAt: string;
  /** Local date (campaign time zone) of receipt: the digest lists a date's mail by it. */
  date: string;
  from: string;
  subject: string;
  /** The Message-ID header. */
  messageId?: string;
  status: 'accepted' | 'refused';
  /** A RefusalCode when refused. */
  reason?: string;
  detail?: string;
  province?: string;
  /** incoming/ keys written for the parser. */
  uploads: string[];
  /** Whether the refusal (or the note on files past the limit) was answered (false for an unknown sender: no backscatter). */
  replied: boolean;
  /** Why an answer due was not sent: the sender's replies for the day were spent (a loop's second fence). */
  unanswered?: 'reply-budget';
}

export interface MailLog {
  get(date: string, receivedAt: string, sesMessageId: string): Promise<InboundMailRecord | undefined>;
  /** Writes (or rewrites, idempotently) a mail's record. */
  record(mail: InboundMailRecord): Promise<void>;
  /** Every mail received on a local date: one Query. */
  listForDate(date: string): Promise<InboundMailRecord[]>;
}
