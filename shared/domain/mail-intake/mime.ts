// A received mail, read with mailparser into what the intake decides on: the sender, the
// threading headers, the body text (links), the DKIM signing domains, and every attachment, including
// those of a forwarded message (an attached message/rfc822), a level or two down.
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { cleanMessageId } from '../intake/origin.ts';
import { clip, FIELD_LIMITS } from '../shown-text.ts';

export interface MailAttachmentPart {
  /** The decoded file name (RFC 2231 / RFC 2047), as the sender's client named it; may be empty. */
  filename: string;
  contentType: string;
  content: Uint8Array;
  /** An inline part of the body (a signature logo), not a file the sender attached. */
  inline: boolean;
}

export interface InboundMessage {
  /** Every address of the From header (a sound mail has exactly one). */
  from: string[];
  /** Whether there is exactly one From header and it reads as one plain address, alone or as
   *  `name <address>`; `<a@gov.vn>@evil.example` is not (a reader may take either domain). */
  fromPlain: boolean;
  /** Cut to FIELD_LIMITS.subject. */
  subject: string;
  /** Why the mail was sent by a machine, not a person (RFC 3834 and list headers, delivery reports): the header that says so. */
  automatic?: string;
  /** The Return-Path header as the receiving server wrote it ("<>" for a bounce). */
  returnPath?: string;
  messageId?: string;
  references: string[];
  text: string;
  /** d= of every DKIM-Signature header. */
  dkimDomains: string[];
  attachments: MailAttachmentPart[];
}

/** How deep forwarded messages are opened. */
const MAX_FORWARD_DEPTH = 3;

export class UnreadableMailError extends Error {
  constructor(cause: unknown) {
    super(`The message could not be read as MIME: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnreadableMailError';
  }
}

function addresses(mail: ParsedMail): string[] {
  const from: AddressObject | AddressObject[] | undefined = mail.from;
  const list: AddressObject[] = Array.isArray(from) ? from : from ? [from] : [];
  return list.flatMap((a) => a.value).map((v) => (v.address ?? '').trim()).filter((a) => a.length > 0);
}

function headerList(mail: ParsedMail, name: string): string[] {
  return mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1));
}

/** `addr`, or `name <addr>` with a name that is a quoted string or plain words; nothing after. */
const PLAIN_FROM = /^\s*(?:(?:"(?:[^"\\\r\n]|\\.)*"|[^<>",;:@\\]*)\s*<([^<>\s"(),;:@]+@[^<>\s"(),;:@]+)>|([^<>\s"(),;:@]+@[^<>\s"(),;:@]+))\s*$/;

function plainFrom(mail: ParsedMail, parsed: string[]): boolean {
  const lines = headerList(mail, 'from');
  if (lines.length !== 1 || parsed.length !== 1) return false;
  const match = PLAIN_FROM.exec(lines[0]!.replace(/\r?\n[ \t]+/g, ' '));
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && address.toLowerCase() === parsed[0]!.toLowerCase();
}

const first = (mail: ParsedMail, name: string): string | undefined => headerList(mail, name)[0]?.replace(/\r?\n[ \t]+/g, ' ').trim();

/** RFC 3834 (Auto-Submitted), Precedence, mailing-list and auto-responder headers, delivery reports. */
function automaticBy(mail: ParsedMail): string | undefined {
  const auto = first(mail, 'auto-submitted');
  if (auto !== undefined && !/^no\b/i.test(auto)) return `Auto-Submitted: ${auto}`;
  const precedence = first(mail, 'precedence');
  if (precedence !== undefined && /^(bulk|junk|list|auto_reply)\b/i.test(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['list-id', 'list-unsubscribe', 'x-autoreply', 'x-autorespond']) {
    const value = first(mail, name);
    if (value !== undefined) return `${name}: ${value}`;
  }
  const type = first(mail, 'content-type');
  if (type !== undefined && /^multipart\/report\b/i.test(type)) return `Content-Type: ${type}`;
  return undefined;
}

function dkimDomains(mail: ParsedMail): string[] {
  return headerList(mail, 'dkim-signature')
    .map((value) => /(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(value.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.toLowerCase())
    .filter((d): d is string => Boolean(d));
}

function references(mail: ParsedMail): string[] {
  const raw = mail.references;
  const list = Array.isArray(raw) ? raw : raw ? raw.split(/\s+/) : [];
  return list.map((r) => cleanMessageId(r)).filter((r): r is string => Boolean(r));
}

const isMessage = (a: Attachment): boolean => /^message\/rfc822$/i.test(a.contentType);

async function parts(mail: ParsedMail, depth: number): Promise<{ attachments: MailAttachmentPart[]; text: string[] }> {
  const attachments: MailAttachmentPart[] = [];
  const text: string[] = [mail.text ?? '', typeof mail.html === 'string' ? mail.html : ''];
  for (const a of mail.attachments) {
    if (isMessage(a) && depth < MAX_FORWARD_DEPTH) {
      // A forwarded mail: its files count as the sender's (the clerk forwards a colleague's report).
      const inner = await simpleParser(a.content, { skipTextToHtml: true, skipImageLinks: true });
      const nested = await parts(inner, depth + 1);
      attachments.push(...nested.attachments);
      text.push(...nested.text);
      continue;
    }
    attachments.push({
      filename: a.filename ?? '',
      contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
      content: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength),
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
    });
  }
  return { attachments, text };
}

/** Reads a raw RFC 5322 message; throws UnreadableMailError when it is not one. */
export async function parseMime(raw: Uint8Array): Promise<InboundMessage> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    throw new UnreadableMailError(error);
  }
  const { attachments, text } = await parts(mail, 0);
  const messageId = cleanMessageId(mail.messageId);
  const from = addresses(mail);
  const automatic = automaticBy(mail);
  const returnPath = first(mail, 'return-path');
  return {
    from,
    fromPlain: plainFrom(mail, from),
    subject: clip(mail.subject ?? '', FIELD_LIMITS.subject),
    ...(automatic ? { automatic: clip(automatic, 200) } : {}),
    ...(returnPath !== undefined ? { returnPath: clip(returnPath, FIELD_LIMITS.address) } : {}),
    ...(messageId ? { messageId } : {}),
    references: references(mail),
    text: text.join('\n'),
    dkimDomains: dkimDomains(mail),
    attachments,
  };
}
