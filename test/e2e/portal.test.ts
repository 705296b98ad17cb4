// The web portal end to end, in a real headless Chromium (Debian's chromium, driven by playwright-core)
// against the local stack: sign-in through the mailed link, uploads through the presigned POST (checked
// as S3 checks it), the verdict without a reload, the history, the blank form, the national pages
// updating by themselves, downloads, access across provinces, dead links, axe-core and the keyboard.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../shared/adapters/clients.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { DynamoPortalStore } from '../../shared/adapters/portal-store.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { issueToken } from '../../shared/domain/portal/auth.ts';
import { buildReportFile, sampleSpec, SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import { expectAccessible } from '../support/accessible.ts';
import { launchChromium } from '../support/chromium.ts';
import { signIn as signInAs } from './browser.ts';
import { startTestStack, waitFor, type TestStack } from './support.ts';

let stack: TestStack;
let browser: Browser;
let workDir: string;
const campaign = defaultCampaign();
const NATIONAL = EXAMPLE_NATIONAL_EMAILS[0]!;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
  workDir = await mkdtemp(join(tmpdir(), 'bhxh-portal-'));
});
afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const signIn = (context: BrowserContext, address: string) => signInAs(context, stack.servers.portal!, stack, address);

async function reportFile(name: string, values: readonly number[], agency = 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH', date = '15/12/2023'): Promise<string> {
  const path = join(workDir, name);
  await writeFile(path, buildReportFile(sampleSpec({ agencyLine: agency, dateText: date, values: [...values] })));
  return path;
}

const statusText = (page: Page): Promise<string> => page.getByRole('status').innerText();

describe('the portal in a browser', () => {
  let province: BrowserContext;
  let provincePage: Page;
  let provinceLink: string;

  beforeAll(async () => {
    province = await browser.newContext({ acceptDownloads: true });
  });

  it('signs a province in through the mailed link; the sign-in page answers the same for an unknown address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stack.servers.portal!);
    await expectAccessible(page);
    await page.getByLabel('Email').fill('nobody@example.org');
    await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
    const unknownAnswer = await page.textContent('main');
    expect(await stack.mailsTo('nobody@example.org')).toEqual([]);
    await context.close();

    ({ page: provincePage, link: provinceLink } = await signIn(province, exampleProvinceEmail('27')));
    expect(new URL(provincePage.url()).pathname).toBe('/nop-bao-cao');
    expect(await provincePage.textContent('main')).toContain('Nộp báo cáo');
    expect(unknownAnswer).toContain('Nếu địa chỉ này đã được đăng ký');
    const cookie = (await province.cookies()).find((c) => c.name === 'bhxh_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await expectAccessible(provincePage);
  });

  it('uploads a good file and shows the accepted verdict without a reload', async () => {
    await provincePage.evaluate('window.marker = 1');
    await provincePage.getByLabel('Tệp báo cáo').setInputFiles(await reportFile('bao-cao-15.xlsx', SAMPLE_VALUES));
    await provincePage.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect.poll(() => statusText(provincePage), { timeout: 30_000 }).toContain('Đã nhận báo cáo ngày 15/12/2023');
    const verdict = await statusText(provincePage);
    expect(verdict).toContain('Số đơn vị chậm đóng (hết T11/2023)');
    expect(verdict).toContain('108.554.706.639');
    expect(verdict).toMatch(/sau hạn nộp|đúng hạn/);
    expect(verdict).toContain('Đã đọc số liệu ở dòng 11, trang "Báo cáo".');
    expect(await provincePage.evaluate('window.marker')).toBe(1);
    const table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id);
    const uploads = (await table.listForDate('2023-12-15')).filter((s) => s.objectKey.endsWith('/bao-cao-15.xlsx'));
    expect(uploads.map((s) => [s.objectKey.split('/')[1], s.origin, s.source])).toEqual([['27', 'portal', { sheet: 'Báo cáo', row: 11 }]]);
    await expectAccessible(provincePage);
  });

  it('the receipt mail\'s button opens the portal signed in as its recipient', async () => {
    const receipt = await waitFor('the receipt mail', async () => (await stack.mailsTo(exampleProvinceEmail('27'))).find((m) => m.subject.startsWith('Đã nhận báo cáo ngày 15/12/2023')));
    const button = /href="(http:\/\/127\.0\.0\.1:\d+\/dang-nhap\/xac-nhan\?ma=[\w-]+)"/.exec(receipt.body.html ?? '')?.[1];
    expect(button).toBeTruthy();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(button!);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => url.pathname === '/nop-bao-cao');
    expect(await page.textContent('header')).toContain(exampleProvinceEmail('27'));
    await context.close();
  });

  it('uploads a bad file after the accepted one: says first that the accepted report is kept, then every error with its cell', async () => {
    const wrong = [...SAMPLE_VALUES];
    wrong[2] = wrong[0]! + 1;
    await provincePage.getByLabel('Tệp báo cáo').setInputFiles(await reportFile('bao-cao-sai.xlsx', wrong));
    await provincePage.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect.poll(() => statusText(provincePage), { timeout: 30_000 }).toContain('bị từ chối');
    const verdict = await statusText(provincePage);
    expect(verdict.trim()).toMatch(/^Tệp mới bao-cao-sai\.xlsx bị từ chối; báo cáo ngày 15\/12\/2023 đã nhận lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} vẫn được giữ nguyên/);
    expect(verdict).toContain('bao-cao-sai.xlsx gửi lúc');
    expect(verdict).toContain('chưa được nhận vì có 1 lỗi');
    expect(verdict).not.toContain('Báo cáo chưa được nhận');
    expect(verdict).toMatch(/Ô [A-Z]+\d+:/);
    expect(verdict).not.toContain('col3-gt-col1'); // rule codes stay in the JSON and the logs
  });

  it('refuses a file over the limit in the page before sending it, and the upload ticket says the same', async () => {
    const tooLarge = 'Tệp quá lớn: báo cáo ngày chỉ được tối đa 5 MB.';
    expect(await provincePage.textContent('#file-help')).toContain('tối đa 5 MB.');
    await provincePage.getByLabel('Tệp báo cáo').setInputFiles({ name: 'qua-lon.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
    await provincePage.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect.poll(() => statusText(provincePage)).toContain(tooLarge);
    const origin = stack.servers.portal!.replace(/\/$/, '');
    const ticket = await province.request.post(`${stack.servers.portal!}api/tai-len`, {
      headers: { origin, 'content-type': 'application/json' }, data: { fileName: 'qua-lon.xlsx', size: 5 * 1024 * 1024 + 1 },
    });
    expect(ticket.status()).toBe(413);
    expect(await ticket.text()).toContain(tooLarge);
  });

  it('submits from the keyboard alone', async () => {
    const page = await province.newPage();
    await page.goto(`${stack.servers.portal!}nop-bao-cao`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toContain('Bỏ qua');
    await page.keyboard.press('Enter');
    const chooser = page.waitForEvent('filechooser');
    // Past the navigation and where the province stands (its links and buttons) to the upload form.
    for (let i = 0; i < 40 && (await page.evaluate('document.activeElement.id')) !== 'report-file'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('report-file');
    await page.keyboard.press('Space');
    await (await chooser).setFiles(await reportFile('ban-phim.xlsx', SAMPLE_VALUES, 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH', '14/12/2023'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Nộp báo cáo');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toContain('Đã nhận báo cáo ngày 14/12/2023');
    await page.close();
  });

  it('submits without JavaScript: the form posts to the bucket and the result page shows the verdict', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await signIn(context, exampleProvinceEmail('27'));
    await page.getByLabel('Tệp báo cáo').setInputFiles(await reportFile('khong-script.xlsx', SAMPLE_VALUES, 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH', '13/12/2023'));
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.waitForURL((url) => url.pathname === '/nop-bao-cao/da-gui');
    expect(new URL(page.url()).searchParams.get('key')).toMatch(/^incoming\/27\/[^/]+\/khong-script\.xlsx$/);
    // The page reloads itself until the pipeline's verdict is in.
    await expect.poll(() => page.content(), { timeout: 30_000 }).toContain('Đã nhận báo cáo ngày 13/12/2023');
    expect(await statusText(page)).toContain('Số đơn vị chậm đóng (hết T11/2023)');
    // axe runs as a script: check the same result page in a session that runs scripts.
    const checked = await province.newPage();
    await checked.goto(page.url());
    await expectAccessible(checked);
    await checked.close();
    const table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id);
    expect((await table.listForDate('2023-12-13')).filter((r) => r.objectKey.endsWith('/khong-script.xlsx')).map((r) => r.origin)).toEqual(['portal']);
    // Another province's result page is refused.
    const other = await context.request.get(`${stack.servers.portal!}nop-bao-cao/da-gui?key=${encodeURIComponent('incoming/30/x/bao-cao.xlsx')}`);
    expect(other.status()).toBe(403);
    await context.close();
  });

  it('shows the history: every submission with its verdict and each date with its state', async () => {
    await provincePage.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: 'Lịch sử' }).click();
    const main = await provincePage.textContent('main');
    expect(main).toContain('bao-cao-15.xlsx');
    expect(main).toContain('bao-cao-sai.xlsx');
    expect(main).toContain('Bị từ chối');
    expect(main).toContain('11/12/2023');
    expect(main).toContain('Chưa nộp');
    await expectAccessible(provincePage);
  });

  it('downloads the blank form pre-filled with the province and date, which the reader accepts once filled in', async () => {
    await provincePage.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: 'Mẫu báo cáo' }).click();
    await expectAccessible(provincePage);
    await provincePage.getByLabel('Ngày báo cáo').selectOption('2023-12-16');
    const download = provincePage.waitForEvent('download');
    await provincePage.getByRole('button', { name: 'Tải mẫu báo cáo' }).click();
    const file = await readFile((await (await download).path()));
    const blank = await readReport(new Uint8Array(file), 'mau.xlsx', campaign);
    expect(blank).toMatchObject({ namedProvince: '27', reportDate: '2023-12-16' });
    const workbook = XLSX.read(file);
    const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
    // The numbering row 1 … 11: the row below it is where the clerk types the numbers.
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
    const numbering = rows.findIndex((r) => Array.isArray(r) && r.filter((v) => typeof v === 'number').join(',') === '1,2,3,4,5,6,7,8,9,10,11');
    expect(numbering).toBeGreaterThan(0);
    const firstColumn = rows[numbering]!.indexOf(1);
    SAMPLE_VALUES.forEach((v, i) => { sheet[XLSX.utils.encode_cell({ r: numbering + 1, c: firstColumn + i })] = { t: 'n', v }; });
    const filled = await readReport(new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer), 'mau.xlsx', campaign);
    expect(filled.errors).toEqual([]);
    expect(filled.values).toEqual([...SAMPLE_VALUES]);
  });

  it('refuses a province another province\'s history and files, and the national pages (403)', async () => {
    const request = province.request;
    for (const path of ['lich-su?tinh=30', 'tai-ve/tep?key=incoming%2F30%2Fx.xlsx', 'toan-quoc', 'toan-quoc/cac-lan-nop', 'toan-quoc/chua-nop',
      'tai-ve/tong-hop?ngay=2023-12-15&dinh-dang=xlsx', 'api/ket-qua?key=incoming%2F30%2Fx.xlsx']) {
      expect((await request.get(`${stack.servers.portal!}${path}`, { maxRedirects: 0 })).status(), path).toBe(403);
    }
    const page = await province.newPage();
    await page.goto(`${stack.servers.portal!}toan-quoc`);
    expect(await page.textContent('main')).toContain('Không có quyền truy cập');
    await expectAccessible(page);
    await page.close();
  });

  it('refuses a state-changing request from another origin', async () => {
    const response = await province.request.post(`${stack.servers.portal!}api/tai-len`, {
      headers: { origin: 'https://attacker.example', 'content-type': 'application/json' }, data: { fileName: 'x.xlsx', size: 10 },
    });
    expect(response.status()).toBe(403);
  });

  it('the presigned POST refuses a key outside the province\'s folder, a tampered policy and a file over the limit', async () => {
    const origin = stack.servers.portal!.replace(/\/$/, '');
    const ticket = await province.request.post(`${stack.servers.portal!}api/tai-len`, {
      headers: { origin, 'content-type': 'application/json' }, data: { fileName: 'x.xlsx', size: 10 },
    });
    expect(ticket.status()).toBe(200);
    const { url, fields, key } = await ticket.json() as { url: string; fields: Record<string, string>; key: string };
    expect(key).toMatch(/^incoming\/27\/[^/]+\/x\.xlsx$/);
    const post = async (override: Record<string, string>, body: Uint8Array): Promise<{ status: number; text: string }> => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ ...fields, ...override })) form.append(k, v);
      form.append('file', new Blob([new Uint8Array(body)]), 'x.xlsx');
      const response = await fetch(url, { method: 'POST', body: form });
      return { status: response.status, text: await response.text() };
    };
    const small = buildReportFile(sampleSpec());
    const otherProvince = await post({ key: 'incoming/30/x.xlsx' }, small);
    expect(otherProvince.status).toBe(403);
    expect(otherProvince.text).toContain('Policy Condition failed');
    const otherPrefix = await post({ key: 'summaries/latest/tong-hop-toan-quoc.json' }, small);
    expect(otherPrefix.status).toBe(403);
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    policy.conditions = policy.conditions.filter((c) => !Array.isArray(c));
    const tampered = await post({ Policy: Buffer.from(JSON.stringify(policy)).toString('base64'), key: 'incoming/30/x.xlsx' }, small);
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain('signature');
    const oversize = await post({}, new Uint8Array(5 * 1024 * 1024 + 1));
    expect(oversize.status).toBe(400);
    expect(oversize.text).toContain('EntityTooLarge');
    const ok = await post({}, small);
    expect(ok.status).toBe(204);
  });

  it('shows a clear page for a reused link and for an expired one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(provinceLink);
    expect(await page.textContent('main')).toContain('Liên kết đã được sử dụng');
    await expectAccessible(page);
    const store = new DynamoPortalStore(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id);
    const old = await issueToken(store, { role: 'province', address: exampleProvinceEmail('27'), province: '27' }, 'sign-in', new Date(Date.now() - 16 * 60_000));
    await page.goto(`${stack.servers.portal!}dang-nhap/xac-nhan?ma=${old}`);
    expect(await page.textContent('main')).toContain('Liên kết đã hết hạn');
    await page.goto(`${stack.servers.portal!}dang-nhap/xac-nhan?ma=forged`);
    expect(await page.textContent('main')).toContain('Liên kết không hợp lệ');
    await context.close();
  });

  it('the national office watches the day: a province appears without a reload, downloads, uploads and missing pages', async () => {
    const national = await browser.newContext({ acceptDownloads: true });
    const { page } = await signIn(national, NATIONAL);
    await page.goto(`${stack.servers.portal!}toan-quoc?ngay=2023-12-15`);
    await expectAccessible(page);
    const row = (code: string) => page.locator(`tr[data-province="${code}"]`);
    expect(await row('27').innerText()).toMatch(/Muộn|Đúng hạn/);
    expect(await row('30').innerText()).toContain('Chưa nộp');
    await page.evaluate('window.marker = 1');

    await stack.upload('incoming/30/bao-cao.xlsx', buildReportFile(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH HẢI DƯƠNG', dateText: '15/12/2023' })), '2023-12-15T10:00:00+07:00');
    await expect.poll(() => row('30').innerText(), { timeout: 30_000 }).toContain('Đúng hạn');
    expect(await page.evaluate('window.marker')).toBe(1);

    await page.reload();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Excel (.xlsx)' }).click();
    const xlsx = await readFile((await (await download).path()));
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');

    await page.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: 'Các lần nộp' }).click();
    await page.getByRole('link', { name: '15/12/2023' }).first().click();
    expect(await page.textContent('main')).toContain('bao-cao-sai.xlsx');
    await expectAccessible(page);
    const original = page.waitForEvent('download');
    await page.getByRole('link', { name: 'bao-cao-15.xlsx' }).click();
    expect((await readFile((await (await original).path()))).subarray(0, 2).toString()).toBe('PK');

    await page.goto(`${stack.servers.portal!}toan-quoc/chua-nop?ngay=2023-12-15`);
    const missing = await page.textContent('main');
    expect(missing).toContain(exampleProvinceEmail('01'));
    expect(missing).not.toContain(exampleProvinceEmail('30'));
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.goto(`${stack.servers.portal!}toan-quoc`);
    expect(new URL(page.url()).pathname).toBe('/');
    await national.close();
  });
});
