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
import { Buffer, isUtf8 } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, LocalFileHeader, ZipFile } from 'yauzl';
import { errors } from '../findings.ts';
import type { Finding } from '../report.ts';

export type SpreadsheetFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export interface ContainerLimits {
  /** Largest upload accepted at all (bytes). */
  maxBytes: number;
  /** Most entries in a ZIP, or used directory entries in a CFB. */
  maxEntries: number;
  /** Sum of all ZIP entries once inflated (bytes). */
  maxUncompressedBytes: number;
  /** One ZIP entry once inflated (bytes). */
  maxEntryBytes: number;
  /** Inflated / compressed size allowed for entries above RATIO_FLOOR_BYTES. */
  maxCompressionRatio: number;
}

/**
 * A daily report is 10-30 KB; these leave two orders of magnitude of room for real files
 * (a 50,000-row junk sheet from Excel compresses ~10-30x) while bounding what SheetJS inflates.
 */
export const DEFAULT_CONTAINER_LIMITS: ContainerLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxEntries: 200,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxEntryBytes: 20 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** Small entries compress arbitrarily well (a 100 KB run of empty cells); only big ones can hurt. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** `archive`: the file is a compressed archive (zip, rar, 7z, gzip), not an office document. */
export type ContainerVerdict = { ok: true; format: SpreadsheetFormat } | { ok: false; error: Finding; archive?: true };

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

const ok = (format: SpreadsheetFormat): ContainerVerdict => ({ ok: true, format });
const fail = (error: Finding): ContainerVerdict => ({ ok: false, error });

/** Why-texts for `tooComplex`, shown to the clerk. */
const WHY = {
  entries: 'quá nhiều thành phần bên trong tệp',
  size: 'dung lượng sau khi giải nén quá lớn',
  ratio: 'tỉ lệ nén bất thường',
  lyingSize: 'kích thước khai báo không khớp với nội dung nén',
  dtd: 'phần XML có khai báo DOCTYPE/ENTITY',
  zip64: 'định dạng ZIP64',
} as const;

const SPREADSHEET_EXT = new Set(['xlsx', 'xlsm', 'xls', 'ods', 'csv', 'xlsb', 'xltx']);

/** "tệp PDF" → "tệp PDF được đổi tên thành .xlsx" when the name pretends to be a spreadsheet. */
function notSpreadsheet(what: string, fileName: string, archive = false): ContainerVerdict {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
  const error = errors.fileType(ext && SPREADSHEET_EXT.has(ext) ? `${what} được đổi tên thành .${ext}` : what);
  return archive ? { ok: false, error, archive: true } : fail(error);
}

function startsWith(buf: Buffer, magic: readonly number[], at = 0): boolean {
  if (buf.length < at + magic.length) return false;
  return magic.every((b, i) => buf[at + i] === b);
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

// ---------------------------------------------------------------------------------------------
// ZIP (xlsx, ods; and docx/pptx/odt/plain zips to refuse)

class Refusal extends Error {
  constructor(readonly finding: Finding) {
    super(finding.code);
  }
}

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

/** What we keep of an entry after inflating it (only the small parts classification needs). */
interface SeenEntry {
  name: string; // normalised: lower case, forward slashes, no leading slash (as SheetJS looks names up)
  text?: string;
}

/** Parts whose text classification needs; everything else is inflated, scanned and dropped. */
const KEEP_TEXT: Record<string, number> = { '[content_types].xml': 256 * 1024, mimetype: 256 };

async function inspectZip(buf: Buffer, fileName: string, limits: ContainerLimits): Promise<ContainerVerdict> {
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

/**
 * Finds `<!DOCTYPE` or `<!ENTITY` (any case, also in UTF-16 text, by skipping NUL bytes) across
 * chunk boundaries. Legitimate OOXML/ODF parts never declare a DTD; entity expansion is the attack.
 */
class DtdScanner {
  private carry = Buffer.alloc(0);

  /** True once a DTD declaration has been seen. */
  push(chunk: Buffer): boolean {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let at = data.indexOf(0x21); // '!' is rare in XML outside comments and CDATA
    while (at >= 0) {
      if (this.declaresDtd(data, at)) return true;
      at = data.indexOf(0x21, at + 1);
    }
    // 32 bytes cover "<" + "!" + "doctype" even when every character is UTF-16 (two bytes).
    this.carry = Buffer.from(data.subarray(Math.max(0, data.length - 32)));
    return false;
  }

  private declaresDtd(data: Buffer, bang: number): boolean {
    let back = bang - 1;
    while (back >= 0 && data[back] === 0) back--;
    if (back < 0 || data[back] !== 0x3c) return false; // '<'
    let word = '';
    for (let i = bang + 1; i < data.length && word.length < 7; i++) {
      const b = data[i]!;
      if (b === 0) continue;
      word += String.fromCharCode(b | 0x20);
    }
    return word.startsWith('doctype') || word.startsWith('entity');
  }
}

function classifyZip(entries: SeenEntry[], fileName: string): ContainerVerdict {
  const names = new Set(entries.map((e) => e.name));
  const textOf = (name: string): string => entries.find((e) => e.name === name)?.text ?? '';
  const contentTypes = textOf('[content_types].xml');
  const mimetype = textOf('mimetype').trim();

  if (mimetype.startsWith('application/vnd.oasis.opendocument.')) {
    if (!/^application\/vnd\.oasis\.opendocument\.spreadsheet(-template)?$/.test(mimetype)) {
      return notSpreadsheet(describeOdf(mimetype), fileName);
    }
    // LibreOffice keeps Basic macros under Basic/ and other scripts under Scripts/.
    if ([...names].some((n) => n.startsWith('basic/') || n.startsWith('scripts/'))) return fail(errors.macroEnabled());
    if (!names.has('content.xml')) return fail(errors.corrupt());
    return ok('ods');
  }

  if (names.has('[content_types].xml')) {
    // Only <Override> (per-part) types count: SheetJS itself writes a <Default> mapping "bin" to a
    // macro-enabled type in every plain .xlsx.
    const overrides = (contentTypes.match(/<Override\b[^>]*>/gi) ?? []).join('\n');
    const isMacro =
      [...names].some((n) => n.endsWith('vbaproject.bin') || n.startsWith('xl/macrosheets/')) ||
      /macroEnabled|vbaProject|ms-excel\.(intl)?macrosheet/i.test(overrides);
    const isWorkbook = names.has('xl/workbook.xml') || /spreadsheetml\.(sheet|template)\.main\+xml/i.test(contentTypes);
    if (names.has('xl/workbook.bin')) return notSpreadsheet('tệp Excel nhị phân .xlsb', fileName);
    if (isWorkbook || names.has('xl/vbaproject.bin')) {
      if (isMacro) return fail(errors.macroEnabled());
      return ok('xlsx');
    }
    if (names.has('word/document.xml') || /wordprocessingml/i.test(contentTypes)) return notSpreadsheet('tệp Word', fileName);
    if (names.has('ppt/presentation.xml') || /presentationml/i.test(contentTypes)) return notSpreadsheet('tệp PowerPoint', fileName);
    return notSpreadsheet('tệp Office không phải bảng tính', fileName);
  }
  return notSpreadsheet('tệp nén ZIP', fileName, true);
}

function describeOdf(mimetype: string): string {
  if (mimetype.includes('.text')) return 'tệp văn bản LibreOffice/OpenOffice (.odt)';
  if (mimetype.includes('.presentation')) return 'tệp trình chiếu LibreOffice/OpenOffice (.odp)';
  return 'tệp LibreOffice/OpenOffice không phải bảng tính';
}

// ---------------------------------------------------------------------------------------------
// CFB / OLE2 (.xls; encrypted OOXML; .doc/.ppt to refuse)
//
// Parsed here rather than with XLSX.CFB, because SheetJS's CFB reader never terminates on a cyclic
// sector chain (get_sector_list) or a cyclic directory tree (build_full_paths) and exhausts the
// heap, which no try/catch survives. This reader mirrors SheetJS's interpretation of the FAT
// (sector k at offset (k+1)·size, reads past the end as 0) and refuses every cycle it could hit.

const ENDOFCHAIN = -2;
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;

interface CfbEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

function inspectCfb(buf: Buffer, fileName: string, limits: ContainerLimits): ContainerVerdict {
  try {
    const cfb = new CfbReader(buf, limits);
    const streams = cfb.entries.filter((e) => e.type === 2);
    const has = (name: string): CfbEntry | undefined => streams.find((e) => e.name.toLowerCase() === name);
    if (has('encryptioninfo') || has('encryptedpackage')) return fail(errors.encrypted());
    const workbook = has('workbook') ?? has('book');
    if (workbook) {
      if (cfb.entries.some((e) => e.type === 1 && e.name.toLowerCase() === '_vba_project_cur')) return fail(errors.macroEnabled());
      if (hasFilePass(cfb.read(workbook, 64 * 1024))) return fail(errors.encrypted());
      return ok('xls');
    }
    if (has('worddocument')) return notSpreadsheet('tệp Word (.doc)', fileName);
    if (has('powerpoint document')) return notSpreadsheet('tệp PowerPoint (.ppt)', fileName);
    return notSpreadsheet('tệp Office không phải bảng tính', fileName);
  } catch (err) {
    if (err instanceof Refusal) return fail(err.finding);
    return fail(errors.corrupt());
  }
}

/** BIFF globals: FILEPASS (0x002F) sits right after BOF when the workbook has a password. */
function hasFilePass(stream: Buffer): boolean {
  let at = 0;
  while (at + 4 <= stream.length) {
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    if (type === 0x002f) return true;
    if (type === 0x000a) return false; // EOF of the globals substream
    at += 4 + length;
  }
  return false;
}

class CfbReader {
  readonly entries: CfbEntry[];
  private readonly sectorSize: number;
  private readonly sectorCount: number;
  private readonly fatSectors: number[] = [];
  private readonly miniStream: Buffer;
  private readonly miniFat: Buffer;

  constructor(
    private readonly buf: Buffer,
    limits: ContainerLimits,
  ) {
    const corrupt = (): never => {
      throw new Refusal(errors.corrupt());
    };
    if (buf.length < 512) corrupt();
    const major = buf.readUInt16LE(0x1a);
    const shift = buf.readUInt16LE(0x1e);
    if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) corrupt();
    if (buf.readUInt16LE(0x20) !== 6 || buf.readUInt32LE(0x38) !== MINI_CUTOFF) corrupt();
    this.sectorSize = 1 << shift;
    if (buf.length < this.sectorSize) corrupt();
    this.sectorCount = Math.ceil(buf.length / this.sectorSize) - 1;

    // FAT sector list: the header's 109 slots (up to the first negative), then the DIFAT chain.
    for (let i = 0; i < 109; i++) {
      const q = buf.readInt32LE(0x4c + 4 * i);
      if (q < 0) break;
      this.fatSectors.push(q);
    }
    let difat = buf.readInt32LE(0x44);
    let difatCount = buf.readInt32LE(0x48);
    const seenDifat = new Set<number>();
    while (difat !== ENDOFCHAIN && difat !== -1) {
      if (difat < 0 || difat >= this.sectorCount || seenDifat.has(difat) || difatCount <= 0) corrupt();
      seenDifat.add(difat);
      const per = this.sectorSize / 4 - 1;
      for (let i = 0; i < per; i++) {
        const q = this.int32(difat, 4 * i);
        if (q === ENDOFCHAIN) break;
        this.fatSectors.push(q);
      }
      difat = this.int32(difat, this.sectorSize - 4);
      difatCount--;
    }
    if (this.fatSectors.length === 0) corrupt();

    const dirStart = buf.readInt32LE(0x30);
    const dir = this.chainData(this.chain(dirStart));
    const entries: CfbEntry[] = [];
    for (let at = 0; at + 128 <= dir.length; at += 128) {
      const nameLength = Math.min(dir.readUInt16LE(at + 64), 64);
      let size = dir.readInt32LE(at + 120);
      let start = dir.readInt32LE(at + 116);
      let type = dir[at + 66]!;
      if (size < 0 && start < 0) [size, type, start] = [0, 0, ENDOFCHAIN];
      entries.push({
        name: dir.toString('utf16le', at, at + Math.max(0, nameLength - 2)),
        type,
        left: dir.readInt32LE(at + 68),
        right: dir.readInt32LE(at + 72),
        child: dir.readInt32LE(at + 76),
        start,
        size,
      });
    }
    if (entries.length === 0 || entries[0]!.type !== 5) corrupt();
    if (entries.filter((e) => e.type !== 0).length > limits.maxEntries) throw new Refusal(errors.tooComplex(WHY.entries));
    checkTree(entries);
    this.entries = entries;

    // Every big stream SheetJS will load must have a finite chain (it follows them without a cycle check).
    for (const e of entries) if (e.type !== 5 && e.size >= MINI_CUTOFF) this.chain(e.start);
    const root = entries[0]!;
    this.miniStream = root.start >= 0 ? this.chainData(this.chain(root.start)) : Buffer.alloc(0);
    const miniFatStart = buf.readInt32LE(0x3c);
    this.miniFat = miniFatStart >= 0 ? this.chainData(this.chain(miniFatStart)) : Buffer.alloc(0);
  }

  /** The first `max` bytes of a stream. */
  read(entry: CfbEntry, max: number): Buffer {
    const want = Math.min(entry.size, max);
    if (entry.size >= MINI_CUTOFF) return this.chainData(this.chain(entry.start)).subarray(0, want);
    const parts: Buffer[] = [];
    let got = 0;
    let idx = entry.start;
    for (let steps = 0; idx >= 0 && got < want && steps <= MINI_CUTOFF / MINI_SECTOR; steps++) {
      const part = this.miniStream.subarray(idx * MINI_SECTOR, idx * MINI_SECTOR + MINI_SECTOR);
      parts.push(part);
      got += part.length;
      idx = idx * 4 + 4 <= this.miniFat.length ? this.miniFat.readInt32LE(idx * 4) : ENDOFCHAIN;
    }
    return Buffer.concat(parts).subarray(0, want);
  }

  /** Sector k of the file, as SheetJS numbers them (the last one may be short). */
  private sector(k: number): Buffer | undefined {
    if (k < 0 || k >= this.sectorCount) return undefined;
    return this.buf.subarray((k + 1) * this.sectorSize, (k + 2) * this.sectorSize);
  }

  /** Reads as SheetJS's __readInt32LE does: missing bytes count as 0. */
  private int32(k: number, offset: number): number {
    const s = this.sector(k);
    if (!s) return 0;
    return ((s[offset + 3] ?? 0) << 24) | ((s[offset + 2] ?? 0) << 16) | ((s[offset + 1] ?? 0) << 8) | (s[offset] ?? 0);
  }

  /** Sector numbers of a chain; a cycle or a link outside the file makes the file corrupt. */
  private chain(start: number): number[] {
    const list: number[] = [];
    const seen = new Set<number>();
    for (let j = start; j >= 0; ) {
      if (seen.has(j) || j >= this.sectorCount) throw new Refusal(errors.corrupt());
      seen.add(j);
      list.push(j);
      const fat = this.fatSectors[Math.floor((j * 4) / this.sectorSize)];
      if (fat === undefined || !this.sector(fat)) break;
      j = this.int32(fat, (j * 4) & (this.sectorSize - 1));
    }
    return list;
  }

  private chainData(list: number[]): Buffer {
    return Buffer.concat(list.map((k) => this.sector(k)!));
  }
}

/**
 * The directory must be one tree hanging from the root: every link in range, no entry linked
 * twice, nothing linking back to the root, nothing linked that the root cannot reach.
 */
function checkTree(entries: CfbEntry[]): void {
  const corrupt = new Refusal(errors.corrupt());
  const linkedFrom = new Map<number, number>();
  entries.forEach((e, i) => {
    for (const to of [e.left, e.right, e.child]) {
      if (to === -1) continue;
      if (to <= 0 || to >= entries.length || linkedFrom.has(to)) throw corrupt;
      linkedFrom.set(to, i);
    }
  });
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const e = entries[queue.pop()!]!;
    for (const to of [e.left, e.right, e.child]) {
      if (to === -1 || reached.has(to)) continue;
      reached.add(to);
      queue.push(to);
    }
  }
  for (const [to, from] of linkedFrom) if (!reached.has(to) || !reached.has(from)) throw corrupt;
}

// ---------------------------------------------------------------------------------------------
// Everything else: recognise what it is, or accept it as CSV if it is delimited UTF-8 text.

const SIGNATURES: ReadonlyArray<{ magic: number[]; at?: number; what: string; archive?: boolean }> = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'tệp PDF' }, // %PDF-
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'tệp ảnh' }, // PNG
  { magic: [0xff, 0xd8, 0xff], what: 'tệp ảnh' }, // JPEG
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'tệp ảnh' }, // GIF8
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'tệp ảnh' }, // TIFF (LE)
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'tệp ảnh' }, // TIFF (BE)
  { magic: [0x57, 0x45, 0x42, 0x50], at: 8, what: 'tệp ảnh' }, // RIFF....WEBP
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'tệp RTF' }, // {\rtf
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'tệp nén ZIP rỗng', archive: true },
  { magic: [0x50, 0x4b, 0x07, 0x08], what: 'tệp nén ZIP', archive: true },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'tệp nén RAR', archive: true },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'tệp nén 7z', archive: true },
  { magic: [0x1f, 0x8b], what: 'tệp nén GZIP', archive: true },
  { magic: [0x09, 0x08], what: 'tệp Excel đời cũ (trước Excel 97)' }, // raw BIFF BOF, no CFB
  { magic: [0x09, 0x04], what: 'tệp Excel đời cũ (trước Excel 97)' },
  { magic: [0x09, 0x02], what: 'tệp Excel đời cũ (trước Excel 97)' },
  { magic: [0x09, 0x00], what: 'tệp Excel đời cũ (trước Excel 97)' },
  { magic: [0xff, 0xfe], what: 'tệp văn bản UTF-16, không phải CSV' },
  { magic: [0xfe, 0xff], what: 'tệp văn bản UTF-16, không phải CSV' },
];

/** How much of a text file the sniffing looks at: enough for any real report's table. */
const SNIFF_BYTES = 256 * 1024;

function inspectOther(buf: Buffer, fileName: string): ContainerVerdict {
  for (const sig of SIGNATURES) if (startsWith(buf, sig.magic, sig.at ?? 0)) return notSpreadsheet(sig.what, fileName, sig.archive);

  const body = startsWith(buf, [0xef, 0xbb, 0xbf]) ? buf.subarray(3) : buf;
  // Text never holds control characters other than tab, CR, LF (and a trailing Ctrl-Z from old tools).
  const sample = body.subarray(0, SNIFF_BYTES);
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && !(b === 0x1a && i === body.length - 1)) {
      return notSpreadsheet('tệp nhị phân không rõ loại', fileName);
    }
  }

  const isUtf8 = validUtf8(body);
  // Decoding only the sample keeps the string small; latin1 keeps a legacy-encoded file's delimiters visible.
  const text = sample.toString(isUtf8 ? 'utf8' : 'latin1');
  const head = text.trimStart().slice(0, 512).toLowerCase();
  if (/^<(!doctype html|html|head|body|table|meta|!--)/.test(head)) return notSpreadsheet('tệp HTML (trang web)', fileName);
  if (head.startsWith('<?xml') || head.startsWith('<')) {
    return notSpreadsheet(
      text.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'tệp Excel XML 2003' : 'tệp XML hoặc HTML',
      fileName,
    );
  }
  if (head.startsWith('id;p')) return notSpreadsheet('tệp SYLK', fileName);
  if (!looksDelimited(text)) return notSpreadsheet('tệp văn bản, không có bảng phân tách bằng dấu phẩy hoặc chấm phẩy', fileName);
  if (!isUtf8) return fail(errors.csvEncoding());
  return ok('csv');
}

/** Validates without decoding, so a 5 MB upload costs no 10 MB string. */
function validUtf8(bytes: Buffer): boolean {
  return isUtf8(bytes);
}

/**
 * A table, not prose: at least two lines with two or more separators of one kind (outside
 * quotes), and one line with four or more. The report's column-number row alone has ten.
 */
function looksDelimited(text: string): boolean {
  const lines = text.split(/\r\n|\n|\r/, 2000);
  for (const sep of [',', ';']) {
    let rows = 0;
    let widest = 0;
    for (const line of lines) {
      let count = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === sep && !quoted) count++;
      }
      if (count >= 2) rows++;
      widest = Math.max(widest, count);
    }
    if (rows >= 2 && widest >= 4) return true;
  }
  return false;
}
