// The dates the portal shows: where the national pages open, and each campaign date of a province's history.
import { describe, expect, it } from 'vitest';
import { dateStates, landingDate } from '../../shared/domain/portal/dates.ts';
import type { StoredReport } from '../../shared/domain/report.ts';
import { at, campaign, rejected, report } from '../reminder/fakes.ts';

function withReportsOn(dates: string[]) {
  const byDate = new Map<string, StoredReport[]>(dates.map((d) => [d, [report('27', d)]]));
  return {
    campaign,
    reports: {
      listReportsForDate: async (date: string) => byDate.get(date) ?? [],
      listReportsForProvince: async () => [],
    },
  };
}

describe('the national landing date', () => {
  const first = campaign.reportDates[0]!;
  const third = campaign.reportDates[2]!;
  const last = campaign.reportDates.at(-1)!;

  it('during the campaign: today\'s report date, whatever is on file', async () => {
    expect(await landingDate(withReportsOn([first]), at(third, '10:00'))).toBe(third);
  });

  it('before the campaign: the latest date already holding a report (a played day), else the first date', async () => {
    const before = at('2000-01-01', '10:00');
    expect(await landingDate(withReportsOn([first, third]), before)).toBe(third);
    expect(await landingDate(withReportsOn([]), before)).toBe(first);
  });

  it('after the campaign: the latest date with a report, else the last date', async () => {
    const after = at('2999-01-01', '10:00');
    expect(await landingDate(withReportsOn([first, third]), after)).toBe(third);
    expect(await landingDate(withReportsOn([]), after)).toBe(last);
  });
});

describe('a province\'s campaign dates in its history', () => {
  const [d1, d2, d3, d4] = campaign.reportDates as [string, string, string, string];

  it('on time, late, only rejected files, missing once the deadline passed, and not due before it', () => {
    const states = dateStates(campaign, [report('27', d1), report('27', d2, true)], [rejected('27', d3, `${d3}T03:00:00.000Z`)], at(d4, '10:00'));
    expect(states.slice(0, 4).map((s) => [s.date, s.status])).toEqual([[d1, 'on_time'], [d2, 'late'], [d3, 'rejected_only'], [d4, 'not_due']]);
    expect(states[4]!.status).toBe('not_due');
    const later = dateStates(campaign, [], [], new Date(campaign.deadline(d4).getTime() + 1));
    expect(later.slice(0, 5).map((s) => s.status)).toEqual(['missing', 'missing', 'missing', 'missing', 'not_due']);
  });
});
