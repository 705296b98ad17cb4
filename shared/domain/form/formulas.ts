// A formula's saved value is what the file says the cell holds, but Excel shows what the formula
// computes. A file written or edited by other software (a script filling a template, a tool that
// saves without recalculating) can keep an old value: yesterday's total, or 0. The formulas of the
// table's numbered cells are recomputed here when they are plain arithmetic over cells (references,
// ranges in SUM, + - * /, numbers); a saved value that differs is an error, never read.
import { errors as E } from '../findings.ts';
import { formatInteger } from '../format.ts';
import type { Finding } from '../report.ts';
import { cellAddress, MAX_COLUMNS, MAX_ROWS, type CellValue, type Grid } from './grid.ts';
import type { Anchor } from './table.ts';

/** How deep a formula naming another formula is followed before its saved value is trusted. */
const MAX_DEPTH = 8;
/** The largest range a SUM may cover to be recomputed. */
const MAX_RANGE_CELLS = 20_000;

type Token = { kind: 'number'; value: number } | { kind: 'ref'; sheet?: string; from: [number, number]; to?: [number, number] }
  | { kind: 'op'; op: string } | { kind: 'sum' };

const REF = /^(?:(?:'((?:[^']|'')+)'|([\p{L}_][\p{L}\p{N}_.]*))!)?\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?/iu;

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
    const ref = REF.exec(rest);
    if (ref && !/^[(\p{L}]/u.test(rest.slice(ref[0].length))) {
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

class Unknown extends Error {}

/** Evaluates formulas over the workbook's sheets, as stored (hidden cells count in Excel's arithmetic). */
class Evaluator {
  constructor(private readonly grids: readonly Grid[]) {}

  value(formula: string, home: Grid, depth = 0): number | undefined {
    const tokens = tokenize(formula);
    if (!tokens) return undefined;
    try {
      let at = 0;
      const peek = (): Token | undefined => tokens[at];
      const isOp = (op: string): boolean => { const t = peek(); return t?.kind === 'op' && t.op === op; };
      const expect = (op: string): void => { if (!isOp(op)) throw new Unknown(); at++; };
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
          if (op === '/' && w === 0) throw new Unknown();
          v = op === '*' ? v * w : v / w;
        }
        return v;
      };
      const factor = (): number => {
        const t = tokens[at++];
        if (!t) throw new Unknown();
        if (t.kind === 'number') return t.value;
        if (t.kind === 'op' && t.op === '-') return -factor();
        if (t.kind === 'op' && t.op === '+') return factor();
        if (t.kind === 'op' && t.op === '(') { const v = expression(); expect(')'); return v; }
        if (t.kind === 'ref') { if (t.to) throw new Unknown(); return this.cell(t.sheet, t.from, home, depth, false); }
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
        throw new Unknown();
      };
      const v = expression();
      if (at !== tokens.length) return undefined;
      return v;
    } catch (error) {
      if (error instanceof Unknown) return undefined;
      throw error;
    }
  }

  private range(ref: Extract<Token, { kind: 'ref' }>, home: Grid, depth: number): number {
    const [r1, c1] = ref.from;
    const [r2, c2] = ref.to!;
    const rows = [Math.min(r1, r2), Math.max(r1, r2)] as const;
    const cols = [Math.min(c1, c2), Math.max(c1, c2)] as const;
    if ((rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1) > MAX_RANGE_CELLS) throw new Unknown();
    let total = 0;
    for (let r = rows[0]; r <= rows[1]; r++) for (let c = cols[0]; c <= cols[1]; c++) total += this.cell(ref.sheet, [r, c], home, depth, true);
    return total;
  }

  /** A referenced cell's number: its formula recomputed, or its value; text stops the check (SUM skips text). */
  private cell(sheet: string | undefined, [r, c]: [number, number], home: Grid, depth: number, inSum: boolean): number {
    const grid = sheet === undefined ? home : this.grids.find((g) => g.sheetName.toLowerCase() === sheet.toLowerCase());
    if (!grid || r >= MAX_ROWS || c >= MAX_COLUMNS) throw new Unknown();
    const address = cellAddress(r, c);
    if (grid.formulaProblems?.has(address)) throw new Unknown();
    const formula = grid.formulas?.get(address);
    if (formula !== undefined && depth < MAX_DEPTH) {
      const computed = this.value(formula, grid, depth + 1);
      if (computed !== undefined) return computed;
    }
    const value: CellValue = (grid.storedRows ?? grid.rows)[r]?.[c] ?? null;
    if (value === null) return 0;
    if (typeof value === 'number') return value;
    if (inSum && typeof value === 'string') return 0;
    throw new Unknown();
  }
}

const differs = (a: number, b: number): boolean =>
  Number.isInteger(a) && Number.isInteger(b) ? a !== b : Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const shown = (n: number): string => (Number.isInteger(n) ? formatInteger(n) : String(n));

/**
 * Errors for the formulas in the table's numbered cells whose saved value cannot be trusted: the
 * formula recomputes to another value, or the workbook asks to be recalculated on opening and the
 * formula cannot be recomputed here.
 */
export function formulaFindings(grids: readonly Grid[], { grid, row, columns }: Anchor, end: number): Finding[] {
  if (!grid.formulas) return [];
  const evaluator = new Evaluator(grids);
  const found: Finding[] = [];
  for (let r = row + 1; r < end; r++) {
    columns.forEach((c, i) => {
      const address = cellAddress(r, c);
      const formula = grid.formulas?.get(address);
      const saved = grid.rows[r]?.[c];
      if (formula === undefined || typeof saved !== 'number') return;
      const computed = evaluator.value(formula, grid);
      if (computed !== undefined && differs(computed, saved)) found.push(E.formulaStale(i + 1, address, shown(saved), shown(computed)));
      else if (computed === undefined && grid.recalcOnLoad) found.push(E.formulaNotRecalculated(i + 1, address));
    });
  }
  return found;
}
