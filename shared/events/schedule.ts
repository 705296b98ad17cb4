// What the schedules deliver (EventBridge Scheduler's target input, listed in shared/config/delivery.ts
// for the CDK stack and the local scheduler): {"kind", "time"}, where kind
// is the domain's own name (a reminder kind, or final-snapshot) and time is the scheduled instant.
// zod/mini: the reminder's only schemas, so its bundle does without zod's classic API.
import * as z from 'zod/mini';
import { REMINDER_KINDS, type ReminderKind } from '../domain/reminder/plan.ts';
import { describeIssues, MalformedEvent } from './malformed.ts';

export const FINAL_SNAPSHOT = 'final-snapshot';
export type ScheduleKind = ReminderKind | typeof FINAL_SNAPSHOT;

/** An ISO-8601 instant with an explicit zone (Z or ±hh:mm): a time without one would be ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const Instant = z.pipe(
  z.string().check(
    z.refine((s) => ISO_INSTANT.test(s.trim()), 'expected an ISO-8601 instant with a zone (Z or ±hh:mm)'),
    z.refine((s) => !Number.isNaN(Date.parse(s.trim())), 'not a valid instant'),
  ),
  z.transform((s: string) => new Date(s.trim())),
);

export const ReminderScheduleSchema = z.object({ kind: z.enum(REMINDER_KINDS), time: Instant });
export const FinalSnapshotScheduleSchema = z.object({ kind: z.literal(FINAL_SNAPSHOT), time: Instant });

export function parseInstant(value: unknown): Date {
  const parsed = Instant.safeParse(value);
  if (!parsed.success) throw new MalformedEvent(`Not an instant: ${JSON.stringify(value)} (${describeIssues(parsed.error)})`);
  return parsed.data;
}

/** The reminder's input: its kind and the run's instant. */
export function decodeReminderSchedule(event: unknown): { kind: ReminderKind; now: Date } {
  const parsed = ReminderScheduleSchema.safeParse(event);
  if (!parsed.success) throw new MalformedEvent(`Not a reminder schedule input: ${describeIssues(parsed.error)}`);
  return { kind: parsed.data.kind, now: parsed.data.time };
}
