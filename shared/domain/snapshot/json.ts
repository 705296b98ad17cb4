// The snapshot as JSON: a contract other tools read (every field: docs/results.md).
//   {"campaign","date","final","generatedAt","revision","latestReceivedAt","provinces":[{"code","name","status",
//    "submittedAt","correctedAt"?,"values","warnings","baselineChanged","baselineShift","correction","days"}],
//    "total":[11 integers],"baselineShift","counts":{"expected","onTime","late","missing","warned","baselineChanged",
//    "correctedAfterDeadline"},"trend":[{"date","reported","compared","total":[11 integers]|null,"lateAmountChange"}]}
// A trend point covers the `compared` provinces: those that reported on that date and on the
// campaign's first date (see model.ts).
// Totals are written as exact integers even beyond 2^53 (digits straight from BigInt).
import type { Finding } from '../report.ts';
import type { Correction, ProvinceDays } from './changes.ts';
import type { ProvinceStatus, Snapshot } from './model.ts';

export interface SnapshotJson {
  campaign: string;
  date: string;
  final: boolean;
  generatedAt: string;
  /** The version of the reports the snapshot was built from (grows with every new or corrected report). */
  revision: string;
  latestReceivedAt: string | null;
  provinces: {
    code: string;
    name: string;
    status: ProvinceStatus;
    submittedAt: string | null;
    /** Present when the report replaced an earlier one of the date: its status is the first upload's. */
    correctedAt?: string;
    values: number[] | null;
    warnings: Finding[];
    baselineChanged: boolean;
    baselineShift: number | null;
    correction: Correction | null;
    days: ProvinceDays;
  }[];
  total: number[];
  baselineShift: number;
  /** `missing` counts every province without an accepted report (rejected_only included). */
  counts: { expected: number; onTime: number; late: number; missing: number; warned: number; baselineChanged: number; correctedAfterDeadline: number };
  trend: { date: string; reported: number; compared: number; total: number[] | null; lateAmountChange: number | null }[];
}

const MARKER = '\u0000big:';
const big = (n: bigint): string => `${MARKER}${n}`;
/** JSON.stringify cannot write a BigInt: it is written as a marked string, then unquoted into bare digits. */
const unmark = (text: string): string => text.replace(/"\\u0000big:(-?\d+)"/g, '$1');
const bigReplacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? big(value) : value);

/**
 * An object as JSON with every BigInt as exact digits: one top-level key a line, and the arrays named in
 * `listed` one element a line (readable, and small).
 */
export function exactJson(doc: Record<string, unknown>, listed: readonly string[] = []): string {
  const lines = Object.entries(doc).map(([key, value]) => {
    if (listed.includes(key) && Array.isArray(value)) {
      const items = value.map((v) => `    ${JSON.stringify(v, bigReplacer)}`).join(',\n');
      return `  ${JSON.stringify(key)}: [${items ? `\n${items}\n  ` : ''}]`;
    }
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value, bigReplacer)}`;
  });
  return unmark(`{\n${lines.join(',\n')}\n}`) + '\n';
}

export function renderJson(s: Snapshot): string {
  return exactJson({
    campaign: s.campaignId,
    date: s.date,
    final: s.final,
    generatedAt: s.generatedAt,
    revision: s.revision,
    latestReceivedAt: s.latestReceivedAt,
    provinces: s.rows.map((p) => ({
      code: p.code, name: p.name, status: p.status, submittedAt: p.submittedAt,
      ...(p.correctedAt ? { correctedAt: p.correctedAt } : {}), values: p.values ? [...p.values] : null,
      warnings: p.warnings, baselineChanged: p.baselineChanged, baselineShift: p.baselineShift, correction: p.correction, days: p.days,
    })),
    total: s.total,
    baselineShift: s.baselineShift,
    counts: {
      expected: s.counts.expected, onTime: s.counts.onTime, late: s.counts.late, missing: s.counts.missing,
      warned: s.counts.warned, baselineChanged: s.counts.baselineChanged, correctedAfterDeadline: s.counts.correctedAfterDeadline,
    },
    trend: s.trend.map((t) => ({ date: t.date, reported: t.reported, compared: t.compared, total: t.total, lateAmountChange: t.lateAmountChange })),
  }, ['provinces', 'trend']);
}

/** Parses the JSON back (for the download helper and tests); totals beyond 2^53 lose precision here. */
export function parseSnapshotJson(text: string): SnapshotJson {
  return JSON.parse(text) as SnapshotJson;
}
