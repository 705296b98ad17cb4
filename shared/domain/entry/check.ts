// The entry form's check: the 11 fields read the way the reader reads a cell (Vietnamese thousands
// "1.234.567" included) and judged by the parser's own value rules. Free of Node and of the
// campaign's calendar: the portal's page bundles this module, so the page and the pipeline agree.
import { errors as E } from '../findings.ts';
import { DATA_CELLS } from '../form/official-layout.ts';
import { readNumber } from '../form/numbers.ts';
import { COLUMN_COUNT, type Finding, type StoredReport } from '../report.ts';
import { valueRules } from '../rules.ts';

/** The longest text a field takes: digits, separators, spaces and a unit, with room to spare. */
export const MAX_FIELD_LENGTH = 40;

export interface EntryContext {
  /** The report date entered, YYYY-MM-DD. */
  reportDate: string;
  /** The province's latest accepted report before that date, for the day-to-day warnings. */
  previous?: Pick<StoredReport, 'reportDate' | 'values'>;
  baselineLabel: string;
  /** The campaign's plausibility threshold (đồng per late unit). */
  minAmountPerLateUnit: number;
}

export interface FieldCheck {
  /** The value read, or null when the field has an error of its own. */
  value: number | null;
  errors: Finding[];
  warnings: Finding[];
}

export interface EntryCheck {
  /** The 11 values, when nothing stops the report. */
  values?: number[];
  /** Per field (columns 1..11): what concerns it. Findings name the official form's cell the value is written to. */
  fields: FieldCheck[];
  errors: Finding[];
  warnings: Finding[];
}

/** One field as the reader reads one cell: a whole number ≥ 0, or the reader's own finding. */
function readField(raw: string, col: number): { value: number | null; error?: Finding } {
  const cell = DATA_CELLS[col - 1]!;
  // No real figure is this long (the largest exact one has 16 digits and 5 dots): not read further.
  if (raw.length > MAX_FIELD_LENGTH) return { value: null, error: E.notANumber(col, cell, raw.slice(0, MAX_FIELD_LENGTH)) };
  const reading = readNumber(raw);
  switch (reading.kind) {
    case 'value': return { value: reading.value };
    // The form asks for every number: an empty field is an error here, never a silent 0.
    case 'empty': return { value: null, error: E.emptyCell(col, cell) };
    case 'negative': return { value: null, error: E.negative(col, cell, reading.text) };
    case 'not-whole': return { value: null, error: E.notWhole(col, cell, reading.text) };
    case 'too-large': return { value: null, error: E.tooLargeNumber(col, cell, reading.text) };
    case 'not-a-number': return { value: null, error: E.notANumber(col, cell, reading.text) };
  }
}

/** Checks the 11 fields as typed (strings, in column order). */
export function checkEntry(raw: readonly string[], ctx: EntryContext): EntryCheck {
  const fields: FieldCheck[] = Array.from({ length: COLUMN_COUNT }, (_, i) => {
    const { value, error } = readField(raw[i] ?? '', i + 1);
    return { value, errors: error ? [error] : [], warnings: [] };
  });
  const readable = fields.map((f) => f.value);
  const complete = readable.every((v): v is number => v !== null);
  const found = valueRules({
    readable, complete, cells: DATA_CELLS, reportDate: ctx.reportDate, baselineLabel: ctx.baselineLabel, minAmountPerLateUnit: ctx.minAmountPerLateUnit,
    ...(ctx.previous ? { previous: ctx.previous } : {}),
  });
  const fieldOf = (finding: Finding): FieldCheck | undefined => fields[DATA_CELLS.indexOf(finding.cell ?? '')];
  for (const error of found.errors) fieldOf(error)?.errors.push(error);
  for (const warning of found.warnings) fieldOf(warning)?.warnings.push(warning);
  const errors = fields.flatMap((f) => f.errors);
  const warnings = fields.flatMap((f) => f.warnings);
  return { ...(complete && errors.length === 0 ? { values: readable } : {}), fields, errors, warnings };
}
