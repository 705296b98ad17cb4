// The snapshot workbook's trend chart: a native Excel line chart whose parts exist and are wired
// (content types, sheet → drawing → chart), whose series point at the cells holding the numbers, and
// which leaves every cell as exceljs wrote it (read back by exceljs and by SheetJS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import type { StoredReport } from '../../shared/domain/report.ts';
import { buildSnapshot, type Snapshot } from '../../shared/domain/snapshot/model.ts';
import { addCharts, type ChartSpec } from '../../shared/domain/snapshot/xlsx-chart.ts';
import { renderXlsx } from '../../shared/domain/snapshot/xlsx.ts';
import { report } from './fixtures.ts';

const campaign = defaultCampaign();
const DATES = ['2023-12-11', '2023-12-12', '2023-12-13', '2023-12-14'];

/** A row whose baseline late amount (col 2) is `baseline` and whose amount now (col 9) is `now`. */
function row(baseline: number, now: number): number[] {
  return [100, baseline, 50, baseline / 2, 10, 5, 2, 90, now, 45, now / 2];
}

// 01 (1.000 tỷ at the baseline) and 02 (3.000 tỷ) report every day but the 13th, when 02 is missing.
// Like with like, the changes are 0 %, −1 %, −0,5 % (01 alone) and (−20 − 50) / 4.000 = −1,75 %.
const NOW: Record<string, Record<string, number>> = {
  '01': { '2023-12-11': 1_000_000_000, '2023-12-12': 990_000_000, '2023-12-13': 995_000_000, '2023-12-14': 980_000_000 },
  '02': { '2023-12-11': 3_000_000_000, '2023-12-12': 2_970_000_000, '2023-12-14': 2_950_000_000 },
};
const BASELINE: Record<string, number> = { '01': 1_000_000_000, '02': 3_000_000_000 };
const EXPECTED_PCT = [0, -1, -0.5, -1.75];

function reportsOf(date: string, scale = 1): StoredReport[] {
  return Object.entries(NOW).filter(([, byDate]) => byDate[date] !== undefined)
    .map(([code, byDate]) => report(code, date, `${date}T02:00:00Z`, { values: row(BASELINE[code]! * scale, byDate[date]! * scale) }));
}

function snapshot(date: string, opts: { scale?: number; history?: boolean; reports?: boolean } = {}): Snapshot {
  const history = new Map(DATES.filter((d) => d < date && opts.history !== false).map((d) => [d, reportsOf(d, opts.scale)]));
  return buildSnapshot({
    campaign, date, final: false, generatedAt: new Date(`${date}T10:00:00Z`), submissions: [], history,
    reports: opts.reports === false ? [] : reportsOf(date, opts.scale),
  });
}

async function parts(bytes: Uint8Array): Promise<{ zip: JSZip; text: (path: string) => Promise<string> }> {
  const zip = await JSZip.loadAsync(bytes);
  return { zip, text: async (path) => { const f = zip.file(path); if (!f) throw new Error(`no ${path}`); return f.async('string'); } };
}

/** Throws unless the part is well-formed XML (saxes is a strict parser). */
function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => { throw e; });
  parser.write(xml).close();
}

const all = (xml: string, re: RegExp): string[] => [...xml.matchAll(re)].map((m) => m[1]!);

async function exceljsCells(bytes: Uint8Array): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return Object.fromEntries(wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => { rows[n] = (r.values as unknown[]).slice(1).map((v) => (v === undefined ? null : v)); });
    return [ws.name, rows];
  }));
}

function sheetjsCells(bytes: Uint8Array): Record<string, unknown[][]> {
  const wb = XLSX.read(bytes, { type: 'array' });
  return Object.fromEntries(wb.SheetNames.map((name) => [name, XLSX.utils.sheet_to_json(wb.Sheets[name]!, { header: 1, raw: true, defval: null })]));
}

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('the snapshot workbook\'s trend chart', () => {
  it('is a line chart wired into the trend sheet: content types, sheet → drawing → chart', async () => {
    const { zip, text } = await parts(await renderXlsx(snapshot('2023-12-14')));
    const types = await text('[Content_Types].xml');
    expect(types).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');
    // The trend sheet's part, found as a reader finds it: workbook.xml → its relationship.
    const workbook = await text('xl/workbook.xml');
    const sheetRel = /<sheet [^>]*name="Xu hướng"[^>]*r:id="(rId\d+)"/.exec(workbook)![1];
    const target = new RegExp(`Id="${sheetRel}"[^>]*Target="([^"]+)"`).exec(await text('xl/_rels/workbook.xml.rels'))![1]!;
    const sheetPart = `xl/${target.replace(/^\/?xl\//, '')}`;
    const sheetXml = await text(sheetPart);
    const drawingRel = /<drawing r:id="(rId\d+)"\/>/.exec(sheetXml)![1];
    const sheetRels = await text(sheetPart.replace(/([^/]+)$/, '_rels/$1.rels'));
    expect(sheetRels).toMatch(new RegExp(`Id="${drawingRel}" Type="[^"]+/relationships/drawing" Target="../drawings/drawing1.xml"`));
    // Only the trend sheet has a drawing, and there its <drawing> comes after pageSetup and before any extLst (schema order).
    for (const other of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p) && p !== sheetPart)) {
      expect(await text(other)).not.toContain('<drawing');
    }
    const end = sheetXml.includes('<extLst>') ? sheetXml.lastIndexOf('<extLst>') : sheetXml.indexOf('</worksheet>');
    expect(sheetXml.indexOf('<drawing ')).toBeLessThan(end);
    expect(sheetXml.indexOf('<drawing ')).toBeGreaterThan(sheetXml.indexOf('<pageSetup'));
    const drawing = await text('xl/drawings/drawing1.xml');
    const chartRel = /<c:chart [^>]*r:id="(rId\d+)"/.exec(drawing)![1];
    expect(await text('xl/drawings/_rels/drawing1.xml.rels')).toMatch(new RegExp(`Id="${chartRel}" Type="[^"]+/relationships/chart" Target="../charts/chart1.xml"`));
    for (const path of ['[Content_Types].xml', sheetPart, 'xl/drawings/drawing1.xml', 'xl/charts/chart1.xml', 'xl/drawings/_rels/drawing1.xml.rels']) {
      wellFormed(await text(path));
    }
  });

  it('draws the like-for-like % change (column P) against a 0 % reference (column Q), numbers as in the cells', async () => {
    const bytes = await renderXlsx(snapshot('2023-12-14'));
    const chart = await (await parts(bytes)).text('xl/charts/chart1.xml');
    expect(chart).toContain('<c:lineChart>');
    expect(all(chart, /<c:cat><c:strRef><c:f>([^<]+)<\/c:f>/g)).toEqual(["'Xu hướng'!$A$4:$A$7", "'Xu hướng'!$A$4:$A$7"]);
    expect(all(chart, /<c:val><c:numRef><c:f>([^<]+)<\/c:f>/g)).toEqual(["'Xu hướng'!$P$4:$P$7", "'Xu hướng'!$Q$4:$Q$7"]);
    const caches = all(chart, /<c:numCache>(.*?)<\/c:numCache>/g).map((c) => all(c, /<c:v>([^<]*)<\/c:v>/g).map(Number));
    expect(caches).toEqual([EXPECTED_PCT, [0, 0, 0, 0]]);
    expect(all(chart, /<c:strCache>(.*?)<\/c:strCache>/g).map((c) => all(c, /<c:v>([^<]*)<\/c:v>/g))[0])
      .toEqual(['11/12/2023', '12/12/2023', '13/12/2023', '14/12/2023']);
    // The cells the ranges name hold the same numbers, for Excel and LibreOffice to redraw from.
    const ws = (await exceljsCells(bytes))['Xu hướng']!;
    expect([4, 5, 6, 7].map((r) => [ws[r]![0], ws[r]![15], ws[r]![16]])).toEqual(
      EXPECTED_PCT.map((pct, i) => [['11/12/2023', '12/12/2023', '13/12/2023', '14/12/2023'][i], pct, 0]));
    // A 1 % change is at least a quarter of the axis; the data and the reference stay inside it.
    const min = Number(/<c:min val="([^"]+)"/.exec(chart)![1]);
    const max = Number(/<c:max val="([^"]+)"/.exec(chart)![1]);
    expect(min).toBeLessThan(-1.75);
    expect(max).toBeGreaterThan(0);
    expect(max - min).toBeLessThanOrEqual(4);
    // The title says the latest change in % and in đồng; the latest point is labelled.
    expect(chart).toContain('Đến ngày 14/12/2023: −1,8% (−70.000.000 đồng), 2 tỉnh so sánh');
    expect(chart).toMatch(/<c:dLbl><c:idx val="3"\/>/);
    expect(chart).toContain('Gốc: số tiền hết T11/2023 (cột 2) = 0 %');
    // No data bars beside it: drawn on a reduction (negative), they flood the change columns red.
    const zip = await JSZip.loadAsync(bytes);
    const sheets = await Promise.all(Object.keys(zip.files).filter((f) => f.startsWith('xl/worksheets/sheet')).map((f) => zip.file(f)!.async('string')));
    expect(sheets.length).toBeGreaterThan(0);
    expect(sheets.some((xml) => xml.includes('dataBar'))).toBe(false);
  });

  it('loses no cell: exceljs and SheetJS read the same values as before the chart was added', async () => {
    const s = snapshot('2023-12-14');
    const charted = await renderXlsx(s);
    // A workbook exceljs wrote, read before and after addCharts; its chart sheet already has a relationship.
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Dữ liệu & 'nháy' 2");
    sheet.addRows([['Ngày', 'Thay đổi'], ['01/12', 0], ['02/12', -1.5], ['03/12', null], ['04/12', 2.25]]);
    sheet.getCell('D1').value = { text: 'liên kết', hyperlink: 'https://example.org/' };
    wb.addWorksheet('Khác').addRow(['x', 1]);
    const plain = new Uint8Array(await wb.xlsx.writeBuffer());
    const spec: ChartSpec = {
      kind: 'line', sheet: "Dữ liệu & 'nháy' 2", from: { col: 1, row: 7 }, to: { col: 8, row: 20 },
      title: ['<Tiêu đề> & "thử"\u0007'], description: 'mô tả',
      categories: { ref: { col: 1, first: 2, last: 5 }, labels: ['01/12', '02/12', '03/12', '04/12'] },
      series: [{ name: 'Thay đổi', ref: { col: 2, first: 2, last: 5 }, values: [0, -1.5, null, 2.25], colour: 'C62828' }],
      valueAxis: { min: -2, max: 3, majorUnit: 1, numberFormat: '0.0"%"' },
    };
    const withChart = await addCharts(plain, [spec]);
    expect(await exceljsCells(withChart)).toEqual(await exceljsCells(plain));
    expect(sheetjsCells(withChart)).toEqual(sheetjsCells(plain));
    const { text } = await parts(withChart);
    const chart = await text('xl/charts/chart1.xml');
    wellFormed(chart);
    expect(chart).toContain("<c:f>'Dữ liệu &amp; ''nháy'' 2'!$B$2:$B$5</c:f>");
    expect(chart).toContain('&lt;Tiêu đề&gt; &amp; &quot;thử&quot;</a:t>');
    // The sheet already had a relationship (the hyperlink): the drawing's gets a new id beside it.
    const rels = await text('xl/worksheets/_rels/sheet1.xml.rels');
    expect(all(rels, /Id="(rId\d+)"/g)).toEqual([...new Set(all(rels, /Id="(rId\d+)"/g))]);
    expect(rels).toContain('example.org');
    // And the snapshot's workbook reads back whole with SheetJS too: three sheets, the trend's numbers.
    const sheets = sheetjsCells(charted);
    expect(Object.keys(sheets)).toEqual(['Tổng hợp', 'Tỉnh chưa nộp', 'Xu hướng']);
    expect([3, 4, 5, 6].map((i) => sheets['Xu hướng']![i]![15])).toEqual(EXPECTED_PCT);
  });

  it('draws one point on the campaign\'s first date, and no chart without a change to draw', async () => {
    const first = await parts(await renderXlsx(snapshot('2023-12-11')));
    const chart = await first.text('xl/charts/chart1.xml');
    expect(all(chart, /<c:val><c:numRef><c:f>([^<]+)<\/c:f>/g)).toEqual(["'Xu hướng'!$P$4:$P$4", "'Xu hướng'!$Q$4:$Q$4"]);
    expect(chart).toContain('<c:symbol val="circle"/>');
    const noReports = await renderXlsx(snapshot('2023-12-14', { history: false, reports: false }));
    const zeroBaseline = await renderXlsx(snapshot('2023-12-14', { scale: 0 }));
    for (const bytes of [noReports, zeroBaseline]) {
      const { zip } = await parts(bytes);
      expect(Object.keys(zip.files).filter((p) => /chart|drawing/.test(p))).toEqual([]);
      expect(Object.keys(sheetjsCells(bytes))).toEqual(['Tổng hợp', 'Tỉnh chưa nộp', 'Xu hướng']);
      expect(Object.keys(await exceljsCells(bytes))).toEqual(['Tổng hợp', 'Tỉnh chưa nộp', 'Xu hướng']);
    }
  });

  it('refuses a chart that does not match its cells, never writing a wrong one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A').addRows([['x', 1], ['y', 2]]);
    const plain = new Uint8Array(await wb.xlsx.writeBuffer());
    const spec: ChartSpec = {
      kind: 'line', sheet: 'A', from: { col: 1, row: 4 }, to: { col: 6, row: 12 }, title: ['t'], description: 'd',
      categories: { ref: { col: 1, first: 1, last: 2 }, labels: ['x', 'y'] },
      series: [{ name: 's', ref: { col: 2, first: 1, last: 2 }, values: [1, 2], colour: '000000' }],
      valueAxis: { min: 0, max: 3, majorUnit: 1, numberFormat: '0' },
    };
    await expect(addCharts(plain, [{ ...spec, series: [{ ...spec.series[0]!, values: [1] }] }])).rejects.toThrow(/does not match/);
    await expect(addCharts(plain, [{ ...spec, series: [{ ...spec.series[0]!, values: [1, Number.NaN] }] }])).rejects.toThrow(/non-finite/);
    await expect(addCharts(plain, [{ ...spec, sheet: 'B' }])).rejects.toThrow(/not in the workbook/);
    await expect(addCharts(plain, [{ ...spec, valueAxis: { ...spec.valueAxis, min: 3 } }])).rejects.toThrow(/value axis/);
    const twice = await addCharts(await addCharts(plain, [spec]), []);
    await expect(addCharts(twice, [spec])).rejects.toThrow(/already holds a drawing/);
  });

  // Where LibreOffice is installed: it opens the file and draws the chart (its title, legend and the
  // latest point's label are text in the PDF, and they are nowhere in the cells).
  it.skipIf(!has('soffice') || !has('pdftotext'))('is drawn by LibreOffice', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-chart-'));
    try {
      writeFileSync(join(dir, 'snapshot.xlsx'), await renderXlsx(snapshot('2023-12-14')));
      const convert = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'snapshot.xlsx')], { encoding: 'utf8', timeout: 170_000 });
      expect(readdirSync(dir), convert.stderr).toContain('snapshot.pdf');
      const pdf = spawnSync('pdftotext', [join(dir, 'snapshot.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      expect(pdf).toContain('Đếnngày14/12/2023:−1,8%(−70.000.000đồng),2tỉnhsosánh');
      expect(pdf).toContain('Gốc:sốtiềnhếtT11/2023(cột2)=0%');
      expect(pdf).toContain('%sovớigốc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
