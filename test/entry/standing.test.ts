// Where a province stands on its home page, and what the entry form starts from.
import { describe, expect, it } from 'vitest';
import { standing } from '../../shared/domain/entry/standing.ts';
import { prefillFor, previousReport, sameAsLatest } from '../../shared/domain/entry/submit.ts';
import { formatDuration } from '../../shared/domain/format.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { at, campaign, rejected, report } from '../reminder/fakes.ts';

const [d1, d2, d3, d4, d5] = campaign.reportDates as [string, string, string, string, string];

function accepted(r: StoredReport): SubmissionRecord {
  return {
    province: r.province, reportDate: r.reportDate, receivedAt: r.receivedAt, sequencer: r.sequencer, objectKey: r.objectKey,
    status: 'accepted', late: r.late, superseded: false, values: r.values, warnings: [], errors: [], origin: 'portal',
  };
}

describe('the due date', () => {
  it('before anything is in: not received, the deadline and the time left, the files refused so far', () => {
    const now = new Date(campaign.deadline(d4).getTime() - (2 * 60 + 15) * 60_000);
    const s = standing(campaign, [], [rejected('27', d4, `${d4}T03:00:00.000Z`)], d4, now);
    expect(s.due).toMatchObject({ kind: 'not_received', date: d4, timeLeft: (2 * 60 + 15) * 60_000, rejected: 1 });
    expect(formatDuration(s.due.kind === 'not_received' ? s.due.timeLeft : -1)).toBe('2 giờ 15 phút');
  });

  it('past the deadline with nothing in: no time left', () => {
    const s = standing(campaign, [], [], d4, new Date(campaign.deadline(d4).getTime() + 60_000));
    expect(s.due).toMatchObject({ kind: 'not_received', timeLeft: 0 });
  });

  it('once a report is in: when it came, on time or late, and its values', () => {
    const onTime = report('27', d4);
    const s = standing(campaign, [onTime], [accepted(onTime)], d4, at(d4, '20:00'));
    expect(s.due).toEqual({ kind: 'received', date: d4, deadline: campaign.deadline(d4), receivedAt: onTime.receivedAt, late: false, values: onTime.values });
    const late = standing(campaign, [report('27', d4, true)], [], d4, at(d4, '20:00'));
    expect(late.due).toMatchObject({ kind: 'received', late: true });
  });

  it('a corrected report keeps the time its first file came, and says when it was corrected', () => {
    const corrected: StoredReport = { ...report('27', d4), receivedAt: `${d4}T10:30:00.000Z`, firstReceivedAt: `${d4}T06:50:00.000Z` };
    const s = standing(campaign, [corrected], [], d4, at(d4, '20:00'));
    expect(s.due).toMatchObject({ kind: 'received', receivedAt: `${d4}T06:50:00.000Z`, correctedAt: `${d4}T10:30:00.000Z` });
  });
});

describe('the earlier dates still missing', () => {
  it('lists past dates without an accepted report (rejected files only included), oldest first, and nothing after the due date', () => {
    const reports = [report('27', d2)];
    const s = standing(campaign, reports, [rejected('27', d3, `${d3}T03:00:00.000Z`)], d5, at(d5, '10:00'));
    expect(s.missing.map((m) => [m.date, m.status])).toEqual([[d1, 'missing'], [d3, 'rejected_only'], [d4, 'missing']]);
  });
});

describe('the last verdict', () => {
  it('a rejected file after an accepted one: the report of that date is still held', () => {
    const held = report('27', d4);
    const refused = rejected('27', d4, `${d4}T10:00:00.000Z`);
    const s = standing(campaign, [held], [accepted(held), refused], d4, at(d4, '18:00'));
    expect(s.last?.submission).toBe(refused);
    expect(s.last?.held).toBe(held);
  });

  it('an accepted last file holds nothing else; no file at all, no verdict', () => {
    const r = report('27', d4);
    expect(standing(campaign, [r], [accepted(r)], d4, at(d4, '18:00')).last).toEqual({ submission: accepted(r) });
    expect(standing(campaign, [], [], d4, at(d4, '10:00')).last).toBeUndefined();
  });
});

describe('what the entry form starts from', () => {
  const r2 = { ...report('27', d2), values: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2] };
  const r3 = { ...report('27', d3), values: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3] };

  it('the date\'s own report when it has one, else the latest before it', () => {
    expect(prefillFor([r3, r2], d3)).toEqual({ from: d3, values: r3.values });
    expect(prefillFor([r3, r2], d5)).toEqual({ from: d3, values: r3.values });
    expect(prefillFor([r3], d2)).toBeUndefined();
    expect(previousReport([r2, r3], d3)).toBe(r2);
  });

  it('"Giống hôm qua": the latest report before the due date, even when the due date has one already', () => {
    expect(sameAsLatest([r2, r3], d4)).toEqual({ from: d3, values: r3.values });
    expect(sameAsLatest([r2, r3], d3)).toEqual({ from: d2, values: r2.values });
    expect(sameAsLatest([], d3)).toBeUndefined();
  });
});

describe('a time left, in words', () => {
  it('days, hours, minutes', () => {
    expect(formatDuration(30_000)).toBe('dưới 1 phút');
    expect(formatDuration(45 * 60_000)).toBe('45 phút');
    expect(formatDuration(3 * 3_600_000)).toBe('3 giờ');
    expect(formatDuration(26 * 3_600_000 + 5 * 60_000)).toBe('1 ngày 2 giờ');
    expect(() => formatDuration(-1)).toThrow(RangeError);
  });
});
