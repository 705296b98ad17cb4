// CFB / OLE2 (.xls; encrypted OOXML; .doc/.ppt to refuse)
//
// Parsed here rather than with XLSX.CFB, because SheetJS's CFB reader never terminates on a cyclic
// sector chain (get_sector_list) or a cyclic directory tree (build_full_paths) and exhausts the
// heap, which no try/catch survives. This reader mirrors SheetJS's interpretation of the FAT
// (sector k at offset (k+1)·size, reads past the end as 0) and refuses every cycle it could hit.
import { Buffer } from 'node:buffer';
import { errors } from '../../findings.ts';
import { fail, notSpreadsheet, ok, Refusal, WHY, type ContainerLimits, type ContainerVerdict } from './verdict.ts';

export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

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

export function inspectCfb(buf: Buffer, fileName: string, limits: ContainerLimits): ContainerVerdict {
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
