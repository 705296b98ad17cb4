// The results workbook's ranking chart: one bar per ranked province, pointing at the cells of the
// table that hold its name and its % change, the marked ends coloured, on a page of its own.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { buildResults } from '../../shared/domain/results/model.ts';
import { renderResultsXlsx } from '../../shared/domain/results/xlsx.ts';
import { buildSnapshot } from '../../shared/domain/snapshot/model.ts';
import { report } from '../snapshot/fixtures.ts';

const campaign = defaultCampaign();
const DATE = '2023-12-11';

/** A row whose late amount goes from `baseline` (col 2) to `now` (col 9). */
function row(baseline: number, now: number): number[] {
  return [100, baseline, 50, baseline / 2, 10, 5, 2, 90, now, 45, now / 2];
}

// % changes: 01 −4 %, 02 +2 %, 04 −1 %, 06 0 %; 08 has a zero baseline (unranked); the rest never report.
const VALUES: Record<string, number[]> = {
  '01': row(1_000_000_000, 960_000_000),
  '02': row(2_000_000_000, 2_040_000_000),
  '04': row(4_000_000_000, 3_960_000_000),
  '06': row(500_000_000, 500_000_000),
  '08': row(0, 0),
};

async function render(values: Record<string, number[]>): Promise<Uint8Array> {
  const snapshot = buildSnapshot({
    campaign, date: DATE, final: false, generatedAt: new Date(`${DATE}T10:00:00Z`), submissions: [],
    reports: Object.entries(values).map(([code, v]) => report(code, DATE, `${DATE}T02:00:00Z`, { values: v })),
  });
  return renderResultsXlsx(buildResults(snapshot, 1), snapshot.texts);
}

const all = (xml: string, re: RegExp): string[] => [...xml.matchAll(re)].map((m) => m[1]!);
const column = (letters: string): number => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

describe('the results workbook\'s ranking chart', () => {
  it('bars the ranked provinces\' % change from the table\'s own cells, largest reduction on top, ends coloured', async () => {
    const bytes = await render(VALUES);
    const zip = await JSZip.loadAsync(bytes);
    const text = (path: string) => zip.file(path)!.async('string');
    expect(await text('[Content_Types].xml')).toContain('<Override PartName="/xl/charts/chart1.xml"');
    expect(await text('xl/worksheets/_rels/sheet1.xml.rels')).toContain('Target="../drawings/drawing1.xml"');
    expect(await text('xl/worksheets/sheet1.xml')).toMatch(/<rowBreaks [^>]*>.*<\/rowBreaks><drawing r:id="rId\d+"\/>/);
    expect(await text('xl/drawings/_rels/drawing1.xml.rels')).toContain('Target="../charts/chart1.xml"');
    const chart = await text('xl/charts/chart1.xml');
    expect(chart).toContain('<c:barChart><c:barDir val="bar"/>');
    const [catRange] = all(chart, /<c:cat><c:strRef><c:f>([^<]+)<\/c:f>/g);
    const [valRange] = all(chart, /<c:val><c:numRef><c:f>([^<]+)<\/c:f>/g);
    const cat = /^'Kết quả'!\$([A-Z]+)\$(\d+):\$\1\$(\d+)$/.exec(catRange!)!;
    const val = /^'Kết quả'!\$([A-Z]+)\$(\d+):\$\1\$(\d+)$/.exec(valRange!)!;
    // Four ranked provinces (08's zero baseline is not), in the table's first province rows.
    expect([cat[2], cat[3], val[2], val[3]]).toEqual(['11', '14', '11', '14']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Kết quả')!;
    const cells = (col: string) => [11, 12, 13, 14].map((r) => ws.getRow(r).getCell(column(col)).value);
    expect(ws.getRow(8).getCell(column(cat[1]!)).value).toBe('Tỉnh/Thành phố');
    expect(ws.getRow(8).getCell(column(val[1]!)).value).toMatch(/thay đổi \(%\)/);
    expect(cells(val[1]!)).toEqual([-4, -1, 0, 2]);
    expect(cells(cat[1]!)).toEqual(['01', '04', '06', '02'].map((c) => campaign.province(c)!.name));
    expect(all(all(chart, /<c:numCache>(.*?)<\/c:numCache>/g)[0]!, /<c:v>([^<]*)<\/c:v>/g).map(Number)).toEqual([-4, -1, 0, 2]);
    expect(all(all(chart, /<c:strCache>(.*?)<\/c:strCache>/g)[0]!, /<c:v>([^<]*)<\/c:v>/g)).toEqual(cells(cat[1]!));
    // The first is "Nhóm đầu" (green), the last "Nhóm cuối" (red); the first category drawn on top.
    expect(all(chart, /<c:dPt><c:idx val="(\d+)"\/>/g)).toEqual(['0', '3']);
    expect(all(chart, /<c:dPt>.*?<a:srgbClr val="([0-9A-F]{6})"\/>/g)).toEqual(['2E7D32', 'C62828']);
    expect(chart).toContain('<c:orientation val="maxMin"/>');
    const min = Number(/<c:min val="([^"]+)"/.exec(chart)![1]);
    const max = Number(/<c:max val="([^"]+)"/.exec(chart)![1]);
    expect(min).toBeLessThan(-4);
    expect(max).toBeGreaterThan(2);
  });

  it('draws no chart when no province is ranked, and the workbook still opens', async () => {
    const bytes = await render({ '08': row(0, 0) });
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files).filter((p) => /chart|drawing/.test(p))).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Kết quả')!.getCell('A4').value).toBe('KẾT QUẢ GIẢM SỐ TIỀN CHẬM ĐÓNG THEO TỈNH/THÀNH PHỐ');
  });
});
