// Report files for the demo, the tests and the benchmarks: the official form (shared/domain/form/
// official-form.ts) filled with sample or plausible values.
import type { ReportSpec } from '../shared/domain/form/official-form.ts';

export { agencyLine, buildReportFile, buildReportWorkbook, type ReportFormat, type ReportSpec } from '../shared/domain/form/official-form.ts';

/** A consistent set of 11 values (parts ≤ totals, counts and amounts non-zero together). */
export const SAMPLE_VALUES: readonly number[] = [
  4162, 108554706639, 1563, 74315130485, 1604, 636, 356, 4256, 110542040948, 949, 52057702779,
];

export function sampleSpec(overrides: Partial<ReportSpec> = {}): ReportSpec {
  return {
    agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH',
    dateText: '15/12/2023',
    values: [...SAMPLE_VALUES],
    ...overrides,
  };
}

/** A small deterministic generator (mulberry32): the same numbers for the same seed, every run. */
export function seededRandom(seed: number): () => number {
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
  const next = seededRandom(Number(code) * 7919 + 17);
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
