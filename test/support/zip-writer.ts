// A tiny ZIP writer for tests: every header field can be set by hand, so a test can build the
// lying, overlapping and malformed archives that real zip tools refuse to produce.
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  /** Content; deflated by the writer when method is 8 (the default) and `compressed` is not given. */
  data?: Uint8Array;
  /** Already raw-deflated payload (for bombs and lies); `data` is then ignored. */
  compressed?: Uint8Array;
  method?: 0 | 8;
  flags?: number;
  crc32?: number;
  /** Declared sizes in both headers; default: the true ones. */
  uncompressedSize?: number;
  compressedSize?: number;
  /** Central-directory extra field. */
  extra?: Uint8Array;
  /** Overrides for the local header only (to make the two headers disagree). */
  local?: { name?: string; method?: number; flags?: number; uncompressedSize?: number; compressedSize?: number };
}

export interface ZipOptions {
  /** Overrides for the end-of-central-directory record. */
  eocd?: { entriesOnDisk?: number; totalEntries?: number; comment?: Uint8Array };
}

/** Raw deflate, as stored in a ZIP entry. */
export function deflateRaw(data: Uint8Array): Buffer {
  return zlib.deflateRawSync(data, { level: 9 });
}

/**
 * Raw deflate of `mib` MiB of zeros without materialising them: one sync-flushed 1 MiB block
 * (byte-aligned, no back-references before it) repeated, then an empty final block.
 */
export function deflatedZeros(mib: number): { compressed: Buffer; crc32: number; size: number } {
  const zeros = Buffer.alloc(1024 * 1024);
  const block = zlib.deflateRawSync(zeros, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const final = zlib.deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = zlib.crc32(zeros, crc);
  return { compressed: Buffer.concat([...Array.from({ length: mib }, () => block), final]), crc32: crc, size: mib * 1024 * 1024 };
}

export function writeZip(entries: ZipEntrySpec[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const data = Buffer.from(e.data ?? new Uint8Array(0));
    const payload = e.compressed ? Buffer.from(e.compressed) : method === 8 ? deflateRaw(data) : data;
    const crc = e.crc32 ?? zlib.crc32(data);
    const usz = e.uncompressedSize ?? data.length;
    const csz = e.compressedSize ?? payload.length;
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.flags ?? 0) | 0x0800; // UTF-8 names
    const extra = Buffer.from(e.extra ?? new Uint8Array(0));

    const localName = Buffer.from(e.local?.name ?? e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.local?.flags ?? flags, 6);
    local.writeUInt16LE(e.local?.method ?? method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(e.local?.compressedSize ?? csz, 18);
    local.writeUInt32LE(e.local?.uncompressedSize ?? usz, 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, localName, payload);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(csz, 20);
    central.writeUInt32LE(usz, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);

    offset += local.length + localName.length + payload.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(options.eocd?.comment ?? new Uint8Array(0));
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(options.eocd?.entriesOnDisk ?? entries.length, 8);
  eocd.writeUInt16LE(options.eocd?.totalEntries ?? entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, eocd, comment]);
}
