import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportFile, SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'bhxh-cli-'));
const bhxh = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('bhxh parse (the offline check, a stable contract)', () => {
  it('prints exactly one JSON object and exits 0 for an accepted file', () => {
    const run = bhxh('parse', file('ok.xlsx', buildReportFile(sampleSpec())), '--province', '27', '--json');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      status: 'accepted', province: '27', reportDate: '2023-12-15', values: SAMPLE_VALUES,
      source: { sheet: 'Báo cáo', row: 11 }, warnings: [], errors: [],
    });
  });

  it('says which row the values were read from, in the JSON and for a person', () => {
    const path = file('tong.xlsx', buildReportFile(sampleSpec({
      labelColumn: { header: 'Đơn vị', numbering: 'A', data: 'Tổng cộng' },
    })));
    const json = bhxh('parse', path, '--province', '27', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'accepted', source: { sheet: 'Báo cáo', row: 11, label: 'Tổng cộng' } });
    const human = bhxh('parse', path, '--province', '27');
    expect(human.stdout).toContain('Đã đọc số liệu ở dòng 11 – Tổng cộng, trang "Báo cáo".');
  });

  it('exits 1 with every error when rejected, and prints a readable verdict without --json', () => {
    const bad = file('bad.csv', buildReportFile(sampleSpec({ values: [...SAMPLE_VALUES.slice(0, 5), -3, ...SAMPLE_VALUES.slice(6)] }), 'csv'));
    const json = bhxh('parse', bad, '--province', '27', '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'rejected', errors: [{ code: 'negative', cell: 'F11' }] });
    const human = bhxh('parse', bad, '--province', '27');
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('BỊ TỪ CHỐI');
    expect(human.stdout).toContain('Ô F11: Cột 6');
  });

  it('exits 2 on a usage error', () => {
    expect(bhxh('parse', join(dir, 'ok.xlsx')).status).toBe(2);
    expect(bhxh('parse', join(dir, 'missing.xlsx'), '--province', '27', '--json').status).toBe(2);
    expect(bhxh('frobnicate').status).toBe(2);
  });
});
