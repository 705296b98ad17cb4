// Where an upload came from, carried on the object's user metadata (x-amz-meta-*), and read back
// by the parser for the submission log and, for a mail, to answer it in the same thread.
// S3 user metadata is US-ASCII and at most 2 KB per object: the free-text parts are percent-encoded
// and bounded here.

import { shownFileName } from '../shown-text.ts';

/** portal: a file uploaded on the portal; entry-form: the portal's "Nhập số liệu" page wrote the form. */
export type UploadOrigin = 'portal' | 'entry-form' | 'mail' | 's3';

export const ORIGIN_METADATA = 'bhxh-origin';
export const MAIL_MESSAGE_ID_METADATA = 'bhxh-mail-message-id';
export const MAIL_FROM_METADATA = 'bhxh-mail-from';
export const MAIL_SUBJECT_METADATA = 'bhxh-mail-subject';
export const MAIL_REFERENCES_METADATA = 'bhxh-mail-references';

/** The mail an upload was taken from: what a threaded reply needs. */
export interface MailSource {
  /** The Message-ID header, with its angle brackets (absent when the mail had none: no threading then). */
  messageId?: string;
  from: string;
  subject: string;
  /** The References of the original (oldest first), without its own Message-ID. */
  references: string[];
}

export interface UploadSource {
  origin: UploadOrigin;
  mail?: MailSource;
}

const MAX_MESSAGE_ID = 250;
const MAX_SUBJECT_ENCODED = 600;
const MAX_REFERENCES = 700;

/** A Message-ID as it may travel in metadata and headers: printable ASCII, bracketed, bounded. */
export function cleanMessageId(value: string | undefined): string | undefined {
  const id = value?.trim();
  if (!id || id.length > MAX_MESSAGE_ID || !/^<[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(id)) return undefined;
  return id;
}

function boundedEncoded(text: string, max: number): string {
  let encoded = encodeURIComponent(text);
  let cut = text.length;
  while (encoded.length > max && cut > 0) {
    cut = Math.floor(cut * 0.9);
    encoded = encodeURIComponent(text.slice(0, cut));
  }
  return encoded;
}

/** The metadata of an upload taken from a mail. */
export function mailUploadMetadata(mail: MailSource): Record<string, string> {
  const references: string[] = [];
  let length = 0;
  // The newest references matter most for threading: keep those that fit.
  for (const id of [...mail.references].reverse()) {
    if (length + id.length + 1 > MAX_REFERENCES) break;
    references.unshift(id);
    length += id.length + 1;
  }
  return {
    [ORIGIN_METADATA]: 'mail',
    ...(mail.messageId ? { [MAIL_MESSAGE_ID_METADATA]: mail.messageId } : {}),
    [MAIL_FROM_METADATA]: encodeURIComponent(mail.from),
    [MAIL_SUBJECT_METADATA]: boundedEncoded(mail.subject, MAX_SUBJECT_ENCODED),
    ...(references.length ? { [MAIL_REFERENCES_METADATA]: references.join(' ') } : {}),
  };
}

function decoded(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

/** Reads an upload's origin from its metadata; anything missing or malformed is an S3 client upload. */
export function uploadSourceFromMetadata(metadata: Record<string, string> | undefined): UploadSource {
  const m = Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const origin = m[ORIGIN_METADATA];
  if (origin === 'portal' || origin === 'entry-form') return { origin };
  if (origin !== 'mail') return { origin: 's3' };
  const messageId = cleanMessageId(m[MAIL_MESSAGE_ID_METADATA]);
  const from = decoded(m[MAIL_FROM_METADATA]);
  if (!from) return { origin: 's3' };
  const references = (m[MAIL_REFERENCES_METADATA] ?? '').split(/\s+/).map((r) => cleanMessageId(r)).filter((r): r is string => Boolean(r));
  return { origin: 'mail', mail: { ...(messageId ? { messageId } : {}), from, subject: decoded(m[MAIL_SUBJECT_METADATA]), references } };
}

/** "Re: <subject>", without stacking prefixes ("Re: Re: …", "TL: …" from a Vietnamese Outlook). */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (!trimmed) return 'Re: (không có tiêu đề)';
  return /^(re|tl|trả lời)\s*:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** The subject and threading headers of a reply to `mail`. */
export function replyThreading(mail: MailSource): { subject: string; inReplyTo?: string; references?: string[] } {
  if (!mail.messageId) return { subject: replySubject(mail.subject) };
  return { subject: replySubject(mail.subject), inReplyTo: mail.messageId, references: [...mail.references, mail.messageId] };
}

/** The stamp a mail's attachment is stored under, before its name (see mailUploadKey). */
const MAIL_KEY_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{1,3})?Z-(?=.)/;

/**
 * The file's own name, as its sender gave it, for people's text: the key's last segment, without the
 * receipt stamp a mail's attachment is stored under ("YYYY-MM-DDTHH-mm-ss-SSSZ-BC 17-12.xlsx").
 */
export function submittedFileName(objectKey: string, origin: UploadOrigin | undefined): string {
  const last = objectKey.slice(objectKey.lastIndexOf('/') + 1);
  return shownFileName(origin === 'mail' ? last.replace(MAIL_KEY_STAMP, '') : last);
}
