// The campaign calendar and the province list: data, validated with zod when loaded.
import { DateTime } from 'luxon';
// zod/mini: the same validation, a fraction of the bundle (every Lambda loads the campaign).
import * as z from 'zod/mini';
import { formatInstantInSentence } from './format.ts';
import { nameKey } from './province-match.ts';

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

const nonEmpty = z.string().check(z.minLength(1));

/** A unit that no longer exists because it was merged into another (e.g. Bắc Giang into Bắc Ninh). */
export const formerUnitSchema = z.object({
  name: z.string().check(z.minLength(2)),
  /** Its code on the earlier list (informative: the same code may mean another unit today). */
  code: z.optional(z.string().check(z.regex(/^\d{2}$/, 'a province code is two digits'))),
});

const unitKind = z.enum(['tinh', 'thanh_pho']);
export type UnitKind = z.infer<typeof unitKind>;

/** A unit that changes kind on a date (e.g. a province that becomes a centrally-run city), code unchanged. */
export const kindChangeSchema = z.object({
  kind: unitKind,
  /** The first day of the new kind (YYYY-MM-DD, in the campaign's zone). */
  from: isoDate,
  /** The act that made the change, e.g. "Nghị quyết <số>/<năm>/QH16". */
  resolution: z.string().check(z.minLength(3)),
});

export const provinceSchema = z.object({
  code: z.string().check(z.regex(/^\d{2}$/, 'a province code is two digits')),
  name: z.string().check(z.minLength(2)),
  /** The unit's kind before any of its kindChanges. */
  kind: unitKind,
  /** Changes of kind, oldest first: the unit is of each change's kind from its date on. */
  kindChanges: z.optional(z.array(kindChangeSchema)),
  /** Other names people write for it (e.g. "TP HCM", "Thừa Thiên Huế"); matched like the name. */
  aliases: z.optional(z.array(z.string().check(z.minLength(2)))),
  /** Units merged into it: a form naming one is rejected with a message naming this unit. */
  formerUnits: z.optional(z.array(formerUnitSchema)),
});
export type Province = z.infer<typeof provinceSchema>;

export const campaignSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes (it is part of keys and paths)')),
  title: z.string().check(z.minLength(1)),
  /** The daily report as mails name it in a sentence ("… chưa nhận được <reportName> ngày …"), in the campaign's own words. */
  reportName: nonEmpty,
  timeZone: z.string().check(z.refine((zone) => DateTime.now().setZone(zone).isValid, 'unknown IANA time zone')),
  firstReportDate: isoDate,
  lastReportDate: isoDate,
  defaultDeadline: z.object(deadlineFields),
  deadlineOverrides: z._default(z.array(z.object({ ...deadlineFields, reportDate: isoDate })), []),
  /** The baseline period of columns 1-4, e.g. "tính đến hết tháng mm/yyyy", and its short form "hết Tmm/yyyy". */
  baselineLabel: nonEmpty,
  baselineShort: nonEmpty,
  /** First day counted in the actions columns 5-7 ("từ ngày … đến ngày báo cáo"). */
  actionsWindowStart: isoDate,
  /** The notice the actions follow, e.g. "Thông báo Kết luận số …/TB-BHXH"; shown in the form's header. */
  conclusionNotice: nonEmpty,
  /** The "Lưu ý" lines printed under the national table, in order. */
  notes: z.array(nonEmpty),
  /** Who publishes the national summary and signs every mail. */
  nationalOffice: z.object({
    agency: nonEmpty,
    office: nonEmpty,
    /** The recipient line of the national digest ("Kính gửi: …"). */
    addressee: nonEmpty,
    signature: nonEmpty,
  }),
  /** Headings that open the province line of a form ("BẢO HIỂM XÃ HỘI TỈNH …"), folded when matched. */
  agencyHeadings: z.array(z.string().check(z.minLength(3))).check(z.minLength(1)),
  /** Which list of provincial units this campaign uses: contacts are kept per list. */
  provinceList: z.object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')),
    source: nonEmpty,
  }),
  /** The smallest believable amount per late unit, in đồng (col 2 ÷ col 1, 4 ÷ 3, 9 ÷ 8, 11 ÷ 10): below it the
   *  report is kept with a warning that the amounts may not be in đồng. */
  minAmountPerLateUnit: z.int().check(z.minimum(0)),
  /** What an empty data cell means: 0 with a warning (the default), or an error. */
  emptyCellPolicy: z._default(z.enum(['zero-with-warning', 'error']), 'zero-with-warning'),
  /** The results ranking: how many provinces at the top and at the bottom are marked (commendation / criticism). */
  results: z._default(z.object({ markedProvinces: z.int().check(z.minimum(0), z.maximum(30)) }), { markedProvinces: 5 }),
  reminders: z.object({
    deadlineRun: z.object({ time: clockTime }),
    nudge: z.object({ enabled: z.boolean(), time: clockTime }),
  }),
  /** The mail intake's answers: at most this many replies to one address a day (a loop's second fence). */
  mailIntake: z._default(z.object({
    repliesPerAddressPerDay: z.int().check(z.minimum(1), z.maximum(50)),
  }), { repliesPerAddressPerDay: 5 }),
  provinces: z.array(provinceSchema).check(z.minLength(1)),
}).check(z.superRefine((c, ctx) => {
  const problem = (path: PropertyKey[], message: string, input: unknown): void => {
    ctx.addIssue({ code: 'custom', path, message, input });
  };
  if (c.lastReportDate < c.firstReportDate) {
    problem(['lastReportDate'], `the campaign ends (${c.lastReportDate}) before it starts (${c.firstReportDate})`, c.lastReportDate);
  }
  if (c.actionsWindowStart > c.firstReportDate) {
    problem(['actionsWindowStart'], `the actions window starts (${c.actionsWindowStart}) after the first report date (${c.firstReportDate})`, c.actionsWindowStart);
  }
  const overrideDates = new Set<string>();
  for (const [i, o] of c.deadlineOverrides.entries()) {
    if (o.reportDate < c.firstReportDate || o.reportDate > c.lastReportDate) {
      problem(['deadlineOverrides', i, 'reportDate'], `override for ${o.reportDate}, outside the campaign (${c.firstReportDate} … ${c.lastReportDate})`, o);
    }
    if (overrideDates.has(o.reportDate)) problem(['deadlineOverrides', i, 'reportDate'], `a second override for ${o.reportDate}`, o);
    overrideDates.add(o.reportDate);
  }
  // Each deadline rule, checked against the reminder times (both are local times of the deadline's day).
  const rules = [
    { rule: c.defaultDeadline, what: 'the default deadline' },
    ...c.deadlineOverrides.map((o) => ({ rule: o, what: `the deadline of ${o.reportDate}` })),
  ];
  const { nudge, deadlineRun } = c.reminders;
  for (const { rule, what } of rules) {
    if (nudge.enabled && rule.dayOffset === 0 && nudge.time >= rule.time) {
      problem(['reminders', 'nudge', 'time'], `the nudge (${nudge.time}) must run before ${what} (${rule.time} the same day)`, nudge.time);
    }
    if (deadlineRun.time < rule.time) {
      problem(['reminders', 'deadlineRun', 'time'], `the deadline run (${deadlineRun.time}) must run at or after ${what} (${rule.time})`, deadlineRun.time);
    }
  }
  const codes = new Set<string>();
  const names = new Map<string, string>();
  for (const [i, p] of c.provinces.entries()) {
    if (codes.has(p.code)) problem(['provinces', i, 'code'], `duplicate province code ${p.code}`, p.code);
    let previous = { kind: p.kind, from: '' };
    for (const [j, change] of (p.kindChanges ?? []).entries()) {
      if (change.from <= previous.from) problem(['provinces', i, 'kindChanges', j, 'from'], `kind changes of ${p.code} must be in date order (${change.from} is not after ${previous.from})`, change.from);
      if (change.kind === previous.kind) problem(['provinces', i, 'kindChanges', j, 'kind'], `${p.code} is already "${change.kind}" before ${change.from}`, change.kind);
      previous = change;
    }
    codes.add(p.code);
    const spellings = [p.name, ...(p.aliases ?? []), ...(p.formerUnits ?? []).map((f) => f.name)];
    for (const spelling of spellings) {
      const key = nameKey(spelling);
      const holder = names.get(key);
      if (holder !== undefined && holder !== p.code) {
        problem(['provinces', i], `"${spelling}" (${p.code}) is the same name as one of province ${holder} once diacritics, case and spaces are folded`, spelling);
      }
      names.set(key, p.code);
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

  /** The units as the file states them: `kind` is the kind before any kindChanges. */
  private readonly unitsAsFiled: ReadonlyMap<string, Province>;

  /** `config.provinces` (and `provinces`) give each unit's kind as the campaign starts; `kindOn` gives it on a date. */
  constructor(config: CampaignConfig) {
    this.unitsAsFiled = new Map(config.provinces.map((p) => [p.code, p]));
    this.config = { ...config, provinces: config.provinces.map((p) => ({ ...p, kind: kindOn(p, config.firstReportDate) })) };
    const dates: string[] = [];
    for (let d = DateTime.fromISO(config.firstReportDate, { zone: 'utc' }); ; d = d.plus({ days: 1 })) {
      const iso = d.toISODate()!;
      if (iso > config.lastReportDate) break;
      dates.push(iso);
    }
    this.reportDates = dates;
    this.provinceByCode = new Map(this.config.provinces.map((p) => [p.code, p]));
  }

  get id(): string { return this.config.id; }
  get timeZone(): string { return this.config.timeZone; }
  /** The units as they stand on the campaign's first report date (kind included). */
  get provinces(): readonly Province[] { return this.config.provinces; }

  province(code: string): Province | undefined { return this.provinceByCode.get(code); }

  /** A unit's kind on a report date (its kindChanges applied), e.g. for the snapshot's "Tỉnh"/"Thành phố". */
  kindOn(code: string, date: string): UnitKind | undefined {
    const unit = this.unitsAsFiled.get(code);
    return unit ? kindOn(unit, date) : undefined;
  }

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

  /** An instant formatted for people in the campaign's time zone, e.g. "18:30 ngày dd/mm/yyyy". */
  formatLocal(instant: Date): string {
    return formatInstantInSentence(instant, this.timeZone);
  }
}

/** Validates raw campaign data (e.g. a JSON file): the campaign, or every problem, each "where: what". */
export function validateCampaign(raw: unknown): { campaign: Campaign } | { problems: string[] } {
  const parsed = campaignSchema.safeParse(raw);
  if (parsed.success) return { campaign: new Campaign(parsed.data) };
  return {
    problems: parsed.error.issues.map((issue) => {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      return `${where || '(file)'}: ${issue.message}`;
    }),
  };
}

/** Validates raw campaign data and builds the campaign; throws with every problem listed. */
export function loadCampaign(raw: unknown): Campaign {
  const result = validateCampaign(raw);
  if ('problems' in result) throw new Error(`Invalid campaign configuration:\n${result.problems.map((p) => `  - ${p}`).join('\n')}`);
  return result.campaign;
}

function kindOn(unit: Province, date: string): UnitKind {
  let kind = unit.kind;
  for (const change of unit.kindChanges ?? []) if (change.from <= date) kind = change.kind;
  return kind;
}

function addMinutes(time: string, minutes: number): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const total = (hour * 60 + minute + minutes) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
