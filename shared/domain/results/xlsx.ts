// The results as an xlsx laid out like an official table (the national summary's styles), the
// ranking drawn as a bar chart under it. Loaded at the first one rendered (it brings exceljs).
import type * as ExcelJS from 'exceljs';
import Workbook from 'exceljs/lib/doc/workbook.js';
import { formatDateVi, formatInstant } from '../format.ts';
import type { FormTexts } from '../snapshot/text.ts';
import { LABELS } from '../snapshot/text.ts';
import { addCharts, changeAxis, type ChartSpec } from '../snapshot/xlsx-chart.ts';
import {
  BODY, BOLD, BORDER, type CellStyle, FONT, HEADER_ALIGN, integerCell, NUMBER_FORMAT, text, titleCell, TOTAL,
} from '../snapshot/xlsx-style.ts';
import { displayValue, resultFields, type FieldValue, type ResultField } from './fields.ts';
import type { Results, ResultsRow } from './model.ts';
import { FIELD_NOTES, rankingNote, RESULTS_TITLE } from './render.ts';

const GROUPS: ReadonlyArray<{ label: string; keys: RegExp }> = [
  { label: 'Tỉnh/Thành phố', keys: /^(rank|mark|code|name|status)$/ },
  { label: 'Tổng số tiền chậm đóng phải tính lãi', keys: /^lateAmount/ },
  { label: 'Số tiền chậm đóng từ 3 tháng trở lên', keys: /^overdueAmount/ },
  { label: 'Số đơn vị chậm đóng phải tính lãi', keys: /^lateUnits/ },
  { label: 'Giải pháp đã triển khai trên một đơn vị chậm đóng', keys: /PerLateUnit$/ },
  { label: 'Số ngày báo cáo từ đầu đợt', keys: /^days/ },
  { label: 'Ngày báo cáo', keys: /^(warnings|baselineChanged|corrected)$/ },
];

const MARK_FILL: Record<string, ExcelJS.Fill> = {
  top: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC8E6C9' } },
  bottom: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCDD2' } },
};
const PERCENT: CellStyle = { ...BODY.number, numFmt: '0.0"%"' };
const RATIO: CellStyle = { ...BODY.number, numFmt: '0.00' };
const TOTAL_PERCENT: CellStyle = { ...TOTAL.number, numFmt: '0.0"%"' };
const TOTAL_RATIO: CellStyle = { ...TOTAL.number, numFmt: '0.00' };
const MARKED = Object.fromEntries(Object.entries(MARK_FILL).map(([mark, fill]) => [mark, { ...BODY.text, fill }])) as Record<string, CellStyle>;

const RESULTS_SHEET = 'Kết quả';
const HEADER_ROW = 7;
const FIRST_ROW = HEADER_ROW + 3;

export async function renderResultsXlsx(r: Results, texts: FormTexts): Promise<Uint8Array> {
  const fields = resultFields(texts);
  const workbook = new Workbook();
  workbook.creator = 'BHXH Việt Nam - hệ thống tổng hợp báo cáo';
  workbook.created = new Date(r.generatedAt);
  workbook.modified = new Date(r.generatedAt);
  const last = fields.length;
  const ws = workbook.addWorksheet(RESULTS_SHEET, {
    views: [{ state: 'frozen', xSplit: 4, ySplit: FIRST_ROW, activeCell: 'A1' }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${FIRST_ROW - 1}`,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${LABELS.reportDate}: ${formatDateVi(r.date)}&RTrang &P/&N` },
  });
  ws.columns = fields.map((f) => ({ width: f.key === 'name' ? 20 : f.kind === 'integer' && /Amount/.test(f.key) ? 18 : f.key === 'status' ? 14 : 10 }));
  titleCell(ws, 1, 1, 5, texts.agency, BOLD);
  titleCell(ws, 2, 1, 5, texts.office, BOLD);
  titleCell(ws, 4, 1, last, RESULTS_TITLE, { ...BOLD, size: 13 });
  titleCell(ws, 5, 1, last, `${LABELS.reportDate}: ${formatDateVi(r.date)} · ${r.final ? LABELS.final : LABELS.provisional} · Số liệu lúc ${formatInstant(r.generatedAt, r.timeZone)}`, { ...FONT, italic: true });

  // Group row, then each field's label, then the column numbers (as on the official form).
  let col = 1;
  for (const group of GROUPS) {
    const span = fields.filter((f) => group.keys.test(f.key)).length;
    ws.mergeCells(HEADER_ROW, col, HEADER_ROW, col + span - 1);
    ws.getCell(HEADER_ROW, col).value = text(group.label);
    col += span;
  }
  ws.getRow(HEADER_ROW + 1).values = fields.map((f) => text(f.label));
  ws.getRow(HEADER_ROW + 2).values = fields.map((_, i) => i + 1);
  for (let row = HEADER_ROW; row < FIRST_ROW; row++) {
    for (let c = 1; c <= last; c++) {
      const cell = ws.getCell(row, c);
      cell.font = row === FIRST_ROW - 1 ? { ...FONT, italic: true } : BOLD;
      cell.alignment = HEADER_ALIGN;
      cell.border = BORDER;
    }
  }
  ws.getRow(HEADER_ROW).height = 32;
  ws.getRow(HEADER_ROW + 1).height = 96;

  const write = (rowNumber: number, values: FieldValue[], total: boolean, mark: string | null): void => {
    const row = ws.getRow(rowNumber);
    row.values = values.map((v, i) => {
      const f = fields[i]!;
      const shown = displayValue(f, v);
      if (shown === null || shown === undefined) return null;
      if (typeof shown === 'bigint') return integerCell(shown);
      if (typeof shown === 'boolean') return shown ? 'Có' : null;
      return typeof shown === 'string' ? text(shown) : shown;
    });
    fields.forEach((f, i) => {
      const styles = total ? TOTAL : BODY;
      row.getCell(i + 1).style = f.kind === 'percent' ? (total ? TOTAL_PERCENT : PERCENT)
        : f.kind === 'ratio' ? (total ? TOTAL_RATIO : RATIO)
          : f.kind === 'integer' ? styles.number
            : mark && (f.key === 'name' || f.key === 'mark') ? MARKED[mark]!
              : styles.text;
    });
  };
  write(FIRST_ROW, fields.map((f) => (f.national ? f.national(r.national) : null)), true, null);
  r.rows.forEach((row: ResultsRow, i) => write(FIRST_ROW + 1 + i, fields.map((f) => f.value(row)), false, row.mark));

  let note = FIRST_ROW + r.rows.length + 2;
  for (const line of [rankingNote(r, texts), ...FIELD_NOTES]) {
    ws.mergeCells(note, 1, note, last);
    const cell = ws.getCell(note++, 1);
    cell.value = text(line);
    cell.font = FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(note - 1).height = 30;
  }
  ws.getColumn(1).numFmt = NUMBER_FORMAT;
  const chart = rankingChart(r, texts, fields, note + 1);
  // The chart prints on a page of its own, never cut by a page break.
  if (chart) ws.getRow(note).addPageBreak();
  ws.pageSetup.printArea = `A1:${ws.getColumn(last).letter}${chart ? chart.to.row : note - 1}`;
  const buffer = await workbook.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } });
  return addCharts(new Uint8Array(buffer), chart ? [chart] : []);
}

const MARK_COLOUR: Record<string, string> = { top: '2E7D32', bottom: 'C62828' };

/**
 * The ranking as a bar chart under the notes (from `top`): one bar per ranked province (they are the
 * first rows of the table), its late amount's % change against the baseline, the largest reduction on
 * top, the marked ends in green and red. None when no province is ranked.
 */
function rankingChart(r: Results, texts: FormTexts, fields: readonly ResultField[], top: number): ChartSpec | null {
  const ranked = r.rows.filter((row) => row.rank !== null);
  if (!ranked.length) return null;
  const column = (key: string): number => fields.findIndex((f) => f.key === key) + 1;
  const rows = { first: FIRST_ROW + 1, last: FIRST_ROW + ranked.length };
  const pcts = ranked.map((row) => row.lateAmount!.changePct!);
  const title = [
    `Tỷ lệ thay đổi số tiền chậm đóng so với ${texts.baselineShort} (cột 9 so với cột 2), ngày ${formatDateVi(r.date)}`,
    'Giảm nhiều nhất ở trên cùng; màu xanh: Nhóm đầu, màu đỏ: Nhóm cuối',
  ];
  return {
    kind: 'bar', sheet: RESULTS_SHEET, from: { col: 1, row: top }, to: { col: 14, row: top + Math.max(16, Math.ceil(ranked.length * 0.9) + 8) },
    title, description: `${title.join('. ')}.`,
    categories: { ref: { col: column('name'), ...rows }, labels: ranked.map((row) => text(row.name)) },
    series: [{
      name: 'Thay đổi so với gốc (%)', ref: { col: column('lateAmountChangePct'), ...rows }, values: pcts, colour: '607D8B',
      pointColours: ranked.map((row) => (row.mark ? MARK_COLOUR[row.mark]! : null)),
    }],
    valueAxis: changeAxis(pcts),
  };
}

