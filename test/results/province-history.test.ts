// One province's campaign so far: each date's status (on time, late, missing, only rejected, not due),
// its values, warnings and correction (before → after), its days so far, the col 9 against col 2 line,
// and which dates need their uploads read (only missing and corrected ones).
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { buildProvinceHistory, datesNeedingUploads } from '../../shared/domain/results/province-history.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { at } from '../reminder/fakes.ts';
import { rejected, report } from '../snapshot/fixtures.ts';

const campaign = defaultCampaign();
const P = '27';
const row = (baseline: number, now: number): number[] => [100, baseline, 50, Math.floor(baseline / 2), 10, 5, 2, 90, now, 40, Math.floor(now / 2)];
const ict = (date: string, time: string): string => at(date, time).toISOString();

function played(): { reports: StoredReport[]; submissions: SubmissionRecord[] } {
  const before = row(1_000_000_000, 995_000_000);
  const after = row(1_000_000_000, 990_000_000);
  const reports = [
    report(P, '2023-12-11', ict('2023-12-11', '17:00'), { values: row(1_000_000_000, 1_000_000_000) }),
    report(P, '2023-12-12', ict('2023-12-12', '19:10'), { values: row(1_000_000_000, 998_000_000), late: true }),
    report(P, '2023-12-15', ict('2023-12-16', '09:00'), {
      values: after, firstReceivedAt: ict('2023-12-15', '10:00'),
      warnings: [{ code: 'late', message: 'Nộp muộn' }, { code: 'baseline-changed', message: 'Số liệu gốc khác báo cáo trước', cell: 'C11' }],
    }),
    // Ahead of the clock (a played day): shown all the same.
    report(P, '2023-12-17', ict('2023-12-15', '11:00'), { values: row(1_000_000_000, 980_000_000) }),
    // Another province's report: never part of this one's page.
    report('01', '2023-12-13', ict('2023-12-13', '10:00')),
  ];
  const submissions: SubmissionRecord[] = [
    rejected(P, '2023-12-14', ict('2023-12-14', '11:00')),
    {
      province: P, reportDate: '2023-12-15', receivedAt: ict('2023-12-15', '10:00'), sequencer: '01', objectKey: 'incoming/27/a.xlsx',
      status: 'accepted', late: false, superseded: true, values: before, warnings: [], errors: [],
    },
    rejected('01', '2023-12-13', ict('2023-12-13', '09:00')),
  ];
  return { reports, submissions };
}

describe('a province\'s history', () => {
  const now = at('2023-12-15', '20:00');

  it('reads uploads only for the dates that need them: missing and corrected ones so far', () => {
    const { reports } = played();
    expect(datesNeedingUploads(campaign, P, reports, now)).toEqual(['2023-12-13', '2023-12-14', '2023-12-15']);
    // A province that reported every day once needs none.
    const daily = ['2023-12-11', '2023-12-12'].map((d) => report(P, d, ict(d, '10:00')));
    expect(datesNeedingUploads(campaign, P, daily, at('2023-12-12', '12:00'))).toEqual([]);
  });

  it('gives each date so far its status, values, warnings and correction', () => {
    const { reports, submissions } = played();
    const history = buildProvinceHistory({ campaign, province: P, reports, submissions, now });
    expect(history.dates.map((d) => [d.date, d.status])).toEqual([
      ['2023-12-11', 'on_time'], ['2023-12-12', 'late'], ['2023-12-13', 'missing'],
      ['2023-12-14', 'rejected_only'], ['2023-12-15', 'on_time'], ['2023-12-17', 'on_time'],
    ]);
    const [d11, d12, d13, , d15] = history.dates;
    expect(d11!.values).toEqual(row(1_000_000_000, 1_000_000_000));
    expect(d13!.values).toBeNull();
    expect(d12!.submittedAt).toBe(ict('2023-12-12', '19:10'));
    // A corrected report is dated by its first upload (what its status was decided on)...
    expect(d15!.submittedAt).toBe(ict('2023-12-15', '10:00'));
    // ... and carries the correction: when, after the deadline, and what it changed.
    expect(d15!.correction).toEqual({ at: ict('2023-12-16', '09:00'), afterDeadline: true, changes: [
      { column: 9, before: 995_000_000, after: 990_000_000 }, { column: 11, before: 497_500_000, after: 495_000_000 },
    ] });
    expect(d15!.warnings.map((w) => w.code)).toEqual(['baseline-changed']);
    expect(d15!.baselineChanged).toBe(true);
    expect(d15!.lateAmountChange).toBe(-10_000_000);
    expect(d11!.correction).toBeNull();
    expect(history.due.date).toBe('2023-12-15');
    expect(history.latest?.date).toBe('2023-12-17');
  });

  it('counts the days so far: a date is missing once its deadline has passed', () => {
    const { reports, submissions } = played();
    expect(buildProvinceHistory({ campaign, province: P, reports, submissions, now }).days).toEqual({ onTime: 3, late: 1, missing: 2 });
    // Before the 15th's deadline with nothing sent that day: the 15th is not due yet, not missing.
    const early = reports.filter((r) => r.reportDate < '2023-12-15');
    const history = buildProvinceHistory({ campaign, province: P, reports: early, submissions, now: at('2023-12-15', '12:00') });
    expect(history.due).toMatchObject({ date: '2023-12-15', status: 'not_due' });
    expect(history.days).toEqual({ onTime: 1, late: 1, missing: 2 });
  });

  it('draws col 9 against col 2 per date, with no point where no report was held', () => {
    const { reports, submissions } = played();
    const trend = buildProvinceHistory({ campaign, province: P, reports, submissions, now }).trend;
    expect(trend.map((t) => [t.date, t.lateAmountChange])).toEqual([
      ['2023-12-11', 0n], ['2023-12-12', -2_000_000n], ['2023-12-13', null], ['2023-12-14', null], ['2023-12-15', -10_000_000n], ['2023-12-17', -20_000_000n],
    ]);
    expect(trend[1]!.total![1]).toBe(1_000_000_000n);
    expect(trend[1]!.total![8]).toBe(998_000_000n);
  });

  it('before the campaign shows its first date, not due', () => {
    const history = buildProvinceHistory({ campaign, province: P, reports: [], submissions: [], now: at('2023-12-01', '09:00') });
    expect(history.dates.map((d) => [d.date, d.status])).toEqual([['2023-12-11', 'not_due']]);
    expect(history.latest).toBeNull();
    expect(history.days).toEqual({ onTime: 0, late: 0, missing: 0 });
  });
});
