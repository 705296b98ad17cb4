// How events reach the functions: the schedules and the queues' settings, read by the CDK stack
// (cdk/stack.ts, cdk/constructs/report-schedules.ts) and by the local stack (local/), so the two
// cannot drift apart.
import type { Campaign } from '../domain/campaign.ts';
import { FINAL_SNAPSHOT, type ScheduleKind } from '../events/schedule.ts';

export type ScheduledTarget = 'reminder' | 'aggregator';
export type { ScheduleKind };

/** One EventBridge Scheduler schedule: daily at a local time, invoking one function with {kind, time}. */
export interface ScheduleEntry {
  /** The construct id (CDK) and the job's name (local). */
  name: string;
  description: string;
  /** Local time HH:mm in the campaign's zone. */
  at: string;
  target: ScheduledTarget;
  kind: ScheduleKind;
}

/** The payload a schedule sends: Scheduler's <aws.scheduler.scheduled-time> as `time`. */
export interface ScheduledEvent {
  kind: ScheduleKind;
  /** The scheduled instant (ISO-8601, UTC, whole minute). */
  time: string;
}

/**
 * The schedules of a campaign: the reminder at the deadline run (and the nudge when enabled), and
 * the aggregator's final snapshot 5 minutes after every distinct deadline time.
 */
export function campaignSchedules(campaign: Campaign): ScheduleEntry[] {
  const { reminders } = campaign.config;
  const entries: ScheduleEntry[] = [{
    name: 'DeadlineReminder', description: 'Reminder run: provinces without an accepted report for a due date',
    at: reminders.deadlineRun.time, target: 'reminder', kind: 'deadline',
  }];
  if (reminders.nudge.enabled) {
    entries.push({ name: 'NudgeReminder', description: 'Courtesy reminder before the deadline', at: reminders.nudge.time, target: 'reminder', kind: 'nudge' });
  }
  for (const at of campaign.finalSnapshotTimes()) {
    entries.push({ name: `FinalSnapshot${at.replace(':', '')}`, description: 'Final national snapshot, after a deadline', at, target: 'aggregator', kind: FINAL_SNAPSHOT });
  }
  return entries;
}

/** The event a schedule sends when it fires at `time` (whole minute, as Scheduler's scheduled time). */
export function scheduledEvent(kind: ScheduleKind, time: Date): ScheduledEvent {
  const minute = new Date(Math.floor(time.getTime() / 60_000) * 60_000);
  return { kind, time: minute.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** A queue feeding a function through an SQS event source. */
export interface FeedSettings {
  /** Messages per invocation (the event source's batchSize). */
  batchSize: number;
  /** How long the event source gathers messages before invoking (0: at once). */
  maxBatchingWindowSeconds: number;
  /** Receives before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
  /** Invocations at once (the event source's maxConcurrency). */
  maxConcurrency: number;
}

/** S3 notifications of incoming/ → parser. */
export const INTAKE_FEED: FeedSettings = { batchSize: 5, maxBatchingWindowSeconds: 0, maxReceiveCount: 5, maxConcurrency: 5 };

/**
 * ReportAccepted → aggregator: a burst of uploads within the batching window costs one rebuild per
 * date. One second (the least above none): a rebuild of one date costs tens of milliseconds, and the
 * national page should follow an upload within two seconds. Two invocations at most (the least SQS
 * allows); the snapshot's version guard keeps them safe.
 */
export const AGGREGATION_FEED: FeedSettings = { batchSize: 100, maxBatchingWindowSeconds: 1, maxReceiveCount: 5, maxConcurrency: 2 };

/** Asynchronous invocations (schedules): Lambda's retries after the first attempt. */
export const ASYNC_RETRY_ATTEMPTS = 2;
