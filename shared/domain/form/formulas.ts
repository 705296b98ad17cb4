// A formula's saved value is what the file says the cell holds, but Excel shows what the formula
// computes. A file written or edited by other software (a script filling a template, a tool that
// saves without recalculating) can keep an old value: yesterday's total, or 0. The formulas of the
// table's numbered cells are recomputed here when they are plain arithmetic over cells (references,
// ranges in SUM, + - * /, numbers); a saved value that differs is an error, never read. A formula
// that cannot be recomputed is read from its saved value only when nothing says that value may be
// old, and then with a warning naming it; a link to another file, a value of the moment (NOW,
// TODAY, RAND) or a workbook saved without calculating is an error.
import { errors as E } from '../findings.ts';
import { formatInteger } from '../format.ts';
import type { Finding } from '../report.ts';
import { cellAddress, MAX_COLUMNS, MAX_ROWS, type CellValue, type Grid } from './grid.ts';
import { readerErrors, readerWarnings, type UnverifiedReason } from './reader-findings.ts';
import type { Anchor } from './table.ts';

/** How deep a formula naming another formula is followed before its saved value is trusted. */
const MAX_DEPTH = 8;
/** The largest range a SUM may cover to be recomputed. */
const MAX_RANGE_CELLS = 20_000;

type Token = { kind: 'number'; value: number } | { kind: 'ref'; sheet?: string; from: [number, number]; to?: [number, number] }
  | { kind: 'op'; op: string } | { kind: 'sum' };

const REF = /^(?:(?:'((?:[^']|'')+)'|([\p{L}_][\p{L}\p{N}_.]*))!)?\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?/iu;

// The same in OpenDocument's syntax, as SheetJS leaves it for other sheets: "['Chi tiết'.A1]", "[$Sheet1.A1:.B2]", "[.A1]".
const ODF_REF = /^\[\$?(?:'((?:[^']|'')+)'|([^.[\]':!]+))?\.\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?(?:'(?:[^']|'')+'|[^.[\]':!]+)?\.\$?([A-Z]{1,3})\$?(\d{1,7}))?\]/iu;

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The formula as tokens, or undefined when it uses anything but plain arithmetic over cells. */
function tokenize(formula: string): Token[] | undefined {
  const tokens: Token[] = [];
  let rest = formula.replace(/^=/, '');
  while (rest.length) {
    const space = /^\s+/.exec(rest);
    if (space) { rest = rest.slice(space[0].length); continue; }
    const sum = /^SUM\(/i.exec(rest);
    if (sum) { tokens.push({ kind: 'sum' }); rest = rest.slice(sum[0].length); continue; }
    const odf = ODF_REF.exec(rest);
    const ref = odf ?? REF.exec(rest);
    if (ref && (odf || !/^[(\p{L}]/u.test(rest.slice(ref[0].length)))) {
      const sheet = ref[1]?.replace(/''/g, "'") ?? ref[2];
      tokens.push({
        kind: 'ref', ...(sheet ? { sheet } : {}), from: [Number(ref[4]) - 1, columnIndex(ref[3]!)],
        ...(ref[5] ? { to: [Number(ref[6]) - 1, columnIndex(ref[5])] as [number, number] } : {}),
      });
      rest = rest.slice(ref[0].length);
      continue;
    }
    const number = /^\d+(?:\.\d+)?(?:E[+-]?\d+)?/i.exec(rest);
    if (number) { tokens.push({ kind: 'number', value: Number(number[0]) }); rest = rest.slice(number[0].length); continue; }
    if (/^[-+*/(),]/.test(rest)) { tokens.push({ kind: 'op', op: rest[0]! }); rest = rest.slice(1); continue; }
    return undefined;
  }
  return tokens;
}

class Unknown extends Error {
  constructor(readonly reason: UnverifiedReason) {
    super(reason);
  }
}

// A reference into another file: "[1]Sheet1!A1", "'C:\\bc\\[chi-tiet.xlsx]Sheet1'!A1", "'file:///…'#$Sheet1.A1".
const EXTERNAL = /\[\d+\]|\[[^\]]*\.(?:xl[a-z]{0,2}|ods|csv)\]|\bfile:|\bhttps?:/i;
// Functions whose value is the moment it was computed: a saved value is that moment's, whatever the report date.
const MOMENT = /\b(?:NOW|TODAY|RAND|RANDBETWEEN|RANDARRAY)\s*\(/i;

/** Why a formula cannot be recomputed, from its text alone (a reference to another file, a value of the moment). */
export function formulaDoubt(formula: string): Exclude<UnverifiedReason, 'not-recalculated'> | undefined {
  if (EXTERNAL.test(formula)) return 'external';
  if (MOMENT.test(formula)) return 'volatile';
  return undefined;
}

/** Evaluates formulas over the workbook's sheets, as stored (hidden cells count in Excel's arithmetic). */
class Evaluator {
  constructor(private readonly grids: readonly Grid[]) {}

  /** The formula's value recomputed, or why it cannot be (a formula it names included). */
  check(formula: string, home: Grid): { value: number } | { reason: UnverifiedReason } {
    try {
      return { value: this.value(formula, home, 0) };
    } catch (error) {
      if (error instanceof Unknown) return { reason: error.reason };
      throw error;
    }
  }

  private value(formula: string, home: Grid, depth: number): number {
    const doubt = formulaDoubt(formula);
    if (doubt) throw new Unknown(doubt);
    const tokens = tokenize(formula);
    if (!tokens) throw new Unknown('unknown-function');
    let at = 0;
    const peek = (): Token | undefined => tokens[at];
    const isOp = (op: string): boolean => { const t = peek(); return t?.kind === 'op' && t.op === op; };
    const expect = (op: string): void => { if (!isOp(op)) throw new Unknown('unknown-function'); at++; };
    const expression = (): number => {
      let v = term();
      while (isOp('+') || isOp('-')) { const op = (tokens[at++] as { op: string }).op; const w = term(); v = op === '+' ? v + w : v - w; }
      return v;
    };
    const term = (): number => {
      let v = factor();
      while (isOp('*') || isOp('/')) {
        const op = (tokens[at++] as { op: string }).op;
        const w = factor();
        if (op === '/' && w === 0) throw new Unknown('unknown-function');
        v = op === '*' ? v * w : v / w;
      }
      return v;
    };
    const factor = (): number => {
      const t = tokens[at++];
      if (!t) throw new Unknown('unknown-function');
      if (t.kind === 'number') return t.value;
      if (t.kind === 'op' && t.op === '-') return -factor();
      if (t.kind === 'op' && t.op === '+') return factor();
      if (t.kind === 'op' && t.op === '(') { const v = expression(); expect(')'); return v; }
      if (t.kind === 'ref') { if (t.to) throw new Unknown('unknown-function'); return this.cell(t.sheet, t.from, home, depth, false); }
      if (t.kind === 'sum') {
        let total = 0;
        for (;;) {
          const arg = peek();
          if (arg?.kind === 'ref' && arg.to) { at++; total += this.range(arg, home, depth); } else total += expression();
          if (isOp(',')) { at++; continue; }
          expect(')');
          return total;
        }
      }
      throw new Unknown('unknown-function');
    };
    const v = expression();
    if (at !== tokens.length) throw new Unknown('unknown-function');
    return v;
  }

  private range(ref: Extract<Token, { kind: 'ref' }>, home: Grid, depth: number): number {
    const [r1, c1] = ref.from;
    const [r2, c2] = ref.to!;
    const rows = [Math.min(r1, r2), Math.max(r1, r2)] as const;
    const cols = [Math.min(c1, c2), Math.max(c1, c2)] as const;
    if ((rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1) > MAX_RANGE_CELLS) throw new Unknown('unknown-function');
    let total = 0;
    for (let r = rows[0]; r <= rows[1]; r++) for (let c = cols[0]; c <= cols[1]; c++) total += this.cell(ref.sheet, [r, c], home, depth, true);
    return total;
  }

  /** A referenced cell's number: its formula recomputed, or its value; text stops the check (SUM skips text). */
  private cell(sheet: string | undefined, [r, c]: [number, number], home: Grid, depth: number, inSum: boolean): number {
    const grid = sheet === undefined ? home : this.grids.find((g) => g.sheetName.toLowerCase() === sheet.toLowerCase());
    if (!grid || r >= MAX_ROWS || c >= MAX_COLUMNS) throw new Unknown('unknown-function');
    const address = cellAddress(r, c);
    // A formula named here without a saved value: the file was saved without calculating.
    if (grid.formulaProblems?.get(address)?.kind === 'no-value') throw new Unknown('not-recalculated');
    if (grid.formulaProblems?.has(address)) throw new Unknown('unknown-function');
    const formula = grid.formulas?.get(address);
    const value: CellValue = (grid.storedRows ?? grid.rows)[r]?.[c] ?? null;
    // A number formula named here is recomputed in turn: its saved value is no more trusted than this one's.
    if (formula !== undefined && typeof value === 'number') {
      if (depth >= MAX_DEPTH) throw new Unknown('unknown-function');
      return this.value(formula, grid, depth + 1);
    }
    if (value === null) return 0;
    if (typeof value === 'number') return value;
    if (inSum && typeof value === 'string') return 0;
    throw new Unknown('unknown-function');
  }
}

const differs = (a: number, b: number): boolean =>
  Number.isInteger(a) && Number.isInteger(b) ? a !== b : Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const shown = (n: number): string => (Number.isInteger(n) ? formatInteger(n) : String(n));

/**
 * The formulas in the table's numbered cells whose saved value cannot be trusted: errors when the
 * formula recomputes to another value, or cannot be recomputed and its saved value may be old; one
 * warning naming the formulas read from their saved value only.
 */
export function formulaFindings(grids: readonly Grid[], { grid, row, columns }: Anchor, end: number): { errors: Finding[]; warnings: Finding[] } {
  const errors: Finding[] = [];
  const unchecked: { col: number; cell: string; saved: string }[] = [];
  if (!grid.formulas) return { errors, warnings: [] };
  const evaluator = new Evaluator(grids);
  for (let r = row + 1; r < end; r++) {
    columns.forEach((c, i) => {
      const address = cellAddress(r, c);
      const formula = grid.formulas?.get(address);
      const saved = grid.rows[r]?.[c];
      if (formula === undefined || typeof saved !== 'number') return;
      const result = evaluator.check(formula, grid);
      if ('value' in result) {
        if (differs(result.value, saved)) errors.push(E.formulaStale(i + 1, address, shown(saved), shown(result.value)));
        return;
      }
      const reason = result.reason === 'unknown-function' && grid.staleCaches ? 'not-recalculated' : result.reason;
      if (reason === 'unknown-function') unchecked.push({ col: i + 1, cell: address, saved: shown(saved) });
      else errors.push(readerErrors.formulaUnverifiable(grid.sheetName, i + 1, address, shown(saved), reason));
    });
  }
  return { errors, warnings: unchecked.length ? [readerWarnings.formulaUnchecked(grid.sheetName, unchecked)] : [] };
}
