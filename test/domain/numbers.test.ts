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
    [null, 'empty'], ['', 'empty'], ['  ', 'empty'], ['-', 'empty'],
    [-3, 'negative'], ['-3', 'negative'], ['(1.000)', 'negative'],
    [12.5, 'not-whole'], ['12,5', 'not-whole'], ['1.234,56', 'not-whole'],
    ['chưa có', 'not-a-number'], ['1.23.4', 'not-a-number'], ['1.234,567.890', 'not-a-number'], [true, 'not-a-number'],
    [2 ** 53 + 2, 'too-large'], ['9007199254740993', 'too-large'], ['123.456.789.012.345.678', 'too-large'],
  ])('%j is %s', (cell, kind) => {
    expect(readNumber(cell as never).kind).toBe(kind);
  });
});
