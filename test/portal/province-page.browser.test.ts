// A province's page in a real Chromium, on a desktop and on a 390 px phone: the portal's request
// function with in-memory data (a played campaign: late, missing, rejected, warned and corrected days)
// served on a free port; axe-core finds nothing serious; on the phone each date is a card and the page
// never scrolls sideways; the page stays under 100 KB.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '../../shared/domain/report.ts';
import { expectAccessible } from '../support/accessible.ts';
import { launchChromium } from '../support/chromium.ts';
import { at } from '../reminder/fakes.ts';
import { portalUnderTest, type PortalUnderTest } from './portal-app.ts';
import { rejected, report } from '../snapshot/fixtures.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** Where screenshots go when asked (BHXH_SCREENSHOTS=dir), to look at them. */
const SHOTS = process.env.BHXH_SCREENSHOTS;
const BASELINE = 1_183_498_542_084;
const row = (now: number): number[] => [1_204, BASELINE, 611, 402_123_000_000, 120, 35, 12, 1_180, now, 580, 398_000_000_000];
const ict = (date: string, time: string): string => at(date, time).toISOString();

let portal: PortalUnderTest;
let server: Server;
let base: string;
let browser: Browser;
let cookie: { name: string; value: string };

/** Bắc Ninh from the 11th to the 20th: coming down ~0.3 % a day, one day late, one missing, one only rejected, warnings, a correction. */
function play(p: PortalUnderTest): void {
  p.now = at('2023-12-20', '20:00');
  const dates = p.deps.campaign.reportDates.filter((d) => d <= '2023-12-20' && d !== '2023-12-13' && d !== '2023-12-14');
  dates.forEach((date, i) => {
    const now = Math.round(BASELINE * (1 - 0.003 * i));
    const corrected = date === '2023-12-18';
    p.reports.push(report('27', date, ict(corrected ? '2023-12-19' : date, corrected ? '09:15' : '16:00'), {
      values: row(now), late: date === '2023-12-12',
      ...(corrected ? { firstReceivedAt: ict(date, '16:00') } : {}),
      ...(date === '2023-12-16' ? { warnings: [{ code: 'low-amount-per-unit', message: 'Số tiền chậm đóng bình quân mỗi đơn vị thấp bất thường', cell: 'J11' }] } : {}),
    }));
    if (corrected) {
      const before: SubmissionRecord = {
        province: '27', reportDate: date, receivedAt: ict(date, '16:00'), sequencer: '01', objectKey: 'incoming/27/a.xlsx',
        status: 'accepted', late: false, superseded: true, values: row(now + 2_500_000_000), warnings: [], errors: [],
      };
      p.submissions.push(before);
    }
  });
  p.submissions.push(rejected('27', '2023-12-14', ict('2023-12-14', '11:00')));
}

beforeAll(async () => {
  portal = portalUnderTest();
  play(portal);
  const [name, value] = (await portal.signIn('toan-quoc@example.gov.vn')).split('=') as [string, string];
  cookie = { name, value };
  const listener = getRequestListener((request) => portal.fetch(request));
  server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function open(viewport: { width: number; height: number }): Promise<{ page: Page; bytes: number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ ...cookie, url: base }]);
  const page = await context.newPage();
  const response = await page.goto(`${base}/tinh/27`);
  expect(response?.status()).toBe(200);
  const bytes = (await response!.body()).byteLength;
  return { page, bytes, close: () => context.close() };
}

describe('a province\'s page in Chromium', () => {
  it('on a desktop: the table of dates, the chart, no serious axe finding, under 100 KB', async () => {
    const { page, bytes, close } = await open(DESKTOP);
    expect(bytes).toBeLessThan(100_000);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Kết quả của Bảo hiểm xã hội tỉnh Bắc Ninh');
    expect(await page.locator('#province-dates tbody').count()).toBe(10);
    expect(await page.locator('tbody[data-date="2023-12-14"]').innerText()).toContain('Chỉ có báo cáo bị từ chối');
    const corrected = page.locator('tbody[data-date="2023-12-18"]');
    await corrected.getByText('sửa lúc 09:15 19/12/2023 (sau hạn nộp)').click();
    expect(await corrected.innerText()).toMatch(/cột 9: [\d.]+ → [\d.]+/);
    const chart = page.getByRole('img', { name: /Thay đổi số tiền chậm đóng Bắc Ninh so với hết T11\/2023/ });
    expect(await chart.isVisible()).toBe(true);
    // The table is laid out as a table: the dates' row header beside their values.
    expect(await page.locator('#province-dates tbody tr').first().evaluate((e) => getComputedStyle(e).display)).toBe('table-row');
    // At 1280 px the whole table fits: nothing to scroll sideways.
    expect(await page.locator('.by-date').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(await page.locator('svg.chart-narrow').isVisible()).toBe(false);
    await page.getByText('Số liệu của biểu đồ').click();
    await page.locator('tbody[data-date="2023-12-16"] summary').click();
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'province-desktop.png'), fullPage: true });
    await close();
  });

  it('on a 390 px phone: a card per date, nothing wider than the screen, no serious axe finding', async () => {
    const { page, close } = await open(PHONE);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'province-phone-top.png') });
    await page.locator('tbody[data-date="2023-12-18"] summary').click();
    const first = page.locator('#province-dates tbody').first();
    expect(await first.evaluate((e) => getComputedStyle(e).display)).toBe('block');
    // Each value carries its label on the card.
    expect(await first.locator('td').nth(2).evaluate((e) => getComputedStyle(e, '::before').content)).toContain('1. Số đơn vị chậm đóng');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const box = await first.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PHONE.width);
    // The chart a phone shows is the narrow one, its lettering at least 10 px tall on the screen.
    expect(await page.locator('svg.chart-wide').isVisible()).toBe(false);
    const letters = await page.locator('svg.chart-narrow text').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
    expect(letters.length).toBeGreaterThan(3);
    expect(Math.min(...letters)).toBeGreaterThanOrEqual(10);
    await expectAccessible(page);
    if (SHOTS) {
      await page.locator('figure').screenshot({ path: join(SHOTS, 'province-phone-chart.png') });
      await page.locator('tbody[data-date="2023-12-18"]').screenshot({ path: join(SHOTS, 'province-phone-card.png') });
    }
    await close();
  });
});
