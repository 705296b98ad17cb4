// A clerk's row written one column off (the numbers starting in the label column, or in column 2)
// is rejected naming the row and the cell out of place, whoever wrote the file; row numbers (STT)
// and codes in the label column still read. Every file is generated here (SheetJS .xlsx/.xls/.ods
// and exceljs).
import { describe, expect, it } from 'vitest';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import type { Verdict } from '../../shared/domain/report.ts';
import { SAMPLE_VALUES, seededRandom } from '../../shared/fixtures/report-files.ts';
import { extensionOf, TABLE_NUMBERING_ROW, TABLE_WRITERS, writeTable, type TableCell, type TablePlan, type TableWriter } from '../support/odd-workbooks.ts';

const campaign = loadCampaign(data2026);
const FIRST_ROW = TABLE_NUMBERING_ROW + 2;

async function verdictOf(plan: TablePlan, writer: TableWriter): Promise<Verdict> {
  const bytes = await writeTable(plan, writer);
  return applyRules(await readReport(bytes, `bao-cao.${extensionOf(writer)}`, campaign), { campaign, uploadedFor: '24' });
}

const shifts = (verdict: Verdict) => verdict.errors.filter((e) => e.code === 'row-shifted');
/** A province with no late units of 3+ months with 10+ employees: columns 10 and 11 are 0. */
const NONE_IN_10_11 = SAMPLE_VALUES.map((v, i) => (i >= 9 ? 0 : v));
/** A small province: one late unit. */
const ONE_UNIT = [1, 5_200_000, 1, 5_200_000, 1, 1, 0, 1, 5_350_000, 0, 0];

describe.each(TABLE_WRITERS)('a row written one column to the left (%s)', (writer) => {
  it.each<[string, readonly number[]]>([
    ['the sample report', SAMPLE_VALUES],
    ['columns 10 and 11 at 0 (every rule passes when read as it stands)', NONE_IN_10_11],
    ['one late unit (column 1 is "1", like a row number)', ONE_UNIT],
  ])('is rejected naming the label cell and the empty column 11: %s', async (_, values) => {
    const verdict = await verdictOf({ rows: [[...values]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict)).toEqual([expect.objectContaining({ cell: `A${FIRST_ROW}` })]);
    // Nothing is read from the row, so no rule speaks of the neighbours' numbers.
    expect(verdict.errors.map((e) => e.code)).toEqual(['row-shifted']);
    expect(verdict.values).toBeNull();
    const message = shifts(verdict)[0]!.message;
    expect(message).toContain('Trang "Báo cáo", dòng 10: số liệu có vẻ bị lệch sang trái một cột: ô A10');
    expect(message).toContain('lệch sang trái một cột');
    expect(message).toContain('ô L10 (cột 11) để trống');
    expect(message).not.toMatch(/row-shifted/);
  });

  it('is rejected with a row number and a name before it (the name overwritten)', async () => {
    const verdict = await verdictOf({ rows: [[1, ...SAMPLE_VALUES]], labelColumns: 2 }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict).map((e) => e.cell)).toEqual([`B${FIRST_ROW}`]);
  });

  it('is rejected when one sub-office row of a total is shifted, naming that row', async () => {
    const a = SAMPLE_VALUES.map((v) => Math.floor(v / 3));
    const b = SAMPLE_VALUES.map((v, i) => v - a[i]!);
    const verdict = await verdictOf({ rows: [['BHXH cơ sở A', ...a], [...b], ['Tổng cộng', ...SAMPLE_VALUES]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict).map((e) => e.cell)).toEqual([`A${FIRST_ROW + 1}`]);
  });
});

describe.each(TABLE_WRITERS)('a row written one column to the right (%s)', (writer) => {
  it('is rejected naming the number right of column 11', async () => {
    const verdict = await verdictOf({ rows: [['Bắc Ninh', null, ...SAMPLE_VALUES]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict)).toEqual([expect.objectContaining({ cell: `M${FIRST_ROW}` })]);
    expect(shifts(verdict)[0]!.message).toContain('Trang "Báo cáo", dòng 10: số liệu có vẻ bị lệch sang phải một cột: ô B10 (cột 1) để trống, còn ô M10');
    expect(verdict.errors.map((e) => e.code)).not.toContain('stray-cell');
  });

  it('is rejected when the number right of column 11 falls in a "Ghi chú" column', async () => {
    const verdict = await verdictOf({ rows: [['Bắc Ninh', null, ...SAMPLE_VALUES]], extraHeaders: ['Ghi chú'] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict).map((e) => e.cell)).toEqual([`M${FIRST_ROW}`]);
    expect(verdict.errors.map((e) => e.code)).toEqual(['row-shifted']);
  });

  it('is rejected when a row number moved into column 1 and column 11\'s number into "Ghi chú"', async () => {
    const verdict = await verdictOf({ rows: [[null, 1, ...SAMPLE_VALUES]], extraHeaders: ['Ghi chú'] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict)[0]!.message).toContain('ô B10 (cột 1) ghi "1"');
  });

  it('is rejected when the label moved into column 1', async () => {
    const verdict = await verdictOf({ rows: [[null, 'Bắc Ninh', ...SAMPLE_VALUES]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(shifts(verdict)[0]!.message).toContain('ô B10 (cột 1) ghi "Bắc Ninh"');
  });
});

describe.each(TABLE_WRITERS)('numbers that belong in the label column (%s)', (writer) => {
  const withBlank10And11: TableCell[] = SAMPLE_VALUES.map((v, i) => (i >= 9 ? null : v));
  it.each<[string, TablePlan, readonly number[]]>([
    ['a row number "1"', { rows: [[1, ...SAMPLE_VALUES]] }, SAMPLE_VALUES],
    ['a row number as text "1"', { rows: [['1', ...SAMPLE_VALUES]] }, SAMPLE_VALUES],
    ['a row number, columns 10 and 11 left empty', { rows: [[1, ...withBlank10And11]] }, NONE_IN_10_11],
    ['a row number and a name', { rows: [[1, 'Bắc Ninh', ...SAMPLE_VALUES]], labelColumns: 2 }, SAMPLE_VALUES],
    ['a name and a province code', { rows: [['Bắc Ninh', 27, ...SAMPLE_VALUES]], labelColumns: 2 }, SAMPLE_VALUES],
    ['a remark number beside a full row', { rows: [['Bắc Ninh', ...SAMPLE_VALUES, 3]], extraHeaders: ['Ghi chú'] }, SAMPLE_VALUES],
  ])('reads %s', async (_, plan, values) => {
    expect(await verdictOf(plan, writer)).toMatchObject({ status: 'accepted', values });
  });

  it('reads numbered sub-offices (1, 2, 3) and a total, one sub-office with columns 10 and 11 empty', async () => {
    const small = SAMPLE_VALUES.map((v, i) => (i >= 9 ? 0 : Math.floor(v / 10)));
    const a = SAMPLE_VALUES.map((v, i) => Math.floor((v - small[i]!) / 2));
    const b = SAMPLE_VALUES.map((v, i) => v - small[i]! - a[i]!);
    const rows: TableCell[][] = [[1, ...a], [2, ...b], [3, ...small.map((v, i) => (i >= 9 ? null : v))], ['Tổng cộng', ...SAMPLE_VALUES]];
    expect(await verdictOf({ rows }, writer)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

describe('any report shifted by one column', () => {
  it('is never accepted (seeded: random values, labels, writers, directions)', async () => {
    const next = seededRandom(20261216);
    for (let i = 0; i < 40; i++) {
      const count = (max: number): number => 1 + Math.floor(next() * max);
      const c1 = count(5000); const c3 = count(c1); const c8 = count(5000); const c10 = next() < 0.3 ? 0 : count(c8);
      const amount = (units: number): number => units * (100_000 + Math.floor(next() * 50_000_000));
      const c2 = amount(c1); const c9 = amount(c8);
      const values = [c1, c2, c3, Math.min(c2, amount(c3)), count(c1), count(c1), count(c1), c8, c9, c10, c10 ? Math.min(c9, amount(c10)) : 0];
      const label: TableCell[] = next() < 0.5 ? [count(3)] : ['Bắc Ninh'];
      const left = next() < 0.5;
      const rows: TableCell[][] = [left ? [...values] : [...label, null, ...values]];
      const writer = TABLE_WRITERS[i % TABLE_WRITERS.length]!;
      const verdict = await verdictOf({ rows }, writer);
      expect(verdict.status, `case ${i}: ${writer} ${left ? 'left' : 'right'} ${JSON.stringify(rows)}`).toBe('rejected');
      expect(shifts(verdict).length, `case ${i}`).toBe(1);
    }
  }, 60_000);
});
