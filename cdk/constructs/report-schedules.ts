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
import { campaignSchedules } from '../../shared/config/delivery.ts';
import type { Campaign } from '../../shared/domain/campaign.ts';

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
  readonly reminder!: scheduler.Schedule;
  nudge?: scheduler.Schedule;
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

    const groups = { reminder: this.reminderGroup, aggregator: this.finalSnapshotGroup };
    const functions = { reminder: props.reminder, aggregator: props.aggregator };
    const roles = { reminder: reminderRole, aggregator: aggregatorRole };
    // Every schedule (shared/config/delivery.ts): daily at a local time, invoking one function with {kind, time}.
    for (const entry of campaignSchedules(campaign)) {
      const schedule = new scheduler.Schedule(this, entry.name, {
        description: `${entry.description} (${entry.at} ${campaign.timeZone})`,
        scheduleGroup: groups[entry.target],
        schedule: dailyAt(entry.at, timeZone),
        target: new targets.LambdaInvoke(functions[entry.target], {
          ...retry,
          role: roles[entry.target],
          input: scheduler.ScheduleTargetInput.fromObject({ kind: entry.kind, time: scheduler.ContextAttribute.scheduledTime }),
        }),
      });
      if (entry.kind === 'deadline') this.reminder = schedule;
      else if (entry.kind === 'nudge') this.nudge = schedule;
      else this.finalSnapshots.push(schedule);
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
