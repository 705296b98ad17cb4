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
import { FINAL_SNAPSHOT, type ScheduleKind } from '../../shared/events/schedule.ts';

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

    // Every schedule: daily at a local time, invoking one function with {kind, time: <scheduled time>}.
    const daily = (id: string, description: string, group: scheduler.ScheduleGroup, time: string,
      fn: lambda.IFunction, role: iam.IRole, kind: ScheduleKind): scheduler.Schedule => new scheduler.Schedule(this, id, {
      description: `${description} (${time} ${campaign.timeZone})`,
      scheduleGroup: group,
      schedule: dailyAt(time, timeZone),
      target: new targets.LambdaInvoke(fn, {
        ...retry,
        role,
        input: scheduler.ScheduleTargetInput.fromObject({ kind, time: scheduler.ContextAttribute.scheduledTime }),
      }),
    });

    this.reminder = daily('DeadlineReminder', 'Reminder run: provinces without an accepted report for a due date',
      this.reminderGroup, campaign.config.reminders.deadlineRun.time, props.reminder, reminderRole, 'deadline');
    const { nudge } = campaign.config.reminders;
    if (nudge.enabled) {
      this.nudge = daily('NudgeReminder', 'Courtesy reminder before the deadline',
        this.reminderGroup, nudge.time, props.reminder, reminderRole, 'nudge');
    }
    for (const time of campaign.finalSnapshotTimes()) {
      this.finalSnapshots.push(daily(`FinalSnapshot${time.replace(':', '')}`, 'Final national snapshot, after a deadline',
        this.finalSnapshotGroup, time, props.aggregator, aggregatorRole, FINAL_SNAPSHOT));
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

function dailyAt(time: string, timeZone: TimeZone): scheduler.ScheduleExpression {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return scheduler.ScheduleExpression.cron({ minute: String(minute), hour: String(hour), timeZone });
}
