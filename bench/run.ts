// `npm run bench`: what users and the AWS bill feel, measured on this machine.
//   npm run bench                     a table
//   npm run --silent bench -- --json  the same numbers as one JSON object (a contract other tools read)
//   npm run bench -- --quick          fewer repetitions (a smoke run)
// Targets are reported, never asserted in unit tests: the machines are shared and noisy.
import { spawnSync } from 'node:child_process';
import { defaultCampaign } from '../shared/config/campaign.ts';
import { Campaign } from '../shared/domain/campaign.ts';
import { readReport } from '../shared/domain/form/read-report.ts';
import type { StoredReport } from '../shared/domain/report.ts';
import { renderSnapshotFiles } from '../shared/domain/snapshot/files.ts';
import { buildSnapshot } from '../shared/domain/snapshot/model.ts';
import { buildReportFile, SAMPLE_VALUES, sampleDate, sampleSpec, type ReportFormat } from '../shared/fixtures/report-files.ts';
import { LAMBDAS, runBundles } from './bundles.ts';
import { runEndToEnd } from './e2e.ts';
import { runMailReplies } from './mail.ts';
import { runPortal } from './portal.ts';
import { estimateCost, PRICES } from './cost.ts';
import { median, percentile } from './stats.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const progress = (line: string): void => { if (!json) process.stderr.write(`… ${line}\n`); };

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

type FormatStats = { medianMs: number; p95Ms: number; filesPerSec: number };
type ReaderBench = Record<'xlsx' | 'xls' | 'ods' | 'csv', FormatStats> & { hostile: { maxMs: number; maxRssMb: number } };

async function benchReader(): Promise<ReaderBench> {
  const campaign = defaultCampaign();
  const formats: [string, ReportFormat, string][] = [['xlsx', 'xlsx', 'xlsx'], ['xls', 'xls', 'xls'], ['ods', 'ods', 'ods'], ['csv', 'csv', 'csv']];
  const result: Record<string, FormatStats> = {};
  const runs = quick ? 100 : 500;
  for (const [label, format, ext] of formats) {
    progress(`reader: ${label}`);
    const bytes = buildReportFile(sampleSpec(), format);
    for (let i = 0; i < 50; i++) await readReport(bytes, `bao-cao.${ext}`, campaign);
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await readReport(bytes, `bao-cao.${ext}`, campaign);
      times.push(performance.now() - t);
    }
    const elapsed = performance.now() - started;
    result[label] = { medianMs: round(median(times)), p95Ms: round(percentile(times, 95)), filesPerSec: Math.round((runs / elapsed) * 1000) };
  }
  progress('reader: hostile files (each in a fresh process)');
  const hostile = spawnSync(process.execPath, ['--import', 'tsx', 'bench/hostile.ts', '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const summary = (JSON.parse(hostile.stdout) as { summary: { maxMs: number; maxPeakRssMb: number } }).summary;
  return { ...(result as Record<'xlsx' | 'xls' | 'ods' | 'csv', FormatStats>), hostile: { maxMs: round(summary.maxMs, 1), maxRssMb: round(summary.maxPeakRssMb, 1) } };
}

/** Snapshot build (model + xlsx, csv, json, html) for a date with N reporting units. */
async function benchAggregation() {
  const result: Record<string, number> = {};
  for (const units of [63, 700, 10_000]) {
    progress(`aggregation: ${units} units`);
    const base = defaultCampaign();
    const provinces = units === 63 ? base.config.provinces
      : Array.from({ length: units }, (_, i) => ({ code: String(i + 1).padStart(5, '0'), name: `Đơn vị ${i + 1}`, kind: 'tinh' as const }));
    const campaign = new Campaign({ ...base.config, provinces });
    const date = sampleDate(base);
    const reports: StoredReport[] = provinces.map((p, i) => ({
      province: p.code, reportDate: date, values: SAMPLE_VALUES.map((v) => v + i), receivedAt: `${date}T09:00:00.000Z`,
      sequencer: '01', late: i % 10 === 0, objectKey: `incoming/${p.code}/bc.xlsx`, warnings: [],
    }));
    const times: number[] = [];
    for (let k = 0; k < (quick ? 2 : 4); k++) {
      const t = performance.now();
      const snapshot = buildSnapshot({ campaign, date, reports, submissions: [], final: false, generatedAt: new Date(`${date}T10:00:00Z`) });
      await renderSnapshotFiles(snapshot);
      times.push(performance.now() - t);
    }
    result[String(units)] = Math.round(median(times.slice(1)));
  }
  return result;
}

function benchCampaign() {
  progress('campaign replay: 63 provinces × 21 dates through the local stack (a child process)');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/campaign.ts'], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (run.status !== 0) throw new Error(`campaign replay failed: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    seconds: number; peakRssMb: number; uploads: number; accepted: number; rejected: number; reminderRuns: number; mails: number;
    durations: { reminderMs: number };
  };
}

const reader = await benchReader();
const { bundles } = await runBundles({ quick, progress });
progress(`end to end: ${quick ? 30 : 100} uploads through the local stack`);
const e2e = await runEndToEnd(quick ? 30 : 100);
progress(`mail: ${quick ? 20 : 50} mails received → reply sent on the local stack`);
const mail = await runMailReplies(quick ? 20 : 50);
progress(`portal: page bytes, and ${quick ? 15 : 50} uploads → verdict on the page, in headless Chromium`);
const portal = await runPortal(quick ? 15 : 50);
const aggregation = await benchAggregation();
const campaign = benchCampaign();
// Handler durations for the bill: the parser's from upload → report, the aggregator's from the extra
// time to the snapshot (both include emulator round trips, so they overstate AWS a little).
const cost = estimateCost({
  ...campaign,
  durations: { parserMs: e2e.reportP50Ms, aggregatorMs: Math.max(1, e2e.snapshotP50Ms - e2e.reportP50Ms), reminderMs: campaign.durations.reminderMs },
});

const measured = {
  reader,
  bundles,
  e2e: { reportP50Ms: e2e.reportP50Ms, reportP95Ms: e2e.reportP95Ms, snapshotP50Ms: e2e.snapshotP50Ms, snapshotP95Ms: e2e.snapshotP95Ms },
  campaign: { seconds: campaign.seconds, peakRssMb: campaign.peakRssMb },
  mail,
  portal,
  aggregation,
  cost: { usdPerCampaign: cost.total },
};

if (json) {
  process.stdout.write(`${JSON.stringify(measured)}\n`);
} else {
  const targets: [string, string, string][] = [
    ...(['xlsx', 'xls', 'ods', 'csv'] as const).map((f): [string, string, string] => [
      `reader ${f}: median / p95 / files per s`, `${reader[f].medianMs} ms / ${reader[f].p95Ms} ms / ${reader[f].filesPerSec}`, f === 'xlsx' ? '≤ 5 ms median' : '',
    ]),
    ['reader hostile: slowest / peak RSS', `${reader.hostile.maxMs} ms / ${reader.hostile.maxRssMb} MB`, '≤ 2000 ms, ≤ 256 MB'],
    ...LAMBDAS.map((n): [string, string, string] => [
      `bundle ${n}: size / init / × its SDK-only baseline`,
      `${(bundles[n].bytes / 1024 / 1024).toFixed(2)} MB / ${bundles[n].initMs} ms / ${bundles[n].initRatio}× (${bundles.sdkBaseline[n].initMs} ms; CPU ${bundles[n].initCpuRatio}×)`,
      '≤ 1.2 MB, ≤ 1.3×',
    ]),
    ['e2e upload → report readable p50 / p95', `${e2e.reportP50Ms} / ${e2e.reportP95Ms} ms`, 'p95 ≤ 500 ms'],
    ['e2e upload → snapshot updated p50 / p95', `${e2e.snapshotP50Ms} / ${e2e.snapshotP95Ms} ms`, 'p95 ≤ 2000 ms'],
    ['mail received → reply sent p50 / p95', `${mail.replyP50Ms} / ${mail.replyP95Ms} ms`, 'p95 ≤ 2000 ms'],
    ['portal page load, largest (bytes transferred, cache off)', `${(portal.pageBytesMax / 1024).toFixed(1)} KB`, '≤ 100 KB'],
    ['portal requests to other hosts', String(portal.externalRequests), '0'],
    [`portal upload → verdict shown p50 / p95 (${portal.uploads} uploads)`, `${portal.verdictP50Ms} / ${portal.verdictP95Ms} ms`, 'p95 ≤ 1000 ms'],
    ['campaign replay (1,323 uploads + reminders + finals)', `${campaign.seconds} s, peak RSS ${campaign.peakRssMb} MB`, '≤ 90 s'],
    ...Object.entries(aggregation).map(([n, ms]): [string, string, string] => [`snapshot build, ${n} units`, `${ms} ms`, n === '10000' ? '≤ 2000 ms' : '']),
    ['cost per campaign on AWS', `$${cost.total.toFixed(4)}`, ''],
  ];
  const w = Math.max(...targets.map((t) => t[0].length));
  const v = Math.max(...targets.map((t) => t[1].length));
  console.log(`${'measure'.padEnd(w)} | ${'value'.padEnd(v)} | target`);
  for (const [name, value, target] of targets) console.log(`${name.padEnd(w)} | ${value.padEnd(v)} | ${target}`);
  console.log(`\ncost breakdown (USD, ${PRICES.region} list prices): ${Object.entries(cost.parts).map(([k, x]) => `${k} ${x.toFixed(4)}`).join(', ')}`);
  console.log(`portal page loads (KB): ${Object.entries(portal.pages).map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}`).join(', ')}`);
  console.log(`campaign replay: ${campaign.uploads} uploads (${campaign.accepted} accepted, ${campaign.rejected} rejected), ${campaign.reminderRuns} reminder runs, ${campaign.mails} mails`);
}
