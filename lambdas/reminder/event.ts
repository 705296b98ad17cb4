// The reminder Lambda's input: what EventBridge Scheduler delivers (the target input we configure,
// {"kind":"deadline","time":"<aws.scheduler.scheduled-time>"}), or a plain EventBridge scheduled
// event ({"detail-type":"Scheduled Event","time":"…"}). The run's instant is the event's time.
import { isReminderKind, type ReminderKind } from '../../shared/domain/reminder/plan.ts';

export interface ReminderInvocation {
  now: Date;
  kind: ReminderKind;
}

export class InvalidReminderEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReminderEvent';
  }
}

/** Spellings of the kinds that schedules may use (the CDK stack says "deadline-reminder"). */
const KIND_ALIASES: Record<string, ReminderKind> = {
  deadline: 'deadline',
  'deadline-reminder': 'deadline',
  nudge: 'nudge',
  'nudge-reminder': 'nudge',
};

/** An ISO-8601 instant with an explicit zone (Z or ±hh:mm): a time without one would be ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value.trim())) {
    throw new InvalidReminderEvent(`Reminder event time must be an ISO-8601 instant with a zone, got ${JSON.stringify(value)}`);
  }
  const date = new Date(value.trim());
  if (Number.isNaN(date.getTime())) throw new InvalidReminderEvent(`Reminder event time is not a valid instant: ${value}`);
  return date;
}

export function parseKind(value: unknown): ReminderKind {
  if (value === undefined || value === null || value === '') return 'deadline';
  if (typeof value === 'string') {
    const kind = KIND_ALIASES[value.trim().toLowerCase()];
    if (kind && isReminderKind(kind)) return kind;
  }
  throw new InvalidReminderEvent(`Unknown reminder kind ${JSON.stringify(value)} (expected "deadline" or "nudge")`);
}

export function decodeReminderEvent(event: unknown): ReminderInvocation {
  const e = typeof event === 'string' ? safeJson(event) : event;
  if (!e || typeof e !== 'object') throw new InvalidReminderEvent('Reminder event is not an object');
  const record = e as Record<string, unknown>;
  const detail = record.detail && typeof record.detail === 'object' ? (record.detail as Record<string, unknown>) : {};
  return {
    now: parseInstant(record.time),
    kind: parseKind(record.kind ?? detail.kind),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidReminderEvent('Reminder event is not JSON');
  }
}
