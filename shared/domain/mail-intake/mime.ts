// A received mail, read with postal-mime into what the intake decides on: the sender, the
// threading headers, the body text (links), the DKIM signing domains, and every attachment, including
// those of a forwarded message (an attached message/rfc822), a level or two down.
import PostalMime, { addressParser, type Email } from 'postal-mime';
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

/** Every address of every From header: postal-mime's `from` is only the first. */
function addresses(mail: Email): string[] {
  return mail.headers.filter((h) => h.key === 'from')
    .flatMap((h) => addressParser(h.value, { flatten: true }))
    .map((a) => (a.address ?? '').trim()).filter((a) => a.length > 0);
}

function headerList(mail: Email, name: string): string[] {
  return mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1));
}

function dkimDomains(mail: Email): string[] {
  return headerList(mail, 'dkim-signature')
    .map((value) => /(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(value.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.toLowerCase())
    .filter((d): d is string => Boolean(d));
}

function references(mail: Email): string[] {
  return (mail.references ?? '').split(/\s+/).map((r) => cleanMessageId(r)).filter((r): r is string => Boolean(r));
}

// Every attached message stays an attachment (this module opens forwarded ones itself, to a depth).
const read = (raw: Uint8Array | ArrayBuffer): Promise<Email> => PostalMime.parse(raw, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });

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
