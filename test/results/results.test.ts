// The campaign's results on a date: per province the baseline against the date (late amount, debt of
// 3+ months, late units), actions per late unit, days on time / late / missing; the national line;
// the ranking by % reduction with its ends marked; and the three downloads carrying the same figures.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { buildResults, type Results } from '../../shared/domain/results/model.ts';
import { resultFields, sortResults } from '../../shared/domain/results/fields.ts';
import { renderResultsCsv, renderResultsJson } from '../../shared/domain/results/render.ts';
import { renderResultsXlsx } from '../../shared/domain/results/xlsx.ts';
import { buildSnapshot, type Snapshot } from '../../shared/domain/snapshot/model.ts';
import type { StoredReport } from '../../shared/domain/report.ts';
import { report } from '../snapshot/fixtures.ts';

const campaign = defaultCampaign();
const DATE = '2023-12-14';

/** A consistent row from the baseline (units, amount) and the figures now; actions given. */
function row(units: number, amount: number, nowUnits: number, nowAmount: number, actions: [number, number, number] = [10, 5, 2]): number[] {
  const part = (n: number) => Math.floor(n / 2);
  return [units, amount, part(units), part(amount), ...actions, nowUnits, nowAmount, part(nowUnits), part(nowAmount)];
}

// 01 improves 10 %, 02 worsens 5 %, 04 improves 10 % on a larger amount (ties 01 in %, wins in đồng),
// 06 has a zero baseline, 08 improves 2 % and is late on the date, 10 improves 1 %; 11 never reports.
const TODAY: Record<string, number[]> = {
  '01': row(100, 1_000_000_000, 90, 900_000_000),
  '02': row(200, 2_000_000_000, 210, 2_100_000_000),
  '04': row(300, 3_000_000_000, 280, 2_700_000_000),
  '06': row(0, 0, 0, 0, [0, 0, 0]),
  '08': row(50, 500_000_000, 49, 490_000_000),
  '10': row(80, 800_000_000, 80, 792_000_000),
};

function played(): Snapshot {
  const reports: StoredReport[] = Object.entries(TODAY).map(([code, values]) =>
    report(code, DATE, `${DATE}T05:00:00.000Z`, { values, late: code === '08' }));
  // Earlier dates: 01 every day on time, 08 late on the 12th, 02 missing on the 11th.
  const history = new Map<string, StoredReport[]>([
    ['2023-12-11', [report('01', '2023-12-11', '2023-12-11T05:00:00Z'), report('08', '2023-12-11', '2023-12-11T05:00:00Z')]],
    ['2023-12-12', [report('01', '2023-12-12', '2023-12-12T05:00:00Z'), report('02', '2023-12-12', '2023-12-12T05:00:00Z'), report('08', '2023-12-12', '2023-12-12T13:00:00Z', { late: true })]],
    ['2023-12-13', [report('01', '2023-12-13', '2023-12-13T05:00:00Z'), report('02', '2023-12-13', '2023-12-13T05:00:00Z')]],
  ]);
  // 20:00 ICT on the 14th: every date up to the 14th is due.
  return buildSnapshot({ campaign, date: DATE, reports, submissions: [], history, final: true, generatedAt: new Date(`${DATE}T13:00:00Z`) });
}

const byCode = (r: Results, code: string) => r.rows.find((x) => x.code === code)!;

describe('buildResults', () => {
  it('puts the national line on top: exact sums of the reports of the date, their change and %', () => {
    const r = buildResults(played(), 2);
    const sum = (col: number) => Object.values(TODAY).reduce((s, v) => s + BigInt(v[col - 1]!), 0n);
    expect(r.national.provinces).toBe(6);
    expect(r.national.lateAmount).toEqual({ baseline: sum(2), now: sum(9), change: sum(9) - sum(2), changePct: Number(((Number(sum(9) - sum(2)) / Number(sum(2))) * 100).toFixed(3)) });
    expect(r.national.overdueAmount).toMatchObject({ baseline: sum(4), now: sum(11), change: sum(11) - sum(4) });
    expect(r.national.lateUnits).toMatchObject({ baseline: sum(1), now: sum(8), change: sum(8) - sum(1) });
    expect(r.national.actions.letters).toBe(Math.trunc((Number(sum(5)) / Number(sum(1))) * 1000) / 1000);
  });

  it('ranks by % reduction (ties by the reduction in đồng), marks the N at each end, leaves out zero baselines and missing reports', () => {
    const r = buildResults(played(), 2);
    expect(r.rows.filter((x) => x.rank !== null).map((x) => [x.code, x.rank, x.mark])).toEqual([
      ['04', 1, 'top'], ['01', 2, 'top'], ['08', 3, null], ['10', 4, 'bottom'], ['02', 5, 'bottom'],
    ]);
    expect(byCode(r, '01').lateAmount).toEqual({ baseline: 1_000_000_000n, now: 900_000_000n, change: -100_000_000n, changePct: -10 });
    expect(byCode(r, '02').lateAmount!.changePct).toBe(5);
    // A zero baseline: the change is shown, there is no % and no rank.
    expect(byCode(r, '06')).toMatchObject({ rank: null, mark: null, lateAmount: { baseline: 0n, now: 0n, change: 0n, changePct: null }, actions: { letters: null } });
    // No report on the date: no figures at all (never zeros), no rank; listed after the ranked ones.
    expect(byCode(r, '11')).toMatchObject({ rank: null, status: 'missing', lateAmount: null, overdueAmount: null, lateUnits: null, actions: null });
    expect(r.rows.slice(0, 5).every((x) => x.rank !== null)).toBe(true);
    expect(r.rows).toHaveLength(campaign.provinces.length);
  });

  it('marks nobody twice when fewer provinces are ranked than twice N', () => {
    const r = buildResults(played(), 4);
    expect(r.rows.filter((x) => x.rank !== null).map((x) => x.mark)).toEqual(['top', 'top', 'top', 'top', 'bottom']);
    expect(buildResults(played(), 0).rows.every((x) => x.mark === null)).toBe(true);
  });

  it('counts each province’s days on time, late and missing up to the date', () => {
    const r = buildResults(played(), 2);
    expect(byCode(r, '01').days).toEqual({ onTime: 4, late: 0, missing: 0 });
    expect(byCode(r, '02').days).toEqual({ onTime: 3, late: 0, missing: 1 });
    expect(byCode(r, '08').days).toEqual({ onTime: 1, late: 2, missing: 1 });
    expect(byCode(r, '11').days).toEqual({ onTime: 0, late: 0, missing: 4 });
    // Before the date's deadline, the date itself is not missing yet.
    const early = buildSnapshot({ campaign, date: DATE, reports: [], submissions: [], final: false, generatedAt: new Date(`${DATE}T05:00:00Z`) });
    expect(buildResults(early, 2).rows.find((x) => x.code === '11')!.days).toEqual({ onTime: 0, late: 0, missing: 3 });
  });

  it('gives actions per late unit at the baseline (cols 5, 6, 7 over col 1)', () => {
    expect(byCode(buildResults(played(), 2), '01').actions).toEqual({ letters: 0.1, invitations: 0.05, meetings: 0.02 });
  });

  it('sorts by any field, nulls last either way', () => {
    const r = buildResults(played(), 2);
    const field = resultFields(played().texts).find((f) => f.key === 'lateAmountNow')!;
    const asc = sortResults(r.rows, field, 'asc').map((x) => x.code);
    expect(asc.slice(0, 6)).toEqual(['06', '08', '10', '01', '02', '04']);
    expect(sortResults(r.rows, field, 'desc').map((x) => x.code).slice(0, 6)).toEqual(['04', '02', '01', '10', '08', '06']);
    expect(asc.at(-1)).not.toMatch(/^(01|02|04|06|08|10)$/);
  });
});

describe('results downloads', () => {
  const snapshot = played();
  const results = buildResults(snapshot, 2);
  const fields = resultFields(snapshot.texts);

  it('json: the contract keys, exact integers, the national line and provinces in ranked order', () => {
    const doc = JSON.parse(renderResultsJson(results, snapshot.texts)) as {
      national: Record<string, unknown>; provinces: Record<string, unknown>[]; rankedBy: string; markedProvinces: number;
    };
    expect(Object.keys(doc)).toEqual(['campaign', 'date', 'final', 'generatedAt', 'rankedBy', 'markedProvinces', 'national', 'provinces']);
    expect(doc.rankedBy).toBe('lateAmountChangePct');
    expect(doc.markedProvinces).toBe(2);
    expect(Object.keys(doc.provinces[0]!)).toEqual(fields.map((f) => f.key));
    expect(doc.provinces[0]).toMatchObject({ rank: 1, mark: 'top', code: '04', lateAmountBaseline: 3_000_000_000, lateAmountNow: 2_700_000_000, lateAmountChange: -300_000_000, lateAmountChangePct: -10 });
    expect(doc.national).toMatchObject({ provinces: 6, name: 'TỔNG CỘNG TOÀN QUỐC', lateAmountBaseline: Number(results.national.lateAmount.baseline) });
    expect(doc.provinces.find((p) => p.code === '11')).toMatchObject({ lateAmountBaseline: null, rank: null, daysMissing: 4 });
  });

  it('csv: the same fields and values, labels in Vietnamese, the national line first', () => {
    const lines = renderResultsCsv(results, snapshot.texts).slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2 + campaign.provinces.length);
    expect(lines[0]!.split(',')).toHaveLength(fields.length);
    expect(lines[0]).toMatch(/^Xếp hạng/);
    expect(lines[1]).toContain('TỔNG CỘNG TOÀN QUỐC');
    expect(lines[2]).toBe('1,Nhóm đầu,04,Cao Bằng,Đúng hạn,3000000000,2700000000,-300000000,-10,1500000000,1350000000,-150000000,-10,300,280,-20,-6.666,0.033,0.016,0.006,1,0,3,0,,');
  });

  it('xlsx: an official-looking table with the national line in bold and the marked provinces filled', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderResultsXlsx(results, snapshot.texts)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Kết quả')!;
    expect(ws.getCell('A4').value).toBe('KẾT QUẢ GIẢM SỐ TIỀN CHẬM ĐÓNG THEO TỈNH/THÀNH PHỐ');
    expect(ws.getRow(8).getCell(1).value).toBe(fields[0]!.label);
    const national = ws.getRow(10);
    expect(national.getCell(4).value).toBe('TỔNG CỘNG TOÀN QUỐC');
    expect(national.getCell(6).value).toBe(Number(results.national.lateAmount.baseline));
    expect(national.getCell(6).font?.bold).toBe(true);
    const first = ws.getRow(11);
    expect([first.getCell(1).value, first.getCell(2).value, first.getCell(3).value, first.getCell(9).value]).toEqual([1, 'Nhóm đầu', '04', -10]);
    expect((first.getCell(4).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC8E6C9');
    expect(ws.getRow(15).getCell(2).value).toBe('Nhóm cuối');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 10 });
  });
});
