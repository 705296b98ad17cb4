// A province's page: the national office opens any province's, a province only its own (another's: 403);
// it shows every date's status and 11 values, the warnings' texts, a correction's before → after, the
// days so far and the col 9 against col 2 chart; the national pages link to it; it stays small.
import { describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '../../shared/domain/report.ts';
import { at } from '../reminder/fakes.ts';
import { rejected, report } from '../snapshot/fixtures.ts';
import { portalUnderTest, type PortalUnderTest } from './portal-app.ts';

const NATIONAL = 'toan-quoc@example.gov.vn';
const BAC_NINH = 'bac-ninh@example.gov.vn';
const row = (baseline: number, now: number): number[] => [100, baseline, 50, Math.floor(baseline / 2), 10, 5, 2, 90, now, 40, Math.floor(now / 2)];
const ict = (date: string, time: string): string => at(date, time).toISOString();

function playedPortal(): PortalUnderTest {
  const portal = portalUnderTest();
  portal.now = at('2023-12-15', '20:00');
  portal.reports.push(
    report('27', '2023-12-11', ict('2023-12-11', '17:00'), { values: row(1_183_498_542_084, 1_183_498_542_084) }),
    report('27', '2023-12-12', ict('2023-12-12', '19:10'), { values: row(1_183_498_542_084, 1_172_000_000_000), late: true }),
    report('27', '2023-12-15', ict('2023-12-16', '09:00'), {
      values: row(120_000_000_000, 119_000_000_000), firstReceivedAt: ict('2023-12-15', '10:00'),
      warnings: [{ code: 'baseline-changed', message: 'Số liệu gốc (cột 1–4) khác báo cáo trước', cell: 'C11' }],
    }),
    report('01', '2023-12-15', ict('2023-12-15', '10:00'), { values: row(2_000_000_000, 1_900_000_000) }),
  );
  const before: SubmissionRecord = {
    province: '27', reportDate: '2023-12-15', receivedAt: ict('2023-12-15', '10:00'), sequencer: '01', objectKey: 'incoming/27/a.xlsx',
    status: 'accepted', late: false, superseded: true, values: row(1_183_498_542_084, 1_170_000_000_000), warnings: [], errors: [],
  };
  portal.submissions.push(before, rejected('27', '2023-12-14', ict('2023-12-14', '11:00')));
  return portal;
}

const rowOf = (html: string, date: string): string => new RegExp(`<tbody data-date="${date}">[\\s\\S]*?</tbody>`).exec(html)?.[0] ?? '';

describe('a province\'s page', () => {
  it('shows the national office every date: status, the 11 values, warnings, the correction before → after, days and the chart', async () => {
    const portal = playedPortal();
    const cookie = await portal.signIn(NATIONAL);
    const page = await portal.request('/tinh/27', { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Kết quả của Bảo hiểm xã hội tỉnh Bắc Ninh</h1>');
    expect(rowOf(html, '2023-12-11')).toContain('Đúng hạn');
    expect(rowOf(html, '2023-12-12')).toContain('Muộn');
    expect(rowOf(html, '2023-12-12')).toContain('1.172.000.000.000');
    expect(rowOf(html, '2023-12-13')).toContain('Chưa nộp');
    expect(rowOf(html, '2023-12-14')).toContain('Chỉ có báo cáo bị từ chối');
    const corrected = rowOf(html, '2023-12-15');
    for (const v of row(120_000_000_000, 119_000_000_000)) expect(corrected).toContain(`>${v.toLocaleString('de-DE')}</td>`);
    expect(corrected).toContain('1 cảnh báo · Số liệu gốc (cột 1–4) thay đổi');
    expect(corrected).toContain('Ô C11: Số liệu gốc (cột 1–4) khác báo cáo trước');
    expect(corrected).toContain('<summary>Báo cáo sửa (trước → sau): sửa lúc 09:00 16/12/2023 (sau hạn nộp)</summary>cột 2: 1.183.498.542.084 → 120.000.000.000');
    expect(corrected).toContain('cột 9: 1.170.000.000.000 → 119.000.000.000');
    // Submitted at the first upload (its status), not at the correction.
    expect(corrected).toContain('>10:00 ngày 15/12/2023<');
    // Today's standing, the days so far, and the latest change against the baseline.
    expect(html).toMatch(/Báo cáo ngày 15\/12\/2023: <span class="tag on_time">/);
    expect(html).toContain('<li><b>2</b>ngày đúng hạn</li>');
    expect(html).toContain('<li><b>1</b>ngày muộn</li>');
    expect(html).toContain('<li><b>2</b>ngày chưa nộp (đã quá hạn)</li>');
    expect(html).toContain('so với hết T11/2023 (cột 2: 120.000.000.000 đồng): <b>−1.000.000.000 đồng (−0,8%)</b>');
    // The chart, named for the province, with its figures as a table.
    // Drawn wide for a desktop and narrow for a phone (the stylesheet shows one).
    expect(html).toMatch(/<svg class="chart-wide" viewBox="0 0 720 320"/);
    expect(html).toMatch(/<svg class="chart-narrow" viewBox="0 0 360 320"/);
    expect(html).toMatch(/<svg [^>]*aria-label="Thay đổi số tiền chậm đóng Bắc Ninh so với hết T11\/2023, đến ngày 15\/12\/2023: −0,8% \(−1\.000\.000\.000 đồng\)"/);
    expect(html).toContain('<th scope="row">12/12/2023</th><td class="num">1.183.498.542.084</td><td class="num">1.172.000.000.000</td><td class="num">−11.498.542.084 đồng (−1,0%)</td>');
    expect(html).not.toContain('số tỉnh');
    // No rule codes in people's text.
    expect(html).not.toContain('baseline-changed');
    expect(html).toContain('href="/lich-su?tinh=27"');
  });

  it('stands on the date "Hôm nay" opens on (the latest with data once the campaign is over), so a missed day reads the same on both', async () => {
    const portal = playedPortal();
    portal.now = at('2024-01-05', '12:00');
    const cookie = await portal.signIn(NATIONAL);
    const today = await (await portal.request('/toan-quoc', { cookie })).text();
    expect(today).toContain('<h1>Báo cáo ngày 15/12/2023');
    const bacNinh = await (await portal.request('/tinh/27', { cookie })).text();
    expect(bacNinh).toMatch(/<h2 id="standing-title">Báo cáo ngày 15\/12\/2023: /);
    const missed = await (await portal.request('/tinh/04', { cookie })).text();
    expect(missed).toMatch(/<h2 id="standing-title">Báo cáo ngày 15\/12\/2023: <[^>]*>Chưa nộp</);
  });

  it('counts corrections before and after the deadline alike, and says so', async () => {
    const portal = playedPortal();
    const first = portal.reports.findIndex((r) => r.province === '27' && r.reportDate === '2023-12-11');
    portal.reports[first] = report('27', '2023-12-11', ict('2023-12-11', '17:00'), {
      values: row(1_183_498_542_084, 1_183_000_000_000), firstReceivedAt: ict('2023-12-11', '09:00'),
    });
    portal.submissions.push({
      province: '27', reportDate: '2023-12-11', receivedAt: ict('2023-12-11', '09:00'), sequencer: '02', objectKey: 'incoming/27/b.xlsx',
      status: 'accepted', late: false, superseded: true, values: row(1_183_498_542_084, 1_183_498_542_084), warnings: [], errors: [],
    });
    const cookie = await portal.signIn(NATIONAL);
    const html = await (await portal.request('/tinh/27', { cookie })).text();
    expect(html).toContain('<li><b>2</b>ngày có báo cáo sửa (trước hoặc sau hạn nộp)</li>');
  });

  it('lets a province open its own page only: another province\'s is 403', async () => {
    const portal = playedPortal();
    const cookie = await portal.signIn(BAC_NINH);
    const own = await portal.request('/ket-qua-cua-tinh', { cookie });
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain('<h1>Kết quả của Bảo hiểm xã hội tỉnh Bắc Ninh</h1>');
    expect(html).toContain('<a href="/ket-qua-cua-tinh" aria-current="page">Kết quả của tỉnh</a>');
    expect((await portal.request('/tinh/27', { cookie })).status).toBe(200);
    const other = await portal.request('/tinh/01', { cookie });
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain('1.900.000.000');
    expect((await portal.request('/tinh/99', { cookie })).status).toBe(403);
  });

  it('answers 404 for an unknown province, the sign-in page when signed out, 403 to the national office on a province\'s own address', async () => {
    const portal = playedPortal();
    const national = await portal.signIn(NATIONAL);
    expect((await portal.request('/tinh/99', { cookie: national })).status).toBe(404);
    expect((await portal.request('/tinh/%3Cb%3E', { cookie: national })).status).toBe(404);
    expect((await portal.request('/ket-qua-cua-tinh', { cookie: national })).status).toBe(403);
    const signedOut = await portal.request('/tinh/27');
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/');
  });

  it('is linked from the province names on "Hôm nay" and "Kết quả"', async () => {
    const portal = playedPortal();
    const cookie = await portal.signIn(NATIONAL);
    const today = await (await portal.request('/toan-quoc?ngay=2023-12-15', { cookie })).text();
    expect(today).toContain('<th scope="row"><a href="/tinh/27">Bắc Ninh</a></th>');
    const results = await (await portal.request('/toan-quoc/ket-qua?ngay=2023-12-15', { cookie })).text();
    expect(results).toContain('<th scope="row"><a href="/tinh/27">Bắc Ninh</a></th>');
  });

  it('stays under 100 KB for a whole campaign with warnings and corrections every day', async () => {
    const portal = portalUnderTest();
    portal.now = at('2024-01-05', '12:00');
    for (const date of portal.deps.campaign.reportDates) {
      portal.reports.push(report('27', date, ict(date, '19:00'), {
        values: row(1_183_498_542_084, 1_100_000_000_000), firstReceivedAt: ict(date, '09:00'),
        warnings: Array.from({ length: 5 }, (_, i) => ({ code: `w${i}`, message: `Cảnh báo số ${i + 1}: một câu dài vừa phải để đo kích thước trang`, cell: `C${11 + i}` })),
      }));
      portal.submissions.push({
        province: '27', reportDate: date, receivedAt: ict(date, '09:00'), sequencer: '01', objectKey: `incoming/27/${date}.xlsx`,
        status: 'accepted', late: false, superseded: true, values: row(1_183_498_542_084, 1_150_000_000_000), warnings: [], errors: [],
      });
    }
    const page = await portal.request('/tinh/27', { cookie: await portal.signIn(NATIONAL) });
    const bytes = (await page.arrayBuffer()).byteLength;
    expect(portal.deps.campaign.reportDates.length).toBeGreaterThan(20);
    expect(bytes).toBeLessThan(100_000);
  });
});
