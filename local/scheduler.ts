// The local scheduler: plays the AWS stack's EventBridge Scheduler schedules (the same list,
// shared/config/delivery.ts) with a real cron library (croner), in the campaign's time zone, and
// hands each firing to `fire` with the payload Scheduler sends: {kind, time}.
import { Cron } from 'croner';
import { campaignSchedules, scheduledEvent, type ScheduleEntry, type ScheduledEvent, type ScheduledTarget } from '../shared/config/delivery.ts';
import type { Campaign } from '../shared/domain/campaign.ts';
import { formatInstant } from '../shared/domain/format.ts';

export interface LocalScheduler {
  entries: ScheduleEntry[];
  /** The next firing of each schedule. */
  next(): Array<{ entry: ScheduleEntry; at: Date | null }>;
  stop(): void;
}

export function startScheduler(
  campaign: Campaign,
  fire: (target: ScheduledTarget, event: ScheduledEvent, entry: ScheduleEntry) => void,
): LocalScheduler {
  const entries = campaignSchedules(campaign);
  const jobs = entries.map((entry) => {
    const [hour, minute] = entry.at.split(':').map(Number) as [number, number];
    return new Cron(`${minute} ${hour} * * *`, { timezone: campaign.timeZone, name: `bhxh-${entry.name}`, protect: true }, () => {
      fire(entry.target, scheduledEvent(entry.kind, new Date()), entry);
    });
  });
  return {
    entries,
    next: () => entries.map((entry, i) => ({ entry, at: jobs[i]!.nextRun() })),
    stop: () => { for (const job of jobs) job.stop(); },
  };
}

/** The banner's schedule line: each schedule's local time and kind, and its next run in the campaign's zone. */
export function describeSchedules(next: ReturnType<LocalScheduler['next']>, timeZone: string): string {
  return next.map(({ entry, at }) => `${entry.at} ${entry.kind} (next ${at ? formatInstant(at, timeZone) : 'never'})`).join('; ');
}
