import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import defaultCampaignData from '../../shared/config/campaign-2023-12.json' with { type: 'json' };
import { buildSnapshot, type Snapshot } from '../../shared/domain/snapshot/model.ts';
import { renderCsv } from '../../shared/domain/snapshot/csv.ts';
import { renderHtml } from '../../shared/domain/snapshot/html.ts';
import { parseSnapshotJson, renderJson } from '../../shared/domain/snapshot/json.ts';
import { renderXlsx } from '../../shared/domain/snapshot/xlsx.ts';
import { rejected, report, values } from './fixtures.ts';

const campaign = defaultCampaign();
const date = '2023-12-15';

function sample(): Snapshot {
  return buildSnapshot({
    campaign, date, final: false, generatedAt: new Date('2023-12-15T10:00:00Z'),
    reports: [
      report('01', date, '2023-12-15T01:00:00Z'),
      report('27', date, '2023-12-15T12:00:00Z', { late: true }),
      report('96', date, '2023-12-15T02:00:00Z', { values: Array(11).fill(0) }),
    ],
    submissions: [rejected('02', date, '2023-12-15T03:00:00Z')],
    history: new Map([['2023-12-11', [report('01', '2023-12-11', '2023-12-12T00:00:00Z')]]]),
  });
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

describe('xlsx', () => {
  it('reproduces the official header: texts, the three merged rows, the 1..11 numbering row', async () => {
    const wb = await readBack(await renderXlsx(sample()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Tỉnh chưa nộp', 'Xu hướng']);
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getCell('A1').value).toBe('BẢO HIỂM XÃ HỘI VIỆT NAM');
    expect(ws.getCell('A4').value).toBe('BÁO CÁO TỔNG HỢP TÌNH HÌNH ĐÔN ĐỐC, THU HỒI SỐ TIỀN CHẬM ĐÓNG BHXH, BHTN, BHYT');
    expect(ws.getCell('A5').text).toContain('Ngày báo cáo: 15/12/2023');
    // The official form's header cells (A..K there) sit in D..N here, after STT / code / name.
    expect(ws.getCell('D7').value).toBe('Tổng số đơn vị chậm đóng phải tính lãi (tính đến hết tháng 11/2023)');
    expect(ws.getCell('H7').value).toBe('Các giải pháp đôn đốc thu hồi tiền chậm đóng đã triển khai từ ngày 01/12/2023 đến ngày báo cáo (theo Thông báo Kết luận số 4089/TB-BHXH)');
    expect(ws.getCell('K7').value).toBe('Tổng số chậm đóng phải tính lãi (tính đến ngày báo cáo)');
    expect(ws.getCell('D8').value).toBe('Tổng số chậm đóng phải tính lãi');
    expect(ws.getCell('F8').value).toBe('Trong đó chậm đóng từ 3 tháng trở lên');
    expect(ws.getCell('J8').value).toBe('Số đơn vị đã làm việc trực tiếp (do cơ quan BHXH hoặc do Tổ công tác liên ngành thực hiện)');
    expect(ws.getCell('M8').value).toBe('Trong đó chậm đóng từ 3 tháng trở lên (từ 10 lao động trở lên)');
    expect(['D9', 'E9', 'F9', 'G9', 'K9', 'L9', 'M9', 'N9'].map((a) => ws.getCell(a).value))
      .toEqual(['Số đơn vị', 'Số tiền chậm đóng', 'Số đơn vị', 'Số tiền chậm đóng', 'Số đơn vị', 'Số tiền chậm đóng', 'Số đơn vị', 'Số tiền chậm đóng']);
    expect(Array.from({ length: 11 }, (_, i) => ws.getRow(10).getCell(4 + i).value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    // The official merges (A7:D7 E7:G7 H7:K7 A8:B8 C8:D8 H8:I8 J8:K8 E8:E9 F8:F9 G8:G9), shifted by three columns.
    for (const m of ['D7:G7', 'H7:J7', 'K7:N7', 'D8:E8', 'F8:G8', 'K8:L8', 'M8:N8', 'H8:H9', 'I8:I9', 'J8:J9', 'A7:A9', 'B7:B9', 'C7:C9', 'O7:O9', 'P7:P9']) {
      expect(merges).toContain(m);
    }
    expect(ws.getCell('O7').value).toBe('Tình trạng báo cáo');
    expect(ws.getCell('P7').value).toBe('Thời điểm nộp');
  });

  it('writes a row per province in registry order, missing as blanks, and a bold exact national total', async () => {
    const s = sample();
    const ws = (await readBack(await renderXlsx(s))).getWorksheet('Tổng hợp')!;
    for (const [i, p] of campaign.provinces.entries()) {
      const row = ws.getRow(11 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([i + 1, p.code, p.name]);
    }
    const hanoi = ws.getRow(11);
    expect(Array.from({ length: 11 }, (_, k) => hanoi.getCell(4 + k).value)).toEqual(values(1));
    expect(hanoi.getCell(15).value).toBe('Đúng hạn');
    expect(hanoi.getCell(16).value).toBe('08:00 15/12/2023');
    expect(hanoi.getCell(5).numFmt).toBe('#,##0');
    const haGiang = ws.getRow(12);
    expect(Array.from({ length: 11 }, (_, k) => haGiang.getCell(4 + k).value)).toEqual(Array(11).fill(null));
    expect(haGiang.getCell(15).value).toBe('Chỉ có báo cáo bị từ chối');
    expect(ws.getRow(13).getCell(15).value).toBe('Chưa nộp');
    const bacNinh = ws.getRow(11 + campaign.provinces.findIndex((p) => p.code === '27'));
    expect(bacNinh.getCell(15).value).toBe('Muộn');
    const caMau = ws.getRow(11 + 62);
    expect(Array.from({ length: 11 }, (_, k) => caMau.getCell(4 + k).value)).toEqual(Array(11).fill(0));

    const total = ws.getRow(11 + 63);
    expect(total.getCell(1).value).toBe('TỔNG CỘNG TOÀN QUỐC');
    expect(Array.from({ length: 11 }, (_, k) => total.getCell(4 + k).value)).toEqual(s.total.map(Number));
    expect(total.getCell(4).font?.bold).toBe(true);
    expect(total.getCell(15).value).toBe('Đã nộp 3/63');
    expect((ws.model as unknown as { merges: string[] }).merges).toContain('A74:C74');
  });

  it('freezes the headers and prints landscape, fitted to the page width', async () => {
    const ws = (await readBack(await renderXlsx(sample()))).getWorksheet('Tổng hợp')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 10 });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  });

  it('lists the provinces without an accepted report on the second sheet', async () => {
    const ws = (await readBack(await renderXlsx(sample()))).getWorksheet('Tỉnh chưa nộp')!;
    expect(ws.getRow(4).values).toEqual([undefined, 1, '02', 'Hà Giang', 'Chỉ có báo cáo bị từ chối', 1]);
    expect(ws.getRow(5).getCell(2).value).toBe('04');
    expect(ws.getRow(5).getCell(4).value).toBe('Chưa nộp');
    expect(ws.rowCount).toBe(3 + 60);
  });

  it('keeps the mostly empty notes narrow and wrapped, the status whole, and the missing sheet\'s headings uncut', async () => {
    const wb = await readBack(await renderXlsx(sample()));
    const ws = wb.getWorksheet('Tổng hợp')!;
    const [status, , warnings, correction] = [15, 16, 17, 18].map((col) => ws.getColumn(col).width ?? 10);
    // Narrow enough that, printed one page wide, the 11 figures keep their size.
    expect(warnings).toBeLessThanOrEqual(24);
    expect(correction).toBeLessThanOrEqual(24);
    expect(ws.getRow(12).getCell(15).value).toBe('Chỉ có báo cáo bị từ chối');
    expect(status).toBeGreaterThanOrEqual('Chỉ có báo cáo bị từ chối'.length - 2);
    const late = ws.getRows(11, 63)!.find((row) => row.getCell(3).value === 'Bắc Ninh')!;
    expect(late.getCell(15).alignment?.wrapText).toBe(true);
    const missing = wb.getWorksheet('Tỉnh chưa nộp')!;
    const header = missing.getRow(3);
    header.eachCell((cell, col) => {
      const lines = Math.ceil(cell.text.length / ((missing.getColumn(col).width ?? 10) - 2));
      expect(header.height, cell.text).toBeGreaterThanOrEqual(lines * 15);
    });
  });

  it('gives the national trend on the third sheet, like with like, with the provinces behind each date', async () => {
    const s = sample();
    const ws = (await readBack(await renderXlsx(s))).getWorksheet('Xu hướng')!;
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['Ngày báo cáo', 'Số tỉnh đã nộp', 'Số tỉnh so sánh (nộp cả ngày đầu đợt)']));
    expect(ws.getCell('A2').value).toMatch(/cả ngày đó và ngày đầu đợt \(11\/12\/2023\)/);
    expect(ws.getCell('A4').value).toBe('11/12/2023');
    expect([ws.getCell('B4').value, ws.getCell('C4').value]).toEqual([1, 1]);
    expect(ws.getCell('E4').value).toBe(values(1)[1]);
    expect(ws.getCell('O4').value).toBe(values(1)[8]! - values(1)[1]!);
    expect(ws.getCell('A5').value).toBe('12/12/2023');
    expect(ws.getCell('D5').value).toBeNull();
    // The 15th: three reported, one of them (01) also on the 11th: the point is 01's alone.
    expect(ws.getCell('A8').value).toBe('15/12/2023');
    expect([ws.getCell('B8').value, ws.getCell('C8').value]).toEqual([3, 1]);
    expect(ws.getCell('L8').value).toBe(values(1)[8]);
    expect(ws.getCell('O8').value).toBe(values(1)[8]! - values(1)[1]!);
  });

  it('prints the trend sheet with its header on every page, tall enough for its wrapped labels', async () => {
    const ws = (await readBack(await renderXlsx(sample()))).getWorksheet('Xu hướng')!;
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    const header = ws.getRow(3);
    // Each label wrapped in its column (≈ width − 2 characters a line, 15 points a line) fits the row.
    header.eachCell((cell, col) => {
      const lines = Math.ceil(cell.text.length / ((ws.getColumn(col).width ?? 10) - 2));
      expect(header.height, cell.text).toBeGreaterThanOrEqual(lines * 15);
      expect(cell.alignment?.wrapText).toBe(true);
    });
  });

  it('writes totals beyond 15 digits as exact text', async () => {
    const big = Number.MAX_SAFE_INTEGER;
    const s = buildSnapshot({ campaign, date, final: false, generatedAt: new Date('2023-12-15T10:00:00Z'), submissions: [],
      reports: ['01', '02'].map((c) => report(c, date, '2023-12-15T01:00:00Z', { values: [1, big, 1, big, 0, 0, 0, 1, big, 1, big] })) });
    const ws = (await readBack(await renderXlsx(s))).getWorksheet('Tổng hợp')!;
    expect(ws.getRow(74).getCell(5).value).toBe('18.014.398.509.481.982');
    expect(ws.getRow(74).getCell(4).value).toBe(2);
  });
});

describe('formula neutralisation', () => {
  const hostile = loadCampaign({
    ...defaultCampaignData,
    provinces: [
      { code: '01', name: '=HYPERLINK("http://evil.example","Hà Nội")', kind: 'thanh_pho' },
      { code: '02', name: '+cmd|calc', kind: 'tinh' },
      { code: '04', name: '@SUM(1)', kind: 'tinh' },
      { code: '06', name: '-1+1', kind: 'tinh' },
    ],
  });
  const s = buildSnapshot({ campaign: hostile, date, final: false, generatedAt: new Date('2023-12-15T10:00:00Z'), reports: [report('01', date, '2023-12-15T01:00:00Z')], submissions: [] });

  it('prefixes an apostrophe in csv cells', () => {
    const csv = renderCsv(s);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Hà Nội"")"`);
    expect(csv).toContain(",'+cmd|calc,");
    expect(csv).toContain(",'@SUM(1),");
    expect(csv).toContain(",'-1+1,");
    expect(csv).not.toMatch(/(^|,)[=+@]/m);
  });

  it('writes them as plain text, never formulas, in xlsx', async () => {
    const ws = (await readBack(await renderXlsx(s))).getWorksheet('Tổng hợp')!;
    expect(ws.getCell('C11').value).toBe(`'=HYPERLINK("http://evil.example","Hà Nội")`);
    expect(ws.getCell('C11').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C12').value).toBe("'+cmd|calc");
    expect(ws.getCell('C14').value).toBe("'-1+1");
  });

  it('escapes them in html', () => {
    expect(renderHtml(s)).not.toContain('"http://evil.example"');
  });
});

describe('csv', () => {
  it('is UTF-8 with a BOM, one row per province and the total, with the same numbers', () => {
    const s = sample();
    const csv = renderCsv(s);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 63 + 1);
    expect(lines[0]).toMatch(/^STT,Mã tỉnh,Tỉnh\/Thành phố,Cột 1: /);
    expect(lines[1]).toBe(`1,01,Hà Nội,${values(1).join(',')},Đúng hạn,08:00 15/12/2023,,`);
    expect(lines[2]).toBe(`2,02,Hà Giang,${','.repeat(10)},Chỉ có báo cáo bị từ chối,,,`);
    expect(lines[3]).toBe(`3,04,Cao Bằng,${','.repeat(10)},Chưa nộp,,,`);
    expect(lines.at(-1)).toBe(`,,TỔNG CỘNG TOÀN QUỐC,${s.total.join(',')},Đã nộp 3/63,,0 báo cáo có cảnh báo,`);
  });
});

describe('json', () => {
  it('follows the contract', () => {
    const s = sample();
    const doc = parseSnapshotJson(renderJson(s));
    expect(Object.keys(doc)).toEqual(['campaign', 'date', 'final', 'generatedAt', 'revision', 'latestReceivedAt', 'provinces', 'total', 'baselineShift', 'counts', 'trend']);
    expect(doc.campaign).toBe(campaign.id);
    expect(doc.trend).toHaveLength(5);
    expect(doc.trend[0]).toEqual({ date: '2023-12-11', reported: 1, compared: 1, total: values(1), lateAmountChange: values(1)[8]! - values(1)[1]! });
    expect(doc.trend[1]).toEqual({ date: '2023-12-12', reported: 0, compared: 0, total: null, lateAmountChange: null });
    expect(doc.trend[4]).toMatchObject({ date, reported: 3, compared: 1, total: values(1) });
    expect(doc).toMatchObject({ date, final: false, generatedAt: '2023-12-15T10:00:00.000Z', counts: { expected: 63, onTime: 2, late: 1, missing: 60 } });
    expect(Object.keys(doc.counts)).toEqual(['expected', 'onTime', 'late', 'missing', 'warned', 'baselineChanged', 'correctedAfterDeadline']);
    expect(doc.provinces).toHaveLength(63);
    expect(doc.provinces[0]).toEqual({
      code: '01', name: 'Hà Nội', status: 'on_time', submittedAt: '2023-12-15T01:00:00.000Z', values: values(1),
      warnings: [], baselineChanged: false, baselineShift: 0, correction: null, days: { onTime: 2, late: 0, missing: 3 },
    });
    expect(doc.provinces[1]).toMatchObject({ code: '02', name: 'Hà Giang', status: 'rejected_only', submittedAt: null, values: null, correction: null });
    expect(doc.provinces[2]).toMatchObject({ status: 'missing', values: null });
    expect(doc.provinces.find((p) => p.code === '27')!.status).toBe('late');
    expect(doc.total).toEqual(s.total.map(Number));
    for (const v of doc.total) expect(Number.isInteger(v)).toBe(true);
  });

  it('writes totals beyond 2^53 as exact digits', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const s = buildSnapshot({ campaign, date, final: true, generatedAt: new Date('2023-12-15T12:00:00Z'), submissions: [],
      reports: ['01', '02', '04'].map((c) => report(c, date, '2023-12-15T01:00:00Z', { values: [1, big, 1, big, 0, 0, 0, 1, big, 1, big] })) });
    const text = renderJson(s);
    expect(text).toContain('"total": [3,27021597764222973,3,27021597764222973,0,0,0,3,27021597764222973,3,27021597764222973]');
    expect(parseSnapshotJson(text).final).toBe(true);
  });
});

describe('html', () => {
  it('is one self-contained page with the table and an SVG trend chart, made for phones', () => {
    const html = renderHtml(sample());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/<(script|link|img)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain('<svg');
    expect(html).toContain('<path d="M');
    expect(html).toContain('TỔNG CỘNG TOÀN QUỐC');
    expect(html).toContain('Chỉ có báo cáo bị từ chối');
    expect(html).toContain('overflow-x:auto');
    expect(html.match(/<tr><td class="sticky">/g)).toHaveLength(63);
  });
});
