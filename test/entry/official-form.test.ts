// The official form as the portal hands it out (blank, or pre-filled) and writes it for the entry
// form: its layout read back as Excel sees it, and the reader reading it once a clerk has filled it in.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { COLUMN_WIDTHS, formNotes, officialFormXlsx, SHEET_NAME } from '../../shared/domain/form/official-form-xlsx.ts';
import { DATA_CELLS, FORM_ROWS } from '../../shared/domain/form/official-layout.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { FORM, formTexts } from '../../shared/domain/snapshot/text.ts';

const campaign = defaultCampaign();
const texts = formTexts(campaign.config);
const province = campaign.province('27')!;
const date = campaign.reportDates[4]!;
const at = new Date('2026-12-05T01:00:00Z');
const VALUES = [4162, 108_554_706_639, 1563, 74_315_130_485, 1604, 636, 356, 4256, 110_542_040_948, 949, 52_057_702_779];

async function sheetOf(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook.getWorksheet(SHEET_NAME)!;
}

const read = (bytes: Uint8Array, name = 'bao-cao.xlsx') => readReport(bytes, name, campaign);

/** Lines a text needs in a cell `width` characters wide, wrapped at spaces, counting each character a full width unit. */
function linesNeeded(text: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    if (used && used + 1 + word.length > width - 1) { lines++; used = word.length; } else used += (used ? 1 : 0) + word.length;
  }
  return lines;
}

describe('the blank form looks like the form', () => {
  it('has the official merges: agency lines, title, date, the three header rows', async () => {
    const ws = await sheetOf(await officialFormXlsx({ province, reportDate: date, texts, at }));
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining([
      'A1:E1', 'A2:E2', 'A4:K4', 'A5:K5',
      'A7:D7', 'E7:G7', 'H7:K7', 'A8:B8', 'C8:D8', 'H8:I8', 'J8:K8', 'E8:E9', 'F8:F9', 'G8:G9',
    ]));
    expect(ws.getCell('A2').value).toBe('BẢO HIỂM XÃ HỘI TỈNH BẮC NINH');
    expect(ws.getCell('A5').value).toBe(`Ngày báo cáo: ${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}`);
    expect(ws.getCell('A7').value).toBe(texts.groups[0]);
    expect(ws.getCell('G8').value).toBe(FORM.actions[2]);
    expect(ws.getRow(FORM_ROWS.numbering).values).toEqual([undefined, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('shows every header whole: bold, wrapped, bordered, each cell wide and tall enough for its text', async () => {
    const ws = await sheetOf(await officialFormXlsx({ province, reportDate: date, texts, at }));
    const widths = Array.from({ length: 11 }, (_, i) => ws.getColumn(i + 1).width!);
    expect(widths).toEqual([...COLUMN_WIDTHS]);
    const height = (r: number): number => ws.getRow(r).height;
    const spans: Array<[string, number, number, number, number]> = [
      // [cell, first col, last col, first row, last row]
      ['A7', 1, 4, 7, 7], ['E7', 5, 7, 7, 7], ['H7', 8, 11, 7, 7],
      ['A8', 1, 2, 8, 8], ['C8', 3, 4, 8, 8], ['H8', 8, 9, 8, 8], ['J8', 10, 11, 8, 8],
      ['E8', 5, 5, 8, 9], ['F8', 6, 6, 8, 9], ['G8', 7, 7, 8, 9],
      ...Array.from({ length: 11 }, (_, i) => [`${String.fromCharCode(65 + i)}9`, i + 1, i + 1, 9, 9] as [string, number, number, number, number])
        .filter(([cell]) => !['E9', 'F9', 'G9'].includes(cell)),
    ];
    for (const [address, c1, c2, r1, r2] of spans) {
      const cell = ws.getCell(address);
      const text = cell.value as string;
      const width = widths.slice(c1 - 1, c2).reduce((a, b) => a + b, 0);
      let points = 0;
      for (let r = r1; r <= r2; r++) points += height(r);
      expect(points, `${address} "${text}"`).toBeGreaterThanOrEqual(linesNeeded(text, width) * 15);
      expect(cell.font.bold, address).toBe(true);
      expect(cell.alignment.wrapText, address).toBe(true);
      expect(cell.border.left?.style, address).toBe('thin');
    }
    // The longest amount the form takes (15 digits and their separators) fits its column.
    for (const col of [2, 4, 9, 11]) expect(widths[col - 1]).toBeGreaterThanOrEqual('999.999.999.999.999'.length);
  });

  it('marks the data row: coloured, bold, #,##0, and says where to type in the notes', async () => {
    const ws = await sheetOf(await officialFormXlsx({ province, reportDate: date, texts, at }));
    for (const address of DATA_CELLS) {
      const cell = ws.getCell(address);
      expect(cell.value, address).toBeNull();
      expect(cell.numFmt, address).toBe('#,##0');
      expect(cell.font.bold, address).toBe(true);
      expect((cell.fill as ExcelJS.FillPattern).pattern, address).toBe('solid');
      expect(cell.dataValidation.type, address).toBe('custom');
    }
    expect(ws.getCell('A12').fill).toBeUndefined();
    const notes = formNotes({ texts });
    expect(notes.at(-1)).toContain(`dòng ${FORM_ROWS.data}`);
    expect(ws.getCell(FORM_ROWS.data + 3 + texts.notes.length, 1).value).toBe(notes.at(-1));
  });

  it('prints landscape on A4, one page wide, the header rows repeated on every page', async () => {
    const bytes = await officialFormXlsx({ province, reportDate: date, texts, at });
    const ws = await sheetOf(bytes);
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '7:10',
    });
    // As Excel reads it: the page setup of the sheet and the print titles of the workbook.
    const workbook = XLSX.read(bytes, { type: 'buffer', bookFiles: true }) as XLSX.WorkBook & { files?: Record<string, { content: Uint8Array }> };
    const names = workbook.Workbook?.Names ?? [];
    expect(names.find((n) => n.Name === '_xlnm.Print_Titles')?.Ref).toMatch(/\$7:\$10$/);
  });

  it('reads the same numbers in SheetJS: widths, number formats, merges', async () => {
    const bytes = await officialFormXlsx({ province, reportDate: date, texts, at, values: VALUES });
    const sheet = XLSX.read(bytes, { type: 'buffer', cellNF: true, cellStyles: true }).Sheets[SHEET_NAME]!;
    // SheetJS gives the width in characters less the cell's padding (under one character).
    sheet['!cols']!.slice(0, 11).forEach((c, i) => expect(COLUMN_WIDTHS[i]! - c.wch!).toBeGreaterThanOrEqual(0));
    sheet['!cols']!.slice(0, 11).forEach((c, i) => expect(COLUMN_WIDTHS[i]! - c.wch!).toBeLessThan(1));
    for (const address of DATA_CELLS) expect((sheet[address] as XLSX.CellObject).z, address).toBe('#,##0');
    expect(sheet['!merges']?.length).toBeGreaterThanOrEqual(14);
  });
});

describe('the reader reads the form filled in', () => {
  it('a blank form is read as the province\'s form for the date with nothing filled yet', async () => {
    const result = await read(await officialFormXlsx({ province, reportDate: date, texts, at }));
    expect(result.namedProvince).toBe('27');
    expect(result.reportDate).toBe(date);
    expect(result.errors.map((e) => e.code)).toEqual(['no-data-row']);
  });

  it('filled in with exceljs (as Excel saves it): the values typed, accepted', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await officialFormXlsx({ province, reportDate: date, texts, at })) as unknown as ExcelJS.Buffer);
    const ws = workbook.getWorksheet(SHEET_NAME)!;
    DATA_CELLS.forEach((address, i) => { ws.getCell(address).value = VALUES[i]!; });
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await read(bytes);
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual(VALUES);
    expect(result.cells).toEqual(DATA_CELLS);
    expect(applyRules(result, { campaign, uploadedFor: '27' }).status).toBe('accepted');
  });

  it('filled in with SheetJS, numbers typed as Vietnamese text ("1.234.567"): read exactly', async () => {
    const workbook = XLSX.read(await officialFormXlsx({ province, reportDate: date, texts, at }), { type: 'buffer' });
    const sheet = workbook.Sheets[SHEET_NAME]!;
    DATA_CELLS.forEach((address, i) => { sheet[address] = { t: 's', v: VALUES[i]!.toLocaleString('de-DE') }; });
    const bytes = new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const result = await read(bytes);
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual(VALUES);
  });

  it('pre-filled with the latest accepted values: read back exactly, the note names their date', async () => {
    const from = campaign.reportDates[3]!;
    const bytes = await officialFormXlsx({ province, reportDate: date, texts, at, values: VALUES, prefilledFrom: from });
    const result = await read(bytes);
    expect(result.values).toEqual(VALUES);
    expect(result.reportDate).toBe(date);
    expect(formNotes({ texts, prefilledFrom: from }).at(-1)).toContain(`${from.slice(8)}/${from.slice(5, 7)}/${from.slice(0, 4)}`);
  });

  it('an amount past Excel\'s 15 exact digits is written as grouped text and still read exactly', async () => {
    const huge = [...VALUES];
    huge[1] = 9_007_199_254_740_991;
    const ws = await sheetOf(await officialFormXlsx({ province, reportDate: date, texts, at, values: huge }));
    expect(ws.getCell('B11').value).toBe('9.007.199.254.740.991');
    const result = await read(await officialFormXlsx({ province, reportDate: date, texts, at, values: huge }));
    expect(result.values?.[1]).toBe(9_007_199_254_740_991);
  });

  it('refuses a value list that is not the 11 columns', async () => {
    await expect(officialFormXlsx({ province, reportDate: date, texts, at, values: [1, 2, 3] })).rejects.toThrow(/11 values/);
  });
});

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

describe.skipIf(!soffice)('the form rendered by LibreOffice', () => {
  const dirs: string[] = [];
  afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

  it('prints on one landscape A4 page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bhxh-form-'));
    dirs.push(dir);
    await writeFile(join(dir, 'form.xlsx'), await officialFormXlsx({ province, reportDate: date, texts, at, values: VALUES }));
    await promisify(execFile)(soffice!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'form.xlsx')], { timeout: 120_000 });
    const pdf = (await readFile(join(dir, 'form.pdf'))).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
    expect(Number(box![1])).toBeGreaterThan(Number(box![2]));
  }, 150_000);
});
