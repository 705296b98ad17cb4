// The official form's table, as every writer of it lays it out: the three header rows with their
// merges above the numbering row 1..11, and the agency line that names the province.
import type { Province } from '../campaign.ts';
import { COLUMN_COUNT } from '../report.ts';
import { FORM, type FormTexts } from '../snapshot/text.ts';

/** Rows of the form as the portal writes it (1-based, as Excel shows them). */
export const FORM_ROWS = { reportDate: 5, header: 7, numbering: 10, data: 11 } as const;
/** The data row's cells, columns 1..11 (A11…K11): where the findings on a portal-written form point. */
export const DATA_CELLS: readonly string[] = Array.from({ length: COLUMN_COUNT }, (_, i) => `${String.fromCharCode(65 + i)}${FORM_ROWS.data}`);

/** The three header rows of the table (columns 1..11; null where a merge covers the cell). */
export function headerRows(texts: FormTexts): (string | null)[][] {
  const [baseline, actions, now] = texts.groups;
  return [
    [baseline, null, null, null, actions, null, null, now, null, null, null],
    [FORM.subTotal, null, FORM.subThreeMonths, null, ...FORM.actions, FORM.subTotal, null, FORM.subThreeMonthsTen, null],
    [FORM.units, FORM.amount, FORM.units, FORM.amount, null, null, null, FORM.units, FORM.amount, FORM.units, FORM.amount],
  ];
}

/** The header's merges as [first row, first column, last row, last column], 0-based within the header rows and columns 1..11. */
export const HEADER_MERGES: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 0, 3], [0, 4, 0, 6], [0, 7, 0, 10],
  [1, 0, 1, 1], [1, 2, 1, 3], [1, 7, 1, 8], [1, 9, 1, 10],
  [1, 4, 2, 4], [1, 5, 2, 5], [1, 6, 2, 6],
];

/** Whether a form column (1..11) holds an amount in đồng; the others count units. */
export const isAmountColumn = (col: number): boolean => col === 2 || col === 4 || col === 9 || col === 11;

/** "BẢO HIỂM XÃ HỘI TỈNH BẮC NINH", "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI". */
export function agencyLine(province: Province): string {
  return `BẢO HIỂM XÃ HỘI ${province.kind === 'thanh_pho' ? 'THÀNH PHỐ' : 'TỈNH'} ${province.name.toLocaleUpperCase('vi')}`;
}
