// The national office's views of a played campaign (test/e2e/played-campaign.ts) in a real Chromium,
// on a 1280 px desktop and a 390 px phone: "Kết quả" and the ket-qua.json/csv downloads against sums
// computed here from the uploaded values; warnings and the correction of a closed date on "Hôm nay"
// and in the digest; then every page the national and a province's navigation lead to (collected
// from the page header at run time, so new pages are covered once they are in the route table),
// each passing axe-core and weighing under 100 KB transferred. BHXH_SCREENSHOTS=<dir> keeps screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { formatDateVi, formatDecimal, formatInteger } from '../../shared/domain/format.ts';
import { resultsKey, type ResultsFormat } from '../../shared/domain/snapshot/keys.ts';
import { launchChromium } from '../support/chromium.ts';
import { expectAccessible } from '../support/accessible.ts';
import { signIn } from './browser.ts';
import { DATES, figure, lateAmount, nationalFigure, nationalLateAmount, playCampaign, ranking, reportsOn, ROLES, UPLOADS, type Expected } from './played-campaign.ts';
import { startTestStack, type TestStack } from './support.ts';

const campaign = currentCampaign();
const [, SECOND, LAST] = DATES;
const NATIONAL = EXAMPLE_NATIONAL_EMAILS[0]!;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const MAX_BYTES = 100 * 1024;
const SHOTS = process.env.BHXH_SCREENSHOTS;

let stack: TestStack;
let browser: Browser;
let national: BrowserContext;
let nationalPage: Page;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
  await playCampaign(stack);
  national = await browser.newContext({ viewport: DESKTOP });
  nationalPage = (await signIn(national, stack.servers.portal!, stack, NATIONAL)).page;
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const url = (path: string): string => new URL(path, stack.servers.portal).href;
const mainText = (page: Page): Promise<string> => page.locator('main').innerText();
/** What a province's row (or card) shows: the visible elements the page marks as that province's. */
async function provinceText(page: Page, code: string): Promise<string> {
  const texts = await page.locator(`main [data-province="${code}"]:visible`).allInnerTexts();
  expect(texts.length, `something on ${page.url()} shown for province ${code}`).toBeGreaterThan(0);
  return texts.join('\n');
}
/** A change as the pages show it: đồng with dots, % with one decimal. */
const shownChange = (m: Expected): string[] => [formatInteger(m.change), `${formatDecimal(m.pct, 1, { fixed: true })}%`];

async function resultsFile(date: string, format: ResultsFormat): Promise<string> {
  const object = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: resultsKey(campaign.id, date, format) }));
  return object.Body!.transformToString();
}

interface ResultsJson {
  national: Record<string, unknown> & { provinces: number };
  provinces: Array<Record<string, unknown> & { code: string; rank: number | null; mark: string | null }>;
}

/** The json's fields of a figure (lateAmount, overdueAmount, lateUnits) as exact integers and the % as a number. */
function figureOf(row: Record<string, unknown>, key = 'lateAmount'): { baseline: bigint; now: bigint; change: bigint; pct: number } {
  return {
    baseline: BigInt(String(row[`${key}Baseline`])), now: BigInt(String(row[`${key}Now`])),
    change: BigInt(String(row[`${key}Change`])), pct: Number(row[`${key}ChangePct`]),
  };
}
const lateAmountOf = (row: Record<string, unknown>): ReturnType<typeof figureOf> => figureOf(row);
/** The json's figures and the form's columns they come from. */
const FIGURES = [['lateAmount', 2, 9], ['overdueAmount', 4, 11], ['lateUnits', 1, 8]] as const;

function expectSameFigure(actual: ReturnType<typeof lateAmountOf>, expected: Expected, what: string): void {
  expect({ baseline: actual.baseline, now: actual.now, change: actual.change }, what).toEqual({ baseline: expected.baseline, now: expected.now, change: expected.change });
  // The files carry the % truncated to 3 decimals.
  expect(Math.abs(actual.pct - expected.pct), `${what}: ${actual.pct}% against ${expected.pct}%`).toBeLessThan(0.001);
}

describe('the results of a played campaign', () => {
  it('"Kết quả" shows the national line and each province\'s change as the uploaded files add up, ranked by % reduction with the ends marked', async () => {
    const page = nationalPage;
    await page.goto(url('/toan-quoc/ket-qua'));
    const text = await mainText(page);
    expect(text).toContain(formatDateVi(LAST));
    const total = nationalLateAmount(LAST);
    for (const shown of [formatInteger(total.baseline), formatInteger(total.now), ...shownChange(total)]) expect(text).toContain(shown);

    const reports = reportsOn(LAST);
    for (const [code, values] of reports) {
      const row = await provinceText(page, code);
      for (const shown of shownChange(lateAmount(values))) expect(row, `province ${code}`).toContain(shown);
    }
    // The province without a report on the date shows no figures (its previous report's are not carried over).
    expect(await provinceText(page, ROLES.missing.code)).not.toContain(formatInteger(reportsOn(SECOND).get(ROLES.missing.code)![8]!));

    const expectedOrder = ranking(LAST);
    // Improvers rank above every province whose debt grew.
    expect(expectedOrder.slice(0, ROLES.improving.length - 1)).not.toContain(ROLES.worsening[0]!.code);
    const shownOrder = await page.locator('main [data-province]:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-province')));
    expect(shownOrder.slice(0, expectedOrder.length)).toEqual(expectedOrder);
    const marked = campaign.config.results.markedProvinces;
    for (const [i, code] of expectedOrder.entries()) {
      const row = await provinceText(page, code);
      const mark = i < marked ? 'Nhóm đầu' : i >= expectedOrder.length - marked ? 'Nhóm cuối' : null;
      for (const word of ['Nhóm đầu', 'Nhóm cuối']) expect(row.includes(word), `${code} ranked ${i + 1}: ${word}`).toBe(word === mark);
    }
  });

  it('ket-qua.json and ket-qua.csv carry the same sums, the ranking, the warnings and the corrected date\'s new figures', async () => {
    const json = JSON.parse(await resultsFile(LAST, 'json')) as ResultsJson;
    const total = nationalLateAmount(LAST);
    expect(json.national.provinces).toBe(total.provinces);
    for (const [key, from, to] of FIGURES) {
      expectSameFigure(figureOf(json.national, key), nationalFigure(LAST, from, to), `national ${key}`);
      for (const [code, values] of reportsOn(LAST)) {
        expectSameFigure(figureOf(json.provinces.find((p) => p.code === code)!, key), figure(values, from, to), `province ${code} ${key}`);
      }
    }
    // Every played province sent each date before its deadline (a correction does not change that).
    for (const code of reportsOn(LAST).keys()) expect(json.provinces.find((p) => p.code === code), code).toMatchObject({ daysOnTime: DATES.length, daysLate: 0 });
    expect(json.provinces.find((p) => p.code === ROLES.missing.code)).toMatchObject({ daysOnTime: DATES.length - 1, daysLate: 0 });
    const order = ranking(LAST);
    expect(json.provinces.filter((p) => p.rank !== null).map((p) => [p.code, p.rank])).toEqual(order.map((code, i) => [code, i + 1]));
    const marked = campaign.config.results.markedProvinces;
    expect(json.provinces.filter((p) => p.mark === 'top').map((p) => p.code)).toEqual(order.slice(0, marked));
    expect(json.provinces.filter((p) => p.mark === 'bottom').map((p) => p.code)).toEqual(order.slice(-marked));
    expect(json.provinces.find((p) => p.code === ROLES.missing.code)).toMatchObject({ rank: null, lateAmountNow: null });
    expect(json.provinces.find((p) => p.code === ROLES.warned.code)).toMatchObject({ warnings: 2, baselineChanged: true });

    // The csv: a heading line, then the national line, then the provinces in the json's order.
    const rows: string[][] = parse(await resultsFile(LAST, 'csv'), { bom: true });
    const heading = rows[0]!;
    const column = (words: string): number => heading.findIndex((h) => h.includes(words));
    const [change, now, baseline] = [column('(cột 9 − cột 2)'), column('cột 9)'), column('cột 2)')] as [number, number, number];
    const codeColumn = heading.findIndex((h) => /^Mã/.test(h));
    expect([change, now, baseline, codeColumn].every((i) => i >= 0), heading.join(' | ')).toBe(true);
    expect([rows[1]![baseline], rows[1]![now], rows[1]![change]]).toEqual([total.baseline, total.now, total.change].map(String));
    for (const [code, values] of reportsOn(LAST)) {
      const row = rows.find((r) => r[codeColumn] === code)!;
      const m = lateAmount(values);
      expect([row[baseline], row[now], row[change]], `csv ${code}`).toEqual([m.baseline, m.now, m.change].map(String));
    }

    // The second date, corrected after its final snapshot: the results carry the correction.
    const second = JSON.parse(await resultsFile(SECOND, 'json')) as ResultsJson;
    expectSameFigure(lateAmountOf(second.national), nationalLateAmount(SECOND), 'national, corrected date');
    const corrected = second.provinces.find((p) => p.code === ROLES.corrects.code)!;
    expectSameFigure(lateAmountOf(corrected), lateAmount(reportsOn(SECOND).get(ROLES.corrects.code)!), 'the corrected province');
    expect(corrected.corrected).toBe('after-deadline');
  });

  it('"Hôm nay" and "Các lần nộp" show the warnings and the closed date\'s correction ("sửa lúc", before → after); "Chưa nộp" the missing province', async () => {
    const page = nationalPage;
    await page.goto(url('/toan-quoc'));
    const text = await mainText(page);
    expect(text).toContain(formatDateVi(LAST));
    expect(text).toMatch(/(^|[^\d.])1\D{0,60}có cảnh báo/);
    expect(await provinceText(page, ROLES.warned.code)).toContain('2 cảnh báo');
    expect(text).not.toContain('sửa lúc');

    await page.goto(url(`/toan-quoc?ngay=${SECOND}`));
    const corrected = await provinceText(page, ROLES.corrects.code);
    expect(corrected).toMatch(new RegExp(`sửa lúc 10:00 (ngày )?${formatDateVi(LAST)}`));
    const [before, after] = UPLOADS.filter((u) => u.date === SECOND && u.province === ROLES.corrects).map((u) => formatInteger(u.values[8]!));
    expect(corrected).toContain(before);
    expect(corrected).toContain(after);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'hom-nay-sua-desktop.png'), fullPage: true });

    // "Các lần nộp": both uploads of the corrected date, the correction with its new col 9; the warnings of the last date.
    await page.goto(url(`/toan-quoc/cac-lan-nop?ngay=${SECOND}`));
    const uploads = await mainText(page);
    for (const u of UPLOADS.filter((x) => x.date === SECOND && x.province === ROLES.corrects)) expect(uploads).toContain(u.key.split('/').at(-1));
    expect(uploads).toMatch(new RegExp(`sửa lúc 10:00 (ngày )?${formatDateVi(LAST)}[^\\n]*${after!.replaceAll('.', '\\.')}`));
    await page.goto(url(`/toan-quoc/cac-lan-nop?ngay=${LAST}`));
    const lastUploads = await mainText(page);
    expect(lastUploads).toContain(ROLES.warned.name);
    expect(lastUploads).toContain('2 cảnh báo');
    expect(lastUploads).not.toContain('sửa lúc');
    await page.goto(url(`/toan-quoc/chua-nop?ngay=${LAST}`));
    expect(await mainText(page)).toContain(ROLES.missing.name);
  });

  it('the digest lists the report with warnings and the correction of the closed date', async () => {
    const digest = (await stack.mailsTo(NATIONAL)).find((m) => m.subject.includes(`ngày ${formatDateVi(LAST)}`));
    expect(digest?.subject).toContain(`${reportsOn(LAST).size}/${campaign.provinces.length}`);
    const lines = (digest?.body.text ?? '').split('\n');
    const warned = lines.filter((l) => l.includes(ROLES.warned.name));
    expect(warned.join('\n')).toMatch(/cảnh báo|SỐ LIỆU GỐC/i);
    const warnedSection = lines.findIndex((l) => l.includes('có cảnh báo'));
    expect(warnedSection).toBeGreaterThanOrEqual(0);
    const correction = lines.find((l) => l.includes(ROLES.corrects.name) && l.includes(`báo cáo ngày ${formatDateVi(SECOND)}`));
    expect(correction).toMatch(/sửa lúc 10:00/);
    const [before, after] = UPLOADS.filter((u) => u.date === SECOND && u.province === ROLES.corrects).map((u) => formatInteger(u.values[8]!));
    expect(correction).toContain(before);
    expect(correction).toContain(after);
  });
});

/**
 * Counts the bytes a navigation transfers: every response of the document and of the subresources it
 * loads (they share the document's loader), headers included, with the cache off.
 */
class Scale {
  private readonly loaderOf = new Map<string, string>();
  private readonly bytesOf = new Map<string, number>();
  private document = '';
  private constructor(readonly page: Page, cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      this.loaderOf.set(e.requestId, e.loaderId);
      if (e.type === 'Document') this.document = e.loaderId;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const loader = this.loaderOf.get(e.requestId);
      if (loader) this.bytesOf.set(loader, (this.bytesOf.get(loader) ?? 0) + e.encodedDataLength);
    });
  }

  static async on(context: BrowserContext): Promise<Scale> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    return new Scale(page, cdp);
  }

  /** Opens a page; resolves with the bytes it took to load. */
  async open(address: string): Promise<number> {
    const response = await this.page.goto(address, { waitUntil: 'load' });
    expect(response?.status(), address).toBe(200);
    await this.page.evaluate('0'); // let the last loadingFinished events arrive
    return this.bytesOf.get(this.document) ?? 0;
  }
}

/** The header navigation's links. */
const navigationLinks = (page: Page): Promise<string[]> => page.getByRole('navigation', { name: 'Chức năng' }).getByRole('link')
  .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));

/** Links in the page's main part named as the province is, to a page not in the navigation (a page of the province). */
async function provincePages(page: Page, provinceName: string, known: ReadonlySet<string>): Promise<string[]> {
  const links = await page.locator('main').getByRole('link', { name: provinceName, exact: true })
    .evaluateAll((found) => found.map((a) => (a as HTMLAnchorElement).href));
  return links.filter((href) => !known.has(new URL(href).pathname) && !new URL(href).pathname.startsWith('/tai-ve'));
}

describe('every page of the national office and of a province', () => {
  const weights: string[] = [];
  afterAll(() => { if (weights.length) console.info(`Page weights:\n${weights.join('\n')}`); });

  /**
   * Opens every page of the signed-in user's navigation (and a page of `province` when one links to it)
   * on a desktop and on a phone: each loads, passes axe-core and weighs under 100 KB. Resolves with the paths seen.
   */
  async function checkEach(who: string, signedIn: BrowserContext | undefined, start: string, province: string): Promise<string[]> {
    const state = signedIn ? await signedIn.storageState() : undefined;
    const seen: string[] = [];
    for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const context = await browser.newContext({ viewport, ...(state ? { storageState: state } : {}), ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      const scale = await Scale.on(context);
      // The start page, then what its navigation links to, then any page of the province found on the way.
      const pages = [start];
      const known = new Set([new URL(start).pathname]);
      for (let i = 0; i < pages.length; i++) {
        const address = pages[i]!;
        const bytes = await scale.open(address);
        const path = new URL(address).pathname;
        if (i === 0) {
          for (const link of await navigationLinks(scale.page)) {
            if (!known.has(new URL(link).pathname)) pages.push(link);
            known.add(new URL(link).pathname);
          }
        }
        seen.push(path);
        weights.push(`${who} ${device} ${path}: ${(bytes / 1024).toFixed(1)} KB`);
        expect(bytes, `${path} on the ${device}: ${bytes} bytes`).toBeLessThan(MAX_BYTES);
        await expectAccessible(scale.page, `${path} on the ${device}`);
        if (SHOTS) await scale.page.screenshot({ path: join(SHOTS, `${who}${path.replaceAll('/', '-')}-${device}.png`), fullPage: true });
        for (const more of await provincePages(scale.page, province, known)) {
          known.add(new URL(more).pathname);
          pages.push(more);
        }
      }
      await context.close();
    }
    return seen;
  }

  it('the national office\'s pages: axe-core clean and under 100 KB, desktop and phone', async () => {
    const seen = await checkEach('national', national, url('/toan-quoc'), ROLES.corrects.name);
    expect(seen).toEqual(expect.arrayContaining(['/toan-quoc', '/toan-quoc/ket-qua', '/toan-quoc/cac-lan-nop', '/toan-quoc/chua-nop']));
  }, 180_000);

  it('the sign-in page: axe-core clean and under 100 KB, desktop and phone', async () => {
    expect(await checkEach('signed-out', undefined, url('/'), ROLES.corrects.name)).toEqual(['/', '/']);
  });

  it('a province\'s pages: axe-core clean and under 100 KB, desktop and phone', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    await signIn(context, stack.servers.portal!, stack, exampleProvinceEmail(ROLES.corrects.code));
    const seen = await checkEach(`province-${ROLES.corrects.code}`, context, url('/nop-bao-cao'), ROLES.corrects.name);
    expect(seen).toEqual(expect.arrayContaining(['/nop-bao-cao', '/lich-su']));
    await context.close();
  }, 180_000);
});
