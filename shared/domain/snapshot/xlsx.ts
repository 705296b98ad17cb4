// The snapshot as a workbook in the official form's layout: the three merged header rows and the
// 1..11 numbering row, one row per province, a bold national total; then the missing provinces and
// the national trend. Written with exceljs; linear in the number of rows.
import type * as ExcelJS from 'exceljs';
import Workbook from 'exceljs/lib/doc/workbook.js';
import { COLUMN_COUNT } from '../report.ts';
import type { Snapshot, SnapshotRow } from './model.ts';
import { formatDateVi, formatInstant, formatPercentChange, percentChange } from '../format.ts';
import { addCharts, changeAxis, type ChartSpec } from './xlsx-chart.ts';
import {
  BODY, BOLD, BORDER, type CellStyle, FLAG_FONT, FLAG_NUMBER, FLAG_WRAP, FONT, HEADER_ALIGN, headerCell, integerCell, LATE_FIX,
  NUMBER_FORMAT, text, titleCell, TOTAL, WRAP, wrappedHeight,
} from './xlsx-style.ts';
import {
  amendmentNote, correctionText, FORM, LABELS, revisionLine, signed, STATUS_LABEL, statusText, trendNote, warningsText, warningSummary,
} from './text.ts';

/** Sheet layout: A STT, B code, C name, D..N the 11 columns, O status, P submission time, Q warnings, R correction. */
const FIRST_DATA_COL = 4;
const STATUS_COL = FIRST_DATA_COL + COLUMN_COUNT; // 15 (O)
const TIME_COL = STATUS_COL + 1; // 16 (P)
const WARNINGS_COL = TIME_COL + 1; // 17 (Q)
const CORRECTION_COL = WARNINGS_COL + 1; // 18 (R)
const LAST_COL = CORRECTION_COL;
export const HEADER_FIRST_ROW = 7;
export const NUMBERING_ROW = 10;
export const FIRST_PROVINCE_ROW = 11;

const STATUS_COLOUR: Record<SnapshotRow['status'], string> = {
  on_time: 'FF1B5E20', late: 'FFB26A00', missing: 'FFB71C1C', rejected_only: 'FFB71C1C',
};

const STATUS_WIDTH = 24;
const NOTE_WIDTH = 24;

const STATUS_STYLE = Object.fromEntries(Object.entries(STATUS_COLOUR).map(([status, argb]) =>
  [status, { font: { ...FONT, color: { argb } }, border: BORDER, alignment: { wrapText: true, vertical: 'top' } }])) as Record<SnapshotRow['status'], CellStyle>;

export async function renderXlsx(snapshot: Snapshot): Promise<Uint8Array> {
  const workbook = new Workbook();
  workbook.creator = 'BHXH Việt Nam - hệ thống tổng hợp báo cáo';
  workbook.created = new Date(snapshot.generatedAt);
  workbook.modified = new Date(snapshot.generatedAt);
  summarySheet(workbook, snapshot);
  missingSheet(workbook, snapshot);
  const chart = trendSheet(workbook, snapshot);
  // Fast deflate: XML rendering and compression dominate a 10,000-row workbook; level 1 halves the
  // compression time for a file a little larger.
  const buffer = await workbook.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } });
  return addCharts(new Uint8Array(buffer), chart ? [chart] : []);
}

function statusLine(snapshot: Snapshot): string {
  const when = formatInstant(snapshot.generatedAt, snapshot.timeZone);
  const deadline = formatInstant(snapshot.deadline, snapshot.timeZone);
  return `${snapshot.final ? LABELS.final : LABELS.provisional} · Số liệu lúc ${when} · Hạn nộp ${deadline} · ${revisionLine(snapshot)}`;
}

function summarySheet(workbook: ExcelJS.Workbook, s: Snapshot): void {
  const ws = workbook.addWorksheet(LABELS.sheetSummary, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: NUMBERING_ROW, topLeftCell: `D${FIRST_PROVINCE_ROW}`, activeCell: 'A1' }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      horizontalCentered: true, printTitlesRow: `${HEADER_FIRST_ROW}:${NUMBERING_ROW}`,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${LABELS.reportDate}: ${formatDateVi(s.date)}&RTrang &P/&N` },
  });
  ws.columns = [
    { width: 5 }, { width: 6 }, { width: 20 },
    ...Array.from({ length: COLUMN_COUNT }, (_, i) => ({ width: i % 2 === 1 || i >= 8 ? 17 : 12 })),
    // The status fits its longest words ("Chỉ có báo cáo bị từ chối"); warnings and corrections, mostly empty,
    // wrap narrow (their rows grow) so a page printed one wide leaves the 11 figures their size.
    { width: STATUS_WIDTH }, { width: 17 }, { width: NOTE_WIDTH }, { width: NOTE_WIDTH },
  ];

  // Title block, as on the official form.
  titleCell(ws, 1, 1, 5, s.texts.agency, BOLD);
  titleCell(ws, 2, 1, 5, s.texts.office, BOLD);
  titleCell(ws, 4, 1, LAST_COL, FORM.title, { ...BOLD, size: 13 });
  titleCell(ws, 5, 1, LAST_COL, `${FORM.subtitle} - ${LABELS.reportDate}: ${formatDateVi(s.date)}`, BOLD);
  titleCell(ws, 6, 1, LAST_COL, statusLine(s), { ...FONT, italic: true });

  // The three header rows with the official merges, shifted right by the three identity columns.
  const h = HEADER_FIRST_ROW;
  const c = (formCol: number): number => FIRST_DATA_COL + formCol - 1; // form column 1..11 → sheet column
  headerCell(ws, h, 1, LABELS.index, [h + 2, 1]);
  headerCell(ws, h, 2, LABELS.code, [h + 2, 2]);
  headerCell(ws, h, 3, LABELS.province, [h + 2, 3]);
  headerCell(ws, h, c(1), s.texts.groups[0], [h, c(4)]);
  headerCell(ws, h, c(5), s.texts.groups[1], [h, c(7)]);
  headerCell(ws, h, c(8), s.texts.groups[2], [h, c(11)]);
  headerCell(ws, h + 1, c(1), FORM.subTotal, [h + 1, c(2)]);
  headerCell(ws, h + 1, c(3), FORM.subThreeMonths, [h + 1, c(4)]);
  headerCell(ws, h + 1, c(5), FORM.actions[0], [h + 2, c(5)]);
  headerCell(ws, h + 1, c(6), FORM.actions[1], [h + 2, c(6)]);
  headerCell(ws, h + 1, c(7), FORM.actions[2], [h + 2, c(7)]);
  headerCell(ws, h + 1, c(8), FORM.subTotal, [h + 1, c(9)]);
  headerCell(ws, h + 1, c(10), FORM.subThreeMonthsTen, [h + 1, c(11)]);
  for (const formCol of [1, 3, 8, 10]) {
    headerCell(ws, h + 2, c(formCol), FORM.units);
    headerCell(ws, h + 2, c(formCol + 1), FORM.amount);
  }
  headerCell(ws, h, STATUS_COL, LABELS.status, [h + 2, STATUS_COL]);
  headerCell(ws, h, TIME_COL, LABELS.submittedAt, [h + 2, TIME_COL]);
  headerCell(ws, h, WARNINGS_COL, LABELS.warnings, [h + 2, WARNINGS_COL]);
  headerCell(ws, h, CORRECTION_COL, LABELS.correction, [h + 2, CORRECTION_COL]);
  // Numbering row: letters for the descriptive columns (Vietnamese form usage), 1..11 for the data.
  const numbering: (string | number)[] = ['A', 'B', 'C', ...Array.from({ length: COLUMN_COUNT }, (_, i) => i + 1), 'D', 'E', 'F', 'G'];
  ws.getRow(NUMBERING_ROW).values = numbering;
  for (let r = h; r <= NUMBERING_ROW; r++) {
    const row = ws.getRow(r);
    for (let col = 1; col <= LAST_COL; col++) {
      const cell = row.getCell(col);
      cell.font = r === NUMBERING_ROW ? { ...FONT, italic: true } : BOLD;
      cell.alignment = HEADER_ALIGN;
      cell.border = BORDER;
    }
  }
  ws.getRow(h).height = 48;
  ws.getRow(h + 1).height = 78;
  ws.getRow(h + 2).height = 32;

  // One row per province, registry order.
  let r = FIRST_PROVINCE_ROW;
  for (const [i, p] of s.rows.entries()) {
    const row = ws.getRow(r++);
    const cells: (string | number | null)[] = [i + 1, text(p.code), text(p.name)];
    for (let k = 0; k < COLUMN_COUNT; k++) cells.push(p.values ? p.values[k]! : null);
    const [status, warnings, correction] = [statusText(p, s.timeZone), warningsText(p.warnings), p.correction ? correctionText(p.correction, s.timeZone) : ''];
    cells.push(text(status), p.submittedAt ? text(formatInstant(p.submittedAt, s.timeZone)) : null);
    cells.push(text(warnings) || null, correction ? text(correction) : null);
    row.values = cells;
    // Rows with notes grow to their wrapped text; the others keep the default height.
    if (warnings || correction || p.correctedAt) row.height = wrappedHeight([status, warnings, correction], [STATUS_WIDTH, NOTE_WIDTH, NOTE_WIDTH]);
    styleBodyRow(row, BODY, STATUS_STYLE[p.status]);
    if (p.baselineChanged) {
      for (let col = FIRST_DATA_COL; col < FIRST_DATA_COL + 4; col++) row.getCell(col).style = FLAG_NUMBER;
      row.getCell(WARNINGS_COL).style = FLAG_WRAP;
    }
    if (p.correction?.afterDeadline) row.getCell(CORRECTION_COL).style = LATE_FIX;
  }

  // The national total, bold.
  const totalRow = ws.getRow(r);
  totalRow.values = [
    text(LABELS.total), null, null, ...s.total.map(integerCell),
    text(`Đã nộp ${s.counts.onTime + s.counts.late}/${s.counts.expected}`), null, text(`${s.counts.warned} báo cáo có cảnh báo`), null,
  ];
  ws.mergeCells(r, 1, r, 3);
  styleBodyRow(totalRow, TOTAL, TOTAL.text);
  r += 2;

  const amendment = amendmentNote(s);
  ws.getCell(r++, 1).value = text('Lưu ý:');
  ws.getCell(r - 1, 1).font = BOLD;
  const notes = [
    ...s.texts.notes,
    `- Tình trạng: ${s.counts.onTime} tỉnh nộp đúng hạn, ${s.counts.late} tỉnh nộp muộn, ${s.counts.missing} tỉnh chưa nộp`
      + (s.counts.rejectedOnly ? ` (trong đó ${s.counts.rejectedOnly} tỉnh chỉ có báo cáo bị từ chối)` : '') + '.',
    '- Tỉnh chưa nộp để trống số liệu (không tính là 0).',
    `- ${warningSummary(s)}`,
    ...(amendment ? [`- ${amendment}`] : []),
  ];
  // A changed baseline and a rebuilt final snapshot are what the reader must not miss.
  const loud = new Set([...(s.counts.baselineChanged ? [`- ${warningSummary(s)}`] : []), ...(amendment ? [`- ${amendment}`] : [])]);
  for (const note of notes) {
    ws.mergeCells(r, 1, r, LAST_COL);
    const cell = ws.getCell(r++, 1);
    // Our own wording (a string cell is never a formula in xlsx): no apostrophe before the "- ".
    cell.value = note;
    cell.font = loud.has(note) ? FLAG_FONT : FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(r - 1).height = Math.max(15, Math.ceil(note.length / 220) * 15);
  }
  ws.pageSetup.printArea = `A1:${ws.getColumn(LAST_COL).letter}${r - 1}`;
}

function styleBodyRow(row: ExcelJS.Row, styles: typeof BODY, statusStyle: CellStyle): void {
  for (let col = 1; col <= LAST_COL; col++) {
    row.getCell(col).style = col <= 2 ? styles.center
      : col < FIRST_DATA_COL || col === TIME_COL ? styles.text
        : col === STATUS_COL ? statusStyle
          : col >= WARNINGS_COL ? WRAP
            : styles.number;
  }
}

function simpleHeader(ws: ExcelJS.Worksheet, rowNumber: number, labels: string[]): void {
  const row = ws.getRow(rowNumber);
  row.values = labels.map(text);
  for (let col = 1; col <= labels.length; col++) {
    const cell = row.getCell(col);
    cell.font = BOLD;
    cell.alignment = HEADER_ALIGN;
    cell.border = BORDER;
  }
}

function missingSheet(workbook: ExcelJS.Workbook, s: Snapshot): void {
  const ws = workbook.addWorksheet(LABELS.sheetMissing, {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const widths = [5, 8, 24, 28, 14];
  ws.columns = widths.map((width) => ({ width }));
  titleCell(ws, 1, 1, 5, `DANH SÁCH TỈNH/THÀNH PHỐ CHƯA NỘP BÁO CÁO - ${LABELS.reportDate}: ${formatDateVi(s.date)}`, BOLD);
  const labels = [LABELS.index, LABELS.code, LABELS.province, LABELS.status, LABELS.rejectedCount];
  simpleHeader(ws, 3, labels);
  // Tall enough for the longest wrapped heading ("Số lần nộp bị từ chối" takes two lines).
  ws.getRow(3).height = wrappedHeight(labels, widths);
  let r = 4;
  let n = 0;
  for (const p of s.rows) {
    if (p.status !== 'missing' && p.status !== 'rejected_only') continue;
    const row = ws.getRow(r++);
    row.values = [++n, text(p.code), text(p.name), text(STATUS_LABEL[p.status]), p.rejectedCount];
    for (let col = 1; col <= 5; col++) {
      row.getCell(col).border = BORDER;
      row.getCell(col).font = FONT;
    }
  }
  if (n === 0) {
    ws.mergeCells(r, 1, r, 5);
    ws.getCell(r, 1).value = text(LABELS.noneMissing);
  }
}

/** The trend sheet; returns its chart (none without a single % change to draw). */
function trendSheet(workbook: ExcelJS.Workbook, s: Snapshot): ChartSpec | null {
  const ws = workbook.addWorksheet(LABELS.sheetTrend, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: TREND_HEADER_ROW }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      // The header row repeats on every printed page.
      printTitlesRow: `${TREND_HEADER_ROW}:${TREND_HEADER_ROW}`,
    },
  });
  const width = TREND_REFERENCE_COL;
  const widths = [13, 10, 12, ...Array.from({ length: COLUMN_COUNT }, () => 16), 22, 12, 12];
  ws.columns = widths.map((w) => ({ width: w }));
  titleCell(ws, 1, 1, width, `XU HƯỚNG TOÀN QUỐC TỪ ĐẦU ĐỢT ĐẾN NGÀY ${formatDateVi(s.date)}`, BOLD);
  ws.mergeCells(2, 1, 2, width);
  ws.getCell(2, 1).value = text(trendNote(s));
  ws.getCell(2, 1).font = { ...FONT, italic: true };
  ws.getCell(2, 1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 30;
  const labels = [
    LABELS.reportDate, LABELS.reported, LABELS.compared,
    ...s.texts.columnLabels.map((label, i) => `${label} (cột ${i + 1})`),
    s.texts.lateChange, LABELS.lateChangePct, LABELS.chartReference,
  ];
  simpleHeader(ws, TREND_HEADER_ROW, labels);
  // Tall enough for the longest wrapped label, so a printed header never runs into the first data row.
  ws.getRow(TREND_HEADER_ROW).height = wrappedHeight(labels, widths);
  let r = TREND_HEADER_ROW + 1;
  for (const point of s.trend) {
    const row = ws.getRow(r++);
    const cells: (string | number | null)[] = [text(formatDateVi(point.date)), point.reported, point.compared];
    if (point.total) {
      const pct = percentChange(point.lateAmountChange!, point.total[1]!);
      cells.push(...point.total.map(integerCell), integerCell(point.lateAmountChange!), pct, pct === null ? null : 0);
    } else {
      cells.push(...Array.from({ length: COLUMN_COUNT + 3 }, () => null));
    }
    row.values = cells;
    for (let col = 1; col <= width; col++) {
      const cell = row.getCell(col);
      cell.border = BORDER;
      cell.font = point.date === s.date ? BOLD : FONT;
      if (col >= 4 && col < TREND_PCT_COL) cell.numFmt = NUMBER_FORMAT;
      if (col >= TREND_PCT_COL) cell.numFmt = '0.0"%"';
    }
  }
  // No data bars on the change columns: in a campaign every change is a reduction, and bars drawn on
  // negative values fill the cells red (LibreOffice, Excel), as an alarm for good news. The chart below shows it.
  const chart = trendChart(s, r + 1);
  ws.pageSetup.printArea = `A1:${ws.getColumn(width).letter}${chart ? chart.to.row : r - 1}`;
  return chart;
}

export const TREND_HEADER_ROW = 3;
/** Trend sheet columns: A date, B reported, C compared, D..N the 11 totals, O change, P % change, Q the chart's 0 % reference. */
export const TREND_PCT_COL = 3 + COLUMN_COUNT + 2;
export const TREND_REFERENCE_COL = TREND_PCT_COL + 1;

/**
 * The trend as a native line chart under the table (from `top`): the % change of col 9 against col 2
 * per date (column P, like with like as in the table) and the baseline as a dashed 0 % reference line
 * (column Q), on the html chart's axis (it spans the changes only, so a 1 % change shows); the title
 * gives the latest change in % and in đồng.
 */
function trendChart(s: Snapshot, top: number): ChartSpec | null {
  const rows = { first: TREND_HEADER_ROW + 1, last: TREND_HEADER_ROW + s.trend.length };
  const pcts = s.trend.map((t) => (t.total ? percentChange(t.lateAmountChange!, t.total[1]!) : null));
  const lastIndex = pcts.findLastIndex((p) => p !== null);
  if (lastIndex < 0) return null;
  const last = s.trend[lastIndex]!;
  const change = `${formatPercentChange(last.lateAmountChange!, last.total![1]!)} (${signed(last.lateAmountChange!)} đồng)`;
  const title = [
    `Số tiền chậm đóng toàn quốc so với ${s.texts.baselineShort}`,
    `Đến ngày ${formatDateVi(last.date)}: ${change}, ${last.compared} tỉnh so sánh`,
  ];
  return {
    kind: 'line', sheet: LABELS.sheetTrend, from: { col: 1, row: top }, to: { col: 10, row: top + 24 },
    title, description: `${title.join('. ')}.`,
    categories: { ref: { col: 1, ...rows }, labels: s.trend.map((t) => formatDateVi(t.date)) },
    series: [
      { name: LABELS.chartChange, ref: { col: TREND_PCT_COL, ...rows }, values: pcts, colour: 'C62828', markers: true, labelPoint: lastIndex },
      {
        name: `Gốc: số tiền ${s.texts.baselineShort} (cột 2) = 0 %`, ref: { col: TREND_REFERENCE_COL, ...rows },
        values: pcts.map((p) => (p === null ? null : 0)), colour: '424242', dashed: true,
      },
    ],
    valueAxis: { ...changeAxis(pcts.filter((p) => p !== null)), title: '% so với gốc' },
  };
}
