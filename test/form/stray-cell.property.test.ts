// The closed world as a property: one non-empty cell put anywhere in the table area of a valid form
// (any row between the numbering row and the notes, any column from the label column to past the
// table, any kind of content) never makes the file accepted with values other than the form's own.
// Seeded, so a failure is reproduced by its seed and case number.
import { describe, expect, it } from 'vitest';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { SAMPLE_VALUES, seededRandom } from '../../shared/fixtures/report-files.ts';
import { extensionOf, writeTable, type TableCell, type TableWriter } from '../support/odd-workbooks.ts';

const campaign = loadCampaign(data2026);
const SEED = 20261215;
const CASES = 300;
const WRITERS: readonly TableWriter[] = ['sheetjs-xlsx', 'exceljs', 'sheetjs-ods', 'sheetjs-xls'];

/** What a clerk might leave in a cell: numbers of every size, numeric text, words, totals, dates, units. */
function randomContent(next: () => number): TableCell {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const kind = Math.floor(next() * 10);
  switch (kind) {
    case 0: return Math.floor(next() * 1000) + 1;
    case 1: return Math.floor(next() * 1e12) + 1_000_000;
    case 2: return pick(SAMPLE_VALUES) + pick([-1, 0, 1]);
    case 3: return pick(['4.162', '108.554.706.639', '1,563', '-3', '12,5', '0']);
    case 4: return pick(['Tổng cộng', 'Cộng', 'Toàn tỉnh', 'TỔNG SỐ']);
    case 5: return pick(['BHXH cơ sở Từ Sơn', 'x', 'đã kiểm tra', 'Hôm qua', 'A']);
    case 6: return pick(['14/12/2026', '15/12/2026', 'T3 15/12', 'Ngày 16/12']);
    case 7: return { date: [2026, 12, 13 + Math.floor(next() * 4)] };
    case 8: return pick(['Đơn vị tính: triệu đồng', '(nghìn đồng)', 'Tr.đ', 'triệu đồng']);
    default: return { number: Math.floor(next() * 100_000), format: pick(['#,##0', '0.00', '#,##0" tr.đ"', 'dd/mm/yyyy']) };
  }
}

describe('one stray cell anywhere in the table area', () => {
  it(`never yields values other than the form's data row (seed ${SEED}, ${CASES} cases)`, async () => {
    const next = seededRandom(SEED);
    const outcomes = { accepted: 0, rejected: 0 };
    for (let i = 0; i < CASES; i++) {
      const blankBefore = Math.floor(next() * 3);
      const blankAfter = 1 + Math.floor(next() * 3);
      const rows: TableCell[][] = [...Array.from({ length: blankBefore }, () => []), ['Bắc Ninh', ...SAMPLE_VALUES], ...Array.from({ length: blankAfter }, () => [])];
      const r = Math.floor(next() * rows.length);
      const c = Math.floor(next() * 16);
      // The form's own data cells are the form's data, not a stray cell.
      if (r === blankBefore && c >= 1 && c <= 11) continue;
      const row = [...rows[r]!];
      while (row.length <= c) row.push(null);
      const content = randomContent(next);
      row[c] = content;
      rows[r] = row;
      const writer = WRITERS[i % WRITERS.length]!;
      const bytes = await writeTable({ rows }, writer);
      const verdict = applyRules(await readReport(bytes, `bao-cao.${extensionOf(writer)}`, campaign), { campaign, uploadedFor: '24' });
      const where = `case ${i}: ${writer}, row ${r}, column ${c}, ${JSON.stringify(content)}`;
      if (verdict.status === 'accepted') {
        expect(verdict.values, where).toEqual(SAMPLE_VALUES);
        outcomes.accepted++;
      } else {
        expect(verdict.errors.length, where).toBeGreaterThan(0);
        outcomes.rejected++;
      }
    }
    // Both outcomes occur: a label or a remark is accepted, a stray number is not.
    expect(outcomes.accepted).toBeGreaterThan(3);
    expect(outcomes.rejected).toBeGreaterThan(10);
  }, 120_000);
});
