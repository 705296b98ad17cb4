// "Hôm nay"'s province table as the national office sorts and filters it (plain links and a GET form,
// kept by the live update), its short headings, its size; and the results' downloads on "Kết quả".
import { describe, expect, it } from 'vitest';
import { DAY, playDay } from './national-day.ts';
import { portalUnderTest } from './portal-app.ts';

const NATIONAL = 'toan-quoc@example.gov.vn';
const rowsOf = (html: string): string[] => [...html.matchAll(/<tr data-province="(\d+)"/g)].map((m) => m[1]!);

async function nationalDay(options: { allWarned?: boolean } = {}) {
  const portal = portalUnderTest();
  portal.now = new Date('2023-12-16T08:00:00Z');
  const day = playDay(portal, options);
  const cookie = await portal.signIn(NATIONAL);
  const get = async (query: string) => {
    const response = await portal.request(`/toan-quoc?ngay=${DAY}${query}`, { cookie });
    return { status: response.status, html: await response.text(), bytes: Number(response.headers.get('content-length') ?? 0) };
  };
  return { portal, day, cookie, get };
}

describe('the national table on "Hôm nay"', () => {
  it('lists every province in registry order with short headings, their full names and the national total', async () => {
    const { day, get } = await nationalDay();
    const { html } = await get('');
    expect(rowsOf(html)).toEqual(day.codes);
    expect(html).toContain('<th scope="col" aria-sort="ascending"><a href="/toan-quoc?ngay=2023-12-15&amp;sap-xep=index&amp;chieu=desc">STT');
    expect(html).toMatch(/<th scope="col" aria-sort="none" title="Số tiền chậm đóng \(đến ngày báo cáo\) \(cột 9\)"><a [^>]*>Tiền nay<\/a><span class="col-no">cột 9<\/span><\/th>/);
    expect(html).not.toMatch(/<th scope="col"[^>]*><a [^>]*>\d+<\/a><\/th>/);
    const total = [...day.col9.values()].reduce((s, v) => s + v, 0);
    expect(html).toMatch(new RegExp(`<tfoot><tr class="total">.*TỔNG CỘNG TOÀN QUỐC.*Đã nộp ${day.codes.length - day.missing.length}/63.*${total.toLocaleString('de-DE')}`));
    expect(html).not.toContain('Đang xem');
    expect(html).toContain('<main id="noi-dung" class="wide">');
  });

  it('filters by status: not sent, late, with warnings, corrected; says how many of how many, keeps the counts', async () => {
    const { day, get } = await nationalDay();
    const cases: Array<[string, string[], string]> = [
      ['chua-nop', day.missing, 'Chưa nộp'], ['muon', day.late, 'Muộn'], ['canh-bao', day.warned, 'Có cảnh báo'], ['da-sua', day.corrected, 'Đã sửa'],
    ];
    for (const [filter, expected, label] of cases) {
      expect(expected.length).toBeGreaterThan(0);
      const { html } = await get(`&tinh-trang=${filter}`);
      expect(rowsOf(html), filter).toEqual(expected);
      expect(html).toContain(`Đang xem ${expected.length}/63 tỉnh, thành phố: ${label}. <a href="/toan-quoc?ngay=2023-12-15">Xem tất cả</a>`);
      expect(html).toContain(`<option value="${filter}" selected>${label}</option>`);
      // The day's counts and the national total stay those of every province.
      expect(html).toContain(`<li><b>${day.missing.length}</b>chưa nộp</li>`);
      expect(html).toContain(`Đã nộp ${63 - day.missing.length}/63`);
    }
  });

  it('sorts by any column either way, provinces without figures last, and every link keeps the filter', async () => {
    const { day, get } = await nationalDay();
    const byCol9 = [...day.col9.entries()].sort((a, b) => b[1] - a[1]).map(([code]) => code);
    const desc = await get('&sap-xep=col9&chieu=desc');
    expect(rowsOf(desc.html)).toEqual([...byCol9, ...day.missing]);
    expect(desc.html).toMatch(/aria-sort="descending" title="Số tiền chậm đóng \(đến ngày báo cáo\) \(cột 9\)"><a href="\/toan-quoc\?ngay=2023-12-15&amp;sap-xep=col9&amp;chieu=asc">/);
    const asc = await get('&sap-xep=col9&chieu=asc');
    expect(rowsOf(asc.html)).toEqual([...byCol9.reverse(), ...day.missing]);

    const lateByCol9 = byCol9.filter((code) => day.late.includes(code));
    const filtered = await get('&tinh-trang=muon&sap-xep=col9&chieu=asc');
    expect(rowsOf(filtered.html)).toEqual(lateByCol9);
    const headingLinks = [...filtered.html.matchAll(/<th scope="col"[^>]*><a href="([^"]+)"/g)].map((m) => m[1]!);
    expect(headingLinks).toHaveLength(17);
    for (const href of headingLinks) expect(href).toContain('tinh-trang=muon');
    // The live update asks for the same view.
    expect(filtered.html).toContain('data-live-url="/api/toan-quoc?ngay=2023-12-15&amp;tinh-trang=muon&amp;sap-xep=col9&amp;chieu=asc"');

    const byName = await get('&sap-xep=name');
    const names = [...byName.html.matchAll(/<tr data-province="\d+"><td>\d+<\/td><th scope="row">([^<]+)</g)].map((m) => m[1]!);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'vi')));
    expect(names).toHaveLength(63);
  });

  it('the live update answers the filtered, sorted table', async () => {
    const { portal, day, cookie } = await nationalDay();
    const response = await portal.request(`/api/toan-quoc?ngay=${DAY}&tinh-trang=canh-bao&sap-xep=col9&chieu=desc`, { cookie });
    expect(response.status).toBe(200);
    const { html } = await response.json() as { html: string };
    const expected = [...day.col9.entries()].filter(([code]) => day.warned.includes(code)).sort((a, b) => b[1] - a[1]).map(([code]) => code);
    expect(rowsOf(html)).toEqual(expected);
    expect(html).toContain(`Đang xem ${expected.length}/63`);
  });

  it('an unknown filter, column or direction is a 400 naming it', async () => {
    const { get } = await nationalDay();
    const filter = await get('&tinh-trang=xoa-het');
    expect(filter.status).toBe(400);
    expect(filter.html).toContain('Không có bộ lọc tình trạng &quot;xoa-het&quot;');
    expect((await get('&sap-xep=__proto__')).status).toBe(400);
    expect((await get('&chieu=sideways')).status).toBe(400);
  });

  it('stays under 100 KB with every report carrying warnings', async () => {
    const { get } = await nationalDay({ allWarned: true });
    const { html } = await get('');
    expect(rowsOf(html)).toHaveLength(63);
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
  });
});

describe('the results downloads on "Kết quả"', () => {
  it('links the xlsx, csv and json of a published date, serves them to the national office only', async () => {
    const portal = portalUnderTest({ snapshots: { get: async () => ({ version: 'v', final: true, written: true, generatedAt: '2023-12-15T11:30:00.000Z' }) as never } });
    portal.now = new Date('2023-12-16T08:00:00Z');
    playDay(portal);
    const cookie = await portal.signIn(NATIONAL);
    const html = await (await portal.request(`/toan-quoc/ket-qua?ngay=${DAY}`, { cookie })).text();
    for (const format of ['xlsx', 'csv', 'json']) {
      expect(html).toContain(`<a href="/tai-ve/ket-qua?ngay=${DAY}&amp;dinh-dang=${format}">`);
      const download = await portal.request(`/tai-ve/ket-qua?ngay=${DAY}&dinh-dang=${format}`, { cookie });
      expect(download.status).toBe(303);
      expect(download.headers.get('location')).toBe(`https://bucket.example/summaries/${portal.deps.campaign.id}/${DAY}/ket-qua.${format}?ten=ket-qua-${DAY}.${format}`);
    }
    expect((await portal.request(`/tai-ve/ket-qua?ngay=${DAY}&dinh-dang=html`, { cookie })).status).toBe(400);
    expect((await portal.request(`/tai-ve/ket-qua?dinh-dang=csv`, { cookie })).status).toBe(400);

    const province = await portal.signIn('bac-ninh@example.gov.vn');
    expect((await portal.request(`/tai-ve/ket-qua?ngay=${DAY}&dinh-dang=csv`, { cookie: province })).status).toBe(403);
  });

  it('says the files are not made yet for a date never published', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn(NATIONAL);
    const html = await (await portal.request(`/toan-quoc/ket-qua?ngay=${DAY}`, { cookie })).text();
    expect(html).toContain('Tệp kết quả của ngày này chưa được tạo.');
    expect(html).not.toContain('/tai-ve/ket-qua');
  });
});
