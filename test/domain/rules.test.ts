import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import type { ReadResult, StoredReport } from '../../shared/domain/report.ts';
import { applyRules } from '../../shared/domain/rules.ts';

const campaign = defaultCampaign();
const VALUES = [100, 5_000_000_000, 40, 3_000_000_000, 60, 30, 10, 95, 4_800_000_000, 35, 2_900_000_000];
const CELLS = ['A11', 'B11', 'C11', 'D11', 'E11', 'F11', 'G11', 'H11', 'I11', 'J11', 'K11'];

function read(values: number[] = VALUES, extra: Partial<ReadResult> = {}): ReadResult {
  return { namedProvince: '27', reportDate: '2023-12-15', values, cells: CELLS, errors: [], warnings: [], ...extra };
}
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);
const withValue = (col: number, value: number) => VALUES.map((v, i) => (i === col - 1 ? value : v));

describe('consistency rules', () => {
  it('accepts a consistent report', () => {
    expect(applyRules(read(), { campaign, uploadedFor: '27' })).toMatchObject({ status: 'accepted', errors: [], warnings: [] });
  });

  it.each([[3, 1], [4, 2], [10, 8], [11, 9]])('rejects column %d above column %d, naming its cell', (part, whole) => {
    const verdict = applyRules(read(withValue(part, VALUES[whole - 1]! + 1)), { campaign, uploadedFor: '27' });
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toContainEqual(expect.objectContaining({ code: `col${part}-gt-col${whole}`, cell: CELLS[part - 1] }));
  });

  it('rejects a count of 0 with a non-zero amount, and the reverse', () => {
    const zeroCount = applyRules(read([0, 5, 0, 0, 0, 0, 0, 95, 4_800_000_000, 35, 2_900_000_000]), { campaign, uploadedFor: '27' });
    expect(codes(zeroCount.errors)).toEqual(['col1-col2-mismatch']);
    const zeroAmount = applyRules(read(withValue(11, 0)), { campaign, uploadedFor: '27' });
    expect(codes(zeroAmount.errors)).toEqual(['col10-col11-mismatch']);
  });

  it('rejects a date outside the campaign and a file naming another province', () => {
    const verdict = applyRules(read(VALUES, { reportDate: '2023-12-08', namedProvince: '24', namedProvinceCell: 'A2' }), { campaign, uploadedFor: '25' });
    expect(codes(verdict.errors)).toEqual(['province-mismatch', 'date-outside-campaign']);
    expect(verdict.errors[0]!.message).toContain('Bắc Giang');
    expect(verdict.errors[0]!.message).toContain('Phú Thọ');
    expect(verdict.errors[0]!.cell).toBe('A2');
  });

  it('warns when an action count exceeds the number of late units', () => {
    const verdict = applyRules(read(withValue(5, 101)), { campaign, uploadedFor: '27' });
    expect(verdict.status).toBe('accepted');
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'col5-gt-col1', cell: 'E11' })]);
  });

  const previous: StoredReport = {
    province: '27', reportDate: '2023-12-14', values: VALUES, receivedAt: '2023-12-14T10:00:00.000Z',
    sequencer: '01', late: false, objectKey: 'incoming/27/a.xlsx', warnings: [],
  };

  it('warns when the baseline (columns 1-4) differs from the previous report', () => {
    const verdict = applyRules(read(withValue(2, 5_000_000_001)), { campaign, uploadedFor: '27', previous });
    expect(verdict.status).toBe('accepted');
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'baseline-changed', cell: 'B11' })]);
    expect(verdict.warnings[0]!.message).toContain('14/12/2023');
  });

  it('warns when a cumulative column (5-7) went down', () => {
    const verdict = applyRules(read(withValue(6, 29)), { campaign, uploadedFor: '27', previous });
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'cumulative-decreased', cell: 'F11' })]);
  });

  it('counts a report received after its deadline as late, with a warning, still accepted', () => {
    const late = applyRules(read(), { campaign, uploadedFor: '27', receivedAt: new Date('2023-12-15T11:31:00Z') });
    expect(late.status).toBe('accepted');
    expect(late.warnings).toEqual([expect.objectContaining({ code: 'late' })]);
    expect(late.warnings[0]!.message).toContain('18:30 ngày 15/12/2023');
    const onTime = applyRules(read(), { campaign, uploadedFor: '27', receivedAt: new Date('2023-12-15T11:29:00Z') });
    expect(onTime.warnings).toEqual([]);
  });

  it('warns, naming the amount cell, when an amount per late unit is below the campaign\'s threshold', () => {
    // 44,219 "đồng" for 4,162 late units: the amounts were typed in millions.
    const millions = [4162, 108_554, 1563, 74_315, 1604, 636, 356, 4256, 110_542, 949, 52_057];
    const verdict = applyRules(read(millions), { campaign, uploadedFor: '27' });
    expect(verdict.status).toBe('accepted');
    expect(verdict.warnings.map((w) => [w.code, w.cell])).toEqual([
      ['amount-per-unit-low', 'B11'], ['amount-per-unit-low', 'D11'], ['amount-per-unit-low', 'I11'], ['amount-per-unit-low', 'K11'],
    ]);
    expect(verdict.warnings[0]!.message).toBe('Cột 2 chia cột 1 chỉ được 26 đồng cho mỗi đơn vị chậm đóng (dưới 100.000 đồng): '
      + 'số tiền có thể không tính bằng đồng. Vui lòng kiểm tra lại; mẫu báo cáo tính số tiền bằng đồng Việt Nam.');
  });

  it('takes the plausibility threshold from the campaign, and stays quiet at exactly the threshold', () => {
    const atThreshold = [10, 1_000_000, 1, 100_000, 0, 0, 0, 10, 1_000_000, 1, 100_000];
    expect(applyRules(read(atThreshold), { campaign, uploadedFor: '27' }).warnings).toEqual([]);
    const strict = defaultCampaign();
    (strict.config as { minAmountPerLateUnit: number }).minAmountPerLateUnit = 100_001;
    expect(codes(applyRules(read(atThreshold), { campaign: strict, uploadedFor: '27' }).warnings)).toEqual(Array(4).fill('amount-per-unit-low'));
  });

  it('rejects an upload folder that is not a province of the campaign', () => {
    expect(codes(applyRules(read(), { campaign, uploadedFor: '99' }).errors)).toEqual(['unknown-upload-province']);
  });
});
