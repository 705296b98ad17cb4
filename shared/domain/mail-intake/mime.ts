// A received mail, read with mailparser into what the intake decides on: the sender, the
// threading headers, the body text (links), the DKIM signing domains, and every attachment, including
// those of a forwarded message (an attached message/rfc822), a level or two down.
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { cleanMessageId } from '../intake/origin.ts';

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
  subject: string;
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
  return {
    from: addresses(mail),
    subject: mail.subject ?? '',
    ...(messageId ? { messageId } : {}),
    references: references(mail),
    text: text.join('\n'),
    dkimDomains: dkimDomains(mail),
    attachments,
  };
}
