// Where a portal upload is stored: each upload its own folder under the province's incoming/ prefix,
// so its verdict is found by key; and how long an upload form may be used.
import { randomBytes } from 'node:crypto';

/** How long a presigned upload form stays valid. */
export const UPLOAD_FORM_SECONDS = 600;
/** How long the page's own form (the one that works without JavaScript) may be used after the page loaded. */
export const NO_SCRIPT_FORM_SECONDS = 3600;

/** A file name safe as the last part of an object key: no folders, no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
  const limited = cleaned.length > 120 ? cleaned.slice(cleaned.length - 120) : cleaned;
  return limited && limited !== '.' && limited !== '..' ? limited : 'bao-cao';
}

/** A new upload's own folder: incoming/<province>/<UTC stamp>-<random>/. */
export function newUploadFolder(province: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `incoming/${province}/${stamp}-${randomBytes(4).toString('hex')}/`;
}

export function uploadKey(province: string, fileName: string, now: Date): string {
  return `${newUploadFolder(province, now)}${safeFileName(fileName)}`;
}
