// Hostile-file benchmark: every generator in test/support/hostile-files.ts, each verdict in a
// fresh child process (bench/hostile-child.ts) so time and peak RSS are per file.
//   npx tsx bench/hostile.ts          table
//   npx tsx bench/hostile.ts --json   machine-readable
// Exits non-zero if any verdict takes over 2 s, peaks over 256 MB RSS, or the child dies.
// The gate under test is chosen by the import at the top of bench/hostile-child.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_FILES } from '../test/support/hostile-files.ts';

const MAX_MS = 2000;
const MAX_RSS_MB = 256;
/** A child that has not answered by then is hung (a SheetJS cycle, say): count it as a failure. */
const CHILD_TIMEOUT_MS = 30_000;

interface Row {
  id: string;
  upload: string;
  sizeBytes: number;
  expected: string;
  verdict: string;
  ms: number;
  peakRssMb: number;
  baselineRssMb: number;
  failure?: string;
}

const json = process.argv.includes('--json');
const child = join(dirname(fileURLToPath(import.meta.url)), 'hostile-child.ts');
const scratch = mkdtempSync(join(tmpdir(), 'hostile-'));
const rows: Row[] = [];

try {
  for (const c of HOSTILE_FILES) {
    const f = c.make();
    const path = join(scratch, c.id);
    writeFileSync(path, f.bytes);
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, path, f.name], {
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS,
      maxBuffer: 1024 * 1024,
    });
    rmSync(path, { force: true });
    const row: Row = { id: c.id, upload: f.name, sizeBytes: f.bytes.length, expected: c.expected, verdict: '', ms: NaN, peakRssMb: NaN, baselineRssMb: NaN };
    const line = run.stdout?.trim().split('\n').pop() ?? '';
    try {
      Object.assign(row, JSON.parse(line) as Pick<Row, 'verdict' | 'ms' | 'peakRssMb' | 'baselineRssMb'>);
    } catch {
      row.verdict = 'NO ANSWER';
      row.failure = run.error ? run.error.message : `child exited ${run.status ?? run.signal}: ${(run.stderr ?? '').trim().split('\n').slice(-1)[0] ?? ''}`;
    }
    if (!row.failure && row.ms > MAX_MS) row.failure = `took ${row.ms.toFixed(0)} ms (> ${MAX_MS})`;
    if (!row.failure && row.peakRssMb > MAX_RSS_MB) row.failure = `peak RSS ${row.peakRssMb.toFixed(0)} MB (> ${MAX_RSS_MB})`;
    rows.push(row);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** The full reader says just "ok" where the container gate names the format. */
const matches = (r: Row): boolean => r.verdict === r.expected || (r.expected.startsWith('ok:') && r.verdict === 'ok');
const finite = (xs: number[]): number[] => xs.filter((x) => Number.isFinite(x));
const summary = {
  maxMs: Math.max(0, ...finite(rows.map((r) => r.ms))),
  maxPeakRssMb: Math.max(0, ...finite(rows.map((r) => r.peakRssMb))),
  maxBaselineRssMb: Math.max(0, ...finite(rows.map((r) => r.baselineRssMb))),
  failures: rows.filter((r) => r.failure).map((r) => ({ id: r.id, failure: r.failure })),
  mismatches: rows.filter((r) => !matches(r)).map((r) => r.id),
  limits: { maxMs: MAX_MS, maxRssMb: MAX_RSS_MB },
};

if (json) {
  process.stdout.write(`${JSON.stringify({ rows, summary }, null, 2)}\n`);
} else {
  const table = [
    ['name', 'bytes', 'expected', 'verdict', 'ms', 'peak RSS MB', ''],
    ...rows.map((r) => [
      r.id,
      String(r.sizeBytes),
      r.expected,
      r.verdict,
      Number.isFinite(r.ms) ? r.ms.toFixed(1) : '-',
      Number.isFinite(r.peakRssMb) ? r.peakRssMb.toFixed(1) : '-',
      r.failure ? `FAIL ${r.failure}` : matches(r) ? '' : '≠ expected',
    ]),
    ['max', '', '', '', summary.maxMs.toFixed(1), summary.maxPeakRssMb.toFixed(1), ''],
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd());
  console.log(`(peak RSS includes the Node + tsx baseline of about ${summary.maxBaselineRssMb.toFixed(0)} MB before the file is read)`);
  if (summary.failures.length > 0) console.log(`${summary.failures.length} over budget or failed: ${summary.failures.map((f) => f.id).join(', ')}`);
}
process.exitCode = summary.failures.length > 0 ? 1 : 0;
