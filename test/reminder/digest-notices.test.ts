// The digest lists the reports received since the last digest that carry warnings or correct an earlier
// upload, whatever their date (a closed date corrected weeks later included), with before → after.
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { warnings as W } from '../../shared/domain/findings.ts';
import { buildDigest, digestMessage } from '../../shared/domain/reminder/digest.ts';
import { renderMail } from '../../shared/domain/messages/render.ts';
import { noticesSince } from '../../shared/domain/snapshot/changes.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { report, values } from '../snapshot/fixtures.ts';

const campaign = defaultCampaign();
const NOW = new Date('2023-12-20T11:30:00Z');
const SINCE = new Date('2023-12-19T11:30:00Z');

const accepted = (r: StoredReport): SubmissionRecord => ({
  province: r.province, reportDate: r.reportDate, receivedAt: r.receivedAt, sequencer: r.sequencer, objectKey: r.objectKey,
  status: 'accepted', late: r.late, superseded: false, values: r.values, warnings: r.warnings, errors: [],
});

function played() {
  const closedFirst = report('01', '2023-12-12', '2023-12-12T05:00:00.000Z');
  const closedFix = report('01', '2023-12-12', '2023-12-20T06:58:00.000Z', { values: values(1).map((v, i) => (i === 8 ? v - 500 : v)), firstReceivedAt: closedFirst.receivedAt });
  const cut = report('04', '2023-12-20', '2023-12-20T03:00:00.000Z', {
    warnings: [W.baselineChanged(2, 'E11', 1_183_498_542_084, 120_000_000_000, '19/12/2023', 'tính đến hết tháng 11/2023'), W.late('18:30 ngày 20/12/2023')],
  });
  const oldWarning = report('06', '2023-12-19', '2023-12-19T03:00:00.000Z', { warnings: [W.cumulativeDecreased(5, 'H11', 9, 1, '18/12/2023')] });
  const plain = report('08', '2023-12-20', '2023-12-20T02:00:00.000Z');
  return { closedFirst, closedFix, reports: [closedFix, cut, oldWarning, plain] };
}

describe('warnings and corrections since the last digest', () => {
  it('keeps the reports received in the window with warnings or as corrections, any report date', () => {
    const { closedFirst, reports } = played();
    const notices = noticesSince(campaign, reports, (d) => (d === '2023-12-12' ? [accepted(closedFirst)] : []), SINCE, NOW);
    expect(notices.map((n) => [n.province, n.reportDate])).toEqual([['04', '2023-12-20'], ['01', '2023-12-12']]);
    expect(notices[0]).toMatchObject({ baselineChanged: true, correction: null });
    expect(notices[0]!.warnings.map((w) => w.code)).toEqual(['baseline-changed']);
    expect(notices[1]!.correction).toEqual({
      at: '2023-12-20T06:58:00.000Z', afterDeadline: true, changes: [{ column: 9, before: values(1)[8], after: values(1)[8]! - 500 }],
    });
  });

  it('lists them in the digest mail, text and html, the changed baseline in capitals', () => {
    const { closedFirst, reports } = played();
    const notices = noticesSince(campaign, reports, () => [accepted(closedFirst)], SINCE, NOW);
    const summary = buildDigest({
      campaign, now: NOW, reportDate: '2023-12-20', reports: [], submissions: [], missing: [], reminded: [], noContact: [], failed: [], snapshot: null,
      notices: { since: SINCE, reports: notices },
    });
    expect(summary.notices).toMatchObject({ since: SINCE.toISOString(), reports: [{ province: '04', name: 'Cao Bằng' }, { province: '01', name: 'Hà Nội' }] });
    const mail = renderMail(digestMessage(campaign, summary));
    expect(mail.text).toContain('Báo cáo có cảnh báo nhận từ 18:30 ngày 19/12/2023 (1):');
    expect(mail.text).toContain('Cao Bằng (04), báo cáo ngày 20/12/2023, nhận lúc 10:00 ngày 20/12/2023 (SỐ LIỆU GỐC CỘT 1–4 THAY ĐỔI): 1 cảnh báo: Ô E11:');
    expect(mail.text).toContain('Báo cáo được sửa từ 18:30 ngày 19/12/2023 (1):');
    expect(mail.text).toContain(`báo cáo ngày 12/12/2023: sửa lúc 13:58 20/12/2023 (sau hạn nộp): cột 9: ${values(1)[8]!.toLocaleString('de-DE')} → ${(values(1)[8]! - 500).toLocaleString('de-DE')}`);
    expect(mail.html).toContain('Báo cáo được sửa từ 18:30 ngày 19/12/2023 (1):');
    // Without notices the digest says nothing of them.
    const quiet = renderMail(digestMessage(campaign, buildDigest({ campaign, now: NOW, reportDate: '2023-12-20', reports: [], submissions: [], missing: [], reminded: [], noContact: [], failed: [], snapshot: null })));
    expect(quiet.text).not.toContain('cảnh báo nhận từ');
  });
});
