// First gate of the form reader: decide from the raw bytes what an uploaded file is, and refuse
// hostile or broken files BEFORE the spreadsheet library (SheetJS) sees them.
//
// Why so strict: SheetJS trusts its input. Its ZIP reader inflates every entry with no output cap
// and reads file names from the LOCAL headers; its CFB (.xls) reader loops forever on a cyclic
// sector chain or directory tree. So for every file we let through, this gate has checked exactly
// the bytes SheetJS will later read: each ZIP entry inflated (capped) from the same offset, each
// CFB chain walked without cycles. Anything we cannot vouch for is refused.
//
// Extension vs content (decision): the bytes decide, the file name never does. A clerk who renames
// a CSV to .xlsx still sends a readable report, and the reader is chosen from `format`, so a
// misleading extension cannot steer a file into the wrong parser. The name only makes the message
// clearer ("tệp PDF được đổi tên thành .xlsx").
//
// CSV encoding (decision): only UTF-8 (BOM optional) is accepted. Excel's plain "CSV" on a
// Vietnamese Windows writes Windows-1258 (tone marks as combining characters); decoding it as
// anything else silently corrupts province names, so such a file gets `csv-encoding`, which tells
// the clerk to save as "CSV UTF-8".
import { Buffer } from 'node:buffer';
import { errors } from '../../findings.ts';
import { CFB_MAGIC, inspectCfb } from './cfb.ts';
import { inspectOther } from './text-sniff.ts';
import { DEFAULT_CONTAINER_LIMITS, fail, startsWith, type ContainerLimits, type ContainerVerdict } from './verdict.ts';
import { inspectZip, ZIP_LOCAL } from './zip.ts';

export { DEFAULT_CONTAINER_LIMITS, type ContainerLimits, type ContainerVerdict, type SpreadsheetFormat } from './verdict.ts';

/** Never throws: anything unexpected while inspecting means we cannot vouch for the file. */
export async function inspectContainer(
  bytes: Uint8Array,
  fileName: string,
  limits: ContainerLimits = DEFAULT_CONTAINER_LIMITS,
): Promise<ContainerVerdict> {
  try {
    if (bytes.length === 0) return fail(errors.emptyFile());
    if (bytes.length > limits.maxBytes) return fail(errors.fileTooLarge(bytes.length, limits.maxBytes));
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // a view, no copy
    if (startsWith(buf, ZIP_LOCAL)) return await inspectZip(buf, fileName, limits);
    if (startsWith(buf, CFB_MAGIC)) return inspectCfb(buf, fileName, limits);
    return inspectOther(buf, fileName);
  } catch {
    return fail(errors.corrupt());
  }
}
