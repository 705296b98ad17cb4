// The consistency rules of report-template.md applied to what the reader found, with the
// province's history for the warnings that need it. Pure: every input is passed in.
import type { Campaign } from './campaign.ts';
import { formatDateVi } from './campaign.ts';
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
}

// Pairs (part, whole) that must satisfy part ≤ whole; and (count, amount) pairs that are 0 together.
const PART_OF: ReadonlyArray<[number, number]> = [[3, 1], [4, 2], [10, 8], [11, 9]];
const COUNT_AMOUNT: ReadonlyArray<[number, number]> = [[1, 2], [3, 4], [8, 9], [10, 11]];
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
  const cells = read.cells ?? [];
  const at = (col: number): number => values![col - 1]!;
  const cellOf = (col: number): string => cells[col - 1] ?? `cột ${col}`;
  if (values) {
    for (const [part, whole] of PART_OF) {
      if (at(part) > at(whole)) errors.push(E.partExceedsTotal(part, whole, cellOf(part)));
    }
    for (const [count, amount] of COUNT_AMOUNT) {
      if ((at(count) === 0) !== (at(amount) === 0)) errors.push(E.countAmountMismatch(count, amount, cellOf(amount), at(count) === 0));
    }
    for (const col of CUMULATIVE) {
      if (at(col) > at(1)) warnings.push(W.actionsExceedUnits(col, cellOf(col)));
    }
    const previous = ctx.previous;
    if (previous && read.reportDate && previous.reportDate < read.reportDate) {
      const before = formatDateVi(previous.reportDate);
      for (const col of BASELINE) {
        const old = previous.values[col - 1]!;
        if (old !== at(col)) warnings.push(W.baselineChanged(col, cellOf(col), old, at(col), before, campaign.config.baselineLabel));
      }
      for (const col of CUMULATIVE) {
        const old = previous.values[col - 1]!;
        if (at(col) < old) warnings.push(W.cumulativeDecreased(col, cellOf(col), old, at(col), before));
      }
    }
  }

  const late = Boolean(ctx.receivedAt && read.reportDate && campaign.isReportDate(read.reportDate)
    && campaign.isLate(read.reportDate, ctx.receivedAt));
  if (late && read.reportDate) warnings.push(W.late(campaign.formatLocal(campaign.deadline(read.reportDate))));

  const accepted = errors.length === 0 && values !== undefined && read.reportDate !== undefined;
  return {
    status: accepted ? 'accepted' : 'rejected',
    province: ctx.uploadedFor,
    reportDate: read.reportDate ?? null,
    values: values ? [...values] : null,
    warnings,
    errors,
  };
}

