// The contacts pages through the portal's request function: the national office lists, adds and removes
// any unit's addresses with every change shown; a province sees its own and asks; nobody else gets in.
import { describe, expect, it } from 'vitest';
import { ORIGIN, portalUnderTest } from './portal-app.ts';

const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: ORIGIN, body: new URLSearchParams(fields) });

describe('the national office\'s contacts pages', () => {
  it('lists every unit, adds an address with its person, and shows who changed what, when', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn('toan-quoc@example.gov.vn');
    const overview = await (await portal.request('/toan-quoc/lien-he', { cookie })).text();
    expect(overview).toContain('<a href="/toan-quoc/lien-he?tinh=27">Bắc Ninh</a>');
    expect(overview).toMatch(/Địa chỉ liên hệ<\/a>|aria-current="page"[^>]*>Địa chỉ liên hệ/);

    const added = await portal.request('/toan-quoc/lien-he/them', { cookie, ...form({ tinh: '27', email: 'Moi@Example.gov.vn', ten: 'Nguyễn Thị Mới', 'chuc-vu': 'Phòng Thu', 'dien-thoai': '0912 345 678' }) });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/toan-quoc/lien-he?tinh=27&da=them');
    const page = await (await portal.request('/toan-quoc/lien-he?tinh=27&da=them', { cookie })).text();
    expect(page).toContain('Đã thêm địa chỉ.');
    expect(page).toContain('<th scope="row">moi@example.gov.vn</th><td>Nguyễn Thị Mới</td><td>Phòng Thu</td><td>0912 345 678</td>');
    // The record: when (the campaign's zone: 10:00 ICT is 03:00Z), who, what, before and after.
    expect(page).toContain('<td>10:00 ngày 15/12/2023</td><td>toan-quoc@example.gov.vn</td><td>Thêm moi@example.gov.vn</td><td>bac-ninh@example.gov.vn</td><td>bac-ninh@example.gov.vn<br>moi@example.gov.vn</td>');
    // The new address can sign in as the province at once.
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toContain('moi@example.gov.vn');
    await portal.signIn('moi@example.gov.vn');
  });

  it('answers what a person typed wrong in Vietnamese, keeping what was typed', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn('toan-quoc@example.gov.vn');
    const refused = await portal.request('/toan-quoc/lien-he/them', { cookie, ...form({ tinh: '27', email: 'ha-noi@example.gov.vn', ten: 'Lê <b>B</b>', 'chuc-vu': '', 'dien-thoai': 'gọi tôi' }) });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain('Chưa nhập chức vụ hoặc bộ phận.');
    expect(text).toContain('Số điện thoại không hợp lệ');
    expect(text).toContain('value="Lê &lt;b&gt;B&lt;/b&gt;"');
    const elsewhere = await portal.request('/toan-quoc/lien-he/them', { cookie, ...form({ tinh: '27', email: 'ha-noi@example.gov.vn', ten: 'A', 'chuc-vu': 'B' }) });
    expect(await elsewhere.text()).toContain('Địa chỉ này đã được đăng ký cho một đơn vị khác');
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toEqual(['bac-ninh@example.gov.vn']);
  });

  it('removes an address after a confirmation, ends its access, and records it', async () => {
    const portal = portalUnderTest();
    const provinceSession = await portal.signIn('bac-ninh@example.gov.vn');
    expect((await portal.request('/lien-he', { cookie: provinceSession })).status).toBe(200);
    const cookie = await portal.signIn('toan-quoc@example.gov.vn');
    const confirm = await (await portal.request('/toan-quoc/lien-he?tinh=27&xoa=bac-ninh%40example.gov.vn', { cookie })).text();
    expect(confirm).toContain('Xóa địa chỉ bac-ninh@example.gov.vn?');
    expect(confirm).toContain('các phiên đăng nhập và liên kết chưa dùng của địa chỉ này bị hủy ngay');
    const removed = await portal.request('/toan-quoc/lien-he/xoa', { cookie, ...form({ tinh: '27', email: 'bac-ninh@example.gov.vn' }) });
    expect(removed.status).toBe(303);
    expect(portal.registry.ended).toEqual(['bac-ninh@example.gov.vn']);
    // Its open session is over: the next page sends it to sign in.
    const after = await portal.request('/lien-he', { cookie: provinceSession });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/');
    const page = await (await portal.request('/toan-quoc/lien-he?tinh=27&da=xoa', { cookie })).text();
    expect(page).toContain('Chưa có địa chỉ nào');
    expect(page).toContain('<td>Xóa bac-ninh@example.gov.vn</td><td>bac-ninh@example.gov.vn</td><td><span class="muted">(trống)</span></td>');
    // A removed address gets no new link (the answer stays the same, no mail goes out).
    const before = portal.mailer.to('bac-ninh@example.gov.vn').length;
    await portal.request('/dang-nhap', form({ email: 'bac-ninh@example.gov.vn' }));
    expect(portal.mailer.to('bac-ninh@example.gov.vn').length).toBe(before);
  });

  it('refuses an unknown unit and a cross-site form', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn('toan-quoc@example.gov.vn');
    expect((await portal.request('/toan-quoc/lien-he?tinh=99', { cookie })).status).toBe(400);
    const forged = await portal.request('/toan-quoc/lien-he/them', { cookie, method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ tinh: '27', email: 'x@evil.example', ten: 'X', 'chuc-vu': 'Y' }) });
    expect(forged.status).toBe(403);
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toEqual(['bac-ninh@example.gov.vn']);
  });
});

describe('a province\'s contacts page', () => {
  it('shows its own addresses and their changes, and how to ask the national office for a change', async () => {
    const portal = portalUnderTest();
    const national = await portal.signIn('toan-quoc@example.gov.vn');
    await portal.request('/toan-quoc/lien-he/them', { cookie: national, ...form({ tinh: '27', email: 'moi@example.gov.vn', ten: 'Mới', 'chuc-vu': 'Thu' }) });
    const cookie = await portal.signIn('bac-ninh@example.gov.vn');
    const page = await (await portal.request('/lien-he', { cookie })).text();
    expect(page).toContain('<th scope="row">moi@example.gov.vn</th><td>Mới</td><td>Thu</td>');
    expect(page).toContain('Thêm moi@example.gov.vn');
    expect(page).not.toContain('ha-noi@example.gov.vn');
    expect(page).not.toContain('<form method="post" action="/toan-quoc/lien-he/them"');
    expect(page).toMatch(/<a href="mailto:toan-quoc@example\.gov\.vn\?subject=%C4%90%E1%BB%81%20ngh%E1%BB%8B[^"]*">toan-quoc@example\.gov\.vn<\/a>/);
  });

  it('may not open or change the national office\'s pages', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn('bac-ninh@example.gov.vn');
    expect((await portal.request('/toan-quoc/lien-he?tinh=27', { cookie })).status).toBe(403);
    const added = await portal.request('/toan-quoc/lien-he/them', { cookie, ...form({ tinh: '27', email: 'ban-be@example.org', ten: 'A', 'chuc-vu': 'B' }) });
    expect(added.status).toBe(403);
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toEqual(['bac-ninh@example.gov.vn']);
  });
});

describe('the sign-in page', () => {
  it('tells a new staff member without a registered address what to do', async () => {
    const portal = portalUnderTest();
    for (const page of [await (await portal.request('/')).text(), await (await portal.request('/dang-nhap', form({ email: 'moi@example.gov.vn' }))).text()]) {
      expect(page).toContain('Cán bộ mới, chưa có địa chỉ đăng ký?');
      expect(page).toContain('gửi đề nghị thêm địa chỉ của bạn');
    }
  });
});
