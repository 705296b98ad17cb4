// The national tables in Chromium, on the portal's app over HTTP with in-memory stores: on a 1920 px
// screen every column of "Hôm nay" shows and the header stays in view while the table scrolls; sorting
// and the status filter work without script and the live update keeps them; on a 390 px phone each
// province is a card. "Kết quả" the same. axe-core on each.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { values } from '../snapshot/fixtures.ts';
import { DAY, playDay, type PlayedDay } from '../portal/national-day.ts';
import { portalUnderTest, type PortalUnderTest } from '../portal/portal-app.ts';
import { expectAccessible } from '../support/accessible.ts';
import { launchChromium } from '../support/chromium.ts';

/** Screenshots land here (BHXH_SCREENSHOTS overrides) for a person to look at. */
const SHOTS = process.env.BHXH_SCREENSHOTS ?? tmpdir();

let portal: PortalUnderTest;
let day: PlayedDay;
let server: Server;
let base: string;
let browser: Browser;
let cookie: { name: string; value: string };

beforeAll(async () => {
  portal = portalUnderTest({ livePollMs: 250 });
  portal.now = new Date('2023-12-16T08:00:00Z');
  day = playDay(portal);
  const [name, value] = (await portal.signIn('toan-quoc@example.gov.vn')).split('=') as [string, string];
  cookie = { name, value };
  const listener = getRequestListener((request) => {
    const url = new URL(request.url);
    return portal.request(`${url.pathname}${url.search}`, { method: request.method, headers: Object.fromEntries(request.headers) });
  });
  server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

async function signedIn(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addCookies([{ ...cookie, url: base }]);
  return { context, page: await context.newPage() };
}

const shownRows = (page: Page): Promise<string[]> =>
  page.locator('#province-table tbody tr[data-province]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-province')!));

describe('the national table in a browser', () => {
  it('on a 1920 px screen: every column in view, the header stays in view while the table scrolls', async () => {
    const { context, page } = await signedIn(1920, 1080);
    await page.goto(`${base}/toan-quoc?ngay=${DAY}`);
    await expectAccessible(page);
    const frame = page.locator('.sticky-table').first();
    const fits = await frame.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    for (const box of await page.locator('#province-table thead th').evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(1920);
      expect(box.width).toBeGreaterThan(20);
    }
    await page.screenshot({ path: join(SHOTS, 'p22b-today-1920.png') });
    // The chart of provinces reporting at its own size, its lettering the table's, not blown up to the width.
    const bars = await page.locator('svg.bars').boundingBox();
    expect(bars!.height).toBeLessThan(200);
    const barLetters = await page.locator('svg.bars text').first().evaluate((t) => t.getBoundingClientRect().height);
    expect(barLetters).toBeLessThan(20);
    expect(barLetters).toBeGreaterThanOrEqual(10);

    // Scroll as a reader does: the page down to the table, then on within the table.
    await frame.scrollIntoViewIfNeeded();
    const table = await frame.boundingBox();
    await page.mouse.move(table!.x + 400, table!.y + 300);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 400);
    await expect.poll(() => frame.evaluate((el) => el.scrollTop)).toBeGreaterThan(800);
    const header = await page.locator('#province-table thead th').first().boundingBox();
    const frameBox = await frame.boundingBox();
    expect(header!.y).toBeGreaterThanOrEqual(0);
    expect(Math.abs(header!.y - frameBox!.y)).toBeLessThan(3);
    // The first provinces are out of view under the header, later ones in view below it.
    const firstRow = await page.locator('#province-table tbody tr').first().boundingBox();
    expect(firstRow!.y).toBeLessThan(header!.y);
    // Drawn on top of the rows scrolled under it, every heading.
    expect(await page.locator('#province-table thead th').evaluateAll((ths) => ths.every((th) => {
      const r = th.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('th') === th;
    }))).toBe(true);
    // The national total stays at the frame's foot.
    const total = await page.locator('#province-table tfoot th').boundingBox();
    expect(Math.abs(total!.y + total!.height - (frameBox!.y + frameBox!.height))).toBeLessThan(4);
    await page.screenshot({ path: join(SHOTS, 'p22b-today-1920-scrolled.png') });

    // A report arriving replaces the table in place: the reader keeps the place in it.
    const place = await frame.evaluate((el) => el.scrollTop);
    const latecomer = day.missing.at(-1)!;
    portal.reports.push({
      province: latecomer, reportDate: DAY, values: values(2), receivedAt: '2023-12-16T07:30:00.000Z', sequencer: '0088DD', late: true,
      objectKey: `incoming/${latecomer}/bao-cao.xlsx`, warnings: [],
    });
    await expect.poll(() => page.locator(`#province-table tr[data-province="${latecomer}"]`).innerText(), { timeout: 10_000 }).toContain('Muộn');
    expect(await frame.evaluate((el) => el.scrollTop)).toBe(place);
    portal.reports.pop();
    await context.close();
  });

  it('sorts by a heading, filters by status with the form, and the live update keeps both', async () => {
    const { context, page } = await signedIn(1920, 1080);
    await page.goto(`${base}/toan-quoc?ngay=${DAY}`);
    await page.locator('#province-table thead').getByRole('link', { name: 'Tiền nay' }).click();
    await page.waitForURL(/sap-xep=col9&chieu=asc/);
    await page.locator('#province-table thead').getByRole('link', { name: /Tiền nay/ }).click();
    await page.waitForURL(/sap-xep=col9&chieu=desc/);
    const byCol9 = [...day.col9.entries()].sort((a, b) => b[1] - a[1]).map(([code]) => code);
    expect(await shownRows(page)).toEqual([...byCol9, ...day.missing]);
    expect(await page.locator('#province-table th[aria-sort="descending"]').innerText()).toContain('Tiền nay');

    await page.getByLabel('Tình trạng').selectOption({ label: 'Muộn' });
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.waitForURL(/tinh-trang=muon/);
    expect(await shownRows(page)).toEqual(byCol9.filter((code) => day.late.includes(code)));
    expect(await page.locator('.shown').innerText()).toContain(`Đang xem ${day.late.length}/63 tỉnh, thành phố: Muộn.`);
    await expectAccessible(page);

    // A missing province now reports late: it appears in the filtered table without a reload, in its sorted place.
    const latecomer = day.missing[0]!;
    await page.evaluate('window.marker = 1');
    const figures = values(1).map((v, i) => (i === 8 ? 9_999_999_999 : v));
    portal.reports.push({
      province: latecomer, reportDate: DAY, values: figures, receivedAt: '2023-12-16T07:00:00.000Z', sequencer: '0077CC', late: true,
      objectKey: `incoming/${latecomer}/bao-cao.xlsx`, warnings: [],
    });
    await expect.poll(() => shownRows(page), { timeout: 10_000 }).toEqual([latecomer, ...byCol9.filter((code) => day.late.includes(code))]);
    expect(await page.evaluate('window.marker')).toBe(1);
    expect(await page.locator('.shown').innerText()).toContain(`Đang xem ${day.late.length + 1}/63`);
    portal.reports.pop();
    await context.close();
  });

  it('on a 390 px phone: one card per province, each value labelled, no table wider than the screen', async () => {
    const { context, page } = await signedIn(390, 844);
    await page.goto(`${base}/toan-quoc?ngay=${DAY}`);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const card = page.locator(`#province-table tr[data-province="${day.codes[0]}"]`);
    expect(await card.evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    const box = await card.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(box!.height).toBeLessThan(600);
    const labels = await card.locator('td').evaluateAll((tds) => tds.filter((td) => getComputedStyle(td).display !== 'none')
      .map((td) => getComputedStyle(td, '::before').content));
    expect(labels).toContain('"Tiền nay"');
    expect(labels).toContain('"Tình trạng báo cáo"');
    expect(await page.locator('#province-table thead').isVisible()).toBe(false);
    // The national total comes first.
    const total = await page.locator('#province-table tfoot tr').boundingBox();
    expect(total!.y).toBeLessThan(box!.y);
    await page.screenshot({ path: join(SHOTS, 'p22b-today-390.png'), fullPage: false });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'p22b-today-390-card.png') });
    await context.close();
  });

  it('"Kết quả": the header in view, downloads linked, cards on a phone', async () => {
    const wide = await signedIn(1920, 1080);
    await wide.page.goto(`${base}/toan-quoc/ket-qua?ngay=${DAY}`);
    await expectAccessible(wide.page);
    const frame = wide.page.locator('.sticky-table');
    await frame.evaluate((el) => { el.scrollTop = 1200; });
    const header = await wide.page.locator('#results-table thead th').first().boundingBox();
    expect(Math.abs(header!.y - (await frame.boundingBox())!.y)).toBeLessThan(3);
    await wide.page.screenshot({ path: join(SHOTS, 'p22b-results-1920.png') });
    await wide.context.close();

    const phone = await signedIn(390, 844);
    await phone.page.goto(`${base}/toan-quoc/ket-qua?ngay=${DAY}`);
    await expectAccessible(phone.page);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await phone.page.locator('#results-table tbody tr').first().evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    await phone.page.screenshot({ path: join(SHOTS, 'p22b-results-390.png') });
    // The header is hidden on the cards: the sort form sorts, without script too.
    const rank = await phone.page.locator('#results-table tbody tr[data-province]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-province')));
    await phone.page.getByLabel('Sắp xếp theo').selectOption('code');
    await phone.page.getByLabel('Chiều').selectOption('desc');
    await phone.page.getByRole('button', { name: 'Xem' }).click();
    await phone.page.waitForURL(/sap-xep=code&chieu=desc/);
    const byCode = await phone.page.locator('#results-table tbody tr[data-province]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-province')));
    expect(byCode).toEqual([...rank].sort().reverse());
    expect(byCode).not.toEqual(rank);
    // A province's name on its card reads on one line.
    const name = phone.page.locator('#results-table tbody tr[data-province] th[scope=row] a').first();
    const nameBox = await name.evaluate((a) => ({ lines: a.getClientRects().length, width: a.getBoundingClientRect().width }));
    expect(nameBox.lines).toBe(1);
    await phone.page.locator('#results-table tbody tr[data-province]').nth(2).screenshot({ path: join(SHOTS, 'p22b-results-390-card.png') });
    await phone.context.close();
  });
  it('the charts at a reading size on a 1280 px desktop and a 390 px phone (Hôm nay, the province page)', async () => {
    for (const [device, width, height] of [['1280', 1280, 900], ['390', 390, 844]] as const) {
      const { context, page } = await signedIn(width, height);
      await page.goto(`${base}/toan-quoc?ngay=${DAY}`);
      // The provinces-reporting bars keep their own size: a small band, lettering near the page's.
      const bars = (await page.locator('svg.bars').boundingBox())!;
      expect(bars.height).toBeLessThan(160);
      const barLetters = await page.locator('svg.bars text').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
      expect(Math.min(...barLetters)).toBeGreaterThanOrEqual(10);
      expect(Math.max(...barLetters)).toBeLessThan(20);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SHOTS, `q1-today-${device}.png`), fullPage: true });
      await page.locator('figure.trend').last().screenshot({ path: join(SHOTS, `q1-today-bars-${device}.png`) });
      for (const path of ['/toan-quoc', `/tinh/${day.codes[0]}`]) {
        await page.goto(`${base}${path}?ngay=${DAY}`);
        // The change chart shown is the one drawn for the screen, its lettering at least 10 px tall.
        const chart = page.locator(`figure.trend svg.chart-${width < 640 ? 'narrow' : 'wide'}`);
        expect(await chart.isVisible()).toBe(true);
        expect(await page.locator(`figure.trend svg.chart-${width < 640 ? 'wide' : 'narrow'}`).isVisible()).toBe(false);
        const letters = await chart.locator('text').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
        expect(Math.min(...letters)).toBeGreaterThanOrEqual(10);
      }
      await page.screenshot({ path: join(SHOTS, `q1-province-${device}.png`), fullPage: true });
      await page.goto(`${base}/toan-quoc/ket-qua?ngay=${DAY}`);
      // Each province's name reads on one line, in the desktop's name column as on a phone's card.
      const nameLines = await page.locator('#results-table tbody tr[data-province] th[scope=row] a').evaluateAll((as) => as.map((a) => a.getClientRects().length));
      expect(Math.max(...nameLines)).toBe(1);
      await page.screenshot({ path: join(SHOTS, `q1-results-${device}.png`), fullPage: true });
      await page.locator('#results-table tbody tr[data-province]').first().screenshot({ path: join(SHOTS, `q1-results-row-${device}.png`) });
      await context.close();
    }
  });
});
