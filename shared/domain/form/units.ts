// The unit the amounts are written in. The form counts đồng; a file that declares another unit
// ("Đơn vị tính: triệu đồng", "(nghìn đồng)", "Tr.đ", "1.000 đ") above the data, in the column
// headers, in the notes or in a data cell's number format is rejected, never converted: a stale
// label over đồng amounts would be multiplied into a wrong number, and rounded millions cannot
// give exact đồng (docs/reader.md).
import { errors as E } from '../findings.ts';
import type { Finding } from '../report.ts';
import { cellAddress, cellText } from './grid.ts';
import type { Anchor } from './table.ts';

type Unit = 'dong' | 'nghin' | 'trieu' | 'ty';

const UNIT_NAMES: Record<Exclude<Unit, 'dong'>, string> = { nghin: 'nghìn đồng', trieu: 'triệu đồng', ty: 'tỷ đồng' };

// The units as written, folded (no diacritics, đ → d, lower case), the larger ones first.
const UNIT = String.raw`(ty dong|ti dong|ty vnd|ty|trieu dong|trieu vnd|trieu|tr ?\.? ?(?:dong|vnd|d)|tr\.?|1[., ]?000[., ]?000 ?(?:dong|vnd|d)|`
  + String.raw`nghin dong|ngan dong|nghin vnd|ngan vnd|nghin d|ngan d|nghin|ngan|ng ?\.? ?(?:dong|vnd|d)|1[., ]?000 ?(?:dong|vnd|d)|dong viet nam|dong vn|dong|vnd|vn ?d|d)`;
const END = String.raw`(?![a-z0-9])`;
const START = String.raw`(?<![a-z0-9])`;
/** "Đơn vị tính: …", "ĐVT: …", "Đơn vị: …", "tính bằng …" followed by a unit. */
const DECLARED = new RegExp(String.raw`${START}(?:don vi tinh|dvt|(?<!so )don vi ?:|tinh bang|tinh theo) ?[:\-–=]? ?(?:la )?${UNIT}${END}`);
/** A declaration's marker: every unit named after it counts ("ĐVT: đơn vị; triệu đồng"). "Đơn vị:" alone is
 *  not one ("Đơn vị: BHXH tỉnh …" names the office), so it counts only when a unit follows it at once. */
const MARKER = new RegExp(String.raw`${START}(?:don vi tinh|dvt|tinh bang|tinh theo)${END}`);
const ANY_UNIT = new RegExp(String.raw`${START}${UNIT}${END}`, 'g');
/** "(triệu đồng)", "(Tr.đ)", "(1.000 đ)". */
const PARENTHESISED = new RegExp(String.raw`\( ?${UNIT} ?\)`);
/** A cell or line that is only a unit ("Triệu đồng", "Tr.đ"). */
const ALONE = new RegExp(String.raw`^${UNIT}\.?$`);
/** A header ending with a unit after a separator ("Số tiền chậm đóng - triệu đồng"), or an amount heading
 *  ending with one ("Số tiền chậm đóng Tr.đ"). */
const TRAILING = new RegExp(String.raw`(?:[,\-–:] ?|^so tien\b.*? )${UNIT}\.?$`);

function fold(text: string): string {
  return text.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

function unitOf(written: string): Unit {
  if (/^t[iy]/.test(written)) return 'ty';
  if (/^tr|^1[., ]?000[., ]?000/.test(written)) return 'trieu';
  if (/^ng|^1[., ]?000/.test(written)) return 'nghin';
  return 'dong';
}

type Form = 'declared' | 'parenthesised' | 'alone' | 'trailing';

/** The unit a text declares in one of the forms given, if any. */
export function declaredUnit(text: string, forms: readonly Form[]): Unit | undefined {
  const patterns: Record<Form, RegExp> = { declared: DECLARED, parenthesised: PARENTHESISED, alone: ALONE, trailing: TRAILING };
  for (const line of text.split(/\r?\n|\r/)) {
    const folded = fold(line);
    if (forms.includes('declared')) {
      const marker = MARKER.exec(folded);
      const named = marker ? [...folded.slice(marker.index).matchAll(ANY_UNIT)].map((m) => unitOf(m[1]!)) : [];
      const other = named.find((unit) => unit !== 'dong');
      if (other) return other;
    }
    for (const form of forms) {
      const m = patterns[form].exec(folded);
      if (m) return unitOf(m[1]!);
    }
  }
  return undefined;
}

/** Header rows above the numbering row, where a unit may sit in the amount columns' headings. */
const HEADER_ROWS = 6;
/** Rows of notes below the table read for an explicit declaration. */
const NOTE_ROWS = 30;

/**
 * Every declaration of a unit other than đồng on the report's sheet: above the data (title, headers,
 * a line of its own), in the table's labels and remarks, in the notes, and in the number format of
 * the data cells. One error per declaring cell (at most three), each quoting it.
 */
export function unitErrors(anchor: Anchor, end: number): Finding[] {
  const { grid, row: anchorRow, columns } = anchor;
  const found: Finding[] = [];
  const check = (r: number, c: number, text: string, forms: readonly Form[]): void => {
    const unit = declaredUnit(text, forms);
    if (unit && unit !== 'dong' && found.length < 3) found.push(E.amountUnit(text.trim(), UNIT_NAMES[unit], cellAddress(r, c)));
  };
  // The sheet's name is read by the clerk too: "BC (triệu đồng)".
  const sheetUnit = declaredUnit(grid.sheetName, ['declared', 'parenthesised', 'alone', 'trailing']);
  if (sheetUnit && sheetUnit !== 'dong') found.push(E.amountUnit(grid.sheetName, UNIT_NAMES[sheetUnit]));
  const last = Math.min(grid.rows.length, end + NOTE_ROWS);
  for (let r = 0; r < last; r++) {
    const forms: Form[] = r >= end ? ['declared']
      : r > anchorRow || r < anchorRow - HEADER_ROWS ? ['declared', 'parenthesised', 'alone']
        : ['declared', 'parenthesised', 'alone', 'trailing'];
    (grid.rows[r] ?? []).forEach((value, c) => {
      if (typeof value === 'string') check(r, c, value, forms);
    });
  }
  // A number format that adds a unit: 44219 shown as "44.219 triệu đồng".
  for (let r = anchorRow + 1; r < end; r++) {
    for (const c of columns) {
      const shown = grid.shownText?.get(cellAddress(r, c));
      if (shown) check(r, c, cellText(shown).replace(/^[\d\s.,]+/, ''), ['alone', 'declared', 'parenthesised']);
    }
  }
  return found;
}
