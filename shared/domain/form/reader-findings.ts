// The reader's findings about rows written one column off and formulas whose saved value cannot be
// checked: a stable code for JSON and logs, a Vietnamese sentence naming the sheet and the cell.
import { clip } from '../findings.ts';
import type { Finding } from '../report.ts';

// The cell itself is shown before the message ("Ô J10: …", findingLine): the message names the sheet.
const onSheet = (sheet: string): string => `Trang "${clip(sheet)}"`;

/** Why a formula's saved value cannot be trusted without Excel recomputing it. */
export type UnverifiedReason = 'external' | 'volatile' | 'not-recalculated' | 'unknown-function';

export const readerErrors = {
  /** A row whose numbers start in the label column: column 11 is left empty. */
  rowShiftedLeft: (sheet: string, row: number, labelCell: string, number: string, lastCell: string): Finding => ({
    code: 'row-shifted',
    message: `${onSheet(sheet)}, dòng ${row}: số liệu có vẻ bị lệch sang trái một cột: ô ${labelCell} (cột tên đơn vị, trước cột 1) có số ${number}, `
      + `còn ô ${lastCell} (cột 11) để trống. Hệ thống không đoán số nào thuộc cột nào nên không nhận tệp. Nếu ${number} là số thứ tự (STT), vui lòng điền ô ${lastCell}; `
      + 'nếu không, vui lòng dời cả dòng sang phải một cột cho đúng cột 1 đến 11 rồi tải lên lại.',
    cell: labelCell,
  }),
  /** A row whose numbers start in column 2: column 1 is empty (or holds the label) and a number sits right of column 11. */
  rowShiftedRight: (sheet: string, row: number, firstCell: string, firstText: string, afterCell: string, number: string): Finding => ({
    code: 'row-shifted',
    message: `${onSheet(sheet)}, dòng ${row}: số liệu có vẻ bị lệch sang phải một cột: ô ${firstCell} (cột 1) ${firstText ? `ghi "${clip(firstText)}"` : 'để trống'}, `
      + `còn ô ${afterCell} (bên phải cột 11) có số ${number}. Hệ thống không đoán số nào thuộc cột nào nên không nhận tệp. `
      + 'Vui lòng dời cả dòng sang trái một cột cho đúng cột 1 đến 11 rồi tải lên lại.',
    cell: afterCell,
  }),
  /** A formula in a value cell whose saved value may be stale and cannot be checked here. */
  formulaUnverifiable: (sheet: string, col: number, cell: string, saved: string, reason: Exclude<UnverifiedReason, 'unknown-function'>): Finding => ({
    code: reason === 'external' ? 'formula-external-link' : reason === 'volatile' ? 'formula-volatile' : 'formula-not-recalculated',
    message: `${onSheet(sheet)}: cột ${col} là công thức ${UNVERIFIABLE_WHY[reason]}, nên giá trị lưu trong tệp (${saved}) có thể đã cũ `
      + 'và hệ thống không kiểm tra lại được. Vui lòng mở tệp bằng Excel, tính lại (Ctrl+Alt+F9) rồi dán giá trị (Paste Values) thay cho công thức ở ô này, lưu lại rồi tải lên.',
    cell,
  }),
  /** The report date is a formula that gives the day the file was calculated (TODAY(), NOW()), not a day the clerk chose. */
  reportDateFormula: (sheet: string, cell: string, formula: string): Finding => ({
    code: 'report-date-formula',
    message: `${onSheet(sheet)}: ngày báo cáo là công thức (=${clip(formula)}) cho ra ngày tệp được tính lại, không phải ngày của số liệu; `
      + 'hệ thống không biết số liệu thuộc ngày nào. Vui lòng gõ ngày báo cáo (ngày/tháng/năm) thay cho công thức rồi tải lên lại.',
    cell,
  }),
  /** A number the clerk cannot see: its number format shows nothing (";;;"). */
  numberHiddenByFormat: (sheet: string, col: number, cell: string, number: string): Finding => ({
    code: 'number-hidden-by-format',
    message: `${onSheet(sheet)}: cột ${col} chứa số ${number} nhưng định dạng ô làm số này không hiện ra (ô trông như để trống). `
      + 'Hệ thống chỉ đọc những gì người lập báo cáo nhìn thấy. Vui lòng xóa số đó hoặc đổi định dạng ô cho số hiện ra, kiểm tra lại rồi tải lên.',
    cell,
  }),
};

const UNVERIFIABLE_WHY: Record<Exclude<UnverifiedReason, 'unknown-function'>, string> = {
  external: 'lấy số từ một tệp khác (liên kết ngoài)',
  volatile: 'dùng hàm cho kết quả thay đổi mỗi lần tính (NOW, TODAY, RAND…)',
  'not-recalculated': 'trong tệp được lưu mà chưa tính lại (tệp đánh dấu "tính lại khi mở" hoặc tắt tính lại khi lưu)',
};

export const readerWarnings = {
  /** Formulas the reader cannot recompute, in a workbook saved recalculated: their saved values are read, and said so. */
  formulaUnchecked: (sheet: string, cells: readonly { col: number; cell: string; saved: string }[]): Finding => ({
    code: 'formula-unchecked',
    message: `${onSheet(sheet)}: ${cells.length === 1 ? 'ô' : 'các ô'} ${cells.map((c) => `${c.cell} (cột ${c.col}: ${c.saved})`).slice(0, 11).join(', ')} `
      + 'là công thức dùng hàm mà hệ thống không tự tính lại được (ví dụ VLOOKUP, SUMIF, ROUND); đã đọc giá trị Excel lưu trong tệp. '
      + 'Vui lòng đối chiếu các số này với số Excel hiển thị; nếu khác, mở tệp bằng Excel, tính lại, lưu rồi tải lên lại.',
    cell: cells[0]!.cell,
  }),
};
