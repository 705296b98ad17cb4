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
  /** File name for people (a download), e.g. tong-hop-toan-quoc-<date>.xlsx. */
  filename: string;
  contentType: string;
  body: Uint8Array;
}

/**
 * The folder of a campaign's snapshot of a date, summaries/<campaign id>/<date>/, or of the latest one
 * of the active campaign, summaries/latest/ (only the active campaign's runs publish there).
 */
export function snapshotFolder(campaignId: string, date: string): string {
  return date === LATEST ? `${SUMMARY_PREFIX}/${LATEST}/` : `${SUMMARY_PREFIX}/${campaignId}/${date}/`;
}

/** Object key of one file: summaries/<campaign id>/<date>/tong-hop-toan-quoc.<ext> or summaries/latest/…. */
export function snapshotKey(campaignId: string, date: string, format: SnapshotFormat): string {
  return `${snapshotFolder(campaignId, date)}${SNAPSHOT_BASENAME}.${format}`;
}

export function downloadName(date: string, format: SnapshotFormat): string {
  return `${SNAPSHOT_BASENAME}-${date}.${format}`;
}

/** The results of a date, beside its snapshot: summaries/<campaign id>/<date>/ket-qua.<ext>. */
export const RESULTS_BASENAME = 'ket-qua';
export type ResultsFormat = Exclude<SnapshotFormat, 'html'>;
export const RESULTS_FORMATS: readonly ResultsFormat[] = ['xlsx', 'csv', 'json'];

export function resultsKey(campaignId: string, date: string, format: ResultsFormat): string {
  return `${snapshotFolder(campaignId, date)}${RESULTS_BASENAME}.${format}`;
}

export function resultsDownloadName(date: string, format: ResultsFormat): string {
  return `${RESULTS_BASENAME}-${date}.${format}`;
}
