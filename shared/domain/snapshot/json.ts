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

export function renderJson(s: Snapshot): string {
  const marker = '\u0000big:';
  const big = (n: bigint): string => `${marker}${n}`;
  const doc = {
    date: s.date,
    final: s.final,
    generatedAt: s.generatedAt,
    provinces: s.rows.map((p) => ({
      code: p.code, name: p.name, status: p.status, submittedAt: p.submittedAt,
      ...(p.correctedAt ? { correctedAt: p.correctedAt } : {}), values: p.values ? [...p.values] : null,
      warnings: p.warnings, baselineChanged: p.baselineChanged, baselineShift: p.baselineShift, correction: p.correction, days: p.days,
    })),
    total: s.total.map(big),
    counts: {
      expected: s.counts.expected, onTime: s.counts.onTime, late: s.counts.late, missing: s.counts.missing,
      warned: s.counts.warned, baselineChanged: s.counts.baselineChanged, correctedAfterDeadline: s.counts.correctedAfterDeadline,
    },
  };
  // One province per line: readable, and small. JSON.stringify cannot write a BigInt: write a marked
  // string, then unquote it into bare digits.
  const text = [
    '{',
    `  "campaign": ${JSON.stringify(s.campaignId)},`,
    `  "date": ${JSON.stringify(doc.date)},`,
    `  "final": ${doc.final},`,
    `  "generatedAt": ${JSON.stringify(doc.generatedAt)},`,
    `  "revision": ${JSON.stringify(s.revision)},`,
    `  "latestReceivedAt": ${JSON.stringify(s.latestReceivedAt)},`,
    '  "provinces": [',
    doc.provinces.map((p) => `    ${JSON.stringify(p)}`).join(',\n'),
    '  ],',
    `  "total": ${JSON.stringify(doc.total)},`,
    `  "baselineShift": ${JSON.stringify(big(s.baselineShift))},`,
    `  "counts": ${JSON.stringify(doc.counts)},`,
    '  "trend": [',
    s.trend.map((t) => `    ${JSON.stringify({
      date: t.date, reported: t.reported, compared: t.compared,
      total: t.total ? t.total.map(big) : null, lateAmountChange: t.lateAmountChange === null ? null : big(t.lateAmountChange),
    })}`).join(',\n'),
    '  ]',
    '}',
  ].join('\n');
  return text.replace(/"\\u0000big:(-?\d+)"/g, '$1') + '\n';
}

/** Parses the JSON back (for the download helper and tests); totals beyond 2^53 lose precision here. */
export function parseSnapshotJson(text: string): SnapshotJson {
  return JSON.parse(text) as SnapshotJson;
}
