import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { buildSnapshot, computeTrend } from '../../shared/domain/snapshot/model.ts';
import { snapshotVersion } from '../../shared/domain/snapshot/publish.ts';
import { neutralise, statusText } from '../../shared/domain/snapshot/text.ts';
import { rejected, report, values } from './fixtures.ts';

const campaign = defaultCampaign();
const date = '2023-12-15';
const at = new Date('2023-12-15T09:00:00Z');

describe('buildSnapshot', () => {
  it('lists every province of the registry, in registry order, with code and name', () => {
    const s = buildSnapshot({ campaign, date, reports: [report('96', date, '2023-12-15T01:00:00Z'), report('01', date, '2023-12-15T02:00:00Z')], submissions: [], final: false, generatedAt: at });
    expect(s.rows.map((r) => r.code)).toEqual(campaign.provinces.map((p) => p.code));
    expect(s.rows[0]).toMatchObject({ code: '01', name: 'Hà Nội', status: 'on_time' });
    expect(s.rows.at(-1)).toMatchObject({ code: '96', name: 'Cà Mau', status: 'on_time' });
    expect(s.rows).toHaveLength(63);
  });

  it('shows a province that reported nothing as missing (null values), never as zeros; a zero report stays a report', () => {
    const zero = report('02', date, '2023-12-15T01:00:00Z', { values: Array(11).fill(0) });
    const s = buildSnapshot({ campaign, date, reports: [zero], submissions: [], final: false, generatedAt: at });
    const byCode = new Map(s.rows.map((r) => [r.code, r]));
    expect(byCode.get('02')).toMatchObject({ status: 'on_time', values: Array(11).fill(0) });
    expect(byCode.get('04')).toMatchObject({ status: 'missing', values: null, submittedAt: null });
    expect(s.total).toEqual(Array(11).fill(0n));
    expect(s.counts).toEqual({ expected: 63, onTime: 1, late: 0, missing: 62, rejectedOnly: 0, warned: 0, baselineChanged: 0, correctedAfterDeadline: 0 });
  });

  it('tells on time, late, rejected-only and missing apart', () => {
    const s = buildSnapshot({
      campaign, date, final: true, generatedAt: at,
      reports: [report('01', date, '2023-12-15T01:00:00Z'), report('02', date, '2023-12-15T12:00:00Z', { late: true })],
      submissions: [rejected('04', date, '2023-12-15T03:00:00Z'), rejected('04', date, '2023-12-15T04:00:00Z'), rejected('01', date, '2023-12-15T00:30:00Z'), rejected('06', '2023-12-14', '2023-12-14T04:00:00Z')],
    });
    const status = Object.fromEntries(s.rows.map((r) => [r.code, r.status]));
    expect(status).toMatchObject({ '01': 'on_time', '02': 'late', '04': 'rejected_only', '06': 'missing' });
    expect(s.rows.find((r) => r.code === '04')!.rejectedCount).toBe(2);
    expect(s.counts).toEqual({ expected: 63, onTime: 1, late: 1, missing: 61, rejectedOnly: 1, warned: 0, baselineChanged: 0, correctedAfterDeadline: 0 });
    expect(s.rows[0]!.submittedAt).toBe('2023-12-15T01:00:00.000Z');
  });

  it('shows a corrected report with the first upload\'s status and when it was corrected', async () => {
    const { renderCsv } = await import('../../shared/domain/snapshot/csv.ts');
    const { renderJson } = await import('../../shared/domain/snapshot/json.ts');
    const corrected = report('01', date, '2023-12-15T12:05:00Z', { firstReceivedAt: '2023-12-15T08:00:00Z', late: false });
    const s = buildSnapshot({ campaign, date, reports: [corrected, report('02', date, '2023-12-15T03:00:00Z')], submissions: [], final: false, generatedAt: at });
    expect(s.rows[0]).toMatchObject({ status: 'on_time', submittedAt: '2023-12-15T12:05:00.000Z', correctedAt: '2023-12-15T12:05:00.000Z' });
    expect(s.rows[1]).toMatchObject({ status: 'on_time', correctedAt: null });
    expect(s.counts.onTime).toBe(2);
    expect(statusText(s.rows[0]!, s.timeZone)).toBe('Đúng hạn (sửa lúc 19:05 15/12/2023)');
    expect(renderCsv(s)).toContain('Đúng hạn (sửa lúc 19:05 15/12/2023)');
    expect((JSON.parse(renderJson(s)) as { provinces: unknown[] }).provinces[0]).toMatchObject({ status: 'on_time', correctedAt: '2023-12-15T12:05:00.000Z' });
  });

  it('sums exactly, beyond 2^53', () => {
    const big = Number.MAX_SAFE_INTEGER; // 9007199254740991
    const reports = ['01', '02', '04'].map((code) => report(code, date, '2023-12-15T01:00:00Z', { values: [1, big, 1, big, 0, 0, 0, 1, big, 1, big] }));
    const s = buildSnapshot({ campaign, date, reports, submissions: [], final: false, generatedAt: at });
    expect(s.total[1]).toBe(3n * BigInt(big));
    expect(s.total[1]!.toString()).toBe('27021597764222973');
    expect(s.total[0]).toBe(3n);
  });

  it('leaves out reports of provinces outside the registry and of other dates', () => {
    const s = buildSnapshot({ campaign, date, reports: [report('03', date, '2023-12-15T01:00:00Z'), report('01', '2023-12-14', '2023-12-14T01:00:00Z')], submissions: [], final: false, generatedAt: at });
    expect(s.ignored).toEqual(['03']);
    expect(s.counts.onTime).toBe(0);
    expect(s.total).toEqual(Array(11).fill(0n));
  });

  it('rejects a stored report that does not hold 11 exact integers', () => {
    expect(() => buildSnapshot({ campaign, date, reports: [report('01', date, '2023-12-15T01:00:00Z', { values: [1, 2, 3] })], submissions: [], final: false, generatedAt: at }))
      .toThrow(/11 exact integers/);
  });

  it('takes generatedAt and the deadline from its inputs', () => {
    const s = buildSnapshot({ campaign, date, reports: [], submissions: [], final: false, generatedAt: at });
    expect(s.generatedAt).toBe('2023-12-15T09:00:00.000Z');
    expect(s.deadline).toBe('2023-12-15T11:30:00.000Z');
  });
});

describe('trend', () => {
  it('compares like with like: each date sums only the provinces that also reported on the first date', () => {
    // Provinces report on different days: 01 and 02 on the first date, 04 only from the 13th.
    const r11 = [report('01', '2023-12-11', '2023-12-11T01:00:00Z'), report('02', '2023-12-11', '2023-12-11T01:00:00Z')];
    const lower = values(1).map((v, i) => (i === 8 ? v - 1_000_000 : v));
    const r13 = [report('01', '2023-12-13', '2023-12-13T01:00:00Z', { values: lower }), report('04', '2023-12-13', '2023-12-13T01:00:00Z')];
    const r14 = [...['01', '02', '04'].map((c) => report(c, '2023-12-14', '2023-12-14T01:00:00Z'))];
    const trend = computeTrend(campaign, '2023-12-14', new Map([['2023-12-11', r11], ['2023-12-13', r13], ['2023-12-14', r14]]));
    expect(trend.map((t) => t.date)).toEqual(['2023-12-11', '2023-12-12', '2023-12-13', '2023-12-14']);
    expect(trend.map((t) => [t.reported, t.compared])).toEqual([[2, 2], [0, 0], [2, 1], [3, 2]]);
    expect(trend[0]!.total![1]).toBe(BigInt(values(1)[1]! + values(2)[1]!));
    expect(trend[0]!.lateAmountChange).toBe(BigInt(values(1)[8]! - values(1)[1]! + values(2)[8]! - values(2)[1]!));
    expect(trend[1]).toEqual({ date: '2023-12-12', reported: 0, compared: 0, total: null, lateAmountChange: null });
    // The 13th: 04 reported too, but only 01 is compared (the national line does not jump by 04's debt).
    expect(trend[2]!.total![8]).toBe(BigInt(lower[8]!));
    expect(trend[2]!.lateAmountChange).toBe(BigInt(lower[8]! - lower[1]!));
    expect(trend[3]!.total![8]).toBe(BigInt(values(1)[8]! + values(2)[8]!));
  });

  it('includes the snapshot date itself from its own reports', () => {
    const history = new Map([['2023-12-11', [report('01', '2023-12-11', '2023-12-11T01:00:00Z')]]]);
    const s = buildSnapshot({ campaign, date: '2023-12-12', reports: [report('01', '2023-12-12', '2023-12-12T01:00:00Z')], submissions: [], final: false, generatedAt: at, history });
    expect(s.trend.map((t) => [t.reported, t.compared])).toEqual([[1, 1], [1, 1]]);
    expect(s.trend[1]!.total).toEqual(s.total);
  });

  it('compares nothing when nobody reported on the first date, and says how many reported', () => {
    const s = buildSnapshot({ campaign, date: '2023-12-12', reports: [report('01', '2023-12-12', '2023-12-12T01:00:00Z')], submissions: [], final: false, generatedAt: at, history: new Map() });
    expect(s.trend.map((t) => [t.reported, t.compared, t.total])).toEqual([[0, 0, null], [1, 0, null]]);
  });

  it('gives the same points from stored totals as from the reports, reports first when both are given', () => {
    const r11 = [report('01', '2023-12-11', '2023-12-11T01:00:00Z'), report('02', '2023-12-11', '2023-12-11T01:00:00Z'), report('03', '2023-12-11', '2023-12-11T01:00:00Z')];
    const r13 = [report('04', '2023-12-13', '2023-12-13T01:00:00Z')];
    const fromReports = computeTrend(campaign, '2023-12-14', new Map([['2023-12-11', r11], ['2023-12-13', r13]]));
    const byProvince = (reports: typeof r11) => ({ byProvince: Object.fromEntries(reports.map((r) => [r.province, r.values])) });
    const totals = new Map([['2023-12-11', byProvince(r11)], ['2023-12-13', byProvince(r13)]]);
    expect(computeTrend(campaign, '2023-12-14', new Map(), totals)).toEqual(fromReports);
    expect(fromReports[0]!.reported).toBe(2); // 03 is not in the registry
    const wrong = new Map([['2023-12-11', { byProvince: { '01': Array(11).fill(1) } }]]);
    expect(computeTrend(campaign, '2023-12-14', new Map([['2023-12-11', r11]]), wrong)[0]).toEqual(fromReports[0]);
  });

});

describe('helpers', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const t of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) expect(neutralise(t)).toBe(`'${t}`);
    for (const t of ['Hà Nội', 'Bà Rịa - Vũng Tàu', '1.234']) expect(neutralise(t)).toBe(t);
  });
  it('versions grow with every new or later report, and with finality', () => {
    const a = snapshotVersion([{ receivedAt: '2023-12-15T01:00:00Z' }], false);
    const b = snapshotVersion([{ receivedAt: '2023-12-15T01:00:00Z' }, { receivedAt: '2023-12-15T00:00:00Z' }], false);
    const c = snapshotVersion([{ receivedAt: '2023-12-15T01:00:00Z' }, { receivedAt: '2023-12-15T00:00:01Z' }], false);
    expect(a < b && b < c).toBe(true);
    expect(c < snapshotVersion([{ receivedAt: '2023-12-15T01:00:00Z' }, { receivedAt: '2023-12-15T00:00:01Z' }], true)).toBe(true);
    expect(snapshotVersion([], false) < a).toBe(true);
  });
});
