// Reading one data cell as an exact, non-negative whole number, or saying precisely why not.
import type { CellValue } from './grid.ts';

export type NumberReading =
  | { kind: 'value'; value: number }
  | { kind: 'empty' }
  | { kind: 'negative'; text: string }
  | { kind: 'not-whole'; text: string }
  | { kind: 'too-large'; text: string }
  | { kind: 'not-a-number'; text: string };

// Spaces of every kind people and exports put between thousands: every Unicode space separator
// (no-break, thin, figure, ideographic…), tabs, and the zero-width ones.
const SPACES = /[\s\p{Zs}\u200b-\u200d\u2060\ufeff]+/gu;
const MINUS = /^[-\u2212\u2013]/;
// A number with a fractional part: 12,5 / 12.5, or grouped thousands then the other separator (1.234,5).
const DECIMAL = /^(\d+[.,]\d+|\d{1,3}([.,])\d{3}(?:\2\d{3})*(?!\2)[.,]\d+)$/;

export function readNumber(value: CellValue): NumberReading {
  if (value === null) return { kind: 'empty' };
  if (typeof value === 'boolean') return { kind: 'not-a-number', text: String(value) };
  if (typeof value === 'number') return classify(value, String(value));
  const text = value.trim();
  const bare = text.replace(SPACES, '');
  if (bare === '' || /^[-\u2013\u2014]$/.test(bare)) return { kind: 'empty' };
  return readText(text);
}

function classify(n: number, text: string): NumberReading {
  if (!Number.isFinite(n)) return { kind: 'not-a-number', text };
  if (n < 0) return { kind: 'negative', text };
  if (!Number.isInteger(n)) return { kind: 'not-whole', text };
  // A double past 2^53 has already lost digits: refuse it rather than store a rounded amount.
  if (!Number.isSafeInteger(n)) return { kind: 'too-large', text };
  return { kind: 'value', value: n };
}

function readText(original: string): NumberReading {
  // NFKC: full-width digits and signs (４１６２, －) as typed with an East Asian keyboard layout.
  let text = original.normalize('NFKC').replace(SPACES, '');
  let negative = false;
  if (/^\(.*\)$/.test(text)) { negative = true; text = text.slice(1, -1); } // accounting (123)
  if (MINUS.test(text)) { negative = true; text = text.slice(1); }
  text = text.replace(/^\+/, '').replace(/(đồng|vnđ|vnd|đ)\.?$/iu, '');

  const digits = wholeDigits(text);
  if (digits === undefined) {
    return DECIMAL.test(text) ? { kind: 'not-whole', text: original } : { kind: 'not-a-number', text: original };
  }
  if (negative && /[1-9]/.test(digits)) return { kind: 'negative', text: original };
  const big = BigInt(digits);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: 'too-large', text: original };
  return { kind: 'value', value: Number(big) };
}

/** The digits of a whole number written with "." or "," thousands separators, or undefined. */
function wholeDigits(text: string): string | undefined {
  if (/^\d+$/.test(text)) return text;
  // 1.234.567 or 1,234,567 (one separator kind, groups of three), optionally with ",00"/".00" decimals.
  const grouped = /^(\d{1,3}([.,])\d{3}(?:\2\d{3})*)(?:([.,])0+)?$/.exec(text);
  if (grouped && grouped[3] !== grouped[2]) return grouped[1]!.split(grouped[2]!).join('');
  // 1234,00 or 1234.00: zero decimals are still a whole number.
  const zeroDecimals = /^(\d+)[.,]0+$/.exec(text);
  if (zeroDecimals) return zeroDecimals[1];
  return undefined;
}
