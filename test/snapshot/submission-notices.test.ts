// Each upload of a date's log as the national office reads it on "Các lần nộp": its warnings (lateness
// left to the status), a changed baseline, and the correction it made of an accepted report (when,
// after the deadline or not, before → after); and the day's late reporters with their first arrival.
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { warnings as W } from '../../shared/domain/findings.ts';
import type { SubmissionRecord } from '../../shared/domain/report.ts';
import { correctionOf, lateArrivals, submissionCorrection, submissionNotices } from '../../shared/domain/snapshot/changes.ts';
import { rejected, report, values } from './fixtures.ts';

const campaign = defaultCampaign();
const DATE = '2023-12-15';
const DEADLINE = campaign.deadline(DATE); // 18:30 ICT = 11:30Z

function upload(province: string, receivedAt: string, vals: number[] | null, opts: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return {
    province, reportDate: DATE, receivedAt, sequencer: '01', objectKey: `incoming/${province}/${receivedAt}.xlsx`,
    status: vals ? 'accepted' : 'rejected', late: false, superseded: false, values: vals, warnings: [], errors: [], ...opts,
  };
}

describe('submissionCorrection', () => {
  const first = upload('01', '2023-12-15T02:00:00.000Z', values(1), { superseded: true });
  const fixedValues = values(1).map((v, i) => (i === 8 ? v - 7 : v));
  const refused = upload('01', '2023-12-15T09:00:00.000Z', null);
  const late = upload('01', '2023-12-16T06:58:00.000Z', fixedValues);
  const log = [late, refused, first];

  it('says when an accepted upload replaced an accepted one after the deadline, and what changed', () => {
    expect(submissionCorrection(late, log, DEADLINE)).toEqual({
      at: '2023-12-16T06:58:00.000Z', afterDeadline: true, changes: [{ column: 9, before: values(1)[8], after: values(1)[8]! - 7 }],
    });
  });

  it('a rejected upload between them replaces nothing, and the first accepted one corrects nothing', () => {
    expect(submissionCorrection(refused, log, DEADLINE)).toBeNull();
    expect(submissionCorrection(first, log, DEADLINE)).toBeNull();
  });

  it('a correction before the deadline is one, not after it; identical values say so', () => {
    const again = upload('01', '2023-12-15T03:00:00.000Z', values(1));
    expect(submissionCorrection(again, [first, again], DEADLINE)).toEqual({ at: again.receivedAt, afterDeadline: false, changes: [] });
  });

  it('agrees with the snapshot\'s correction of the stored report it became', () => {
    const stored = report('01', DATE, late.receivedAt, { values: fixedValues, firstReceivedAt: first.receivedAt });
    expect(submissionCorrection(late, log, DEADLINE)).toEqual(correctionOf(stored, log, DEADLINE));
  });

  it('another province\'s upload is never the one before', () => {
    const other = upload('04', '2023-12-15T01:00:00.000Z', values(4));
    expect(submissionCorrection(first, [first, other], DEADLINE)).toBeNull();
  });
});

describe('submissionNotices', () => {
  it('keeps each upload\'s warnings but lateness, flags a changed baseline, and carries the correction', () => {
    const cut = [...values(4)];
    cut[1] = 120_000_000_000;
    const warnings = [W.baselineChanged(2, 'E11', values(4)[1]!, cut[1], '14/12/2023', 'tính đến hết tháng 11/2023'), W.late('18:30 ngày 15/12/2023')];
    const before = upload('04', '2023-12-15T02:00:00.000Z', values(4));
    const after = upload('04', '2023-12-15T12:00:00.000Z', cut, { warnings, late: false });
    const refused = rejected('04', DATE, '2023-12-15T13:00:00.000Z');
    const [a, b, c] = submissionNotices([after, before, refused], DEADLINE);
    expect(a!.submission).toBe(after);
    expect(a!.warnings.map((w) => w.code)).toEqual(['baseline-changed']);
    expect(a!.baselineChanged).toBe(true);
    expect(a!.correction).toMatchObject({ afterDeadline: true, changes: [{ column: 2, before: values(4)[1], after: 120_000_000_000 }] });
    expect(b).toMatchObject({ warnings: [], baselineChanged: false, correction: null });
    expect(c).toMatchObject({ warnings: [], baselineChanged: false, correction: null });
  });
});

describe('lateArrivals', () => {
  it('lists the late reports by their first accepted upload, earliest first, with how late', () => {
    const reports = [
      report('27', DATE, '2023-12-15T13:00:00.000Z', { late: true }),
      // Corrected the next day: still late by its first upload at 19:05 ICT.
      report('01', DATE, '2023-12-16T02:00:00.000Z', { late: true, firstReceivedAt: '2023-12-15T12:05:00.000Z' }),
      report('04', DATE, '2023-12-15T02:00:00.000Z'),
      report('99', DATE, '2023-12-15T14:00:00.000Z', { late: true }),
    ];
    expect(lateArrivals(campaign, DATE, reports)).toEqual([
      { province: '01', at: '2023-12-15T12:05:00.000Z', afterDeadlineMs: 35 * 60_000 },
      { province: '27', at: '2023-12-15T13:00:00.000Z', afterDeadlineMs: 90 * 60_000 },
    ]);
  });
});
