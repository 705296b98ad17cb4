// exceljs (and the JSZip that charts use) is loaded at the first workbook written, never at a Lambda's
// init: the aggregator and the portal import their handlers without it, so a run that writes no
// workbook (an ignored event, a date up to date, a page view) never pays for it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Packages whose modules a fresh Node process holds after importing `entry` (CommonJS cache). */
function loadedPackages(entry: string): string[] {
  const script = `import Module from 'node:module';
await import(${JSON.stringify(new URL(entry, `file://${ROOT}/`).href)});
const names = Object.keys(Module._cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(k)?.[1]).filter(Boolean);
console.log(JSON.stringify([...new Set(names)]));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT, encoding: 'utf8',
    env: { ...process.env, AWS_REGION: 'ap-southeast-1', BHXH_TABLE_NAME: 't', BHXH_BUCKET_NAME: 'b', BHXH_EVENT_BUS_NAME: 'e', BHXH_SENDER: 'bao-cao@example.gov.vn' },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as string[];
}

describe('exceljs deferred to the first workbook', () => {
  it.each(['lambdas/aggregator/handler.ts', 'lambdas/portal/handler.ts'])('%s imports without exceljs or jszip', (entry) => {
    const loaded = loadedPackages(entry);
    // The check sees CommonJS packages at all: the AWS SDK's are loaded.
    expect(loaded.some((name) => name.startsWith('@aws-sdk/') || name.startsWith('@smithy/'))).toBe(true);
    expect(loaded).not.toContain('exceljs');
    expect(loaded).not.toContain('jszip');
  });
});
