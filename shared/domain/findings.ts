// Every error and warning a file can earn: a stable code and the Vietnamese sentence a
// provincial clerk reads. The codes are a contract (JSON output, stored error reports).
import type { Province } from './campaign.ts';
import { formatBytes, formatInteger } from './format.ts';
import type { Finding, ValueSource, Verdict } from './report.ts';
import { clip as clipTo, FIELD_LIMITS, withoutBidi } from './shown-text.ts';

const columnName = (col: number): string => `cột ${col}`;

/** Error findings: each rejects the file. */
export const errors = {
  emptyFile: (): Finding => ({ code: 'empty-file', message: 'Tệp rỗng (0 byte). Vui lòng lưu lại báo cáo và tải lên lại.' }),
  fileTooLarge: (bytes: number, maxBytes: number): Finding => ({
    code: 'file-too-large',
    message: `Tệp quá lớn (${formatBytes(bytes)}); báo cáo ngày chỉ được tối đa ${formatBytes(maxBytes)}. Vui lòng chỉ gửi mẫu báo cáo.`,
  }),
  fileType: (what: string): Finding => ({
    code: 'file-type',
    message: `Tệp không phải bảng tính (${what}). Chỉ nhận tệp Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV.`,
  }),
  macroEnabled: (): Finding => ({
    code: 'file-macro',
    message: 'Tệp có chứa macro (.xlsm) nên không được nhận vì lý do an toàn. Vui lòng lưu lại dưới dạng .xlsx rồi tải lên.',
  }),
  encrypted: (): Finding => ({
    code: 'file-encrypted',
    message: 'Tệp được đặt mật khẩu nên không đọc được. Vui lòng bỏ mật khẩu rồi tải lên lại.',
  }),
  csvEncoding: (): Finding => ({
    code: 'csv-encoding',
    message: 'Tệp CSV không lưu theo bảng mã UTF-8 nên chữ tiếng Việt không đọc đúng được. Vui lòng lưu lại bằng Excel, chọn kiểu "CSV UTF-8 (Comma delimited)", hoặc gửi tệp .xlsx.',
  }),
  corrupt: (): Finding => ({
    code: 'file-corrupt',
    message: 'Tệp bị hỏng hoặc không đầy đủ, không mở được. Vui lòng mở lại bằng Excel, lưu lại rồi tải lên.',
  }),
  tooComplex: (why: string): Finding => ({
    code: 'file-too-complex',
    message: `Tệp có cấu trúc bất thường nên không được xử lý (${why}). Vui lòng chỉ gửi mẫu báo cáo, lưu bằng Excel.`,
  }),
  noReportTable: (): Finding => ({
    code: 'no-report-table',
    message: 'Không tìm thấy bảng báo cáo: thiếu dòng đánh số cột 1, 2, …, 11 dưới tiêu đề bảng. Vui lòng dùng đúng mẫu báo cáo.',
  }),
  elevenColumns: (found: number, cell?: string): Finding => ({
    code: 'eleven-columns',
    message: `Bảng báo cáo phải có đủ 11 cột (đánh số 1 đến 11); tệp chỉ có ${found} cột. Vui lòng dùng đúng mẫu báo cáo.`,
    ...(cell ? { cell } : {}),
  }),
  hiddenReport: (where: string): Finding => ({
    code: 'hidden-report',
    message: `Báo cáo nằm ở phần bị ẩn của tệp (${where}) nên không được đọc: hệ thống chỉ đọc những gì hiển thị. Vui lòng bỏ ẩn báo cáo (hoặc xóa phần thừa) rồi tải lên lại.`,
  }),
  severalReports: (sheets: ReadonlyArray<{ sheet: string; row?: number; date?: string }>): Finding => ({
    code: 'several-reports',
    message: `Tệp có ${sheets.length} báo cáo đã điền số liệu (${sheets.map((s) => `trang "${clip(s.sheet)}"${s.row ? ` từ dòng ${s.row}` : ''}${s.date ? ` ngày ${s.date}` : ''}`).join('; ')}). Mỗi tệp chỉ được chứa một báo cáo: vui lòng gửi mỗi ngày báo cáo thành một tệp riêng.`,
  }),
  formulaNoValue: (col: number, cell: string): Finding => ({
    code: 'formula-no-value',
    message: `${capitalise(columnName(col))} có công thức chưa có giá trị: mở tệp bằng Excel và lưu lại rồi tải lên.`,
    cell,
  }),
  formulaError: (col: number, cell: string, text: string): Finding => ({
    code: 'formula-error',
    message: `${capitalise(columnName(col))} có công thức bị lỗi (${clip(text)}); vui lòng sửa công thức hoặc nhập số rồi tải lên lại.`,
    cell,
  }),
  /** A formula whose saved value is not what the formula gives from the cells it names (saved without recalculating). */
  formulaStale: (col: number, cell: string, saved: string, computed: string): Finding => ({
    code: 'formula-stale',
    message: `${capitalise(columnName(col))} là công thức nhưng giá trị lưu trong tệp (${saved}) khác với kết quả công thức tính từ các ô nó tham chiếu (${computed}): `
      + 'tệp được lưu khi chưa tính lại công thức (thường do phần mềm khác ghi tệp). Hệ thống không chọn số nào. Vui lòng mở tệp bằng Excel, tính lại (Ctrl+Alt+F9), lưu lại rồi tải lên.',
    cell,
  }),
  noDataRow: (cell: string): Finding => ({
    code: 'no-data-row',
    message: 'Dòng số liệu (ngay dưới dòng đánh số cột 1 … 11) đang để trống.',
    cell,
  }),
  mergedDataCell: (col: number, cell: string, range: string): Finding => ({
    code: 'merged-data-cell',
    message: `${capitalise(columnName(col))} nằm trong ô gộp ${range} trải qua nhiều cột, nên không biết số liệu thuộc cột nào. `
      + 'Vui lòng bỏ gộp ô và ghi mỗi số vào đúng cột của nó rồi gửi lại.',
    cell,
  }),
  emptyCell: (col: number, cell: string): Finding => ({
    code: 'empty-cell',
    message: `${capitalise(columnName(col))} để trống; phải nhập số (nếu không có thì nhập 0).`,
    cell,
  }),
  notANumber: (col: number, cell: string, text: string): Finding => ({
    code: 'not-a-number',
    message: `${capitalise(columnName(col))} phải là số, nhưng đang ghi "${clip(text)}".`,
    cell,
  }),
  notWhole: (col: number, cell: string, text: string): Finding => ({
    code: 'not-whole',
    message: `${capitalise(columnName(col))} phải là số nguyên, nhưng đang là ${clip(text)}.`,
    cell,
  }),
  negative: (col: number, cell: string, text: string): Finding => ({
    code: 'negative',
    message: `${capitalise(columnName(col))} không được là số âm (đang là ${clip(text)}).`,
    cell,
  }),
  tooLargeNumber: (col: number, cell: string, text: string): Finding => ({
    code: 'number-too-large',
    message: `${capitalise(columnName(col))} có giá trị quá lớn, không thể là số liệu thật (${clip(text)}).`,
    cell,
  }),
  partExceedsTotal: (part: number, total: number, cell: string): Finding => ({
    code: `col${part}-gt-col${total}`,
    message: `${capitalise(columnName(part))} không được lớn hơn ${columnName(total)}: số chậm đóng từ 3 tháng trở lên là một phần của tổng số.`,
    cell,
  }),
  countAmountMismatch: (countCol: number, amountCol: number, cell: string, countIsZero: boolean): Finding => ({
    code: `col${countCol}-col${amountCol}-mismatch`,
    message: countIsZero
      ? `${capitalise(columnName(countCol))} bằng 0 nhưng ${columnName(amountCol)} khác 0: không có đơn vị thì không thể có số tiền chậm đóng.`
      : `${capitalise(columnName(countCol))} khác 0 nhưng ${columnName(amountCol)} bằng 0: có đơn vị chậm đóng thì phải có số tiền.`,
    cell,
  }),
  /** `example`: a date of the campaign, dd/mm/yyyy. */
  strayCell: (cell: string, text: string): Finding => ({
    code: 'stray-cell',
    message: `Ô ${cell} có nội dung "${clip(text)}" nằm trong vùng bảng số liệu nhưng không thuộc cột nào từ 1 đến 11 (cũng không thuộc cột "Ghi chú"). `
      + 'Hệ thống không biết nội dung này có ý nghĩa gì nên không nhận tệp. Vui lòng xóa nội dung đó (hoặc chuyển vào cột "Ghi chú") rồi gửi lại.',
    cell,
  }),
  /** Several rows of numbers under the numbering row that cannot be read as one report; `why` says what is missing. */
  severalDataRows: (rows: readonly TableRow[], why: string): Finding => ({
    code: 'several-data-rows',
    message: `Dưới dòng đánh số cột có ${rows.length} dòng số liệu (${rowList(rows)}); ${why} `
      + 'Mỗi báo cáo chỉ có một dòng số liệu của cả tỉnh (hoặc các dòng chi tiết kèm một dòng "Tổng cộng" bằng đúng tổng của chúng). Vui lòng sửa lại rồi gửi lại.',
  }),
  /** Rows dated in their label, none of them with the report date. */
  dataRowDate: (rows: readonly TableRow[], reportDate: string): Finding => ({
    code: 'data-row-date',
    message: `Dòng số liệu ghi ngày khác ngày báo cáo ${reportDate} (${rowList(rows)}). Vui lòng để lại dòng số liệu của ngày ${reportDate} rồi gửi lại.`,
  }),
  /** The one row of numbers says it is not the report day's figures (yesterday's, a ratio, a plan). */
  dataRowLabel: (row: TableRow): Finding => ({
    code: 'data-row-label',
    message: `Dòng số liệu duy nhất (${rowList([row])}) ghi là số liệu khác (kỳ trước, tỷ lệ, so sánh hoặc kế hoạch), không phải số liệu của ngày báo cáo. `
      + 'Hệ thống không đọc dòng này thay cho số liệu ngày báo cáo. Vui lòng nhập số liệu của ngày báo cáo vào bảng (và xóa dòng kia) rồi gửi lại.',
  }),
  /** Rows of numbers below the line where the table ends (the notes or signature start at `endRow`). */
  valuesBelowTable: (rows: readonly TableRow[], endRow: number): Finding => ({
    code: 'values-below-table',
    message: `Bảng số liệu kết thúc ở dòng ${endRow} (phần "Lưu ý" hoặc chữ ký), nhưng bên dưới còn dòng có số liệu (${rowList(rows)}). `
      + 'Hệ thống không biết các số này thuộc báo cáo nào nên không nhận tệp. Vui lòng xóa các dòng đó hoặc đưa số liệu đúng vào bảng rồi gửi lại.',
  }),
  amountUnit: (declaration: string, unit: string, cell?: string): Finding => ({
    code: 'amount-unit',
    message: `${cell ? 'Tệp ghi đơn vị tính' : 'Tên trang tính ghi đơn vị'} "${clip(declaration)}" (${unit}), nhưng mẫu báo cáo tính số tiền chậm đóng bằng đồng Việt Nam. `
      + 'Để không ghi sai số liệu, hệ thống không tự quy đổi: vui lòng nhập số tiền bằng đồng (ví dụ 44.219 triệu đồng ghi là 44.219.000.000), bỏ đơn vị tính khác, rồi gửi lại.',
    ...(cell ? { cell } : {}),
  }),
  dateCellInData: (col: number, cell: string, shown: string): Finding => ({
    code: 'date-in-data-cell',
    message: `${capitalise(columnName(col))} đang là ngày tháng (${shown}), không phải số. Vui lòng định dạng ô là số (Number) và nhập lại số liệu.`,
    cell,
  }),
  weekdayMismatch: (text: string, date: string, written: string, actual: string, cell?: string): Finding => ({
    code: 'bad-report-date',
    message: `Ngày báo cáo "${clip(text)}" không rõ ràng: ngày ${date} là ${actual}, không phải ${written}. Vui lòng ghi lại đúng ngày báo cáo.`,
    ...(cell ? { cell } : {}),
  }),
  dateWithoutYear: (text: string, matches: readonly string[], cell?: string): Finding => ({
    code: 'bad-report-date',
    message: matches.length === 0
      ? `Ngày báo cáo "${clip(text)}" không ghi năm và không trùng ngày nào của đợt báo cáo. Vui lòng ghi đủ ngày/tháng/năm.`
      : `Ngày báo cáo "${clip(text)}" không ghi năm nên có thể là ${matches.join(' hoặc ')}. Vui lòng ghi đủ ngày/tháng/năm.`,
    ...(cell ? { cell } : {}),
  }),
  noReportDate: (example: string): Finding => ({
    code: 'no-report-date',
    message: `Không đọc được ngày báo cáo. Vui lòng ghi "Ngày báo cáo: dd/mm/yyyy" (ví dụ ${example}).`,
  }),
  badReportDate: (text: string, example: string, cell?: string): Finding => ({
    code: 'bad-report-date',
    message: `Ngày báo cáo "${clip(text)}" không phải ngày hợp lệ. Vui lòng ghi theo dạng dd/mm/yyyy (ví dụ ${example}).`,
    ...(cell ? { cell } : {}),
  }),
  dateOutsideCampaign: (date: string, first: string, last: string, cell?: string): Finding => ({
    code: 'date-outside-campaign',
    message: `Ngày báo cáo ${date} nằm ngoài đợt báo cáo (từ ${first} đến ${last}).`,
    ...(cell ? { cell } : {}),
  }),
  noProvince: (): Finding => ({
    code: 'no-province',
    message: 'Không đọc được tên tỉnh/thành phố. Vui lòng ghi dòng "BẢO HIỂM XÃ HỘI TỈNH …" hoặc "BẢO HIỂM XÃ HỘI THÀNH PHỐ …" ở đầu báo cáo.',
  }),
  mergedProvince: (text: string, former: string, current: Province, cell?: string): Finding => ({
    code: 'merged-province',
    message: `"${clip(text)}": ${former} đã được sáp nhập vào ${current.kind === 'thanh_pho' ? 'thành phố' : 'tỉnh'} ${current.name} (mã ${current.code}). `
      + `Vui lòng ghi "BẢO HIỂM XÃ HỘI ${current.kind === 'thanh_pho' ? 'THÀNH PHỐ' : 'TỈNH'} ${current.name.toUpperCase()}" và nộp báo cáo của ${current.name}.`,
    ...(cell ? { cell } : {}),
  }),
  unknownProvince: (text: string, cell?: string): Finding => ({
    code: 'unknown-province',
    message: `Không nhận ra tỉnh/thành phố "${clip(text)}". Vui lòng ghi đúng tên tỉnh/thành phố.`,
    ...(cell ? { cell } : {}),
  }),
  provinceMismatch: (named: string, uploadedFor: string, cell?: string): Finding => ({
    code: 'province-mismatch',
    message: `Báo cáo ghi là của ${named} nhưng được gửi vào thư mục của ${uploadedFor}. Vui lòng gửi đúng báo cáo của đơn vị mình.`,
    ...(cell ? { cell } : {}),
  }),
  noProvinceFolder: (fileName: string): Finding => ({
    code: 'no-province-folder',
    message: `Tệp "${clip(fileName)}" không nằm trong thư mục của tỉnh nào. Tệp phải được đặt trong thư mục incoming/<mã tỉnh>/ (ví dụ incoming/27/bao-cao.xlsx).`,
  }),
  badUploadKey: (key: string): Finding => ({
    code: 'bad-upload-key',
    message: `Đường dẫn tải lên "${clip(key)}" có một đoạn rỗng, "." hoặc ".." nên không được nhận. Vui lòng tải tệp thẳng vào thư mục incoming/<mã tỉnh>/ của đơn vị mình.`,
  }),
  unknownUploadProvince: (code: string): Finding => ({
    code: 'unknown-upload-province',
    message: `Mã tỉnh "${clip(code)}" trong đường dẫn tải lên không có trong danh sách của đợt báo cáo.`,
  }),
} as const;

/** Warning findings: kept with the report and shown to the province. */
export const warnings = {
  emptyCellAsZero: (col: number, cell: string): Finding => ({
    code: 'empty-cell-zero',
    message: `${capitalise(columnName(col))} để trống nên được tính là 0. Nếu không đúng, vui lòng gửi lại báo cáo.`,
    cell,
  }),
  hiddenSheet: (sheet: string): Finding => ({
    code: 'hidden-sheet',
    message: `Trang tính "${clip(sheet)}" bị ẩn và có dạng báo cáo nhưng không được đọc. Nếu số liệu đúng nằm ở đó, vui lòng bỏ ẩn và gửi lại.`,
  }),
  hiddenRow: (row: number): Finding => ({
    code: 'hidden-row',
    message: `Hàng ${row} bị ẩn, không được đọc. Nếu số liệu đúng nằm ở hàng này, vui lòng bỏ ẩn và gửi lại.`,
  }),
  hiddenColumn: (column: string): Finding => ({
    code: 'hidden-column',
    message: `Cột ${column} bị ẩn, không được đọc. Nếu số liệu đúng nằm ở cột này, vui lòng bỏ ẩn và gửi lại.`,
  }),
  baselineChanged: (col: number, cell: string, before: number, now: number, previousDate: string, baselineLabel: string): Finding => ({
    code: 'baseline-changed',
    message: `${capitalise(columnName(col))} là số liệu cố định ${baselineLabel} nhưng khác báo cáo ngày ${previousDate} (trước: ${formatInteger(before)}, nay: ${formatInteger(now)}).`,
    cell,
  }),
  cumulativeDecreased: (col: number, cell: string, before: number, now: number, previousDate: string): Finding => ({
    code: 'cumulative-decreased',
    message: `${capitalise(columnName(col))} là số lũy kế nhưng nhỏ hơn báo cáo ngày ${previousDate} (trước: ${formatInteger(before)}, nay: ${formatInteger(now)}).`,
    cell,
  }),
  actionsExceedUnits: (col: number, cell: string): Finding => ({
    code: `col${col}-gt-col1`,
    message: `${capitalise(columnName(col))} lớn hơn cột 1 (tổng số đơn vị chậm đóng). Vui lòng kiểm tra lại.`,
    cell,
  }),
  totalRowRead: (total: TableRow, parts: readonly TableRow[]): Finding => ({
    code: 'total-row-read',
    message: `Đã đọc ${rowName(total)} làm số liệu của cả tỉnh: dòng này bằng đúng tổng của ${parts.length} dòng chi tiết (${rowList(parts)}), các dòng chi tiết không được đọc riêng.`,
  }),
  datedRowRead: (read: TableRow, others: readonly TableRow[], reportDate: string): Finding => ({
    code: 'dated-row-read',
    message: `Đã đọc ${rowName(read)} (ngày báo cáo ${reportDate}); không đọc ${others.length} dòng của ngày khác (${rowList(others)}).`,
  }),
  amountPerUnitLow: (amountCol: number, countCol: number, cell: string, perUnit: number, threshold: number): Finding => ({
    code: 'amount-per-unit-low',
    message: `${capitalise(columnName(amountCol))} chia ${columnName(countCol)} chỉ được ${formatInteger(perUnit)} đồng cho mỗi đơn vị chậm đóng (dưới ${formatInteger(threshold)} đồng): `
      + 'số tiền có thể không tính bằng đồng. Vui lòng kiểm tra lại; mẫu báo cáo tính số tiền bằng đồng Việt Nam.',
    cell,
  }),
  late: (deadline: string): Finding => ({
    code: 'late',
    message: `Báo cáo được nhận sau hạn (${deadline}); báo cáo vẫn được ghi nhận nhưng tính là nộp muộn.`,
  }),
} as const;

/** Where the values were read, for a person: "Đã đọc số liệu ở dòng 14 – Tổng cộng, trang "BC 15-12"." */
export function valueSourceLine(source: ValueSource): string {
  return `Đã đọc số liệu ở dòng ${source.row}${source.label ? ` – ${clip(source.label)}` : ''}${source.sheet ? `, trang "${clip(source.sheet)}"` : ''}.`;
}

/** A finding as one line for a person: the cell once, then the message ("Ô C11: Cột 3 không được …"). */
export function findingLine(finding: Finding): string {
  return `${finding.cell ? `Ô ${finding.cell}: ` : ''}${finding.message}`;
}


/** Findings a stored item, a mail or a page lists; the rest are counted on a last line. */
export const SHOWN_FINDINGS = 30;
/** Findings a rejected upload's error report (errors/ in S3) lists. */
export const REPORTED_FINDINGS = 500;
/** The code of the last line of a cut list. */
export const MORE_FINDINGS = 'more-findings';

/** How many findings a list stands for (a cut list's last line counts for those it leaves out). */
export function findingCount(findings: readonly Finding[]): number {
  return findings.reduce((n, f) => n + (f.omitted ?? 1), 0);
}

/**
 * At most `max` findings, each field bounded; past `max`, the first `max - 1` and a last line
 * "… và N lỗi khác" whose `omitted` keeps the full count (a file may hold thousands of stray cells).
 */
export function boundedFindings(findings: readonly Finding[], max: number, kind: 'errors' | 'warnings'): Finding[] {
  const total = findingCount(findings);
  const listed = findings.filter((f) => f.code !== MORE_FINDINGS);
  const kept = (total <= max ? listed : listed.slice(0, max - 1)).map((f): Finding => ({
    code: clipTo(f.code, 64),
    message: clipTo(f.message, FIELD_LIMITS.detail),
    ...(f.cell ? { cell: clipTo(f.cell, 16) } : {}),
  }));
  const omitted = total - kept.length;
  if (omitted === 0) return kept;
  const what = kind === 'errors' ? 'lỗi' : 'cảnh báo';
  return [...kept, {
    code: MORE_FINDINGS,
    message: `… và ${formatInteger(omitted)} ${what} khác (tổng cộng ${formatInteger(total)} ${what}), không liệt kê hết ở đây. Vui lòng sửa các ${what} trên rồi gửi lại.`,
    omitted,
  }];
}

/** A verdict as it is stored, mailed or shown: finding lists bounded, the source's label and sheet clipped. */
export function boundedVerdict<V extends Verdict>(verdict: V, max: number): V {
  const { source } = verdict;
  return {
    ...verdict,
    errors: boundedFindings(verdict.errors, max, 'errors'),
    warnings: boundedFindings(verdict.warnings, max, 'warnings'),
    ...(source ? {
      source: {
        row: source.row,
        ...(source.sheet !== undefined ? { sheet: clipTo(withoutBidi(source.sheet), FIELD_LIMITS.label) } : {}),
        ...(source.label !== undefined ? { label: clipTo(withoutBidi(source.label), FIELD_LIMITS.label) } : {}),
      },
    } : {}),
  };
}

/** A row of the report table as people are told about it: its sheet row and its label, if any. */
export interface TableRow {
  /** The sheet's row number (1-based, as Excel shows it). */
  row: number;
  label?: string;
}

const rowName = (r: TableRow): string => `dòng ${r.row}${r.label ? ` (${clip(r.label)})` : ''}`;

/** Rows named one after the other, at most ten, then how many more. */
function rowList(rows: readonly TableRow[]): string {
  const shown = rows.slice(0, 10).map(rowName).join(', ');
  return rows.length > 10 ? `${shown} và ${rows.length - 10} dòng khác` : shown;
}

/** A cell's or sheet's text quoted in a message: one line, no bidi or control characters, 60 characters at most. */
export function clip(text: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = withoutBidi(text).replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
