// Fetching a published snapshot (for `bhxh summary [--date D] --out DIR` and the digest mail): the
// four files of a date, or of the latest published date when none is given.
import type { FileStore } from '../../ports/index.ts';
import {
  CONTENT_TYPES, LATEST, SNAPSHOT_FORMATS, downloadName, snapshotKey, type SnapshotFile, type SnapshotFormat,
} from './files.ts';
import type { SnapshotJson } from './json.ts';

export type SnapshotReader = Pick<FileStore, 'read'>;

export interface FetchedSnapshot {
  /** The campaign whose snapshot it is. */
  campaign: string;
  /** The report date the files are about (read from the json when "latest" was asked for). */
  date: string;
  final: boolean;
  generatedAt: string;
  files: SnapshotFile[];
}

const MAX_BYTES = 64 * 1024 * 1024;

/** Keys of the four files of a campaign's date (or of latest/), in the order they are written. */
export function listSnapshotKeys(campaignId: string, date?: string): { format: SnapshotFormat; key: string }[] {
  return SNAPSHOT_FORMATS.map((format) => ({ format, key: snapshotKey(campaignId, date ?? LATEST, format) }));
}

/**
 * Fetches the four files of a date, or of the latest snapshot. Returns undefined when nothing is
 * published there yet. For "latest" the json says which date it is, and the files are then read from
 * that date's own folder, so the four always belong to one date even if latest/ moves meanwhile.
 */
export async function fetchSnapshot(reader: SnapshotReader, campaignId: string, date?: string): Promise<FetchedSnapshot | undefined> {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  const meta = await readJson(reader, snapshotKey(campaignId, date ?? LATEST, 'json'));
  if (!meta) return undefined;
  // latest/ belongs to whichever campaign published it last: read that campaign's folder.
  const campaign = meta.campaign ?? campaignId;
  const files: SnapshotFile[] = [];
  for (const { format, key } of listSnapshotKeys(campaign, meta.date)) {
    const body = await readOrMissing(reader, key);
    if (!body) throw new Error(`Snapshot of ${meta.date} is incomplete: ${key} is missing`);
    files.push({ format, filename: downloadName(meta.date, format), contentType: CONTENT_TYPES[format], body });
  }
  const json = JSON.parse(new TextDecoder().decode(files.find((f) => f.format === 'json')!.body)) as SnapshotJson;
  return { campaign, date: json.date, final: json.final, generatedAt: json.generatedAt, files };
}

async function readJson(reader: SnapshotReader, key: string): Promise<SnapshotJson | undefined> {
  const body = await readOrMissing(reader, key);
  return body ? JSON.parse(new TextDecoder().decode(body)) as SnapshotJson : undefined;
}

/** A missing object (S3 NoSuchKey / NotFound, or an fs ENOENT) reads as undefined. */
async function readOrMissing(reader: SnapshotReader, key: string): Promise<Uint8Array | undefined> {
  try {
    const result = await reader.read(key, MAX_BYTES);
    if (!('body' in result)) throw new Error(`${key} is larger than ${MAX_BYTES} bytes`);
    return result.body;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.code === 'ENOENT' || e.$metadata?.httpStatusCode === 404;
}
