// The campaign calendar and the province list: data, validated with zod when loaded.
import { DateTime } from 'luxon';
// zod/mini: the same validation, a fraction of the bundle (every Lambda loads the campaign).
import * as z from 'zod/mini';

const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  z.refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, 'not a calendar date'),
);
const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm'));
const deadlineFields = {
  /** Days after the report date on which the deadline falls (0 = the same day). */
  dayOffset: z.int().check(z.minimum(0), z.maximum(7)),
  time: clockTime,
};

export const provinceSchema = z.object({
  code: z.string().check(z.regex(/^\d{2}$/, 'a province code is two digits')),
  name: z.string().check(z.minLength(2)),
  kind: z.enum(['tinh', 'thanh_pho']),
});
export type Province = z.infer<typeof provinceSchema>;

export const campaignSchema = z.object({
  id: z.string().check(z.minLength(1)),
  title: z.string().check(z.minLength(1)),
  timeZone: z.string().check(z.refine((zone) => DateTime.now().setZone(zone).isValid, 'unknown IANA time zone')),
  firstReportDate: isoDate,
  lastReportDate: isoDate,
  defaultDeadline: z.object(deadlineFields),
  deadlineOverrides: z._default(z.array(z.object({ ...deadlineFields, reportDate: isoDate })), []),
  baselineLabel: z.string(),
  actionsWindowStart: isoDate,
  /** What an empty data cell means: 0 with a warning (the default), or an error. */
  emptyCellPolicy: z._default(z.enum(['zero-with-warning', 'error']), 'zero-with-warning'),
  reminders: z.object({
    deadlineRun: z.object({ time: clockTime }),
    nudge: z.object({ enabled: z.boolean(), time: clockTime }),
  }),
  provinces: z.array(provinceSchema).check(z.minLength(1)),
}).check(z.superRefine((c, ctx) => {
  if (c.lastReportDate < c.firstReportDate) {
    ctx.addIssue({ code: 'custom', path: ['lastReportDate'], message: 'the campaign ends before it starts', input: c.lastReportDate });
  }
  const codes = new Set<string>();
  for (const [i, p] of c.provinces.entries()) {
    if (codes.has(p.code)) ctx.addIssue({ code: 'custom', path: ['provinces', i, 'code'], message: `duplicate province code ${p.code}`, input: p.code });
    codes.add(p.code);
  }
  for (const [i, o] of c.deadlineOverrides.entries()) {
    if (o.reportDate < c.firstReportDate || o.reportDate > c.lastReportDate) {
      ctx.addIssue({ code: 'custom', path: ['deadlineOverrides', i], message: 'override outside the campaign', input: o });
    }
  }
}));
export type CampaignConfig = z.infer<typeof campaignSchema>;

/** How long after a deadline the final snapshot runs: late enough for an upload at hh:29:59 to be parsed. */
export const FINAL_SNAPSHOT_DELAY_MINUTES = 5;

/** A campaign with its calendar arithmetic. Every instant is passed in, never read from the clock. */
export class Campaign {
  readonly config: CampaignConfig;
  readonly reportDates: readonly string[];
  private readonly provinceByCode: ReadonlyMap<string, Province>;

  constructor(config: CampaignConfig) {
    this.config = config;
    const dates: string[] = [];
    for (let d = DateTime.fromISO(config.firstReportDate, { zone: 'utc' }); ; d = d.plus({ days: 1 })) {
      const iso = d.toISODate()!;
      if (iso > config.lastReportDate) break;
      dates.push(iso);
    }
    this.reportDates = dates;
    this.provinceByCode = new Map(config.provinces.map((p) => [p.code, p]));
  }

  get id(): string { return this.config.id; }
  get timeZone(): string { return this.config.timeZone; }
  get provinces(): readonly Province[] { return this.config.provinces; }

  province(code: string): Province | undefined { return this.provinceByCode.get(code); }

  isReportDate(date: string): boolean {
    return date >= this.config.firstReportDate && date <= this.config.lastReportDate && this.reportDates.includes(date);
  }

  /** The deadline of a report date, as an instant. */
  deadline(reportDate: string): Date {
    const rule = this.config.deadlineOverrides.find((o) => o.reportDate === reportDate) ?? this.config.defaultDeadline;
    const [hour, minute] = rule.time.split(':').map(Number) as [number, number];
    return DateTime.fromISO(reportDate, { zone: this.timeZone })
      .plus({ days: rule.dayOffset })
      .set({ hour, minute, second: 0, millisecond: 0 })
      .toJSDate();
  }

  isLate(reportDate: string, receivedAt: Date): boolean {
    return receivedAt.getTime() > this.deadline(reportDate).getTime();
  }

  /** Report dates whose deadline is at or before the instant. */
  datesDueBy(instant: Date): string[] {
    return this.reportDates.filter((d) => this.deadline(d).getTime() <= instant.getTime());
  }

  /** When the final-snapshot runs fire (local HH:mm, distinct, sorted): a while after each deadline rule.
   *  The CDK stack's schedules and the local scheduler both play these. */
  finalSnapshotTimes(): string[] {
    const { defaultDeadline, deadlineOverrides } = this.config;
    const times = [defaultDeadline, ...deadlineOverrides].map((rule) => addMinutes(rule.time, FINAL_SNAPSHOT_DELAY_MINUTES));
    return [...new Set(times)].sort();
  }

  /** The calendar day of an instant in the campaign's time zone (YYYY-MM-DD). */
  localDate(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: this.timeZone }).toISODate()!;
  }

  /** An instant formatted for people in the campaign's time zone, e.g. "18:30 ngày 15/12/2023". */
  formatLocal(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: this.timeZone }).toFormat("HH:mm 'ngày' dd/MM/yyyy");
  }
}

/** Validates raw campaign data (e.g. a JSON file) and builds the campaign; throws with every problem listed. */
export function loadCampaign(raw: unknown): Campaign {
  const parsed = campaignSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid campaign configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return new Campaign(parsed.data);
}

function addMinutes(time: string, minutes: number): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const total = (hour * 60 + minute + minutes) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Formats an ISO date (YYYY-MM-DD) the Vietnamese way: dd/mm/yyyy. */
export function formatDateVi(isoDateString: string): string {
  const [y, m, d] = isoDateString.split('-');
  return `${d}/${m}/${y}`;
}
