// Where a snapshot's files live in the bucket and what they are called: no renderer here, so the
// reminder (which attaches the xlsx) can use the layout without bundling exceljs.

import { SUMMARY_PREFIX } from '../../contract.ts';

export const LATEST = 'latest';
export const SNAPSHOT_BASENAME = 'tong-hop-toan-quoc';

export type SnapshotFormat = 'xlsx' | 'csv' | 'json' | 'html';
/** Write order: the json (what tools poll) goes last, once the others are in place. */
export const SNAPSHOT_FORMATS: readonly SnapshotFormat[] = ['xlsx', 'csv', 'html', 'json'];

export const CONTENT_TYPES: Record<SnapshotFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export interface SnapshotFile {
  format: SnapshotFormat;
  /** File name for people (a download), e.g. tong-hop-toan-quoc-2023-12-15.xlsx. */
  filename: string;
  contentType: string;
  body: Uint8Array;
}

/** The folder of a date's snapshot, or of the latest one: summaries/<date>/ or summaries/latest/. */
export function snapshotFolder(date: string): string {
  return `${SUMMARY_PREFIX}/${date}/`;
}

/** Object key of one file: summaries/<date|latest>/tong-hop-toan-quoc.<ext>. */
export function snapshotKey(date: string, format: SnapshotFormat): string {
  return `${snapshotFolder(date)}${SNAPSHOT_BASENAME}.${format}`;
}

export function downloadName(date: string, format: SnapshotFormat): string {
  return `${SNAPSHOT_BASENAME}-${date}.${format}`;
}
