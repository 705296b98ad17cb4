// A clerk's pages through the portal's request function (no browser): "Nhập số liệu" checked on the
// server and written as the official form with the entry form's origin, "Giống hôm qua", the home
// page's "where they stand", the history cards and the blank form download.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { formatInteger } from '../../shared/domain/format.ts';
import { uploadSourceFromMetadata } from '../../shared/domain/intake/origin.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { at, campaign, rejected, report } from '../reminder/fakes.ts';
import { CONTACTS, ORIGIN, portalUnderTest, type PortalUnderTest } from './portal-app.ts';

const BAC_NINH = CONTACTS.provinces[0]!.emails[0]!;
const NATIONAL = CONTACTS.national[0]!;
const VALUES = [4162, 108_554_706_639, 1563, 74_315_130_485, 1604, 636, 356, 4256, 110_542_040_948, 949, 52_057_702_779];
const [d1, d2, d3, d4] = campaign.reportDates as [string, string, string, string];

function entryForm(date: string, values: readonly (number | string)[]): URLSearchParams {
  const form = new URLSearchParams({ ngay: date });
  values.forEach((v, i) => form.set(`cot${i + 1}`, typeof v === 'number' ? formatInteger(v) : v));
  return form;
}

function stored(date: string, values: readonly number[], receivedAt = `${date}T06:50:00.000Z`): StoredReport {
  return { ...report('27', date), values: [...values], receivedAt, firstReceivedAt: receivedAt };
}

function acceptedSubmission(r: StoredReport, origin: SubmissionRecord['origin'] = 'portal'): SubmissionRecord {
  return {
    province: '27', reportDate: r.reportDate, receivedAt: r.receivedAt, sequencer: '0A', objectKey: `incoming/27/20231215T065000Z-0a0b0c0d/Báo cáo ${r.reportDate}.xlsx`,
    status: 'accepted', late: false, superseded: false, values: r.values, warnings: [], errors: [], origin,
  };
}

async function signedIn(): Promise<{ portal: PortalUnderTest; cookie: string }> {
  const portal = portalUnderTest();
  portal.now = at(d4, '10:00');
  return { portal, cookie: await portal.signIn(BAC_NINH) };
}

const text = async (response: Response): Promise<string> => response.text();

describe('"Nhập số liệu"', () => {
  it('opens on the due date with the 11 fields labelled, each with its unit, pre-filled from the latest accepted report', async () => {
    const { portal, cookie } = await signedIn();
    portal.reports.push(stored(d3, VALUES));
    const html = await text(await portal.request('/nhap-so-lieu', { cookie }));
    expect(html).toContain(`value="${d4}"`);
    for (let col = 1; col <= 11; col++) {
      expect(html).toMatch(new RegExp(`<label for="cot${col}"><span class="col">Cột ${col}\\.</span>`));
      expect(html).toContain(`aria-describedby="cot${col}-goi-y cot${col}-loi cot${col}-canh-bao"`);
    }
    expect(html).toContain('<span class="unit">(đồng)</span>');
    expect(html).toContain('value="108.554.706.639"');
    expect(html).toContain(`Đã điền sẵn số liệu báo cáo ngày ${d3.slice(8)}/${d3.slice(5, 7)}/${d3.slice(0, 4)}`);
    expect(html).toContain('<script src="/tai-nguyen/nhap-so-lieu.js" defer></script>');
  });

  it('a passing entry is written as the official form, with the entry form\'s origin, and the clerk is sent to its verdict', async () => {
    const { portal, cookie } = await signedIn();
    const typed = VALUES.map((v) => formatInteger(v));
    typed[0] = ' 4162 ';
    const sent = await portal.request('/nhap-so-lieu', { method: 'POST', headers: ORIGIN, cookie, body: entryForm(d4, typed) });
    expect(sent.status).toBe(303);
    const [file] = portal.written;
    expect(file!.key).toMatch(/^incoming\/27\/\d{8}T\d{6}Z-[0-9a-f]{8}\/nhap-tren-cong-bao-cao-ngay-\d{2}-12-2023\.xlsx$/);
    expect(sent.headers.get('location')).toBe(`/nop-bao-cao/da-gui?key=${encodeURIComponent(file!.key)}`);
    expect(uploadSourceFromMetadata({ ...file!.metadata })).toEqual({ origin: 'entry-form' });
    const read = await readReport(file!.body, 'nhap.xlsx', campaign);
    expect(read).toMatchObject({ namedProvince: '27', reportDate: d4, values: VALUES, errors: [] });
  });

  it('a cross-column error comes back on the field it concerns, with the values as typed; nothing is written', async () => {
    const { portal, cookie } = await signedIn();
    const values: (number | string)[] = [...VALUES];
    values[2] = '5.000';
    const answer = await portal.request('/nhap-so-lieu', { method: 'POST', headers: ORIGIN, cookie, body: entryForm(d4, values) });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toMatch(/<input id="cot3" name="cot3"[^>]*value="5\.000" aria-invalid="true"/);
    expect(html).toMatch(/<p id="cot3-loi" class="field-error">Cột 3 không được lớn hơn cột 1/);
    expect(html).toContain('<a href="#cot3">Cột 3</a>');
    expect(html).not.toContain('col3-gt-col1');
    expect(portal.written).toEqual([]);
  });

  it('refuses a post from another origin, from the national office, for a date outside the campaign, or with a file in a field', async () => {
    const { portal, cookie } = await signedIn();
    expect((await portal.request('/nhap-so-lieu', { method: 'POST', cookie, body: entryForm(d4, VALUES) })).status).toBe(403);
    expect((await portal.request('/nhap-so-lieu', { method: 'POST', headers: ORIGIN, cookie, body: entryForm('2099-01-01', VALUES) })).status).toBe(400);
    const withFile = new FormData();
    withFile.set('ngay', d4);
    withFile.set('cot1', new Blob(['1']), 'x.txt');
    expect((await portal.request('/nhap-so-lieu', { method: 'POST', headers: ORIGIN, cookie, body: withFile })).status).toBe(400);
    const national = await portal.signIn(NATIONAL);
    expect((await portal.request('/nhap-so-lieu', { method: 'POST', headers: ORIGIN, cookie: national, body: entryForm(d4, VALUES) })).status).toBe(403);
    expect(portal.written).toEqual([]);
  });
});

describe('"Giống hôm qua"', () => {
  it('shows the latest report\'s values for the due date and posts exactly them to the entry form', async () => {
    const { portal, cookie } = await signedIn();
    portal.reports.push(stored(d2, VALUES.map((v) => v - 1)), stored(d3, VALUES));
    const html = await text(await portal.request(`/nhap-so-lieu/giong-hom-qua?ngay=${d4}`, { cookie }));
    expect(html).toContain('Xác nhận gửi');
    expect(html).toContain('<dd>108.554.706.639 đồng</dd>');
    const hidden = [...html.matchAll(/<input type="hidden" name="(cot\d+|ngay)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]);
    const sent = await portal.request('/nhap-so-lieu', { method: 'POST', headers: ORIGIN, cookie, body: new URLSearchParams(hidden) });
    expect(sent.status).toBe(303);
    expect((await readReport(portal.written[0]!.body, 'x.xlsx', campaign)).values).toEqual(VALUES);
  });

  it('without an earlier accepted report, says so', async () => {
    const { portal, cookie } = await signedIn();
    const answer = await portal.request(`/nhap-so-lieu/giong-hom-qua?ngay=${d4}`, { cookie });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Chưa có báo cáo nào trước ngày này');
  });
});

describe('the home page says where the province stands', () => {
  it('before: the due date not in, the deadline and the time left, the earlier dates missing with links', async () => {
    const { portal, cookie } = await signedIn();
    portal.reports.push(stored(d2, VALUES));
    const html = await text(await portal.request('/nop-bao-cao', { cookie }));
    expect(html).toContain(`Báo cáo ngày ${d4.slice(8)}/12/2023: chưa nộp`);
    expect(html).toContain('còn <b>8 giờ 30 phút</b>');
    expect(html).toContain(`<a href="/nhap-so-lieu?ngay=${d1}">Nộp báo cáo ngày ${d1.slice(8)}/12/2023</a>`);
    expect(html).toContain(`<a href="/nhap-so-lieu?ngay=${d3}">`);
    expect(html).not.toContain(`<a href="/nhap-so-lieu?ngay=${d2}">Nộp`);
    expect(html).toContain(`href="/nhap-so-lieu/giong-hom-qua?ngay=${d4}"`);
  });

  it('after: received at, on time, the values; a rejected second file says the report is kept', async () => {
    const { portal, cookie } = await signedIn();
    const r = stored(d4, VALUES, `${d4}T06:50:00.000Z`);
    portal.reports.push(r);
    portal.submissions.push(acceptedSubmission(r), rejected('27', d4, `${d4}T07:00:00.000Z`));
    const html = await text(await portal.request('/nop-bao-cao', { cookie }));
    expect(html).toContain(`Báo cáo ngày ${d4.slice(8)}/12/2023: đã nộp`);
    expect(html).toContain(`Đã nộp lúc 13:50 ngày ${d4.slice(8)}/12/2023 (đúng hạn)`);
    expect(html).toContain('<dd>52.057.702.779 đồng</dd>');
    expect(html).toContain(`Tệp mới bao-cao-sai.xlsx bị từ chối; báo cáo ngày ${d4.slice(8)}/12/2023 đã nhận lúc 13:50 ngày ${d4.slice(8)}/12/2023 vẫn được giữ nguyên.`);
    expect(html).not.toContain('col3-gt-col1');
  });
});

describe('the history', () => {
  it('one card per submission: time, report date, origin, the file\'s own name, the verdict and its errors, no rule code', async () => {
    const { portal, cookie } = await signedIn();
    const r = stored(d3, VALUES);
    portal.submissions.push(acceptedSubmission(r, 'entry-form'), rejected('27', d3, `${d3}T08:00:00.000Z`));
    const html = await text(await portal.request('/lich-su', { cookie }));
    const cards = html.match(/<article class="card submission (accepted|rejected)">/g) ?? [];
    expect(cards).toHaveLength(2);
    expect(html).toContain('Nhập số liệu trên cổng');
    expect(html).toContain('>bao-cao-sai.xlsx</a>');
    expect(html).toContain('Tải thẳng lên kho lưu trữ');
    expect(html).toContain(`>Báo cáo ${d3}.xlsx</a>`);
    expect(html).toContain('<b>Ô C11</b>: Ô C11 (cột 3) không được lớn hơn cột 1');
    expect(html).not.toMatch(/\[col3-gt-col1\]|\[negative\]/);
  });
});

describe('the blank form download', () => {
  it('is the styled official form; pre-filled on request, its name saying whose values it holds', async () => {
    const { portal, cookie } = await signedIn();
    portal.reports.push(stored(d3, VALUES));
    const blank = await portal.request(`/mau-bao-cao/tai-ve?ngay=${d4}`, { cookie });
    expect(blank.headers.get('content-disposition')).toBe(`attachment; filename="mau-bao-cao-27-${d4}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await blank.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
    expect(sheet.getCell('A11').numFmt).toBe('#,##0');
    const filled = await portal.request(`/mau-bao-cao/tai-ve?ngay=${d4}&dien-san=1`, { cookie });
    expect(filled.headers.get('content-disposition')).toBe(`attachment; filename="mau-bao-cao-27-${d4}-dien-san-so-lieu-ngay-${d3}.xlsx"`);
    const read = await readReport(new Uint8Array(await filled.arrayBuffer()), 'x.xlsx', campaign);
    expect(read).toMatchObject({ reportDate: d4, values: VALUES });
  });
});
