import { describe, expect, it } from 'vitest';
import { readNumber } from '../../shared/domain/form/numbers.ts';

describe('reading a data cell as an exact whole number', () => {
  it.each([
    [1234567, 1234567], ['1234567', 1234567], ['1.234.567', 1234567], ['1,234,567', 1234567],
    ['1 234 567', 1234567], ['1\u00a0234\u00a0567', 1234567], ['12.000', 12000], ['0', 0],
    ['1.234.567,00', 1234567], ['1,234,567.00', 1234567], ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('%j → %d', (cell, expected) => {
    expect(readNumber(cell)).toEqual({ kind: 'value', value: expected });
  });

  it.each([
    ['４１６２', 4162], ['１.２３４.５６７', 1234567], ['１０８５５４７０６６３９', 108554706639],
    ...['\u2002', '\u2003', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000', '\u200b', '\t'].map((space) => [`1${space}234${space}567`, 1234567]),
    ['1.234.567đ', 1234567], ['1.234.567 đ', 1234567], ['1.234.567 đồng', 1234567], ['1.234.567 VNĐ', 1234567],
    ['1.234.567 vnđ', 1234567], ['1.234.567 VND', 1234567], ['1.234.567 Đồng.', 1234567],
    ['1.234.567 \u0111\u00f4\u0300ng', 1234567], // "đồng" with a combining grave (NFD)
  ])('what people type: %j → %d', (cell, expected) => {
    expect(readNumber(cell as string)).toEqual({ kind: 'value', value: expected });
  });

  it.each([
    [null, 'empty'], ['\u200b', 'empty'], ['\u3000', 'empty'], ['－５', 'negative'], ['1.234,5 đồng', 'not-whole'], ['', 'empty'], ['  ', 'empty'], ['-', 'empty'],
    [-3, 'negative'], ['-3', 'negative'], ['(1.000)', 'negative'],
    [12.5, 'not-whole'], ['12,5', 'not-whole'], ['1.234,56', 'not-whole'],
    ['chưa có', 'not-a-number'], ['1.23.4', 'not-a-number'], ['1.234,567.890', 'not-a-number'], [true, 'not-a-number'],
    [2 ** 53 + 2, 'too-large'], ['9007199254740993', 'too-large'], ['123.456.789.012.345.678', 'too-large'],
  ])('%j is %s', (cell, kind) => {
    expect(readNumber(cell as never).kind).toBe(kind);
  });
});
