// The national snapshot: model, renderers, publishing use case, download helper.
export * from './model.ts';
export * from './files.ts';
export { renderXlsx } from './xlsx.ts';
export { renderCsv } from './csv.ts';
export { renderJson, parseSnapshotJson, type SnapshotJson } from './json.ts';
export { renderHtml, trendChart } from './html.ts';
export {
  publishSnapshot, publishLatest, publishDueFinalSnapshots, buildSnapshotXlsx, loadSnapshot, snapshotVersion,
  type SnapshotDeps, type PublishOptions, type PublishResult, type SlotOutcome,
} from './publish.ts';
export { fetchSnapshot, listSnapshotKeys, type FetchedSnapshot, type SnapshotReader } from './download.ts';
export { STATUS_LABEL, neutralise } from './text.ts';
