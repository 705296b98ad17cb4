// A campaign played on the local stack for the national office's browser tests: three report dates
// of twelve provinces, uploaded as files through S3 at chosen instants, with the schedules fired as
// EventBridge would. Seven provinces bring their late amount (col 9) below the baseline (col 2), four
// let it grow, one cuts its baseline and lowers an action count on the last date (warnings), one
// corrects the previous date after its final snapshot was built, one misses the last date.
// Everything the tests check is computed here from the values uploaded, never from the app's code.
import { DateTime } from 'luxon';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { scheduledEvent } from '../../shared/config/delivery.ts';
import type { Province } from '../../shared/domain/campaign.ts';
import { formatDateVi } from '../../shared/domain/format.ts';
import { agencyLine, buildReportFile, plausibleValues } from '../../shared/fixtures/report-files.ts';
import type { TestStack } from './support.ts';

const campaign = currentCampaign();

/** The played dates: the campaign's first three (the first is where the like-for-like trend starts). */
export const DATES = campaign.reportDates.slice(0, 3) as [string, string, string];
const [, SECOND, LAST] = DATES;

const PLAYERS: readonly Province[] = campaign.provinces.slice(0, 12);
/** Col 9 against col 2, in thousandths per played day: negative brings the debt down. */
const TREND_PER_DAY = [-4, -8, -12, -16, -20, -24, -28, 3, 6, 9, 12, 0];

export const ROLES = {
  /** Cuts its baseline (col 2) and lowers its letters (col 5) on the last date: warnings, loudest first. */
  warned: PLAYERS[2]!,
  /** Corrects its report of the second date on the last date's morning, after that date's final snapshot. */
  corrects: PLAYERS[5]!,
  /** No report on the last date. */
  missing: PLAYERS[11]!,
  improving: PLAYERS.filter((_, i) => TREND_PER_DAY[i]! < 0),
  worsening: PLAYERS.filter((_, i) => TREND_PER_DAY[i]! > 0),
};

/** The correction's instant: 10:00 on the last date, local time. */
export const CORRECTED_AT = DateTime.fromISO(`${LAST}T10:00`, { zone: campaign.timeZone });

interface Upload {
  province: Province;
  date: string;
  values: number[];
  at: DateTime;
  key: string;
}

function valuesOn(province: Province, day: number): number[] {
  const values = plausibleValues(province.code);
  const permille = TREND_PER_DAY[PLAYERS.indexOf(province)]! * (day + 1);
  values[8] = Math.round((values[1]! * (1000 + permille)) / 1000);
  // Actions are cumulative: a few more every day.
  for (const col of [4, 5, 6]) values[col] = values[col]! + 10 * day;
  return values;
}

function plan(): Upload[] {
  const uploads: Upload[] = [];
  DATES.forEach((date, day) => {
    PLAYERS.forEach((province, i) => {
      if (date === LAST && province === ROLES.missing) return;
      const values = valuesOn(province, day);
      if (date === LAST && province === ROLES.warned) {
        values[1] = Math.round(values[1]! * 0.8); // col 4 stays below it
        values[4] = values[4]! - 25;
      }
      const at = DateTime.fromISO(`${date}T09:00`, { zone: campaign.timeZone }).plus({ minutes: 7 * i });
      uploads.push({ province, date, values, at, key: `incoming/${province.code}/bao-cao-${date}.xlsx` });
    });
  });
  const first = uploads.find((u) => u.date === SECOND && u.province === ROLES.corrects)!;
  const corrected = [...first.values];
  corrected[8] = corrected[8]! - Math.round(corrected[1]! * 0.02);
  corrected[7] = corrected[7]! - 40;
  uploads.push({ province: ROLES.corrects, date: SECOND, values: corrected, at: CORRECTED_AT, key: `incoming/${ROLES.corrects.code}/bao-cao-${SECOND}-sua.xlsx` });
  return uploads;
}

export const UPLOADS: readonly Upload[] = plan();

/** The values in force for each date and province: the last upload of each. */
export function reportsOn(date: string): Map<string, number[]> {
  const reports = new Map<string, number[]>();
  for (const u of UPLOADS) if (u.date === date) reports.set(u.province.code, u.values);
  return reports;
}

export interface Expected {
  baseline: bigint;
  now: bigint;
  change: bigint;
  /** change / baseline × 100, to 7 decimals. */
  pct: number;
}

const measure = (baseline: bigint, now: bigint): Expected => ({
  baseline, now, change: now - baseline, pct: Number(((now - baseline) * 1_000_000_000n) / baseline) / 10_000_000,
});

/** Column `from` → column `to` (1-based, as the form numbers them) of one report. */
export const figure = (values: readonly number[], from: number, to: number): Expected => measure(BigInt(values[from - 1]!), BigInt(values[to - 1]!));

/** Col 2 → col 9 of one report. */
export const lateAmount = (values: readonly number[]): Expected => figure(values, 2, 9);

/** The national line of a figure: the sums of its two columns over the date's reports. */
export function nationalFigure(date: string, from: number, to: number): Expected & { provinces: number } {
  const reports = [...reportsOn(date).values()];
  const sum = (col: number): bigint => reports.reduce((s, v) => s + BigInt(v[col - 1]!), 0n);
  return { ...measure(sum(from), sum(to)), provinces: reports.length };
}

export const nationalLateAmount = (date: string): Expected & { provinces: number } => nationalFigure(date, 2, 9);

/** The reporting provinces' codes, largest reduction in % first. */
export function ranking(date: string): string[] {
  return [...reportsOn(date)].map(([code, values]) => ({ code, m: lateAmount(values) }))
    .sort((a, b) => a.m.pct - b.m.pct).map((r) => r.code);
}

/** Plays the three dates: uploads, then each date's final snapshot; the 18:30 run (with the digest) on the last. */
export async function playCampaign(stack: TestStack): Promise<void> {
  for (const date of DATES) {
    const deadline = campaign.deadline(date);
    // Each upload on the day it is made (the correction of the second date comes on the last).
    await Promise.all(UPLOADS.filter((u) => u.at.toISODate() === date).map((u) => stack.put(u.key, buildReportFile({
      agencyLine: agencyLine(u.province), dateText: formatDateVi(u.date), values: u.values,
    }), u.at.toUTC().toISO()!)));
    await stack.idle();
    if (date === LAST) {
      stack.fireSchedule('reminder', scheduledEvent('deadline', deadline));
      await stack.idle();
    }
    stack.fireSchedule('aggregator', scheduledEvent('final-snapshot', new Date(deadline.getTime() + 5 * 60_000)));
    await stack.idle();
  }
}
