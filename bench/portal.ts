// The portal in a real headless Chromium on the local stack:
// - bytes transferred for each page load (the document and every asset, browser cache off, so each
//   page is measured as a first visit), and every request to a host other than the portal's;
// - upload → verdict: through the page's own upload form (file input + button), the clock starts when
//   the presigned POST to the bucket has finished and stops when the role="status" element shows the
//   verdict. p50/p95 over N uploads, each a good report for a (province, date) not yet judged.
//   npx tsx bench/portal.ts [N]   this part alone, as JSON
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { s3Client } from '../shared/adapters/clients.ts';
import { defaultCampaign } from '../shared/config/campaign.ts';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../shared/config/example-contacts.ts';
import { formatDateVi } from '../shared/domain/format.ts';
import { agencyLine, buildReportFile, sampleSpec } from '../shared/fixtures/report-files.ts';
import { startLocalStack, type LocalStack } from '../local/stack.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { signIn } from '../test/e2e/browser.ts';
import { sesMailbox } from '../test/e2e/support.ts';
import { percentile } from './stats.ts';

/** Provinces signed in for the uploads (each upload is a new date for its province). */
const UPLOADING_PROVINCES = 5;
const ACCEPTED = /Đã nhận báo cáo ngày \d\d\/\d\d\/\d{4}/;
// What the page's script shows when it stops waiting: the verdict either way, or a failure.
const FINAL = 'Đã nhận báo cáo ngày|Báo cáo chưa được nhận|Hệ thống chưa trả kết quả|Kho lưu trữ từ chối|Không gửi được';

export interface PortalBench {
  pageBytesMax: number;
  verdictP50Ms: number;
  verdictP95Ms: number;
  /** Bytes transferred by each page load, by page. */
  pages: Record<string, number>;
  /** Requests of those page loads to any host but the portal's (must be 0). */
  externalRequests: number;
  uploads: number;
}

/** Loads `url` in `page` with the cache off; the bytes of every response of that load, and its hosts. */
async function measureLoad(page: Page, url: string): Promise<{ bytes: number; hosts: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const started = new Map<string, string>();
  const finished = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e) => { started.set(e.requestId, e.request.url); });
  cdp.on('Network.loadingFinished', (e) => { finished.set(e.requestId, e.encodedDataLength); });
  cdp.on('Network.loadingFailed', (e) => { finished.set(e.requestId, 0); });
  await page.goto(url, { waitUntil: 'load' });
  const ofLoad = [...started.keys()];
  const deadline = performance.now() + 10_000;
  while (ofLoad.some((id) => !finished.has(id))) {
    if (performance.now() > deadline) throw new Error(`requests of ${url} did not finish`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await cdp.detach();
  return {
    bytes: ofLoad.reduce((sum, id) => sum + finished.get(id)!, 0),
    hosts: ofLoad.map((id) => started.get(id)!).filter((u) => /^https?:/.test(u)).map((u) => new URL(u).host),
  };
}

type Shown = { at: number; text: string };
interface Verdicts { arm(): Promise<{ shown: Promise<Shown> }> }

/** The page's verdicts as they are shown: `arm()` watches the status element for its next final text. */
async function watchVerdicts(page: Page): Promise<Verdicts> {
  let resolve: ((shown: Shown) => void) | undefined;
  await page.exposeFunction('benchVerdictShown', (text: string) => { resolve?.({ at: performance.now(), text }); resolve = undefined; });
  return {
    async arm() {
      const shown = new Promise<Shown>((r) => { resolve = r; });
      // Installed through the DevTools protocol (the page's CSP forbids inline scripts, as it should).
      await page.evaluate((final) => {
        const status = document.querySelector<HTMLElement>('[role="status"]')!;
        const pattern = new RegExp(final);
        const observer = new MutationObserver(() => {
          if (!pattern.test(status.innerText)) return;
          observer.disconnect();
          (window as unknown as { benchVerdictShown(t: string): void }).benchVerdictShown(status.innerText);
        });
        observer.observe(status, { childList: true, subtree: true, characterData: true });
      }, FINAL);
      return { shown };
    },
  };
}

/** Uploads `file` through the page's form; ms from the end of the bucket POST to the verdict shown. */
async function timedUpload(page: Page, verdicts: Verdicts, uploadUrl: string, name: string, file: Uint8Array): Promise<{ ms: number; verdict: string }> {
  const { shown } = await verdicts.arm();
  const posted = page.waitForEvent('requestfinished', { predicate: (r) => r.method() === 'POST' && r.url() === uploadUrl, timeout: 30_000 })
    .then(() => performance.now());
  await page.getByLabel('Tệp báo cáo').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(file) });
  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  const [postEnd, verdict] = await Promise.all([posted, shown]);
  return { ms: verdict.at - postEnd, verdict: verdict.text };
}

/** Every province reports `date` (through the S3 API), so the national pages carry a full day. */
async function fillDay(stack: LocalStack, date: string): Promise<void> {
  const campaign = defaultCampaign();
  const s3 = s3Client(stack.handlerEnv);
  for (const province of campaign.provinces) {
    const body = buildReportFile(sampleSpec({ agencyLine: agencyLine(province), dateText: formatDateVi(date) }));
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `incoming/${province.code}/bao-cao-${date}.xlsx`, Body: body }));
  }
  await stack.idle();
}

export async function runPortal(uploads: number): Promise<PortalBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-bench-portal-'));
  const stack = await startLocalStack({
    dataDir, s3Port: 0, dynamodbPort: 0, sesPort: 0, eventsPort: 0, ports: { portal: 0, smtp: 0 }, schedules: false, handlerLogLevel: 'SILENT', clean: true,
  });
  const campaign = defaultCampaign();
  const portal = stack.servers.portal!;
  const uploadUrl = stack.handlerEnv.BHXH_UPLOAD_URL!;
  const mailbox = sesMailbox(stack.endpoints.ses);
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser!.newContext();
    contexts.push(context);
    return context;
  };
  try {
    browser = await launchChromium();
    const provinces = campaign.provinces.slice(0, Math.min(UPLOADING_PROVINCES, uploads));
    const pages: Page[] = [];
    const watchers: Array<Verdicts> = [];
    for (const province of provinces) {
      const { page } = await signIn(await newContext(), portal, mailbox, exampleProvinceEmail(province.code));
      pages.push(page);
      watchers.push(await watchVerdicts(page));
    }

    const times: number[] = [];
    let lastDate = campaign.reportDates[0]!;
    for (let i = 0; i < uploads; i++) {
      const k = i % provinces.length;
      const province = provinces[k]!;
      const date = campaign.reportDates[Math.floor(i / provinces.length) % campaign.reportDates.length]!;
      if (date > lastDate) lastDate = date;
      const file = buildReportFile(sampleSpec({ agencyLine: agencyLine(province), dateText: formatDateVi(date) }));
      const { ms, verdict } = await timedUpload(pages[k]!, watchers[k]!, uploadUrl, `bao-cao-${i}.xlsx`, file);
      if (!ACCEPTED.test(verdict)) throw new Error(`upload ${i} (${province.code}, ${date}) was not accepted: ${verdict}`);
      times.push(ms);
      await pages[k]!.getByRole('button', { name: 'Nộp báo cáo' }).and(pages[k]!.locator(':enabled')).waitFor();
    }

    await fillDay(stack, lastDate);
    const pageBytes: Record<string, number> = {};
    const hosts: string[] = [];
    const measure = async (label: string, page: Page, path: string): Promise<void> => {
      const load = await measureLoad(page, new URL(path, portal).href);
      pageBytes[label] = load.bytes;
      hosts.push(...load.hosts);
    };
    await measure('Đăng nhập', await (await newContext()).newPage(), '/');
    for (const [label, path] of [['Nộp báo cáo', '/nop-bao-cao'], ['Lịch sử', '/lich-su'], ['Mẫu báo cáo', '/mau-bao-cao']] as const) await measure(label, pages[0]!, path);
    const national = (await signIn(await newContext(), portal, mailbox, EXAMPLE_NATIONAL_EMAILS[0]!)).page;
    for (const [label, path] of [['Hôm nay', '/toan-quoc'], ['Các lần nộp', '/toan-quoc/cac-lan-nop'], ['Chưa nộp', '/toan-quoc/chua-nop']] as const) await measure(label, national, path);
    await stack.idle();

    const portalHost = new URL(portal).host;
    return {
      pageBytesMax: Math.max(...Object.values(pageBytes)),
      verdictP50Ms: Math.round(percentile(times, 50)),
      verdictP95Ms: Math.round(percentile(times, 95)),
      pages: pageBytes,
      externalRequests: hosts.filter((h) => h !== portalHost).length,
      uploads,
    };
  } finally {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';
  process.stdout.write(`${JSON.stringify({ portal: await runPortal(Number(process.argv[2] ?? 50)) })}\n`);
}
