// `bhxh campaign check FILE`, and a bad campaign file reported the same way by every command.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'bhxh-campaign-'));
const bhxh = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const data2026 = JSON.parse(readFileSync('shared/config/campaign-2026-12.json', 'utf8')) as Record<string, unknown> & { reminders: Record<string, unknown> };

describe('bhxh campaign check', () => {
  it('prints the calendar in the campaign\'s zone and the provinces of a valid file', () => {
    const run = bhxh(['campaign', 'check', 'shared/config/campaign-2026-12.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Times in Asia/Ho_Chi_Minh. Report dates 10/12/2026 to 31/12/2026 (22).');
    expect(run.stdout).toContain('Deadline run daily at 18:30; nudge daily at 16:30; final snapshots at 08:35, 18:35.');
    expect(run.stdout).toMatch(/10\/12\/2026\s+08:30 11\/12\s+16:30 10\/12\s+18:30 11\/12/);
    expect(run.stdout).toContain('24 Bắc Ninh (thành phố): thành phố from 20/09/2026 (Nghị quyết 39/2026/QH16); absorbed Bắc Giang');
    expect(run.stdout).toContain('Provinces (34, list vn-34-units-2025):');
    const json = JSON.parse(bhxh(['campaign', 'check', 'shared/config/campaign-2026-12.json', '--json']).stdout) as { valid: boolean; days: unknown[]; provinces: unknown[] };
    expect(json).toMatchObject({ valid: true });
    expect(json.days).toHaveLength(22);
    expect(json.provinces).toHaveLength(34);
  });

  it('lists every problem of an invalid file, without a stack trace, and exits 2', () => {
    const bad = write('bad.json', JSON.stringify({ ...data2026, reminders: { ...data2026.reminders, nudge: { enabled: true, time: '18:00' } }, notes: 'x' }));
    const run = bhxh(['campaign', 'check', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`error: campaign file ${bad} is not usable:`);
    expect(run.stderr).toContain('  - notes: ');
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('a bad campaign file, in every command', () => {
  const syntax = write('syntax.json', '{"id": "x",\n');
  const expectSame = (run: ReturnType<typeof bhxh>) => {
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: campaign file ${syntax.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not usable:\n  - not valid JSON: `));
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  };

  it('names the file and the JSON syntax error, the same way in campaign check, parse and status', () => {
    expectSame(bhxh(['campaign', 'check', syntax]));
    const report = write('r.xlsx', '');
    writeFileSync(report, buildReportFile(sampleSpec()));
    expectSame(bhxh(['parse', report, '--province', '27'], { BHXH_CAMPAIGN_FILE: syntax }));
    expectSame(bhxh(['status'], { BHXH_CAMPAIGN_FILE: syntax }));
  });
});
