// The consistency rules of report-template.md applied to what the reader found, with the
// province's history for the warnings that need it. Pure: every input is passed in.
import type { Campaign } from './campaign.ts';
import { formatDateVi } from './format.ts';
import { errors as E, warnings as W } from './findings.ts';
import type { Finding, ReadResult, StoredReport, Verdict } from './report.ts';

export interface RuleContext {
  campaign: Campaign;
  /** The province the file was uploaded for (the incoming/<code>/ prefix): authoritative. */
  uploadedFor: string;
  /** The province's latest accepted report for an earlier date, if any. */
  previous?: StoredReport;
  /** When the upload was received (S3 event time); absent for an offline check. */
  receivedAt?: Date;
  /** The report already accepted for the same province and date, if any: its first upload decides on-time. */
  sameDate?: StoredReport;
}

/** When the date's first accepted upload arrived: on-time status never changes with a correction. */
export function firstReceivedAt(receivedAt: Date, sameDate: StoredReport | undefined): Date {
  const earlier = sameDate ? new Date(sameDate.firstReceivedAt ?? sameDate.receivedAt) : undefined;
  return earlier && earlier < receivedAt ? earlier : receivedAt;
}

// Pairs (part, whole) that must satisfy part ≤ whole; and (count, amount) pairs that are 0 together.
export const PART_OF: ReadonlyArray<[number, number]> = [[3, 1], [4, 2], [10, 8], [11, 9]];
export const COUNT_AMOUNT: ReadonlyArray<[number, number]> = [[1, 2], [3, 4], [8, 9], [10, 11]];
const BASELINE = [1, 2, 3, 4];
const CUMULATIVE = [5, 6, 7];

export function applyRules(read: ReadResult, ctx: RuleContext): Verdict {
  const errors: Finding[] = [...read.errors];
  const warnings: Finding[] = [...read.warnings];
  const { campaign } = ctx;

  const uploadedFor = campaign.province(ctx.uploadedFor);
  if (!uploadedFor) errors.push(E.unknownUploadProvince(ctx.uploadedFor));
  if (read.namedProvince && uploadedFor && read.namedProvince !== uploadedFor.code) {
    errors.push(E.provinceMismatch(
      campaign.province(read.namedProvince)?.name ?? read.namedProvince, uploadedFor.name, read.namedProvinceCell,
    ));
  }

  if (read.reportDate && !campaign.isReportDate(read.reportDate)) {
    errors.push(E.dateOutsideCampaign(
      formatDateVi(read.reportDate), formatDateVi(campaign.config.firstReportDate), formatDateVi(campaign.config.lastReportDate),
      read.reportDateCell,
    ));
  }

  const values = read.values;
  const readable = read.values ?? read.partialValues;
  if (readable) {
    const found = valueRules({
      readable, complete: values !== undefined, cells: read.cells ?? [], baselineLabel: campaign.config.baselineLabel,
      minAmountPerLateUnit: campaign.config.minAmountPerLateUnit,
      ...(read.reportDate ? { reportDate: read.reportDate } : {}), ...(ctx.previous ? { previous: ctx.previous } : {}),
    });
    errors.push(...found.errors);
    warnings.push(...found.warnings);
  }

  if (errors.length === 0 && values !== undefined && read.reportDate !== undefined) {
    const sameDate = ctx.sameDate?.reportDate === read.reportDate ? ctx.sameDate : undefined;
    const late = ctx.receivedAt && campaign.isLate(read.reportDate, firstReceivedAt(ctx.receivedAt, sameDate));
    if (late) warnings.push(W.late(campaign.formatLocal(campaign.deadline(read.reportDate))));
    return {
      status: 'accepted', province: ctx.uploadedFor, reportDate: read.reportDate, values: [...values],
      ...(read.source ? { source: read.source } : {}), warnings, errors: [],
    };
  }
  return {
    status: 'rejected',
    province: ctx.uploadedFor,
    reportDate: read.reportDate ?? null,
    values: values ? [...values] : null,
    ...(read.source ? { source: read.source } : {}),
    warnings,
    errors,
  };
}

export interface ValueRuleInput {
  /** The 11 values as read, null where a cell could not be read. */
  readable: readonly (number | null)[];
  /** Every value was read (the warnings need all of them). */
  complete: boolean;
  /** Where each value came from (A1 addresses), to name in the findings. */
  cells: readonly string[];
  reportDate?: string;
  /** The province's latest accepted report for an earlier date. */
  previous?: Pick<StoredReport, 'reportDate' | 'values'>;
  /** The campaign's baseline period (columns 1-4), as the warnings name it. */
  baselineLabel: string;
  /** Below this many đồng per late unit, an amount was probably typed in another unit (a warning). */
  minAmountPerLateUnit: number;
}

/**
 * The rules on the 11 values themselves: between columns, and against the previous report. Pure and
 * free of the campaign's calendar, so the portal's entry form runs this same code in the browser.
 */
export function valueRules(input: ValueRuleInput): { errors: Finding[]; warnings: Finding[] } {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const { readable, cells } = input;
  const cellOf = (col: number): string => cells[col - 1] ?? `cột ${col}`;
  // The cross-column rules run on every cell that was read, even when others have errors.
  const valueOf = (col: number): number | null => readable[col - 1] ?? null;
  for (const [part, whole] of PART_OF) {
    const p = valueOf(part);
    const w = valueOf(whole);
    if (p !== null && w !== null && p > w) errors.push(E.partExceedsTotal(part, whole, cellOf(part)));
  }
  for (const [count, amount] of COUNT_AMOUNT) {
    const c = valueOf(count);
    const a = valueOf(amount);
    if (c !== null && a !== null && (c === 0) !== (a === 0)) errors.push(E.countAmountMismatch(count, amount, cellOf(amount), c === 0));
  }
  if (!input.complete) return { errors, warnings };
  const at = (col: number): number => valueOf(col) ?? 0;
  for (const col of CUMULATIVE) {
    if (at(col) > at(1)) warnings.push(W.actionsExceedUnits(col, cellOf(col)));
  }
  // Millions typed as đồng make a few đồng per late unit: kept, but the clerk and the national office are told.
  const threshold = input.minAmountPerLateUnit;
  for (const [count, amount] of COUNT_AMOUNT) {
    if (at(count) > 0 && BigInt(at(amount)) < BigInt(at(count)) * BigInt(threshold)) {
      warnings.push(W.amountPerUnitLow(amount, count, cellOf(amount), Math.floor(at(amount) / at(count)), threshold));
    }
  }
  const { previous, reportDate } = input;
  if (previous && reportDate && previous.reportDate < reportDate) {
    const before = formatDateVi(previous.reportDate);
    for (const col of BASELINE) {
      const old = previous.values[col - 1]!;
      if (old !== at(col)) warnings.push(W.baselineChanged(col, cellOf(col), old, at(col), before, input.baselineLabel));
    }
    for (const col of CUMULATIVE) {
      const old = previous.values[col - 1]!;
      if (at(col) < old) warnings.push(W.cumulativeDecreased(col, cellOf(col), old, at(col), before));
    }
  }
  return { errors, warnings };
}
