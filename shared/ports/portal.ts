// Ports of the web portal: sign-in tokens, sessions and rate counters (stored hashed), and the
// bucket's presigned links. Adapters: shared/adapters/portal-store.ts, shared/adapters/portal-files.ts.
import type { SubmissionRecord } from '../domain/report.ts';

export type Role = 'province' | 'national';

/** Who is signed in: a province contact (its own province only) or a national-office contact. */
export type Principal =
  | { role: 'province'; address: string; province: string }
  | { role: 'national'; address: string };

/** Why a token was issued: the sign-in page's link (15 minutes) or a mail's button (24 hours). */
export type TokenPurpose = 'sign-in' | 'mail';

export interface TokenRecord {
  /** SHA-256 of the token (hex): the token itself is never stored. */
  hash: string;
  principal: Principal;
  purpose: TokenPurpose;
  issuedAt: string;
  expiresAt: string;
}

export type TokenRedemption =
  | { status: 'ok'; token: TokenRecord }
  | { status: 'used' | 'expired' | 'unknown' };

export interface SessionRecord {
  /** SHA-256 of the session id (hex). */
  hash: string;
  principal: Principal;
  createdAt: string;
  expiresAt: string;
}

export interface PortalStore {
  putToken(token: TokenRecord): Promise<void>;
  /** Reads a token without using it (the confirmation page). */
  getToken(hash: string): Promise<TokenRecord & { usedAt?: string } | undefined>;
  /** Marks the token used, once: a second redemption, or one after its expiry, fails. */
  redeemToken(hash: string, now: Date): Promise<TokenRedemption>;
  putSession(session: SessionRecord): Promise<void>;
  /** The session unless it is unknown or expired at `now`. */
  getSession(hash: string, now: Date): Promise<SessionRecord | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Counts one request against `counter` in the window starting at `windowStart`; returns the count so far. */
  countRequest(counter: string, windowStart: Date, windowEnd: Date): Promise<number>;
  /** Records that every session and link of an address (hash) made at or before `at` is void; kept until `until`. */
  revokeAddress(addressHash: string, at: Date, until: Date): Promise<void>;
  /** When the address (hash) was last revoked, ISO-8601; undefined if never (or long enough ago to matter no more). */
  revokedAt(addressHash: string): Promise<string | undefined>;
}

/** A presigned POST: the form's target and the fields to send before the file. */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

export interface PortalFiles {
  /**
   * A POST that can write exactly `key` (under `prefix`), at most `maxBytes`, for `expiresSeconds`. A key
   * ending in `${filename}` takes the chosen file's name (S3 substitutes it); with `redirect`, S3 answers
   * a successful POST by sending the browser there (with `bucket`, `key` and `etag` in the query).
   */
  presignUpload(input: { key: string; prefix: string; maxBytes: number; expiresSeconds: number; redirect?: string }): Promise<PresignedUpload>;
  /** A short-lived GET link to one object, offered to the browser as a download named `filename`. */
  presignDownload(key: string, filename: string): Promise<string>;
  /** Writes a file the portal made itself (the entry form's official form) at `key` under `prefix`, with its metadata. */
  putUpload(input: { key: string; prefix: string; body: Uint8Array; contentType: string; metadata: Readonly<Record<string, string>> }): Promise<void>;
}

/** Submissions as the portal reads them. */
export interface SubmissionReader {
  listForDate(reportDate: string): Promise<SubmissionRecord[]>;
  /** One province's uploads for one report date (its part of the date's log, one narrow Query). */
  listForProvinceOnDate(reportDate: string, province: string): Promise<SubmissionRecord[]>;
  /** Every recorded delivery of one object key (one upload through the portal). */
  listForObject(objectKey: string): Promise<SubmissionRecord[]>;
}

/** Who may sign in: the contacts directory as one read. */
export interface ContactBook {
  provinces: ReadonlyArray<{ province: string; emails: readonly string[] }>;
  national: readonly string[];
}

/** Mints the single-use "open the portal" link a mail's button carries (valid 24 hours from sending). */
export interface PortalLinks {
  linkFor(principal: Principal): Promise<string>;
}
