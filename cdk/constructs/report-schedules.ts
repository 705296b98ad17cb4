// EventBridge Scheduler schedules, in the campaign's time zone (Asia/Ho_Chi_Minh has no DST, but a
// zoned cron says what we mean and survives a campaign in another zone):
// - the reminder at the campaign's deadline run (18:30 by default): cron(30 18 * * ? *);
// - the final snapshot of the aggregator 5 minutes after every distinct deadline time of the campaign
//   (18:35 for every date, and 08:35 for the first date, whose deadline is 08:30 the next morning).
//   Both fire daily; the handler works out from the event's `time` which report dates are due, so the
//   schedules need no change when the calendar does, and a late or repeated run is harmless.
// Scheduler invokes Lambda asynchronously: its retry policy covers delivery (throttling, service
// errors) and ends in the dead-letter queue; a handler error is retried by Lambda's own async
// retries and lands in the same queue through the function's on-failure destination.
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, arnInFinding } from '../nag.ts';
import type { Campaign } from '../../shared/domain/campaign.ts';

/** How long after a deadline the final snapshot runs: late enough for an upload at hh:29:59 to be parsed. */
export const FINAL_SNAPSHOT_DELAY_MINUTES = 5;

export interface ReportSchedulesProps {
  campaign: Campaign;
  reminder: lambda.IFunction;
  aggregator: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
}

export class ReportSchedules extends Construct {
  /** One group per purpose, so Scheduler's per-group metrics tell reminder runs from snapshot runs. */
  readonly reminderGroup: scheduler.ScheduleGroup;
  readonly finalSnapshotGroup: scheduler.ScheduleGroup;
  readonly reminder: scheduler.Schedule;
  readonly nudge?: scheduler.Schedule;
  readonly finalSnapshots: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: ReportSchedulesProps) {
    super(scope, id);
    const { campaign } = props;
    const timeZone = TimeZone.of(campaign.timeZone);
    this.reminderGroup = new scheduler.ScheduleGroup(this, 'ReminderGroup');
    this.finalSnapshotGroup = new scheduler.ScheduleGroup(this, 'FinalSnapshotGroup');
    const reminderRole = this.invokeRole('ReminderInvokeRole', props.reminder);
    const aggregatorRole = this.invokeRole('AggregatorInvokeRole', props.aggregator);
    const retry = { deadLetterQueue: props.deadLetterQueue, retryAttempts: 10, maxEventAge: Duration.hours(1) };

    const deadlineRun = campaign.config.reminders.deadlineRun.time;
    this.reminder = new scheduler.Schedule(this, 'DeadlineReminder', {
      description: `Reminder run at ${deadlineRun} ${campaign.timeZone}: provinces without an accepted report for a due date`,
      scheduleGroup: this.reminderGroup,
      schedule: dailyAt(deadlineRun, timeZone),
      target: new targets.LambdaInvoke(props.reminder, {
        ...retry,
        role: reminderRole,
        input: scheduler.ScheduleTargetInput.fromObject({
          kind: 'deadline-reminder',
          time: scheduler.ContextAttribute.scheduledTime,
        }),
      }),
    });

    const { nudge } = campaign.config.reminders;
    if (nudge.enabled) {
      this.nudge = new scheduler.Schedule(this, 'NudgeReminder', {
        description: `Courtesy reminder at ${nudge.time} ${campaign.timeZone}, before the deadline`,
        scheduleGroup: this.reminderGroup,
        schedule: dailyAt(nudge.time, timeZone),
        target: new targets.LambdaInvoke(props.reminder, {
          ...retry,
          role: reminderRole,
          input: scheduler.ScheduleTargetInput.fromObject({ kind: 'nudge', time: scheduler.ContextAttribute.scheduledTime }),
        }),
      });
    }

    for (const time of finalSnapshotTimes(campaign)) {
      this.finalSnapshots.push(new scheduler.Schedule(this, `FinalSnapshot${time.replace(':', '')}`, {
        description: `Final national snapshot at ${time} ${campaign.timeZone}, after a deadline`,
        scheduleGroup: this.finalSnapshotGroup,
        schedule: dailyAt(time, timeZone),
        target: new targets.LambdaInvoke(props.aggregator, {
          ...retry,
          role: aggregatorRole,
          input: scheduler.ScheduleTargetInput.fromObject({
            kind: 'final-snapshot',
            time: scheduler.ContextAttribute.scheduledTime,
          }),
        }),
      }));
    }
  }

  /** The role Scheduler assumes to invoke one function (and to dead-letter what it cannot deliver). */
  private invokeRole(id: string, fn: lambda.IFunction): iam.Role {
    const role = new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    acknowledge(role, [`AwsSolutions-IAM5[Resource::${arnInFinding(fn)}:*]`],
      'aws-cdk-lib\'s grantInvoke adds the function\'s qualified ARNs (versions/aliases, <arn>:*) next to the function ARN; '
      + 'the role can still invoke only this one function.');
    return role;
  }
}

/** Distinct local times (HH:mm), sorted, FINAL_SNAPSHOT_DELAY_MINUTES after each deadline rule of the campaign. */
export function finalSnapshotTimes(campaign: Campaign): string[] {
  const { defaultDeadline, deadlineOverrides } = campaign.config;
  const times = [defaultDeadline, ...deadlineOverrides].map((rule) => addMinutes(rule.time, FINAL_SNAPSHOT_DELAY_MINUTES));
  return [...new Set(times)].sort();
}

function addMinutes(time: string, minutes: number): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const total = (hour * 60 + minute + minutes) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function dailyAt(time: string, timeZone: TimeZone): scheduler.ScheduleExpression {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return scheduler.ScheduleExpression.cron({ minute: String(minute), hour: String(hour), timeZone });
}
