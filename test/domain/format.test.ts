import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import {
  formatBytes, formatDateVi, formatDecimal, formatInstant, formatInstantInSentence, formatInteger, formatPercentChange, percentChange,
} from '../../shared/domain/format.ts';

const VN = 'Asia/Ho_Chi_Minh';
const MIB = 1024 * 1024;

describe('report dates', () => {
  it('reads dd/mm/yyyy from an ISO date', () => {
    expect(formatDateVi('2023-12-15')).toBe('15/12/2023');
    expect(formatDateVi('2024-01-05')).toBe('05/01/2024');
  });
  it.each(['2023-12-15T00:00:00Z', '15/12/2023', '2023-12', '', '2023-1-5'])('refuses %j, which is not an ISO date', (text) => {
    expect(() => formatDateVi(text)).toThrow(RangeError);
  });
});

describe('integers', () => {
  it.each([
    [0n, '0'], [0, '0'], [-0, '0'], [999, '999'], [1000, '1.000'], [1234567n, '1.234.567'],
    [-1000, '−1.000'], [-1n, '−1'], [Number.MAX_SAFE_INTEGER, '9.007.199.254.740.991'],
  ])('%s → %s', (n, text) => {
    expect(formatInteger(n)).toBe(text);
  });
  it('is exact for BigInt beyond 2^53, positive and negative', () => {
    expect(formatInteger(2n ** 53n + 1n)).toBe('9.007.199.254.740.993');
    expect(formatInteger(2n ** 64n)).toBe('18.446.744.073.709.551.616');
    expect(formatInteger(-(10n ** 30n) - 7n)).toBe('−1.000.000.000.000.000.000.000.000.000.007');
    const digits = '123456789'.repeat(5);
    expect(formatInteger(BigInt(digits)).replace(/\./g, '')).toBe(digits);
  });
  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s, which is not an integer', (n) => {
    expect(() => formatInteger(n)).toThrow(RangeError);
  });
});

describe('decimals', () => {
  it.each([
    [2_500_000_000, '2.500.000.000'], [1234.5, '1.234,5'], [0.125, '0,13'], [2.5, '2,5'], [-2.5, '−2,5'], [-0.001, '0'], [0, '0'],
    [1e21, '1.000.000.000.000.000.000.000'],
  ])('%s → %s', (n, text) => {
    expect(formatDecimal(n)).toBe(text);
  });
  it('keeps as many decimals as asked, at most', () => {
    expect(formatDecimal(1.26, 1)).toBe('1,3');
    expect(formatDecimal(-1.25, 1)).toBe('−1,3');
    expect(formatDecimal(7, 1)).toBe('7');
  });
  it('keeps exactly as many decimals when fixed, so a column of percentages lines up', () => {
    expect(formatDecimal(-4, 1, { fixed: true })).toBe('−4,0');
    expect(formatDecimal(-3.84, 1, { fixed: true })).toBe('−3,8');
    expect(formatDecimal(-0.04, 1, { fixed: true })).toBe('0,0');
    expect(formatDecimal(7, 2, { fixed: true })).toBe('7,00');
    expect(formatDecimal(7, 2)).toBe('7');
  });
  it('refuses what is not a finite number', () => {
    expect(() => formatDecimal(Number.NaN)).toThrow(RangeError);
  });
});

describe('file sizes', () => {
  it.each([
    [0, '0 KB'], [1, '1 KB'], [1024, '1 KB'], [1025, '2 KB'], [MIB - 1, '1024 KB'],
    [MIB, '1 MB'], [5 * MIB, '5 MB'], [5.25 * MIB, '5,3 MB'], [6 * MIB, '6 MB'], [1500 * MIB, '1.500 MB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
  it('rounds up, so a file just over a limit never reads as the limit', () => {
    expect(formatBytes(5 * MIB + 1)).toBe('5,1 MB');
  });
  it.each([-1, 1.5, Number.NaN])('refuses %s, which is not a byte count', (bytes) => {
    expect(() => formatBytes(bytes)).toThrow(RangeError);
  });
});

describe('percent change', () => {
  it.each([
    [-125n, 1000n, '−12,5%'], [1n, 3n, '+33,3%'], [2n, 3n, '+66,7%'], [0n, 7n, '0,0%'], [5n, 0n, '—'],
    // Exactly half a tenth: away from zero, both ways.
    [1n, 16n, '+6,3%'], [-1n, 16n, '−6,3%'], [1n, 2000n, '+0,1%'], [-1n, 2000n, '−0,1%'],
    // Just under half a tenth, and a change too small to show: no sign.
    [1n, 2001n, '0,0%'], [-1n, 2001n, '0,0%'],
    [12_345n, 1n, '+1.234.500,0%'],
  ])('%s against %s → %s', (change, base, text) => {
    expect(formatPercentChange(change, base)).toBe(text);
  });
  it('is exact beyond 2^53, where floating point would round the wrong way', () => {
    // 0.0499999…%: a double reads the change as 1e17 and would round it up to 0,1%.
    expect(formatPercentChange(10n ** 17n - 1n, 2n * 10n ** 20n)).toBe('0,0%');
    expect(formatPercentChange(10n ** 17n, 2n * 10n ** 20n)).toBe('+0,1%');
    expect(formatPercentChange(-(10n ** 30n), 3n * 10n ** 28n)).toBe('−3.333,3%');
  });
  it('as a spreadsheet number, shown with one decimal, agrees with the text', () => {
    expect(percentChange(2n, 3n)).toBe(66.666);
    expect(percentChange(-125n, 1000n)).toBe(-12.5);
    expect(percentChange(5n, 0n)).toBeNull();
    const cases: [bigint, bigint][] = [[1n, 16n], [-1n, 16n], [1n, 2001n], [-1n, 2001n], [2n, 3n], [10n ** 17n - 1n, 2n * 10n ** 20n], [999_999n, 20_000_000n]];
    for (const [change, base] of cases) {
      const shown = formatDecimal(percentChange(change, base)!, 1);
      const text = formatPercentChange(change, base).replace(/^\+/, '').replace('%', '');
      expect(shown.includes(',') ? shown : `${shown},0`, `${change}/${base}`).toBe(text);
    }
  });
});

describe('instants in a time zone', () => {
  it('crosses midnight and the new year in the campaign zone', () => {
    expect(formatInstant('2023-12-14T16:59:00Z', VN)).toBe('23:59 14/12/2023');
    expect(formatInstant('2023-12-14T17:00:00Z', VN)).toBe('00:00 15/12/2023');
    expect(formatInstant(new Date('2023-12-31T17:05:00Z'), VN)).toBe('00:05 01/01/2024');
    expect(formatInstant('2023-12-15T11:30:00Z', VN)).toBe('18:30 15/12/2023');
  });
  it('says "ngày" in a sentence, as the campaign does', () => {
    expect(formatInstantInSentence(new Date('2023-12-14T17:00:00Z'), VN)).toBe('00:00 ngày 15/12/2023');
    expect(defaultCampaign().formatLocal(new Date('2023-12-15T11:30:00Z'))).toBe('18:30 ngày 15/12/2023');
  });
  it('follows daylight saving and fractional offsets, as luxon does', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', VN];
    const start = Date.parse('2024-03-09T00:00:00Z');
    const wrong: string[] = [];
    for (const zone of zones) {
      // Every 13 minutes over a month with spring-forward changes in it, through the cache.
      for (let ms = start; ms < start + 31 * 24 * 3600_000; ms += 13 * 60_000) {
        const expected = DateTime.fromMillis(ms, { zone }).toFormat('HH:mm dd/MM/yyyy');
        const got = formatInstant(new Date(ms), zone);
        if (got !== expected) wrong.push(`${zone} ${new Date(ms).toISOString()}: ${got}, not ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(formatInstant('2024-03-31T00:59:00Z', 'Europe/Berlin')).toBe('01:59 31/03/2024');
    expect(formatInstant('2024-03-31T01:00:00Z', 'Europe/Berlin')).toBe('03:00 31/03/2024');
  });
  it('refuses what is not an instant', () => {
    expect(() => formatInstant('hôm qua', VN)).toThrow(RangeError);
    expect(() => formatInstantInSentence(new Date(Number.NaN), VN)).toThrow(RangeError);
  });
});

describe('cold start', () => {
  it('builds no Intl formatter at import, and each one once at its first use', async () => {
    vi.resetModules();
    const built = vi.spyOn(Intl, 'NumberFormat');
    try {
      const fresh = await import('../../shared/domain/format.ts');
      expect(built).not.toHaveBeenCalled();
      expect(fresh.formatInteger(1234567)).toBe('1.234.567');
      expect(fresh.formatInteger(-1000)).toBe('−1.000');
      expect(built).toHaveBeenCalledTimes(1);
      expect(fresh.formatBytes(5 * MIB + 1)).toBe('5,1 MB');
      expect(fresh.formatPercentChange(1n, 3n)).toBe('+33,3%');
      fresh.formatBytes(2 * MIB);
      expect(built).toHaveBeenCalledTimes(3);
    } finally {
      built.mockRestore();
    }
  });
});
