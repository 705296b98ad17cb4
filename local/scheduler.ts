// The local scheduler: plays the AWS stack's EventBridge Scheduler schedules with a real cron library
// (croner), in the campaign's time zone, and sends the same payloads (see cdk/constructs/report-schedules.ts):
//   reminder   {kind: 'deadline' | 'nudge', time}  at the deadline run (18:30) and the nudge;
//   aggregator {kind: 'final-snapshot', time}       5 minutes after each distinct deadline time.
import { Cron } from 'croner';
import type { Campaign } from '../shared/domain/campaign.ts';
import { FINAL_SNAPSHOT, scheduleInput, type ScheduleInput, type ScheduleKind } from '../shared/events/schedule.ts';


export type ScheduledTarget = 'reminder' | 'aggregator';
export type ScheduledEvent = ScheduleInput;

export interface ScheduleEntry {
  name: string;
  /** Local time HH:mm in the campaign's zone. */
  at: string;
  target: ScheduledTarget;
  kind: ScheduleKind;
}

/** The schedules of a campaign: what the CDK stack creates. */
export function campaignSchedules(campaign: Campaign): ScheduleEntry[] {
  const { reminders } = campaign.config;
  const entries: ScheduleEntry[] = [
    { name: 'DeadlineReminder', at: reminders.deadlineRun.time, target: 'reminder', kind: 'deadline' },
  ];
  if (reminders.nudge.enabled) entries.push({ name: 'NudgeReminder', at: reminders.nudge.time, target: 'reminder', kind: 'nudge' });
  for (const at of campaign.finalSnapshotTimes()) entries.push({ name: `FinalSnapshot${at.replace(':', '')}`, at, target: 'aggregator', kind: FINAL_SNAPSHOT });
  return entries;
}

export const scheduledEvent = scheduleInput;

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
