// "Kết quả" for the national office: ranked by % reduction with the ends marked, the national line on
// top (sums checked here against the reports' own values), sortable by any column; provinces may not open it.
import { describe, expect, it } from 'vitest';
import { report } from '../snapshot/fixtures.ts';
import { portalUnderTest } from './portal-app.ts';

const NATIONAL = 'toan-quoc@example.gov.vn';
const DATE = '2023-12-15';
const row = (baseline: number, now: number): number[] => [100, baseline, 50, Math.floor(baseline / 2), 10, 5, 2, 90, now, 40, Math.floor(now / 2)];
const FIGURES: Record<string, [number, number]> = {
  '01': [1_000_000_000, 900_000_000], // −10 %
  '27': [2_000_000_000, 2_100_000_000], // +5 %
  '04': [3_000_000_000, 2_970_000_000], // −1 %
};

describe('the results page', () => {
  it('ranks, marks, sums and sorts', async () => {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-15T13:00:00Z');
    for (const [code, [b, n]] of Object.entries(FIGURES)) portal.reports.push(report(code, DATE, '2023-12-15T05:00:00.000Z', { values: row(b, n) }));
    const cookie = await portal.signIn(NATIONAL);
    const page = await portal.request(`/toan-quoc/ket-qua?ngay=${DATE}`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    const order = [...html.matchAll(/<tr data-province="(\d+)"/g)].map((m) => m[1]);
    expect(order.slice(0, 3)).toEqual(['01', '04', '27']);
    expect(html).toContain('<tr data-province="01" class="mark-top">');
    // Five marked at each end (the campaign's setting) and three ranked: the top mark wins for all.
    expect(html).toContain('<tr data-province="27" class="mark-top">');
    expect(html).toContain('Nhóm đầu');
    const baseline = Object.values(FIGURES).reduce((s, [b]) => s + b, 0);
    const now = Object.values(FIGURES).reduce((s, [, n]) => s + n, 0);
    expect(html).toContain(`số tiền chậm đóng ${now.toLocaleString('de-DE')} đồng, so với hết T11/2023 ${(now - baseline).toLocaleString('de-DE').replace('-', '−')} đồng`);
    // One fixed decimal on every percentage, so the ranked column lines up and the summary matches it.
    expect(html).toContain('<td class="num">−10,0%</td>');
    expect(html).toContain('<td class="num">5,0%</td>');
    expect(html).toContain('<td class="num">−1,0%</td>');
    expect(html).toContain('đồng (−0,5%).');
    // Headings in plain words, their full names in a list a phone shows (no hover).
    expect(html).toContain('>Công văn / đơn vị</a></th>');
    expect(html).toContain('>Thay đổi tiền (%)</a></th>');
    expect(html).toMatch(/<details class="legend"><summary>Tên đầy đủ của các cột<\/summary><ol>.*<li><b>Công văn \/ đơn vị<\/b>: Công văn đôn đốc trên một đơn vị chậm đóng \(cột 5 \/ cột 1\)<\/li>/s);
    expect(html).not.toContain('di chuột');
    const sorted = await (await portal.request(`/toan-quoc/ket-qua?ngay=${DATE}&sap-xep=lateAmountNow&chieu=desc`, { cookie })).text();
    expect([...sorted.matchAll(/<tr data-province="(\d+)"/g)].map((m) => m[1]).slice(0, 3)).toEqual(['04', '27', '01']);
    expect(sorted).toContain('aria-sort="descending"');
    // The same sort as a GET form, the one way on a phone (its cards show no header): the view chosen is selected.
    expect(sorted).toContain('<form class="table-view" method="get" action="/toan-quoc/ket-qua" aria-label="Sắp xếp bảng kết quả">');
    expect(sorted).toContain('<label for="loc-sap-xep">Sắp xếp theo</label><select id="loc-sap-xep" name="sap-xep">');
    expect(sorted).toMatch(/<option value="lateAmountNow" selected>[^<]*cột 9[^<]*<\/option>/);
    expect(sorted).toContain('<option value="desc" selected>Giảm dần</option>');
    expect(html).toMatch(/<option value="rank" selected>/);
    // An unknown column falls back to the ranking rather than failing.
    const unknown = await (await portal.request(`/toan-quoc/ket-qua?ngay=${DATE}&sap-xep=__proto__`, { cookie })).text();
    expect([...unknown.matchAll(/<tr data-province="(\d+)"/g)].map((m) => m[1]).slice(0, 3)).toEqual(['01', '04', '27']);

    const province = await portal.signIn('bac-ninh@example.gov.vn');
    expect((await portal.request('/toan-quoc/ket-qua', { cookie: province })).status).toBe(403);
  });
});
