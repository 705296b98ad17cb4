// The snapshot as JSON: a contract other tools read.
//   {"date","final","generatedAt","provinces":[{"code","name","status","submittedAt","values"}],
//    "total":[11 integers],"counts":{"expected","onTime","late","missing"}}
// Totals are written as exact integers even beyond 2^53 (digits straight from BigInt).
import type { ProvinceStatus, Snapshot } from './model.ts';

export interface SnapshotJson {
  date: string;
  final: boolean;
  generatedAt: string;
  provinces: {
    code: string;
    name: string;
    status: ProvinceStatus;
    submittedAt: string | null;
    /** Present when the report replaced an earlier one of the date: its status is the first upload's. */
    correctedAt?: string;
    values: number[] | null;
  }[];
  total: number[];
  /** `missing` counts every province without an accepted report (rejected_only included). */
  counts: { expected: number; onTime: number; late: number; missing: number };
}

export function renderJson(s: Snapshot): string {
  const marker = '\u0000big:';
  const doc = {
    date: s.date,
    final: s.final,
    generatedAt: s.generatedAt,
    provinces: s.rows.map((p) => ({
      code: p.code, name: p.name, status: p.status, submittedAt: p.submittedAt,
      ...(p.correctedAt ? { correctedAt: p.correctedAt } : {}), values: p.values ? [...p.values] : null,
    })),
    total: s.total.map((n) => `${marker}${n}`),
    counts: { expected: s.counts.expected, onTime: s.counts.onTime, late: s.counts.late, missing: s.counts.missing },
  };
  // One province per line: readable, and small. JSON.stringify cannot write a BigInt: write a marked
  // string, then unquote it into bare digits.
  const text = [
    '{',
    `  "date": ${JSON.stringify(doc.date)},`,
    `  "final": ${doc.final},`,
    `  "generatedAt": ${JSON.stringify(doc.generatedAt)},`,
    '  "provinces": [',
    doc.provinces.map((p) => `    ${JSON.stringify(p)}`).join(',\n'),
    '  ],',
    `  "total": ${JSON.stringify(doc.total)},`,
    `  "counts": ${JSON.stringify(doc.counts)}`,
    '}',
  ].join('\n');
  return text.replace(/"\\u0000big:(-?\d+)"/g, '$1') + '\n';
}

/** Parses the JSON back (for the download helper and tests); totals beyond 2^53 lose precision here. */
export function parseSnapshotJson(text: string): SnapshotJson {
  return JSON.parse(text) as SnapshotJson;
}
