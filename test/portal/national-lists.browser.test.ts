/// <reference lib="dom" />
// "Các lần nộp" and "Chưa nộp" in a real Chromium, on a desktop and a 390 px phone: axe-core finds no
// serious violation, the phone never scrolls sideways (each upload and each province is a card), and a
// warning's count opens on its texts. The portal is the in-memory one (test/portal/portal-app.ts) served
// over HTTP on a free port; screenshots go to BHXH_SCREENSHOTS when set.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warnings as W } from '../../shared/domain/findings.ts';
import type { SubmissionRecord } from '../../shared/domain/report.ts';
import { expectAccessible } from '../support/accessible.ts';
import { CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { report, values } from '../snapshot/fixtures.ts';
import { portalUnderTest, type PortalUnderTest } from './portal-app.ts';

const DATE = '2023-12-15';
const NATIONAL = 'toan-quoc@example.gov.vn';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SHOTS = process.env.BHXH_SCREENSHOTS;

let portal: PortalUnderTest;
let server: Server;
let base: string;
let browser: Browser;
let cookie: { name: string; value: string };

function accepted(province: string, receivedAt: string, vals: number[], opts: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return {
    province, reportDate: DATE, receivedAt, sequencer: '01', objectKey: `incoming/${province}/bao-cao-ngay-15.xlsx`, origin: 'portal',
    status: 'accepted', late: false, superseded: false, values: vals, warnings: [], errors: [], ...opts,
  };
}

/** A day after its deadline: 15 provinces reported (two late), Cao Bằng cut its baseline and corrected it the next day, one file refused. */
function playDay(p: PortalUnderTest): void {
  p.now = new Date('2023-12-16T08:00:00Z');
  const codes = p.deps.campaign.provinces.slice(0, 15).map((u) => u.code).filter((c) => c !== '04');
  for (const [i, code] of codes.entries()) {
    const late = i < 2;
    const at = late ? `2023-12-15T1${2 + i}:10:00.000Z` : '2023-12-15T03:00:00.000Z';
    p.reports.push(report(code, DATE, at, { late }));
    p.submissions.push(accepted(code, at, values(Number(code)), { late }));
  }
  const before = values(4);
  const cut = before.map((v, i) => (i === 1 ? 120_000_000_000 : v));
  p.submissions.push(
    accepted('04', '2023-12-15T02:00:00.000Z', before, { superseded: true }),
    accepted('04', '2023-12-16T06:58:00.000Z', cut, {
      warnings: [W.baselineChanged(2, 'E11', before[1]!, cut[1]!, '14/12/2023', 'tính đến hết tháng 11/2023'), W.cumulativeDecreased(5, 'H11', before[4]!, 1, '14/12/2023')],
    }),
    { ...accepted('30', '2023-12-15T04:00:00.000Z', values(30)), status: 'rejected', values: null, errors: [{ code: 'col3-gt-col1', message: 'Cột 3 lớn hơn cột 1 (tổng số đơn vị chậm đóng). Vui lòng kiểm tra lại.', cell: 'E11' }] },
  );
  p.reports.push(report('04', DATE, '2023-12-16T06:58:00.000Z', { values: cut, firstReceivedAt: '2023-12-15T02:00:00.000Z' }));
}

beforeAll(async () => {
  portal = portalUnderTest();
  playDay(portal);
  const person = { email: 'thu.haiduong@example.gov.vn', name: 'Nguyễn Thị Thu Hương', role: 'Trưởng phòng Quản lý thu', phone: '0220 3852 111' };
  expect(await portal.registry.replaceProvince('30', 0, [person], {
    at: '2023-12-10T00:00:00.000Z', by: { address: NATIONAL, role: 'national' }, province: '30', action: 'add', email: person.email, before: [], after: [person],
  })).toBe('written');
  const [name, value] = (await portal.signIn(NATIONAL)).split('=') as [string, string];
  cookie = { name, value };
  const listener = getRequestListener((request) => portal.fetch(request));
  server = createServer((request, response) => { void listener(request, response); });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (existsSync(CHROMIUM_PATH)) browser = await launchChromium();
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

async function open(viewport: { width: number; height: number }, path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ ...cookie, url: base }]);
  const page = await context.newPage();
  const response = await page.goto(`${base}${path}`);
  expect(response?.status()).toBe(200);
  return { context, page };
}

/** The whole page, and what the screen shows at `from` (to look at without shrinking a long page). */
const shot = async (page: Page, name: string, from?: ReturnType<Page['locator']>): Promise<void> => {
  if (!SHOTS) return;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await from?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, `${name}-screen.png`) });
};

describe.skipIf(!existsSync(CHROMIUM_PATH))('the national lists in Chromium', () => {
  for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`Các lần nộp on a ${device}: warnings open on their texts, the correction reads before → after`, async () => {
      const { context, page } = await open(viewport, `/toan-quoc/cac-lan-nop?ngay=${DATE}`);
      const caoBang = page.locator('tr', { hasText: 'Cao Bằng' }).first();
      await caoBang.getByText('2 cảnh báo · Số liệu gốc (cột 1–4) thay đổi').click();
      await expect.poll(() => caoBang.getByText('Cột 2 là số liệu cố định').isVisible()).toBe(true);
      expect(await caoBang.innerText()).toContain('sửa lúc 13:58 16/12/2023 (sau hạn nộp): cột 2:');
      expect(await page.getByRole('alert').innerText()).toContain('Cao Bằng');
      await expectAccessible(page);
      if (device === 'phone') {
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
        expect(await caoBang.evaluate((row) => getComputedStyle(row).display)).toBe('block');
      }
      await shot(page, `cac-lan-nop-${device}`, caoBang);
      await context.close();
    });

    it(`Chưa nộp on a ${device}: a card per province with its people, then the late reporters`, async () => {
      const { context, page } = await open(viewport, `/toan-quoc/chua-nop?ngay=${DATE}`);
      const haiDuong = page.locator('article', { hasText: 'Hải Dương' });
      expect(await haiDuong.innerText()).toContain('Nguyễn Thị Thu Hương');
      expect(await haiDuong.getByRole('link', { name: '0220 3852 111' }).getAttribute('href')).toBe('tel:02203852111');
      expect(await page.locator('article.unit').count()).toBe(portal.deps.campaign.provinces.length - 15);
      expect(await page.locator('main').innerText()).toMatch(/Nộp muộn \(2\)/);
      await expectAccessible(page);
      if (device === 'phone') expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      await shot(page, `chua-nop-${device}`, haiDuong);
      await shot(page, `chua-nop-muon-${device}`, page.locator('#nop-muon'));
      await context.close();
    });
  }
});
