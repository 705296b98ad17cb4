// The contacts pages through the portal's request function: the national office lists, adds and removes
// any unit's addresses with every change shown; a province sees its own and asks; nobody else gets in.
import { describe, expect, it } from 'vitest';
import { ORIGIN, portalUnderTest } from './portal-app.ts';

const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: ORIGIN, body: new URLSearchParams(fields) });

/** Each table row of a page as a person reads it: the cells' text, " | " between cells. */
const rowTexts = (html: string): string[] => [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) =>
  [...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(([, cell]) => cell!.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').trim()).join(' | '));

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
    expect(rowTexts(page)).toContainEqual(expect.stringContaining('moi@example.gov.vn | Nguyễn Thị Mới | Phòng Thu | 0912 345 678'));
    // The record: when (the campaign's zone: 10:00 ICT is 03:00Z), who, what, before and after.
    expect(rowTexts(page)).toContainEqual(expect.stringContaining('10:00 ngày 15/12/2023 | toan-quoc@example.gov.vn | Thêm moi@example.gov.vn | bac-ninh@example.gov.vn | bac-ninh@example.gov.vn moi@example.gov.vn'));
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
    expect(rowTexts(page)).toContainEqual(expect.stringContaining('Xóa bac-ninh@example.gov.vn | bac-ninh@example.gov.vn | (trống)'));
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
  it('shows its own addresses and their changes, and the forms that ask the national office for a change', async () => {
    const portal = portalUnderTest();
    const national = await portal.signIn('toan-quoc@example.gov.vn');
    await portal.request('/toan-quoc/lien-he/them', { cookie: national, ...form({ tinh: '27', email: 'moi@example.gov.vn', ten: 'Mới', 'chuc-vu': 'Thu' }) });
    const cookie = await portal.signIn('bac-ninh@example.gov.vn');
    const page = await (await portal.request('/lien-he', { cookie })).text();
    expect(rowTexts(page)).toContainEqual(expect.stringContaining('moi@example.gov.vn | Mới | Thu'));
    expect(page).toContain('Thêm moi@example.gov.vn');
    expect(page).not.toContain('ha-noi@example.gov.vn');
    expect(page).not.toContain('<form method="post" action="/toan-quoc/lien-he/them"');
    expect(page).toContain('<form method="post" action="/lien-he/de-nghi" class="card">');
    expect(page).toContain('<option value="moi@example.gov.vn">moi@example.gov.vn (Mới)</option>');
    expect(page).toContain('Đơn vị chưa gửi đề nghị nào.');
    expect(page).toContain('<a href="mailto:toan-quoc@example.gov.vn">toan-quoc@example.gov.vn</a>');
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

describe('a province\'s request, decided by the national office', () => {
  const ask = (fields: Record<string, string>) => form({ loai: 'them', 'ly-do': 'Cán bộ mới nhận nhiệm vụ thu', ...fields });
  const announcements = (portal: ReturnType<typeof portalUnderTest>) =>
    portal.mailer.to('toan-quoc@example.gov.vn').filter((m) => m.subject === 'Đề nghị thay đổi địa chỉ liên hệ: Bảo hiểm xã hội tỉnh Bắc Ninh');
  const pendingIds = (portal: ReturnType<typeof portalUnderTest>) => [...portal.requests.items.values()].filter((r) => r.status === 'pending').map((r) => r.id);

  it('an add: asked with a reason, seen waiting by both, granted once, recorded with whose request it was', async () => {
    const portal = portalUnderTest();
    const clerk = await portal.signIn('bac-ninh@example.gov.vn');
    const asked = await portal.request('/lien-he/de-nghi', { cookie: clerk, ...ask({ email: 'Moi@Example.gov.vn', ten: 'Nguyễn\u202e Thị Mới', 'chuc-vu': 'Phòng Thu', 'dien-thoai': '+84 (222) 3822 123' }) });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/lien-he?da=gui');
    const own = await (await portal.request('/lien-he?da=gui', { cookie: clerk })).text();
    expect(own).toContain('Đã gửi đề nghị.');
    expect(own).toContain('<b>moi@example.gov.vn</b> (Nguyễn Thị Mới, Phòng Thu, +84 (222) 3822 123)');
    expect(own).toContain('Đang chờ duyệt');
    expect(own).toContain('Gửi lúc 10:00 ngày 15/12/2023 bởi bac-ninh@example.gov.vn');
    // Nothing changed yet: the address cannot sign in.
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toEqual(['bac-ninh@example.gov.vn']);
    // The national office is told by mail, with a link to the unit's page.
    const told = announcements(portal);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('Bảo hiểm xã hội tỉnh Bắc Ninh đề nghị thêm địa chỉ moi@example.gov.vn (Nguyễn Thị Mới, Phòng Thu, +84 (222) 3822 123).');
    expect(told[0]!.text).toContain('Lý do: Cán bộ mới nhận nhiệm vụ thu');
    expect(told[0]!.text).toContain('https://portal.example/toan-quoc/lien-he?tinh=27');

    const office = await portal.signIn('toan-quoc@example.gov.vn');
    const overview = await (await portal.request('/toan-quoc/lien-he', { cookie: office })).text();
    expect(overview).toContain('Đề nghị đang chờ duyệt (1)');
    expect(overview).toContain('Bắc Ninh: Đề nghị thêm địa chỉ');
    expect(overview).toContain('Lý do: Cán bộ mới nhận nhiệm vụ thu');
    const [id] = pendingIds(portal);
    portal.now = new Date(portal.now.getTime() + 30 * 60_000);
    const granted = await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: office, ...form({ tinh: '27', ma: id!, 'quyet-dinh': 'duyet' }) });
    expect(granted.status).toBe(303);
    expect(granted.headers.get('location')).toBe('/toan-quoc/lien-he?tinh=27&da=duyet');
    const unit = await (await portal.request('/toan-quoc/lien-he?tinh=27&da=duyet', { cookie: office })).text();
    expect(unit).toContain('Đã duyệt đề nghị');
    expect(rowTexts(unit)).toContainEqual(expect.stringContaining('moi@example.gov.vn | Nguyễn Thị Mới | Phòng Thu | +84 (222) 3822 123'));
    expect(rowTexts(unit)).toContainEqual(expect.stringContaining('10:30 ngày 15/12/2023 | toan-quoc@example.gov.vn | Thêm moi@example.gov.vn theo đề nghị của bac-ninh@example.gov.vn'));
    expect(unit).not.toContain('Đề nghị đang chờ duyệt');
    await portal.signIn('moi@example.gov.vn');

    // Decided once: a second grant (a double click, another clerk) changes nothing.
    const again = await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: office, ...form({ tinh: '27', ma: id!, 'quyet-dinh': 'khong-duyet' }) });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Đề nghị này đã được xử lý');
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toEqual(['bac-ninh@example.gov.vn', 'moi@example.gov.vn']);
    expect(await (await portal.request('/lien-he', { cookie: clerk })).text()).toContain('Đã duyệt</span> lúc 10:30 ngày 15/12/2023, toan-quoc@example.gov.vn');
  });

  it('a removal: granted, the address loses its session at once', async () => {
    const portal = portalUnderTest();
    const office = await portal.signIn('toan-quoc@example.gov.vn');
    await portal.request('/toan-quoc/lien-he/them', { cookie: office, ...form({ tinh: '27', email: 'di@example.gov.vn', ten: 'Người Đi', 'chuc-vu': 'Thu' }) });
    const leaving = await portal.signIn('di@example.gov.vn');
    const clerk = await portal.signIn('bac-ninh@example.gov.vn');
    expect((await portal.request('/lien-he/de-nghi', { cookie: clerk, ...form({ loai: 'xoa', email: 'di@example.gov.vn', 'ly-do': 'Chuyển công tác' }) })).status).toBe(303);
    const [id] = pendingIds(portal);
    expect(await (await portal.request('/toan-quoc/lien-he?tinh=27', { cookie: office })).text()).toContain('Duyệt: xóa địa chỉ');
    expect((await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: office, ...form({ tinh: '27', ma: id!, 'quyet-dinh': 'duyet' }) })).status).toBe(303);
    expect(portal.registry.ended).toEqual(['di@example.gov.vn']);
    const after = await portal.request('/lien-he', { cookie: leaving });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/');
  });

  it('a decline with a note, seen by the province; a withdrawal of its own waiting request', async () => {
    const portal = portalUnderTest();
    const clerk = await portal.signIn('bac-ninh@example.gov.vn');
    await portal.request('/lien-he/de-nghi', { cookie: clerk, ...ask({ email: 'a@example.gov.vn', ten: 'A', 'chuc-vu': 'Thu' }) });
    await portal.request('/lien-he/de-nghi', { cookie: clerk, ...ask({ email: 'b@example.gov.vn', ten: 'B', 'chuc-vu': 'Thu' }) });
    const [first, second] = [...portal.requests.items.values()].map((r) => r.id);
    // One mail for the province's day, however many requests (a withdraw-and-ask loop mails nobody).
    expect(announcements(portal)).toHaveLength(1);
    const office = await portal.signIn('toan-quoc@example.gov.vn');
    expect((await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: office, ...form({ tinh: '27', ma: first!, 'quyet-dinh': 'khong-duyet', 'ghi-chu': 'Thiếu <quyết định> điều động' }) })).status).toBe(303);
    expect((await portal.request('/lien-he/rut-de-nghi', { cookie: clerk, ...form({ ma: second! }) })).status).toBe(303);
    const own = await (await portal.request('/lien-he', { cookie: clerk })).text();
    expect(own).toContain('Không duyệt</span> lúc 10:00 ngày 15/12/2023, toan-quoc@example.gov.vn: Thiếu &lt;quyết định&gt; điều động');
    expect(own).toContain('Đơn vị đã rút');
    expect(own).not.toContain('Rút đề nghị</button>');
    expect(portal.registry.book().provinces.find((p) => p.province === '27')?.emails).toEqual(['bac-ninh@example.gov.vn']);
  });

  it('refuses what is typed wrong in Vietnamese, keeping it; and forged, foreign or cross-site requests', async () => {
    const portal = portalUnderTest();
    const clerk = await portal.signIn('bac-ninh@example.gov.vn');
    const refused = await portal.request('/lien-he/de-nghi', { cookie: clerk, ...form({ loai: 'them', email: 'x@example.gov.vn', ten: '<script>x</script>', 'chuc-vu': 'Thu', 'dien-thoai': 'gọi 0912', 'ly-do': '' }) });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain('Chưa nêu lý do đề nghị.');
    expect(text).toContain('Số điện thoại không hợp lệ: chỉ gồm chữ số, dấu cách, dấu +, dấu chấm, gạch ngang hoặc dấu ngoặc');
    expect(text).toContain('value="&lt;script&gt;x&lt;/script&gt;"');
    expect(text).not.toContain('<script>x');
    const tooLong = await (await portal.request('/lien-he/de-nghi', { cookie: clerk, ...ask({ email: 'x@example.gov.vn', ten: 'A'.repeat(101), 'chuc-vu': 'Thu', 'ly-do': 'L'.repeat(501) }) })).text();
    expect(tooLong).toContain('Họ và tên quá dài (tối đa 100 ký tự).');
    expect(tooLong).toContain('Lý do quá dài (tối đa 500 ký tự).');
    // Another province's address cannot be asked away.
    expect(await (await portal.request('/lien-he/de-nghi', { cookie: clerk, ...form({ loai: 'xoa', email: 'ha-noi@example.gov.vn', 'ly-do': 'x' }) })).text())
      .toContain('Địa chỉ này không có trong danh sách của đơn vị.');
    expect(portal.requests.items.size).toBe(0);

    // Hà Nội's waiting request: not Bắc Ninh's to withdraw, nor decided under Bắc Ninh's code, nor a forged id.
    const hanoi = await portal.signIn('ha-noi@example.gov.vn');
    await portal.request('/lien-he/de-nghi', { cookie: hanoi, ...ask({ email: 'hn2@example.gov.vn', ten: 'H', 'chuc-vu': 'Thu' }) });
    const [id] = pendingIds(portal);
    const foreign = await portal.request('/lien-he/rut-de-nghi', { cookie: clerk, ...form({ ma: id! }) });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('Không tìm thấy đề nghị này trong các đề nghị của đơn vị.');
    const office = await portal.signIn('toan-quoc@example.gov.vn');
    for (const [tinh, ma] of [['27', id!], ['01', 'khong-co-that'], ['01', `${id!}'`]]) {
      const wrong = await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: office, ...form({ tinh: tinh!, ma: ma!, 'quyet-dinh': 'duyet' }) });
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('Không tìm thấy đề nghị này của đơn vị.');
    }
    // A province may not decide; a form from another site is refused before anything is read.
    expect((await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: hanoi, ...form({ tinh: '01', ma: id!, 'quyet-dinh': 'duyet' }) })).status).toBe(403);
    const forged = await portal.request('/toan-quoc/lien-he/de-nghi', { cookie: office, method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ tinh: '01', ma: id!, 'quyet-dinh': 'duyet' }) });
    expect(forged.status).toBe(403);
    const forgedAsk = await portal.request('/lien-he/de-nghi', { cookie: clerk, method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ loai: 'xoa', email: 'bac-ninh@example.gov.vn', 'ly-do': 'x' }) });
    expect(forgedAsk.status).toBe(403);
    expect(pendingIds(portal)).toEqual([id]);
    expect(portal.registry.book().provinces.find((p) => p.province === '01')?.emails).toEqual(['ha-noi@example.gov.vn']);
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
