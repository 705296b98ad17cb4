// The container gate's verdict and limits, and the helpers every inspector shares.
import type { Buffer } from 'node:buffer';
import { errors } from '../../findings.ts';
import type { Finding } from '../../report.ts';
import { MAX_UPLOAD_BYTES } from '../../limits.ts';

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
  maxBytes: MAX_UPLOAD_BYTES,
  maxEntries: 200,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxEntryBytes: 20 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** Small entries compress arbitrarily well (a 100 KB run of empty cells); only big ones can hurt. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** `archive`: the file is a compressed archive (zip, rar, 7z, gzip), not an office document. */
export type ContainerVerdict = { ok: true; format: SpreadsheetFormat } | { ok: false; error: Finding; archive?: true };


export const ok = (format: SpreadsheetFormat): ContainerVerdict => ({ ok: true, format });
export const fail = (error: Finding): ContainerVerdict => ({ ok: false, error });

/** Why-texts for `tooComplex`, shown to the clerk. */
export const WHY = {
  entries: 'quá nhiều thành phần bên trong tệp',
  size: 'dung lượng sau khi giải nén quá lớn',
  ratio: 'tỉ lệ nén bất thường',
  lyingSize: 'kích thước khai báo không khớp với nội dung nén',
  dtd: 'phần XML có khai báo DOCTYPE/ENTITY',
  zip64: 'định dạng ZIP64',
} as const;

const SPREADSHEET_EXT = new Set(['xlsx', 'xlsm', 'xls', 'ods', 'csv', 'xlsb', 'xltx']);

/** "tệp PDF" → "tệp PDF được đổi tên thành .xlsx" when the name pretends to be a spreadsheet. */
export function notSpreadsheet(what: string, fileName: string, archive = false): ContainerVerdict {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
  const error = errors.fileType(ext && SPREADSHEET_EXT.has(ext) ? `${what} được đổi tên thành .${ext}` : what);
  return archive ? { ok: false, error, archive: true } : fail(error);
}

export function startsWith(buf: Buffer, magic: readonly number[], at = 0): boolean {
  if (buf.length < at + magic.length) return false;
  return magic.every((b, i) => buf[at + i] === b);
}

/** Thrown inside an inspector to refuse the file with a finding. */
export class Refusal extends Error {
  constructor(readonly finding: Finding) {
    super(finding.code);
  }
}
