// Report files for the demo, in the official form's layout (as provinces receive it, see
// shared/spec/report-template.md): agency lines, title, "Ngày báo cáo: dd/mm/yyyy", three merged
// header rows, the numbering row 1…11, the data row, the notes. Plausible values per province,
// the same every run (seeded by the province code).
import * as XLSX from '@e965/xlsx';
import type { Province } from '../../shared/domain/campaign.ts';
import { formatDateVi } from '../../shared/domain/campaign.ts';
import { FORM } from '../../shared/domain/snapshot/text.ts';

// The official form's texts: the same ones the national snapshot reproduces.
const [BASELINE, ACTIONS, NOW] = FORM.groups;
const HEADER_1 = [BASELINE, null, null, null, ACTIONS, null, null, NOW, null, null, null];
const HEADER_2 = [
  FORM.subTotal, null, FORM.subThreeMonths, null, ...FORM.actions, FORM.subTotal, null, FORM.subThreeMonthsTen, null,
];
const HEADER_3 = [FORM.units, FORM.amount, FORM.units, FORM.amount, null, null, null, FORM.units, FORM.amount, FORM.units, FORM.amount];

/** "BẢO HIỂM XÃ HỘI TỈNH BẮC NINH", "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI". */
export function agencyLine(province: Province): string {
  return `BẢO HIỂM XÃ HỘI ${province.kind === 'thanh_pho' ? 'THÀNH PHỐ' : 'TỈNH'} ${province.name.toLocaleUpperCase('vi')}`;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eleven consistent values for a province (parts within totals, counts and amounts non-zero together). */
export function plausibleValues(code: string): number[] {
  const next = random(Number(code) * 7919 + 17);
  const between = (lo: number, hi: number): number => Math.floor(lo + next() * (hi - lo));
  const units = between(600, 28_000);
  const amount = units * between(12_000_000, 45_000_000);
  const units3 = Math.floor(units * (0.3 + next() * 0.15));
  const amount3 = Math.floor(amount * (0.55 + next() * 0.15));
  const letters = Math.floor(units * (0.2 + next() * 0.2));
  const invitations = Math.floor(letters * (0.3 + next() * 0.2));
  const meetings = Math.floor(invitations * (0.4 + next() * 0.3));
  const unitsNow = Math.floor(units * (0.97 + next() * 0.06));
  const amountNow = Math.floor(amount * (0.96 + next() * 0.06));
  const units10 = Math.floor(units3 * (0.5 + next() * 0.2));
  const amount10 = Math.floor(amount3 * (0.6 + next() * 0.2));
  return [units, amount, units3, amount3, letters, invitations, meetings, unitsNow, amountNow, units10, amount10];
}

/** The .xlsx bytes of one province's report for one date. */
export function buildReportXlsx(province: Province, reportDate: string, values: readonly number[]): Uint8Array {
  const rows: unknown[][] = [
    [FORM.agency],
    [agencyLine(province)],
    [],
    [FORM.title],
    [`Ngày báo cáo: ${formatDateVi(reportDate)}`],
    [],
    HEADER_1,
    HEADER_2,
    HEADER_3,
    Array.from({ length: 11 }, (_, i) => i + 1),
    [...values],
    [],
    ['Lưu ý:'],
    ...FORM.notes.map((note) => [note]),
  ];
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  const range = (r1: number, c1: number, r2: number, c2: number): XLSX.Range => ({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } });
  sheet['!merges'] = [
    range(0, 0, 0, 4), range(1, 0, 1, 4), range(3, 0, 3, 10), range(4, 0, 4, 10),
    range(6, 0, 6, 3), range(6, 4, 6, 6), range(6, 7, 6, 10),
    range(7, 0, 7, 1), range(7, 2, 7, 3), range(7, 7, 7, 8), range(7, 9, 7, 10),
    range(7, 4, 8, 4), range(7, 5, 8, 5), range(7, 6, 8, 6),
    range(13, 0, 13, 10), range(14, 0, 14, 10), range(15, 0, 15, 10),
  ];
  for (let c = 0; c < 11; c++) {
    const cell = sheet[XLSX.utils.encode_cell({ r: 10, c })] as XLSX.CellObject | undefined;
    if (cell) cell.z = '#,##0';
  }
  sheet['!cols'] = Array.from({ length: 11 }, (_, c) => ({ wch: c % 2 === 1 || c >= 8 ? 18 : 12 }));
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, 'Báo cáo');
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}
