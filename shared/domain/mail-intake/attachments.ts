// What each attachment of a mail is, decided by its bytes through the reader's own container gate
// (shared/domain/form/container/), so the mail path and the upload path agree on what a
// spreadsheet is. Files that are no report (a signature logo, a cover letter in PDF) are ignored;
// what shows the clerk meant to send the report another way (a zip, winmail.dat, a link) is named.
import { inspectContainer, type SpreadsheetFormat } from '../form/container/index.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';
import type { MailAttachmentPart } from './mime.ts';

export type AttachmentClass =
  /** A report to hand to the parser: the gate accepts its bytes (`format`), or its name says spreadsheet
   *  and the parser will tell the clerk exactly what is wrong with it. */
  | { kind: 'spreadsheet'; part: MailAttachmentPart; format?: SpreadsheetFormat }
  | { kind: 'too-large'; part: MailAttachmentPart; size: number }
  | { kind: 'winmail'; part: MailAttachmentPart }
  | { kind: 'archive'; part: MailAttachmentPart }
  | { kind: 'ignored'; part: MailAttachmentPart };

const SPREADSHEET_NAME = /\.(xlsx|xlsm|xls|ods|csv|xlsb|xltx)$/i;
/** Outlook's Rich Text wrapper (TNEF): the real attachments are sealed inside it. */
const TNEF_MAGIC = [0x78, 0x9f, 0x3e, 0x22];

function isWinmail(part: MailAttachmentPart): boolean {
  const c = part.content;
  return /(^|[\\/])winmail\.dat$/i.test(part.filename)
    || /^application\/(ms-tnef|vnd\.ms-tnef)$/.test(part.contentType)
    || (c.length >= 4 && TNEF_MAGIC.every((b, i) => c[i] === b));
}

export async function classifyAttachment(part: MailAttachmentPart, maxBytes = MAX_UPLOAD_BYTES): Promise<AttachmentClass> {
  if (isWinmail(part)) return { kind: 'winmail', part };
  const image = part.contentType.startsWith('image/');
  if (part.content.byteLength > maxBytes) {
    // A big photo in the body is not a report sent wrongly; anything else may be.
    return image ? { kind: 'ignored', part } : { kind: 'too-large', part, size: part.content.byteLength };
  }
  if (part.inline && image) return { kind: 'ignored', part };
  const verdict = await inspectContainer(part.content, part.filename || 'attachment');
  if (verdict.ok) return { kind: 'spreadsheet', part, format: verdict.format };
  if (verdict.archive) return { kind: 'archive', part };
  if (SPREADSHEET_NAME.test(part.filename)) return { kind: 'spreadsheet', part };
  return { kind: 'ignored', part };
}

/** Links to file-sharing services, or straight to a spreadsheet: a report sent as a link. */
const SHARE_LINK = /https?:\/\/[^\s<>"')]*(?:drive\.google\.com|docs\.google\.com|onedrive\.live\.com|1drv\.ms|sharepoint\.com|dropbox\.com|wetransfer\.com|we\.tl|fshare\.vn|mediafire\.com|box\.com|icloud\.com\/iclouddrive)[^\s<>"')]*|https?:\/\/[^\s<>"')]+\.(?:xlsx|xls|ods|csv)(?=[\s<>"')?#]|$)/i;

/** The first file-sharing link in the mail's text, if any. */
export function findShareLink(text: string): string | undefined {
  return SHARE_LINK.exec(text)?.[0];
}
