// The snapshot as CSV: UTF-8 with a BOM (so Excel shows Vietnamese correctly), comma-separated,
// CRLF, plain integers (no separators) so a spreadsheet reads them as numbers; missing = empty.
import { COLUMN_COUNT } from '../report.ts';
import type { Snapshot } from './model.ts';
import { formatInstant } from '../format.ts';
import { correctionText, LABELS, neutralise, statusText, warningsText } from './text.ts';

const BOM = '\uFEFF';

/** One CSV field: text is neutralised against formula injection, then quoted when needed. */
function field(value: string | number | bigint | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return value.toString();
  const safe = neutralise(value);
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as a CSV file: BOM, comma-separated, CRLF. */
export function csvDocument(rows: readonly (readonly (string | number | bigint | null)[])[]): string {
  return BOM + rows.map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}

export function renderCsv(s: Snapshot): string {
  const lines: (string | number | bigint | null)[][] = [];
  const line = (cells: (string | number | bigint | null)[]): void => { lines.push(cells); };
  line([
    LABELS.index, LABELS.code, LABELS.province,
    ...s.texts.columnLabels.map((label, i) => `Cột ${i + 1}: ${label}`),
    LABELS.status, LABELS.submittedAt, LABELS.warnings, LABELS.correction,
  ]);
  for (const [i, p] of s.rows.entries()) {
    line([
      i + 1, p.code, p.name,
      ...(p.values ?? Array.from({ length: COLUMN_COUNT }, () => null)),
      statusText(p, s.timeZone), p.submittedAt ? formatInstant(p.submittedAt, s.timeZone) : null,
      warningsText(p.warnings) || null, p.correction ? correctionText(p.correction, s.timeZone) : null,
    ]);
  }
  line([
    null, null, LABELS.total, ...s.total, `Đã nộp ${s.counts.onTime + s.counts.late}/${s.counts.expected}`, null,
    `${s.counts.warned} báo cáo có cảnh báo`, null,
  ]);
  return csvDocument(lines);
}
