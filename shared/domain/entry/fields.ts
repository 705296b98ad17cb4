// The 11 fields of the portal's entry form: the official form's columns, named as on the form,
// with their unit and how they behave from day to day.
import { COLUMN_COUNT } from '../report.ts';
import type { FormTexts } from '../snapshot/text.ts';
import { isAmountColumn } from '../form/official-layout.ts';

/** Columns 1-4 are a fixed baseline, 5-7 add up from the campaign's start, 8-11 are the day's figures. */
export type FieldKind = 'baseline' | 'cumulative' | 'current';

export interface EntryField {
  /** The form column, 1..11. */
  col: number;
  /** The form field's name ("cot1" … "cot11"). */
  name: string;
  label: string;
  unit: 'đơn vị' | 'đồng';
  kind: FieldKind;
}

export const fieldName = (col: number): string => `cot${col}`;

const kindOf = (col: number): FieldKind => (col <= 4 ? 'baseline' : col <= 7 ? 'cumulative' : 'current');

export function entryFields(texts: Pick<FormTexts, 'columnLabels'>): EntryField[] {
  return Array.from({ length: COLUMN_COUNT }, (_, i) => {
    const col = i + 1;
    return { col, name: fieldName(col), label: texts.columnLabels[i]!, unit: isAmountColumn(col) ? 'đồng' : 'đơn vị', kind: kindOf(col) };
  });
}
