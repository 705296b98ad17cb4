// A campaign's words live in its file: no code outside shared/config/ and test/ may carry a shipped
// campaign's year, one of its dates, or one of its notice numbers.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign, type Campaign } from '../../shared/domain/campaign.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SKIP_DIRS = new Set(['node_modules', '.git', '.local', 'cdk.out', 'dist', 'coverage', 'test']);
const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || relative(ROOT, path) === join('shared', 'config')) continue;
      out.push(...codeFiles(path));
    } else if (CODE.test(entry.name)) out.push(path);
  }
  return out;
}

function shippedCampaigns(): Campaign[] {
  const dir = join(ROOT, 'shared', 'config');
  return readdirSync(dir).filter((f) => /^campaign-.*\.json$/.test(f))
    .map((f) => loadCampaign(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}

/** What marks a campaign: its years, its dates (ISO, dd/mm/yyyy, mm/yyyy) and its notice references. */
function campaignMarks(c: Campaign): RegExp[] {
  const { config } = c;
  const dates = [...c.reportDates, config.actionsWindowStart];
  const years = new Set(dates.map((d) => d.slice(0, 4)));
  const texts = [config.title, config.conclusionNotice, config.baselineLabel, config.baselineShort, ...config.notes];
  const notices = new Set(texts.flatMap((t) => t.match(/\d+(?:\/\d{4})?\/[A-ZĐ][A-ZĐ0-9-]*/g) ?? []));
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return [
    ...[...years].map((y) => new RegExp(`(?<!\\d)${y}(?!\\d)`)),
    ...dates.map((d) => new RegExp(escape(d))),
    ...[...notices].map((n) => new RegExp(escape(n))),
  ];
}

describe('campaign words stay out of code', () => {
  const campaigns = shippedCampaigns();
  const files = codeFiles(ROOT);

  it('scans the shipped campaigns and the code', () => {
    expect(campaigns.map((c) => c.id).sort()).toEqual(['2023-12-late-payment', '2026-12-late-payment']);
    expect(files.some((f) => f.endsWith(join('shared', 'domain', 'snapshot', 'text.ts')))).toBe(true);
    // The marks would catch what used to be in the code.
    const marks = campaigns.flatMap(campaignMarks);
    for (const old of ['tính đến hết tháng 11/2023', 'Thông báo Kết luận số 4089/TB-BHXH', "'2023-12-15'"]) {
      expect(marks.some((m) => m.test(old)), old).toBe(true);
    }
  });

  it('finds no campaign year, date or notice number outside shared/config/ and test/', () => {
    const marks = campaigns.flatMap(campaignMarks);
    const found: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        const mark = marks.find((m) => m.test(line));
        if (mark) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });
});
