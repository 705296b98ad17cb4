// The four published files of a snapshot, rendered (their key layout is in keys.ts).
import {
  CONTENT_TYPES, downloadName, RESULTS_FORMATS, resultsDownloadName, SNAPSHOT_FORMATS, type ResultsFormat, type SnapshotFile, type SnapshotFormat,
} from './keys.ts';
import { buildResults } from '../results/model.ts';
import { renderResultsCsv, renderResultsJson } from '../results/render.ts';
import type { Snapshot } from './model.ts';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';

const utf8 = new TextEncoder();
// exceljs is loaded at the first xlsx rendered, not at the Lambda's init: an aggregator run that
// writes nothing (an ignored event, a final-snapshot run with nothing due) never pays for it.
const xlsxWriter = () => import('./xlsx.ts');
const resultsXlsxWriter = () => import('../results/xlsx.ts');

/** Renders the four files of a snapshot, in write order. */
export async function renderSnapshotFiles(snapshot: Snapshot): Promise<SnapshotFile[]> {
  const bodies: Record<SnapshotFormat, Uint8Array> = {
    xlsx: await (await xlsxWriter()).renderXlsx(snapshot),
    csv: utf8.encode(renderCsv(snapshot)),
    html: utf8.encode(renderHtml(snapshot)),
    json: utf8.encode(renderJson(snapshot)),
  };
  return SNAPSHOT_FORMATS.map((format) => ({
    format, filename: downloadName(snapshot.date, format), contentType: CONTENT_TYPES[format], body: bodies[format],
  }));
}

/** Renders the results of the snapshot's date (xlsx, csv, json); `marked` provinces at each end of the ranking. */
export async function renderResultsFiles(snapshot: Snapshot, marked: number): Promise<(SnapshotFile & { format: ResultsFormat })[]> {
  const results = buildResults(snapshot, marked);
  const bodies: Record<ResultsFormat, Uint8Array> = {
    xlsx: await (await resultsXlsxWriter()).renderResultsXlsx(results, snapshot.texts),
    csv: utf8.encode(renderResultsCsv(results, snapshot.texts)),
    json: utf8.encode(renderResultsJson(results, snapshot.texts)),
  };
  return RESULTS_FORMATS.map((format) => ({
    format, filename: resultsDownloadName(snapshot.date, format), contentType: CONTENT_TYPES[format], body: bodies[format],
  }));
}

export * from './keys.ts';
