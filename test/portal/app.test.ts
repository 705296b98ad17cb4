// The portal's whole request function, called without a browser: sign-in and the session cookie, who
// may open what (a province never another province's pages), the Origin check on every POST, unknown
// and known addresses signed in and out, the security headers, escaping, and failures.
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lambdas/portal/routes.ts';
import { rejected } from '../reminder/fakes.ts';
import { CONTACTS, ORIGIN, portalUnderTest } from './portal-app.ts';

const BAC_NINH = CONTACTS.provinces[0]!.emails[0]!;
const HA_NOI = CONTACTS.provinces[1]!.emails[0]!;
const NATIONAL = CONTACTS.national[0]!;

describe('signing in', () => {
  it('mails a single-use link; confirming it sets an HttpOnly, Secure session cookie and opens the home page', async () => {
    const portal = portalUnderTest();
    const page = await portal.request('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Gửi liên kết đăng nhập');

    const cookie = await portal.signIn(BAC_NINH);
    const setCookie = portal.mailer.to(BAC_NINH).length;
    expect(setCookie).toBe(1);
    expect(cookie).toMatch(/^bhxh_session=[\w-]{43}$/);
    const home = await portal.request('/', { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/nop-bao-cao');
    const submit = await portal.request('/nop-bao-cao', { cookie });
    expect(submit.status).toBe(200);
    expect(await submit.text()).toContain(`${BAC_NINH} (`);
  });

  it('the confirmation answers with the cookie attributes the session needs', async () => {
    const portal = portalUnderTest();
    await portal.request('/dang-nhap', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ email: NATIONAL }) });
    const token = /ma=([\w-]+)/.exec(portal.mailer.to(NATIONAL)[0]!.text)![1]!;
    const confirm = await portal.request(`/dang-nhap/xac-nhan?ma=${token}`);
    expect(await confirm.text()).toContain(NATIONAL);
    const confirmed = await portal.request('/dang-nhap/xac-nhan', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ ma: token }) });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/toan-quoc');
    expect(confirmed.headers.get('set-cookie')).toMatch(/^bhxh_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
    const again = await portal.request('/dang-nhap/xac-nhan', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ ma: token }) });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('answers an unknown address exactly as a registered one, and mails nothing', async () => {
    const portal = portalUnderTest();
    const known = await portal.request('/dang-nhap', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ email: HA_NOI }) });
    const unknown = await portal.request('/dang-nhap', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ email: 'ai-do@example.org' }) });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    expect(portal.mailer.to('ai-do@example.org')).toEqual([]);
  });

  it('a forged or truncated session cookie is signed out; signing out ends the session', async () => {
    const portal = portalUnderTest();
    const forged = await portal.request('/nop-bao-cao', { cookie: `bhxh_session=${'A'.repeat(43)}` });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/');
    const cookie = await portal.signIn(BAC_NINH);
    const out = await portal.request('/dang-xuat', { method: 'POST', headers: ORIGIN, cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await portal.request('/nop-bao-cao', { cookie })).headers.get('location')).toBe('/');
  });
});

describe('who may open what', () => {
  it('a province opens its own pages, never another province’s nor the national office’s', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn(BAC_NINH);
    expect((await portal.request('/lich-su', { cookie })).status).toBe(200);
    expect((await portal.request('/lich-su?tinh=27', { cookie })).status).toBe(200);
    const other = await portal.request('/lich-su?tinh=01', { cookie });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('Không có quyền truy cập');
    expect((await portal.request('/mau-bao-cao/tai-ve?tinh=01', { cookie })).status).toBe(403);
    expect((await portal.request('/tai-ve/tep?key=incoming/01/bao-cao.xlsx', { cookie })).status).toBe(403);
    const verdict = await portal.request('/api/ket-qua?key=incoming/01/x/bao-cao.xlsx', { cookie });
    expect(verdict.status).toBe(403);
    expect(verdict.headers.get('content-type')).toContain('application/json');
    for (const path of ['/toan-quoc', '/toan-quoc/chua-nop', '/toan-quoc/cac-lan-nop', '/api/toan-quoc', '/tai-ve/tong-hop?ngay=2023-12-15&dinh-dang=csv']) {
      expect([path, (await portal.request(path, { cookie })).status]).toEqual([path, 403]);
    }
    const own = await portal.request('/tai-ve/tep?key=incoming/27/bao-cao.xlsx', { cookie });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toContain('https://bucket.example/incoming/27/bao-cao.xlsx');
  });

  it('the national office opens every province’s history and submits nothing', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn(NATIONAL);
    expect((await portal.request('/lich-su?tinh=01', { cookie })).status).toBe(200);
    expect((await portal.request('/toan-quoc', { cookie })).status).toBe(200);
    expect((await portal.request('/nop-bao-cao', { cookie })).status).toBe(403);
    expect((await portal.request('/api/tai-len', { method: 'POST', headers: ORIGIN, cookie, body: '{"fileName":"a.xlsx"}' })).status).toBe(403);
  });

  it('the header’s navigation is the route table’s entries for the role', async () => {
    const portal = portalUnderTest();
    for (const [address, role] of [[BAC_NINH, 'province'], [NATIONAL, 'national']] as const) {
      const html = await (await portal.request('/lich-su?tinh=27', { cookie: await portal.signIn(address) })).text();
      const nav = [...(/<nav aria-label="Chức năng">(.*?)<\/nav>/s.exec(html)?.[1] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
      expect(nav).toEqual(ROUTES.filter((r) => r.nav?.role === role).map((r) => r.path));
    }
  });
});

describe('signed out, and unknown addresses', () => {
  const signedInPages = ROUTES.filter((r) => r.method === 'GET' && !r.open.includes('signed-out'));

  it.each(signedInPages.filter((r) => !r.path.startsWith('/api/')).map((r) => r.path))('signed out, %s sends to the sign-in page', async (path) => {
    const response = await portalUnderTest().request(path);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
  });

  it('signed out, the API answers 401 in JSON (a known or unknown address)', async () => {
    const portal = portalUnderTest();
    for (const path of ['/api/ket-qua?key=incoming/27/a.xlsx', '/api/khong-co']) {
      const response = await portal.request(path);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.' });
    }
  });

  it('an unknown address is a 404 page, signed out or in (then with the navigation)', async () => {
    const portal = portalUnderTest();
    const out = await portal.request('/khong-co');
    expect(out.status).toBe(404);
    expect(await out.text()).not.toContain('aria-label="Chức năng"');
    const cookie = await portal.signIn(BAC_NINH);
    const inside = await portal.request('/khong-co', { cookie });
    expect(inside.status).toBe(404);
    const html = await inside.text();
    expect(html).toContain('Không tìm thấy trang');
    expect(html).toContain('aria-label="Chức năng"');
    expect((await portal.request('/dang-xuat', { cookie })).status).toBe(404);
  });
});

describe('the Origin check', () => {
  it.each([
    ['no Origin', {}],
    ['another site', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['the portal over http', { origin: 'http://portal.example' }],
  ])('refuses a POST with %s, before anything is done', async (_name, headers) => {
    const portal = portalUnderTest();
    const response = await portal.request('/dang-nhap', { method: 'POST', headers, body: new URLSearchParams({ email: BAC_NINH }) });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Yêu cầu bị từ chối');
    expect(portal.mailer.sent).toEqual([]);
  });

  it('guards the JSON upload ticket too (a form-only CSRF check would not)', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn(BAC_NINH);
    const body = JSON.stringify({ fileName: 'bao cao.xlsx', size: 1000 });
    const forged = await portal.request('/api/tai-len', { method: 'POST', cookie, headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toHaveProperty('error');
    const ticket = await portal.request('/api/tai-len', { method: 'POST', cookie, headers: { ...ORIGIN, 'content-type': 'application/json' }, body });
    expect(ticket.status).toBe(200);
    const { key } = await ticket.json() as { key: string };
    expect(key).toMatch(/^incoming\/27\/\d{8}T\d{6}Z-[0-9a-f]{8}\/bao cao\.xlsx$/);
  });
});

describe('every answer', () => {
  it('carries the security headers; pages are never cached, the assets are', async () => {
    const portal = portalUnderTest();
    for (const response of [await portal.request('/'), await portal.request('/khong-co'), await portal.request('/toan-quoc')]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self' https://bucket.example", "connect-src 'self' https://bucket.example"]) {
        expect(csp).toContain(directive);
      }
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const css = await portal.request('/tai-nguyen/portal.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('escapes what comes from outside: a file name with markup is shown as text', async () => {
    const portal = portalUnderTest();
    portal.submissions.push({ ...rejected('27', '2023-12-15', '2023-12-15T02:00:00.000Z'), objectKey: 'incoming/27/x/<img src=x onerror=alert(1)>.xlsx' });
    const html = await (await portal.request('/lich-su', { cookie: await portal.signIn(BAC_NINH) })).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.xlsx');
    expect(html).not.toContain('<img src=x');
  });

  it('a failure inside is a 500 page in Vietnamese, logged, without details', async () => {
    const portal = portalUnderTest();
    const cookie = await portal.signIn(NATIONAL);
    portal.deps.reports.listReportsForDate = async () => { throw new Error('DynamoDB is down'); };
    const response = await portal.request('/toan-quoc?ngay=2023-12-15', { cookie });
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('Hệ thống đang gặp sự cố');
    expect(html).not.toContain('DynamoDB');
    expect(portal.logs).toContainEqual({ level: 'error', message: 'Portal request failed' });
  });

  it('refuses a body over the limit unread', async () => {
    const response = await portalUnderTest().request('/dang-nhap', { method: 'POST', headers: ORIGIN, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
  });

  it('a date outside the campaign is a 400 page naming it', async () => {
    const portal = portalUnderTest();
    const response = await portal.request('/toan-quoc?ngay=2023-01-01', { cookie: await portal.signIn(NATIONAL) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Ngày 2023-01-01 không phải ngày báo cáo');
  });
});
