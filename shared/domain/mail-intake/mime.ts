// A received mail, read with postal-mime into what the intake decides on: the sender, the
// threading headers, the body text (links), the DKIM signing domains, and every attachment, including
// those of a forwarded message (an attached message/rfc822), a level or two down.
import PostalMime, { addressParser, type Email } from 'postal-mime';
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
  /** Every address of every From header (a sound mail has exactly one). */
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

/** Every address of every From header (postal-mime's `from` is only the first), groups opened. */
function addresses(mail: Email): string[] {
  return mail.headers.filter((h) => h.key === 'from')
    .flatMap((h) => addressParser(h.value, { flatten: true }))
    .map((a) => (a.address ?? '').trim()).filter((a) => a.length > 0);
}

function headerList(mail: Email, name: string): string[] {
  return mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1));
}

/** `addr`, or `name <addr>` with a name that is a quoted string or plain words; nothing after. */
const PLAIN_FROM = /^\s*(?:(?:"(?:[^"\\\r\n]|\\.)*"|[^<>",;:@\\]*)\s*<([^<>\s"(),;:@]+@[^<>\s"(),;:@]+)>|([^<>\s"(),;:@]+@[^<>\s"(),;:@]+))\s*$/;

function plainFrom(mail: Email, parsed: string[]): boolean {
  const lines = headerList(mail, 'from');
  if (lines.length !== 1 || parsed.length !== 1) return false;
  const match = PLAIN_FROM.exec(lines[0]!.replace(/\r?\n[ \t]+/g, ' '));
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && address.toLowerCase() === parsed[0]!.toLowerCase();
}

const first = (mail: Email, name: string): string | undefined => headerList(mail, name)[0]?.replace(/\r?\n[ \t]+/g, ' ').trim();

/** RFC 3834 (Auto-Submitted), Precedence, mailing-list and auto-responder headers, delivery reports. */
function automaticBy(mail: Email): string | undefined {
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

function dkimDomains(mail: Email): string[] {
  return headerList(mail, 'dkim-signature')
    .map((value) => /(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(value.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.toLowerCase())
    .filter((d): d is string => Boolean(d));
}

function references(mail: Email): string[] {
  return (mail.references ?? '').split(/\s+/).map((r) => cleanMessageId(r)).filter((r): r is string => Boolean(r));
}

// Every attached message stays an attachment: this module opens forwarded ones itself, to a depth.
const read = (raw: Uint8Array): Promise<Email> => PostalMime.parse(raw, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });

const bytesOf = (content: Email['attachments'][number]['content']): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);

async function parts(mail: Email, depth: number): Promise<{ attachments: MailAttachmentPart[]; text: string[] }> {
  const attachments: MailAttachmentPart[] = [];
  const text: string[] = [mail.text ?? '', mail.html ?? ''];
  for (const a of mail.attachments) {
    const content = bytesOf(a.content);
    if (a.mimeType === 'message/rfc822' && depth < MAX_FORWARD_DEPTH) {
      // A forwarded mail: its files count as the sender's (the clerk forwards a colleague's report).
      const nested = await parts(await read(content), depth + 1);
      attachments.push(...nested.attachments);
      text.push(...nested.text);
      continue;
    }
    attachments.push({
      filename: a.filename ?? '',
      contentType: a.mimeType || 'application/octet-stream',
      content,
      inline: a.disposition === 'inline' || Boolean(a.related),
    });
  }
  return { attachments, text };
}

/** Reads a raw RFC 5322 message; throws UnreadableMailError when it is not one. */
export async function parseMime(raw: Uint8Array): Promise<InboundMessage> {
  let mail: Email;
  try {
    mail = await read(raw);
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
