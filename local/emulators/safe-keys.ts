// Keys the local S3 can store safely. s3rver keeps an object as files named after the key's
// segments, so a key that is fine on S3 can be a path the file system resolves or refuses: a `..`
// segment climbs out of its folder (`incoming/27/../../summaries/latest/x` would overwrite the
// national summary), an empty segment folds two keys into one, a segment longer than a file name
// makes the write fail. Those are refused with an S3-style 400 before anything is written.

/** S3's own limit on a key (UTF-8 bytes). */
export const MAX_KEY_BYTES = 1024;
/** A segment becomes `<segment>._S3rver_metadata.json`; file names hold 255 bytes. */
export const MAX_SEGMENT_BYTES = 255 - '._S3rver_metadata.json'.length;

export interface KeyProblem {
  code: 'KeyTooLongError' | 'InvalidArgument';
  message: string;
}

export function keyProblem(key: string): KeyProblem | undefined {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    return { code: 'KeyTooLongError', message: `Your key is too long (more than ${MAX_KEY_BYTES} bytes).` };
  }
  if (key.includes('\0')) return { code: 'InvalidArgument', message: 'The local S3 cannot store a key holding a NUL character.' };
  const segments = key.split('/');
  // A trailing "/" (a folder marker such as `incoming/27/`) is kept as such.
  const inner = key.endsWith('/') ? segments.slice(0, -1) : segments;
  if (inner.some((s) => s === '.' || s === '..')) {
    return { code: 'InvalidArgument', message: 'The local S3 refuses keys with "." or ".." segments (its files would resolve them as a path).' };
  }
  if (inner.some((s) => s === '')) {
    return { code: 'InvalidArgument', message: 'The local S3 refuses keys with an empty segment ("//" or a leading "/"): its files would fold them into another key.' };
  }
  const long = inner.find((s) => Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES);
  if (long !== undefined) {
    return { code: 'InvalidArgument', message: `The local S3 cannot store a key segment longer than ${MAX_SEGMENT_BYTES} bytes (a file name); this one has ${Buffer.byteLength(long, 'utf8')}.` };
  }
  return undefined;
}

/** An S3 error response body. */
export function s3ErrorXml(code: string, message: string, detail: Record<string, string> = {}): string {
  const escape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const extra = Object.entries(detail).map(([k, v]) => `<${k}>${escape(v)}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escape(message)}</Message>${extra}</Error>`;
}
