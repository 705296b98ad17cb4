// The entry form on the server: what to pre-fill, the check again (the same code as the page), and
// the official form with the values in, as the upload the parser judges like any other. The portal
// writes it to incoming/<code>/ with the origin below; nothing here touches storage.
import type { Campaign } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import { ORIGIN_METADATA } from '../intake/origin.ts';
import type { StoredReport } from '../report.ts';
import { formTexts } from '../snapshot/text.ts';
import { checkEntry, type EntryCheck } from './check.ts';

/** The origin an entry-form upload carries in its metadata (read back by the parser for the submission log). */
export const ENTRY_METADATA: Readonly<Record<string, string>> = { [ORIGIN_METADATA]: 'entry-form' };

/** The values a report date starts from: its own accepted report (a correction), else the latest before it. */
export interface Prefill {
  /** The date of the report the values come from. */
  from: string;
  values: number[];
}

/** The latest accepted report strictly before `reportDate`: what the day-to-day rules compare with. */
export function previousReport(reports: readonly StoredReport[], reportDate: string): StoredReport | undefined {
  return reports.filter((r) => r.reportDate < reportDate).sort((a, b) => a.reportDate.localeCompare(b.reportDate)).at(-1);
}

/** What the entry form (and the blank form, on request) fills in for a date. */
export function prefillFor(reports: readonly StoredReport[], reportDate: string): Prefill | undefined {
  const report = reports.find((r) => r.reportDate === reportDate) ?? previousReport(reports, reportDate);
  return report ? { from: report.reportDate, values: [...report.values] } : undefined;
}

/** "Giống hôm qua": the latest accepted report before the due date, whose values are re-sent for it. */
export function sameAsLatest(reports: readonly StoredReport[], dueDate: string): Prefill | undefined {
  const report = previousReport(reports, dueDate);
  return report ? { from: report.reportDate, values: [...report.values] } : undefined;
}

/** The file the entry form writes (its name is what the verdict, the receipt and the history show). */
export function entryFileName(reportDate: string): string {
  return `nhap-tren-cong-bao-cao-ngay-${formatDateVi(reportDate).replaceAll('/', '-')}.xlsx`;
}

/** The blank form's download name; a pre-filled one says whose values it holds. */
export function blankFormFileName(province: string, reportDate: string, prefilledFrom?: string): string {
  return `mau-bao-cao-${province}-${reportDate}${prefilledFrom ? `-dien-san-so-lieu-ngay-${prefilledFrom}` : ''}.xlsx`;
}

export interface EntryRequest {
  campaign: Campaign;
  province: string;
  reportDate: string;
  /** The 11 fields as typed. */
  raw: readonly string[];
  /** The province's accepted reports. */
  reports: readonly StoredReport[];
  /** When the clerk sent it. */
  at: Date;
}

export type EntryOutcome =
  | { status: 'invalid'; check: EntryCheck }
  | { status: 'ready'; check: EntryCheck; fileName: string; bytes: Uint8Array; metadata: Readonly<Record<string, string>> };

/** The server's check of an entry, and when it passes, the official form to upload. */
export async function prepareEntry(request: EntryRequest): Promise<EntryOutcome> {
  const { campaign, province, reportDate } = request;
  const place = campaign.province(province);
  if (!place) throw new RangeError(`Unknown province ${province}`);
  if (!campaign.isReportDate(reportDate)) throw new RangeError(`${reportDate} is not a report date of ${campaign.id}`);
  const previous = previousReport(request.reports, reportDate);
  const check = checkEntry(request.raw, {
    reportDate, baselineLabel: campaign.config.baselineLabel, minAmountPerLateUnit: campaign.config.minAmountPerLateUnit,
    ...(previous ? { previous } : {}),
  });
  if (!check.values) return { status: 'invalid', check };
  // exceljs is loaded on the first entry a container writes, not at every cold start.
  const { officialFormXlsx } = await import('../form/official-form-xlsx.ts');
  const bytes = await officialFormXlsx({ province: place, reportDate, texts: formTexts(campaign.config), values: check.values, at: request.at });
  return { status: 'ready', check, fileName: entryFileName(reportDate), bytes, metadata: ENTRY_METADATA };
}
