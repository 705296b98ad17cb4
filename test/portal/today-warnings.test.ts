// "Hôm nay" tells the national office which reports carry warnings (a changed baseline as an alert),
// which were corrected (when, before → after), and draws the national debt as a % change against the baseline.
import { describe, expect, it } from 'vitest';
import { warnings as W } from '../../shared/domain/findings.ts';
import { report, values } from '../snapshot/fixtures.ts';
import { portalUnderTest } from './portal-app.ts';

const DATE = '2023-12-15';

describe('the national day page', () => {
  it('shows warnings, corrections and the change chart', async () => {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    const first = report('01', DATE, '2023-12-15T05:00:00.000Z');
    const fixed = report('01', DATE, '2023-12-16T06:58:00.000Z', { values: values(1).map((v, i) => (i === 8 ? v - 7 : v)), firstReceivedAt: first.receivedAt });
    portal.reports.push(fixed, report('04', DATE, '2023-12-15T05:00:00.000Z', {
      warnings: [W.baselineChanged(2, 'E11', 1_183_498_542_084, 120_000_000_000, '14/12/2023', 'tính đến hết tháng 11/2023')],
    }));
    portal.submissions.push(...[first, fixed].map((r) => ({
      province: r.province, reportDate: r.reportDate, receivedAt: r.receivedAt, sequencer: r.sequencer, objectKey: r.objectKey,
      status: 'accepted' as const, late: false, superseded: false, values: r.values, warnings: [], errors: [],
    })));
    // The trend compares with the campaign's first date: Hà Nội reported then too.
    portal.reports.push(report('01', '2023-12-11', '2023-12-11T05:00:00.000Z'));
    const cookie = await portal.signIn('toan-quoc@example.gov.vn');
    const html = await (await portal.request(`/toan-quoc?ngay=${DATE}`, { cookie })).text();
    expect(html).toContain('<p class="alert" role="alert">1/2 báo cáo trong tổng cộng toàn quốc có cảnh báo; 1 tỉnh thay đổi số liệu gốc');
    expect(html).toContain('1 cảnh báo · Số liệu gốc (cột 1–4) thay đổi');
    expect(html).toContain(`sửa lúc 13:58 16/12/2023 (sau hạn nộp): cột 9: ${values(1)[8]!.toLocaleString('de-DE')} → ${(values(1)[8]! - 7).toLocaleString('de-DE')}`);
    expect(html).toContain('<line class="baseline"');
  });
});
