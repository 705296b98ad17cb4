import { describe, expect, it } from 'vitest';
import { findMissing, lastRunDate, planRun } from '../../shared/domain/reminder/plan.ts';
import { at, campaign, campaignWithNudge, dateRange, FakeReports, rejected } from './fakes.ts';

describe('planRun (deadline)', () => {
  it('on a normal day, every date whose deadline has passed is due, today included', () => {
    const plan = planRun(campaign, at('2023-12-15', '18:30'), 'deadline');
    expect(plan).toEqual({ kind: 'deadline', runDate: '2023-12-15', status: 'due', dates: dateRange('2023-12-11', '2023-12-15'), digestDate: '2023-12-15' });
  });

  it('one minute before 18:30 today is not due yet', () => {
    const plan = planRun(campaign, at('2023-12-15', '18:29'), 'deadline');
    expect(plan.status === 'due' && plan.dates).toEqual(dateRange('2023-12-11', '2023-12-14'));
  });

  it('the first date is due at 08:30 the next morning, by the same rule', () => {
    expect(planRun(campaign, at('2023-12-11', '18:30'), 'deadline')).toMatchObject({ status: 'nothing-due', runDate: '2023-12-11' });
    expect(planRun(campaign, at('2023-12-12', '08:29'), 'deadline')).toMatchObject({ status: 'nothing-due' });
    expect(planRun(campaign, at('2023-12-12', '08:30'), 'deadline')).toMatchObject({ status: 'due', dates: ['2023-12-11'], digestDate: '2023-12-11' });
    expect(planRun(campaign, at('2023-12-12', '18:30'), 'deadline')).toMatchObject({ status: 'due', dates: ['2023-12-11', '2023-12-12'], digestDate: '2023-12-12' });
  });

  it('the last campaign day covers every date; the day after is outside the campaign', () => {
    expect(lastRunDate(campaign)).toBe('2023-12-31');
    const last = planRun(campaign, at('2023-12-31', '18:30'), 'deadline');
    expect(last).toMatchObject({ status: 'due', runDate: '2023-12-31', digestDate: '2023-12-31' });
    expect(last.status === 'due' && last.dates).toEqual(campaign.reportDates);
    expect(planRun(campaign, at('2024-01-01', '18:30'), 'deadline')).toMatchObject({ status: 'outside-campaign', runDate: '2024-01-01' });
  });

  it('before the campaign is outside it', () => {
    expect(planRun(campaign, at('2023-12-10', '18:30'), 'deadline')).toMatchObject({ status: 'outside-campaign', runDate: '2023-12-10' });
  });

  it('the run date is the local date of the instant, whatever the offset it is written with', () => {
    // 2023-12-15T17:30Z is 00:30 on the 16th in Hà Nội.
    expect(planRun(campaign, new Date('2023-12-15T17:30:00Z'), 'deadline').runDate).toBe('2023-12-16');
    expect(planRun(campaign, new Date('2023-12-15T11:30:00Z'), 'deadline').runDate).toBe('2023-12-15');
  });
});

describe('planRun (nudge)', () => {
  it('does nothing when the campaign switches the nudge off (the default)', () => {
    expect(planRun(campaign, at('2023-12-15', '16:30'), 'nudge')).toMatchObject({ status: 'disabled' });
  });

  it('asks for today only, while today\'s deadline is ahead', () => {
    const c = campaignWithNudge();
    expect(planRun(c, at('2023-12-15', '16:30'), 'nudge')).toEqual({ kind: 'nudge', runDate: '2023-12-15', status: 'due', dates: ['2023-12-15'], digestDate: null });
    expect(planRun(c, at('2023-12-15', '18:30'), 'nudge')).toMatchObject({ status: 'nothing-due' });
    expect(planRun(c, at('2024-01-01', '16:30'), 'nudge')).toMatchObject({ status: 'outside-campaign' });
    // The first date: its deadline is tomorrow morning, so a nudge the same afternoon is due.
    expect(planRun(c, at('2023-12-11', '16:30'), 'nudge')).toMatchObject({ status: 'due', dates: ['2023-12-11'] });
  });
});

describe('findMissing', () => {
  const dates = dateRange('2023-12-11', '2023-12-15');

  it('lists, per province, every due date without an accepted report, with its deadline', async () => {
    const reports = FakeReports.allExcept(campaign, dates, [['02', '2023-12-15'], ['04', '2023-12-13'], ['04', '2023-12-15'], ['04', '2023-12-11']]);
    const missing = findMissing(campaign, dates, reports.byDate);
    expect(missing.map((m) => [m.province.code, m.dates.map((d) => d.reportDate)])).toEqual([
      ['02', ['2023-12-15']],
      ['04', ['2023-12-11', '2023-12-13', '2023-12-15']],
    ]);
    const d11 = missing[1]!.dates[0]!;
    expect(d11.deadline.toISOString()).toBe('2023-12-12T01:30:00.000Z'); // 08:30 ICT next morning
    expect(missing[0]!.dates[0]!.deadline.toISOString()).toBe('2023-12-15T11:30:00.000Z'); // 18:30 ICT
  });

  it('a province with only a rejected upload is still missing, and the attempt is attached', () => {
    const reports = FakeReports.allExcept(campaign, dates, [['27', '2023-12-15']]);
    const subs = new Map([['2023-12-15', [rejected('27', '2023-12-15', '2023-12-15T10:02:00.000Z'), rejected('01', '2023-12-15', '2023-12-15T08:00:00.000Z')]]]);
    const missing = findMissing(campaign, dates, reports.byDate, subs);
    expect(missing).toHaveLength(1);
    expect(missing[0]!.province.code).toBe('27');
    expect(missing[0]!.dates[0]!.rejected).toEqual([expect.objectContaining({ province: '27', errorCount: 2, objectKey: 'incoming/27/bao-cao-sai.xlsx' })]);
  });

  it('ignores reports of provinces that are not in the campaign', () => {
    const reports = FakeReports.allExcept(campaign, ['2023-12-15'], [['01', '2023-12-15']]);
    reports.byDate.get('2023-12-15')!.push({ ...reports.byDate.get('2023-12-15')![0]!, province: '99' });
    expect(findMissing(campaign, ['2023-12-15'], reports.byDate).map((m) => m.province.code)).toEqual(['01']);
  });
});
