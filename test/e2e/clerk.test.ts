// A provincial clerk's day in a real Chromium against the local stack, on a desktop and on a 390 px
// phone, with and without JavaScript: the home page before and after, "Nhập số liệu" (a cross-column
// error shown on its field before sending; an entry that passes), the same without JavaScript,
// "Giống hôm qua", a refused second file after an accepted one, the history cards; and the entered
// report in `bhxh status` and in the snapshot with exactly the values typed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, type Campaign } from '../../shared/domain/campaign.ts';
import { formatDateVi, formatInteger } from '../../shared/domain/format.ts';
import { snapshotKey } from '../../shared/domain/snapshot/keys.ts';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { launchChromium } from '../support/chromium.ts';
import { expectAccessible } from '../support/accessible.ts';
import { signIn } from './browser.ts';
import { startTestStack, waitFor, type TestStack } from './support.ts';

const CLERK = exampleProvinceEmail('27');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** Where screenshots go when asked (BHXH_SCREENSHOTS=dir), to look at them. */
const SHOTS = process.env.BHXH_SCREENSHOTS;

let stack: TestStack;
let browser: Browser;
let workDir: string;
let campaign: Campaign;
let today: string;
let earlier: string;

/** A campaign around the real clock (the portal runs on it): started three days ago, today's deadline tomorrow night. */
async function campaignAroundToday(dir: string): Promise<string> {
  const base = JSON.parse(await readFile(resolve('shared/config/campaign-2023-12.json'), 'utf8')) as Record<string, unknown>;
  const day = (offset: number): string => {
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + offset * 86_400_000));
    return local;
  };
  const file = join(dir, 'campaign-clerk.json');
  await writeFile(file, JSON.stringify({
    ...base, id: 'clerk-e2e', firstReportDate: day(-3), lastReportDate: day(3), actionsWindowStart: day(-3),
    defaultDeadline: { dayOffset: 1, time: '23:00' }, deadlineOverrides: [],
    reminders: { deadlineRun: { time: '23:00' }, nudge: { enabled: false, time: '16:30' } },
  }));
  return file;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'bhxh-clerk-'));
  const campaignFile = await campaignAroundToday(workDir);
  campaign = loadCampaign(JSON.parse(await readFile(campaignFile, 'utf8')));
  today = campaign.localDate(new Date());
  earlier = campaign.reportDates[1]!; // two days ago: its deadline (yesterday 23:00) has passed
  stack = await startTestStack({ campaignFile });
  browser = await launchChromium();
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
  process.env.BHXH_CAMPAIGN_FILE = '';
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Nothing wider than the screen: no sideways scrolling on a phone. */
async function expectFits(page: Page): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function fillFields(page: Page, values: readonly string[]): Promise<void> {
  for (const [i, v] of values.entries()) await page.locator(`#cot${i + 1}`).fill(v);
}

const typed = (values: readonly number[]): string[] => values.map((v) => formatInteger(v));
const main = (page: Page): Promise<string> => page.locator('main').innerText();

const EARLIER_VALUES = [4162, 108_554_706_639, 1563, 74_315_130_485, 1604, 636, 356, 4256, 110_542_040_948, 949, 52_057_702_779];
const TODAY_VALUES = [4162, 108_554_706_639, 1563, 74_315_130_485, 1700, 650, 360, 4200, 109_000_000_123, 940, 51_000_000_456];

describe('a clerk\'s day', () => {
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let noScript: BrowserContext;
  let desktopPage: Page;
  let phonePage: Page;
  let noScriptPage: Page;

  beforeAll(async () => {
    desktop = await browser.newContext({ viewport: DESKTOP });
    phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    noScript = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    desktopPage = (await signIn(desktop, stack.servers.portal!, stack, CLERK)).page;
    phonePage = (await signIn(phone, stack.servers.portal!, stack, CLERK)).page;
    noScriptPage = (await signIn(noScript, stack.servers.portal!, stack, CLERK)).page;
  }, 120_000);

  it('home, before: today not in, its deadline and the time left, the earlier dates missing with a link each', async () => {
    for (const page of [desktopPage, phonePage]) {
      const text = await main(page);
      expect(text).toContain(`Báo cáo ngày ${formatDateVi(today)}: chưa nộp`);
      expect(text).toMatch(/Hạn nộp 23:00 ngày \d\d\/\d\d\/\d{4}, còn \d+ ngày/);
      expect(text).toContain('Các ngày trước còn thiếu báo cáo');
      await expect(page.getByRole('link', { name: `Nộp báo cáo ngày ${formatDateVi(campaign.reportDates[0]!)}` }).count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: `Nộp báo cáo ngày ${formatDateVi(earlier)}` }).count()).resolves.toBe(1);
      await expectAccessible(page);
    }
    await expectFits(phonePage);
    await shot(desktopPage, 'home-before-desktop');
    await shot(phonePage, 'home-before-phone');
  });

  it('without JavaScript: an earlier date entered from its link; a cross-column error comes back on its field, the corrected entry is accepted', async () => {
    const page = noScriptPage;
    await page.getByRole('link', { name: `Nộp báo cáo ngày ${formatDateVi(earlier)}` }).click();
    expect(new URL(page.url()).searchParams.get('ngay')).toBe(earlier);
    const wrong = typed(EARLIER_VALUES);
    wrong[2] = '5.000'; // column 3 above column 1
    await fillFields(page, wrong);
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('#cot3-loi').waitFor();
    expect(await page.locator('#cot3-loi').innerText()).toMatch(/^Cột 3 không được lớn hơn cột 1/);
    expect(await page.locator('#cot3').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#cot3').getAttribute('aria-describedby')).toContain('cot3-loi');
    expect(await page.locator('#cot3').inputValue()).toBe('5.000');
    await expectFits(page);
    await shot(page, 'entry-server-error-phone-noscript');
    await page.locator('#cot3').fill(formatInteger(EARLIER_VALUES[2]!));
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForURL((url) => url.pathname === '/nop-bao-cao/da-gui');
    await expect.poll(() => page.content(), { timeout: 30_000 }).toContain(`Đã nhận báo cáo ngày ${formatDateVi(earlier)}`);
  });

  it('"Giống hôm qua" on the phone: the values of the latest report shown for confirmation, then sent for today', async () => {
    const page = phonePage;
    await page.reload();
    await page.getByRole('link', { name: 'Giống hôm qua' }).click();
    const confirm = await main(page);
    expect(confirm).toContain(`Gửi báo cáo ngày ${formatDateVi(today)} với đúng số liệu của báo cáo ngày ${formatDateVi(earlier)}`);
    expect(confirm).toContain('108.554.706.639 đồng');
    await expectFits(page);
    await expectAccessible(page);
    await shot(page, 'same-as-latest-phone');
    await page.getByRole('button', { name: 'Xác nhận gửi' }).click();
    await page.waitForURL((url) => url.pathname === '/nop-bao-cao/da-gui');
    await expect.poll(() => main(page), { timeout: 30_000 }).toContain(`Đã nhận báo cáo ngày ${formatDateVi(today)}`);
    expect(await main(page)).toContain('52.057.702.779');
  });

  it('with JavaScript on the desktop: a cross-column error is shown on its field as the clerk types, before sending; the corrected entry is accepted', async () => {
    const page = desktopPage;
    await page.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: 'Nhập số liệu' }).click();
    // Pre-filled with today's report (from "Giống hôm qua").
    expect(await page.locator('#cot2').inputValue()).toBe('108.554.706.639');
    await page.locator('#cot3').fill('5000');
    await expect.poll(() => page.locator('#cot3-loi').innerText()).toMatch(/^Cột 3 không được lớn hơn cột 1/);
    expect(await page.locator('#cot3').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#cot1').focus(); // leaving the field writes it the Vietnamese way
    expect(await page.locator('#cot3').inputValue()).toBe('5.000');
    await expectAccessible(page);
    await shot(page, 'entry-live-error-desktop');
    // Sending is held back: the errors are listed and the first field with one has the focus.
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    expect(await page.locator('#entry-summary').innerText()).toContain('Cột 3');
    expect(await page.evaluate('document.activeElement.id')).toBe('cot3');
    expect(new URL(page.url()).pathname).toBe('/nhap-so-lieu');

    await fillFields(page, typed(TODAY_VALUES));
    expect(await page.locator('#cot3-loi').innerText()).toBe('');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForURL((url) => url.pathname === '/nop-bao-cao/da-gui');
    await expect.poll(() => main(page), { timeout: 30_000 }).toContain(`Đã nhận báo cáo ngày ${formatDateVi(today)}`);
    expect(await main(page)).toContain('109.000.000.123');
  });

  it('a refused second file after the accepted report: the home page says the report is kept', async () => {
    const page = desktopPage;
    await page.goto(`${stack.servers.portal!}nop-bao-cao`);
    const wrong = [...TODAY_VALUES];
    wrong[2] = wrong[0]! + 1;
    const file = join(workDir, 'bao-cao-sua.xlsx');
    await writeFile(file, buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH', dateText: formatDateVi(today), values: wrong })));
    await page.getByLabel('Tệp báo cáo').setInputFiles(file);
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.locator('#verdict .card.rejected').waitFor({ timeout: 30_000 });
    await page.reload();
    const text = await main(page);
    expect(text).toContain(`Báo cáo ngày ${formatDateVi(today)}: đã nộp`);
    expect(text).toMatch(/Đã nộp lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \(đúng hạn\)\. Đã sửa lúc/);
    expect(text).toMatch(new RegExp(`Tệp mới bao-cao-sua\\.xlsx bị từ chối; báo cáo ngày ${formatDateVi(today).replaceAll('/', '\\/')} đã nhận lúc .* vẫn được giữ nguyên\\.`));
    await expectAccessible(page);
    await shot(page, 'home-after-desktop');
    await phonePage.goto(`${stack.servers.portal!}nop-bao-cao`);
    expect(await main(phonePage)).toContain('vẫn được giữ nguyên');
    await expectFits(phonePage);
    await shot(phonePage, 'home-after-phone');
  });

  it('the history on a phone: one card per submission with its time, origin, verdict and errors; no rule code', async () => {
    for (const page of [phonePage, noScriptPage]) {
      await page.goto(`${stack.servers.portal!}lich-su`);
      const cards = page.locator('article.submission');
      await expect(cards.count()).resolves.toBe(4);
      const text = await main(page);
      expect(text).toContain('Nhập số liệu trên cổng');
      expect(text).toContain('Tải tệp lên cổng');
      expect(text).toContain('bao-cao-sua.xlsx');
      expect(text).toMatch(/Ô C\d+: Cột 3 không được lớn hơn cột 1/);
      expect(text).not.toMatch(/\[col\d|col3-gt-col1/);
      await expectFits(page);
      // The dates table too fits the phone: nothing to scroll sideways in its frame.
      expect(await page.locator('main .table-wrap').first().evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    await expectAccessible(phonePage);
    await shot(phonePage, 'history-phone');
  });

  it('the entered report is in bhxh status and in the snapshot with exactly the values typed', async () => {
    const env = { ...process.env, ...stack.env, BHXH_CAMPAIGN_FILE: process.env.BHXH_CAMPAIGN_FILE };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', 'status', '--date', today, '--json'], { env, timeout: 60_000 });
    const status = JSON.parse(stdout) as { onTime: string[]; corrected: Array<{ province: string }> };
    expect(status.onTime).toContain('27');
    expect(status.corrected.map((c) => c.province)).toContain('27');
    const snapshot = await waitFor('the snapshot with the entered values', async () => {
      const object = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: snapshotKey(campaign.id, today, 'json') })).catch(() => undefined);
      const json = object?.Body ? JSON.parse(await object.Body.transformToString()) as { provinces: Array<{ code: string; values: number[] | null }> } : undefined;
      const row = json?.provinces.find((p) => p.code === '27');
      return row?.values?.join() === TODAY_VALUES.join() ? row : undefined;
    });
    expect(snapshot.values).toEqual(TODAY_VALUES);
  });
});

// The national office sees the entry form's origin too (the same submission record).
describe('the national office', () => {
  it('sees the entered report like any upload', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page } = await signIn(context, stack.servers.portal!, stack, EXAMPLE_NATIONAL_EMAILS[0]!);
    await page.goto(`${stack.servers.portal!}toan-quoc?ngay=${today}`);
    expect(await page.locator('tr[data-province="27"]').innerText()).toContain('109.000.000.123');
    await context.close();
  });
});
