// The official form as a province gets it and as the portal's entry form writes it: the agency lines,
// the title, the report date, the three merged header rows, the numbering row 1..11, the data row
// (marked, #,##0) and the notes; printed landscape, one page wide, the header rows on every page.
// Written with exceljs (SheetJS community writes no styles); the reader reads it like any upload.
import type * as ExcelJS from 'exceljs';
import Workbook from 'exceljs/lib/doc/workbook.js';
import type { Province } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import { COLUMN_COUNT } from '../report.ts';
import { FORM, type FormTexts } from '../snapshot/text.ts';
import {
  BOLD, BORDER, FONT, HEADER_ALIGN, headerCell, heightForLines, integerCell, NUMBER_FORMAT, text, titleCell, wrappedLines,
} from '../spreadsheet-style.ts';
import { agencyLine, FORM_ROWS, HEADER_MERGES, headerRows, isAmountColumn } from './official-layout.ts';

export const SHEET_NAME = 'Báo cáo';
/** Column widths (characters): amounts hold up to 15 digits with their dots, the actions' long headers wrap. */
export const COLUMN_WIDTHS: readonly number[] = Array.from({ length: COLUMN_COUNT }, (_, i) => {
  const col = i + 1;
  if (isAmountColumn(col)) return 19;
  return col >= 5 && col <= 7 ? 16 : 12;
});

const DATA_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const DATA_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'medium' }, bottom: { style: 'medium' }, left: { style: 'thin' }, right: { style: 'thin' },
};

export interface OfficialFormInput {
  province: Province;
  /** The report date, YYYY-MM-DD. */
  reportDate: string;
  texts: FormTexts;
  /** The 11 values to write into the data row; absent for a blank form. */
  values?: readonly number[];
  /** The values are the accepted report of this earlier date, offered as a start (a note says so). */
  prefilledFrom?: string;
  /** When the file is made (the workbook's properties). */
  at: Date;
}

/** The notes under the table: the campaign's, then how to fill the form in. */
export function formNotes(input: Pick<OfficialFormInput, 'texts' | 'prefilledFrom'>): string[] {
  return [
    ...input.texts.notes,
    `- Điền số liệu vào dòng ${FORM_ROWS.data} (dòng tô màu), ngay dưới dòng đánh số cột 1 đến 11: số nguyên, cột nào không có thì ghi 0.`,
    ...(input.prefilledFrom
      ? [`- Số liệu đã điền sẵn là báo cáo ngày ${formatDateVi(input.prefilledFrom)} đã được nhận: vui lòng sửa theo số liệu đến ngày báo cáo trước khi nộp.`]
      : []),
  ];
}

/** The official form as .xlsx bytes. */
export async function officialFormXlsx(input: OfficialFormInput): Promise<Uint8Array> {
  if (input.values && input.values.length !== COLUMN_COUNT) throw new RangeError(`The form takes ${COLUMN_COUNT} values, not ${input.values.length}`);
  const workbook = new Workbook();
  workbook.creator = input.texts.agency;
  workbook.created = input.at;
  workbook.modified = input.at;
  const ws = workbook.addWorksheet(SHEET_NAME, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      printTitlesRow: `${FORM_ROWS.header}:${FORM_ROWS.numbering}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${text(agencyLine(input.province))} - Ngày báo cáo ${formatDateVi(input.reportDate)}&RTrang &P/&N` },
  });
  ws.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  const tableWidth = COLUMN_WIDTHS.reduce((a, b) => a + b, 0);

  titleCell(ws, 1, 1, 5, input.texts.agency, FONT);
  titleCell(ws, 2, 1, 5, agencyLine(input.province), BOLD);
  titleCell(ws, 4, 1, COLUMN_COUNT, FORM.title, { ...BOLD, size: 13 });
  ws.getRow(4).height = heightForLines(wrappedLines(FORM.title, tableWidth * 0.85));
  titleCell(ws, FORM_ROWS.reportDate, 1, COLUMN_COUNT, `Ngày báo cáo: ${formatDateVi(input.reportDate)}`, BOLD);

  header(ws, input.texts);
  dataRow(ws, input.values);

  let r = FORM_ROWS.data + 2;
  ws.getCell(r, 1).value = 'Lưu ý:';
  ws.getCell(r++, 1).font = BOLD;
  for (const note of formNotes(input)) {
    ws.mergeCells(r, 1, r, COLUMN_COUNT);
    const cell = ws.getCell(r, 1);
    // The campaign's own words, not a formula even with a leading "-": a string cell is never evaluated.
    cell.value = note;
    cell.font = FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(r++).height = heightForLines(wrappedLines(note, tableWidth));
  }
  ws.pageSetup.printArea = `A1:K${r - 1}`;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The three header rows with the official merges, and the numbering row; each row tall enough for its wrapped text. */
function header(ws: ExcelJS.Worksheet, texts: FormTexts): void {
  const top = FORM_ROWS.header;
  const rows = headerRows(texts);
  const merges = new Map(HEADER_MERGES.map(([r1, c1, r2, c2]) => [`${r1},${c1}`, [r2, c2] as const]));
  const spanWidth = (c1: number, c2: number): number => COLUMN_WIDTHS.slice(c1, c2 + 1).reduce((a, b) => a + b, 0);
  // Lines each header row needs for the cells that lie in it alone; cells spanning two rows are fitted after.
  const lines = [1, 1, 1];
  const tall: Array<{ r1: number; r2: number; lines: number }> = [];
  rows.forEach((row, r) => row.forEach((value, c) => {
    if (value === null) return;
    const [r2, c2] = merges.get(`${r},${c}`) ?? [r, c];
    headerCell(ws, top + r, c + 1, value, r2 !== r || c2 !== c ? [top + r2, c2 + 1] : undefined);
    const needed = wrappedLines(value, spanWidth(c, c2));
    if (r2 === r) lines[r] = Math.max(lines[r]!, needed);
    else tall.push({ r1: r, r2, lines: needed });
  }));
  const heights = lines.map(heightForLines);
  for (const { r1, r2, lines: needed } of tall) {
    const have = heights.slice(r1, r2 + 1).reduce((a, b) => a + b, 0);
    const want = heightForLines(needed);
    if (want > have) heights[r1]! += want - have;
  }
  heights.forEach((height, i) => { ws.getRow(top + i).height = height; });
  ws.getRow(FORM_ROWS.numbering).values = Array.from({ length: COLUMN_COUNT }, (_, i) => i + 1);
  for (let r: number = top; r <= FORM_ROWS.numbering; r++) {
    for (let c = 1; c <= COLUMN_COUNT; c++) {
      const cell = ws.getCell(r, c);
      cell.font = r === FORM_ROWS.numbering ? { ...FONT, italic: true } : BOLD;
      cell.alignment = HEADER_ALIGN;
      cell.border = BORDER;
    }
  }
}

/** The row the province fills: coloured, bold, #,##0, whole numbers ≥ 0 only (Excel says so when typed). */
function dataRow(ws: ExcelJS.Worksheet, values: readonly number[] | undefined): void {
  const row = ws.getRow(FORM_ROWS.data);
  row.height = 24;
  for (let c = 1; c <= COLUMN_COUNT; c++) {
    const cell = row.getCell(c);
    if (values) cell.value = integerCell(values[c - 1]!);
    cell.style = {
      font: BOLD, border: DATA_BORDER, fill: DATA_FILL, numFmt: NUMBER_FORMAT,
      alignment: { horizontal: 'right', vertical: 'middle' },
    };
    const address = cell.address;
    cell.dataValidation = {
      type: 'custom', allowBlank: true, formulae: [`AND(ISNUMBER(${address}),${address}>=0,${address}=INT(${address}))`],
      showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Số liệu không hợp lệ',
      error: `Cột ${c}: nhập một số nguyên không âm (không có thì ghi 0).`,
    };
  }
}
