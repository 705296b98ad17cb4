// ZIP (xlsx, ods; and docx/pptx/odt/plain zips to refuse): the cross-check that yauzl (which this
// gate reads with) and SheetJS (which reads the file later) see the same entries, each inflated
// with caps and scanned for a DTD.
import { Buffer } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, LocalFileHeader, ZipFile } from 'yauzl';
import { errors } from '../../findings.ts';
import type { Finding } from '../../report.ts';
import { DtdScanner } from './dtd-scan.ts';
import { classifyZip, type SeenEntry } from './ooxml-odf.ts';
import { fail, RATIO_FLOOR_BYTES, Refusal, WHY, type ContainerLimits, type ContainerVerdict } from './verdict.ts';

export const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];

const EOCD_SIG = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/**
 * yauzl and SheetJS must see the same central directory. SheetJS takes the LAST end-of-central-
 * directory signature in the file and the "entries on this disk" count; yauzl takes the first
 * signature within the trailing comment window, the "total entries" count, and follows a ZIP64
 * locator. Refuse every file where those could differ.
 */
function checkEndOfCentralDirectory(buf: Buffer, limits: ContainerLimits): void {
  const at = buf.lastIndexOf(EOCD_SIG);
  if (at < 0 || at + 22 > buf.length) throw new Refusal(errors.corrupt());
  const commentLength = buf.readUInt16LE(at + 20);
  if (at + 22 + commentLength !== buf.length) throw new Refusal(errors.corrupt());
  const disk = buf.readUInt16LE(at + 4);
  const cdDisk = buf.readUInt16LE(at + 6);
  const onDisk = buf.readUInt16LE(at + 8);
  const total = buf.readUInt16LE(at + 10);
  const cdSize = buf.readUInt32LE(at + 12);
  const cdOffset = buf.readUInt32LE(at + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new Refusal(errors.tooComplex(WHY.zip64));
  if (at >= 20 && buf.readUInt32LE(at - 20) === 0x07064b50) throw new Refusal(errors.tooComplex(WHY.zip64));
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) throw new Refusal(errors.corrupt());
  if (cdOffset + cdSize > at) throw new Refusal(errors.corrupt());
  if (total > limits.maxEntries) throw new Refusal(errors.tooComplex(WHY.entries));
}


/** Parts whose text classification needs; everything else is inflated, scanned and dropped. */
const KEEP_TEXT: Record<string, number> = { '[content_types].xml': 256 * 1024, mimetype: 256 };

export async function inspectZip(buf: Buffer, fileName: string, limits: ContainerLimits): Promise<ContainerVerdict> {
  let zip: ZipFile | undefined;
  try {
    checkEndOfCentralDirectory(buf, limits);
    zip = await yauzl.fromBufferPromise(buf, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true, // a header that understates the inflated size fails mid-stream
      strictFileNames: false,
      decodeStrings: true,
    });
    const entries = await listEntries(zip, limits);
    const seen: SeenEntry[] = [];
    let total = 0;
    for (const entry of entries) {
      const name = normaliseName(entry.fileName);
      const local = await checkLocalHeader(zip, entry);
      if (entry.fileName.endsWith('/')) {
        seen.push({ name });
        continue;
      }
      const keep = KEEP_TEXT[name] ?? 0;
      const totalLeft = limits.maxUncompressedBytes - total;
      const { bytes, text } =
        readEntrySync(buf, entry, local, limits, keep, totalLeft) ?? (await readEntry(zip, entry, limits, keep, totalLeft));
      total += bytes;
      seen.push(text === undefined ? { name } : { name, text });
    }
    return classifyZip(seen, fileName);
  } catch (err) {
    if (err instanceof Refusal) return fail(err.finding);
    return fail(zipErrorFinding(err));
  } finally {
    zip?.close();
  }
}

/** yauzl's own messages for a size lie: the data inflates to more (or less) than declared. */
function zipErrorFinding(err: unknown): Finding {
  const message = err instanceof Error ? err.message : '';
  if (/too many bytes in the stream/i.test(message)) return errors.tooComplex(WHY.lyingSize);
  return errors.corrupt();
}

function normaliseName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** Reads the whole central directory, enforcing the declared-size limits before inflating anything. */
async function listEntries(zip: ZipFile, limits: ContainerLimits): Promise<Entry[]> {
  if (zip.entryCount > limits.maxEntries) throw new Refusal(errors.tooComplex(WHY.entries));
  const entries: Entry[] = [];
  const names = new Set<string>();
  let declared = 0;
  for (;;) {
    const entry = await nextEntry(zip);
    if (!entry) break;
    if (entries.length >= limits.maxEntries) throw new Refusal(errors.tooComplex(WHY.entries));
    const name = normaliseName(entry.fileName);
    // SheetJS looks parts up by name: with two entries of one name we could check one and it read the other.
    if (names.has(name)) throw new Refusal(errors.corrupt());
    names.add(name);
    if (entry.isEncrypted()) throw new Refusal(errors.encrypted());
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new Refusal(errors.corrupt());
    // SheetJS honours a ZIP64 size field whenever present; yauzl only when the 32-bit one is 0xFFFFFFFF.
    if (entry.extraFields.some((f) => f.id === 0x0001)) throw new Refusal(errors.tooComplex(WHY.zip64));
    if (entry.uncompressedSize > limits.maxEntryBytes) throw new Refusal(errors.tooComplex(WHY.size));
    declared += entry.uncompressedSize;
    if (declared > limits.maxUncompressedBytes) throw new Refusal(errors.tooComplex(WHY.size));
    if (
      entry.uncompressedSize > RATIO_FLOOR_BYTES &&
      entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxCompressionRatio
    ) {
      throw new Refusal(errors.tooComplex(WHY.ratio));
    }
    entries.push(entry);
  }
  return entries;
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry): void => {
      done();
      resolve(entry);
    };
    const onEnd = (): void => {
      done();
      resolve(null);
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/**
 * SheetJS names each part from its LOCAL header and slices stored data by the local size, while
 * yauzl uses the central directory. Make both views agree, or refuse.
 */
async function checkLocalHeader(zip: ZipFile, entry: Entry): Promise<LocalFileHeader> {
  const local = await zip.readLocalFileHeaderPromise(entry, { minimal: false });
  if (!local.fileName.equals(entry.fileNameRaw)) throw new Refusal(errors.corrupt());
  if (local.compressionMethod !== entry.compressionMethod) throw new Refusal(errors.corrupt());
  if (local.generalPurposeBitFlag & 0x0041) throw new Refusal(errors.encrypted());
  const sizesDeferred = (local.generalPurposeBitFlag & 0x0008) !== 0 && entry.compressionMethod === 8;
  const sizesMatch = local.compressedSize === entry.compressedSize && local.uncompressedSize === entry.uncompressedSize;
  const sizesZero = local.compressedSize === 0 && local.uncompressedSize === 0;
  if (!(sizesMatch || (sizesDeferred && sizesZero))) throw new Refusal(errors.tooComplex(WHY.lyingSize));
  return local;
}

/**
 * The fast path of `readEntry`, for entries that are plainly sound: inflates the whole entry in
 * one synchronous call (the streaming path spends ~2 ms per normal report in stream plumbing, not
 * in zlib) and returns undefined on ANY anomaly, so that `readEntry` judges that entry exactly as
 * before and picks the finding. It vouches for an entry only when all of these hold:
 * - the data is read from `local.fileDataStart`, which yauzl bounds-checked against the file
 *   (start + compressedSize <= file size): the bytes SheetJS and `readEntry` read;
 * - the declared size is within the caps `readEntry` applies;
 * - the deflate stream is valid and complete, and inflates to exactly the declared size. zlib's
 *   `maxOutputLength` is a hard cap enforced while inflating (a lie stops within one 16 KB chunk
 *   past the declared size, which the listing already bounded), so a bomb costs no more here;
 * - no DTD anywhere in the whole part (a DTD is refused outright: same finding as `readEntry`).
 * Memory: one whole part at a time (at most `maxEntryBytes`, checked first), dropped before the
 * next; SheetJS holds every inflated part at once right after this anyway.
 */
function readEntrySync(
  buf: Buffer,
  entry: Entry,
  local: LocalFileHeader,
  limits: ContainerLimits,
  keep: number,
  totalLeft: number,
): { bytes: number; text?: string } | undefined {
  const declared = entry.uncompressedSize;
  if (declared > Math.min(limits.maxEntryBytes, totalLeft)) return undefined;
  const raw = buf.subarray(local.fileDataStart, local.fileDataStart + entry.compressedSize);
  if (raw.length !== entry.compressedSize) return undefined;
  let data: Buffer;
  if (entry.compressionMethod === 0) {
    data = raw; // yauzl's validateEntrySizes already refused compressedSize !== uncompressedSize
  } else if (entry.compressionMethod === 8) {
    try {
      // zlib wants a cap >= 1; for a declared 0, one byte would slip through and fail the check below.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(declared, 1) });
    } catch {
      return undefined; // more than declared, invalid or truncated data: let the streaming path judge
    }
  } else {
    return undefined;
  }
  if (data.length !== declared) return undefined;
  // One scan over the whole part: finds every DTD the chunked scan finds, and also one whose '<'
  // and '!' sit more than 32 NUL bytes apart across a chunk boundary.
  if (new DtdScanner().push(data)) throw new Refusal(errors.tooComplex(WHY.dtd));
  return keep > 0 ? { bytes: data.length, text: data.toString('utf8', 0, Math.min(keep, data.length)) } : { bytes: data.length };
}

/**
 * Inflates one entry with hard caps, scanning for a DTD as it streams. Memory stays at a few
 * stream chunks plus `keep` bytes of retained text. Used for the entries `readEntrySync` would
 * not vouch for, so that a broken or hostile entry gets the finding it always got.
 */
async function readEntry(
  zip: ZipFile,
  entry: Entry,
  limits: ContainerLimits,
  keep: number,
  totalLeft: number,
): Promise<{ bytes: number; text?: string }> {
  const cap = Math.min(limits.maxEntryBytes, totalLeft);
  const stream = await zip.openReadStreamPromise(entry);
  const scanner = new DtdScanner();
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // validateEntrySizes already stops a lie at the declared size; this is the belt to its braces.
      if (bytes > cap) throw new Refusal(errors.tooComplex(WHY.size));
      if (scanner.push(chunk)) throw new Refusal(errors.tooComplex(WHY.dtd));
      if (keptBytes < keep) {
        const part = chunk.subarray(0, keep - keptBytes);
        kept.push(Buffer.from(part));
        keptBytes += part.length;
      }
    }
  } finally {
    stream.destroy();
  }
  return keep > 0 ? { bytes, text: Buffer.concat(kept).toString('utf8') } : { bytes };
}
