// Alarms, all to one SNS topic (encrypted with a key CloudWatch may use; e-mail subscribers optional).
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRICS, SERVICE_NAMES, type HandlerName } from '../../shared/contract.ts';

/** A custom metric a handler emits (Powertools Metrics, embedded metric format), by its service dimension. */
function handlerMetric(handler: HandlerName, metricName: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE, metricName, dimensionsMap: { service: SERVICE_NAMES[handler] }, period, statistic: 'Sum',
  });
}

/** The SES reputation rates (fractions) the alarms fire at. */
export const SES_ALARM_RATES = { bounce: 0.02, complaint: 0.0005 } as const;

function sesReputation(metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate'): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
}

/** The alarm topic of a stack (its region's alarms publish here), encrypted with a key CloudWatch may use. */
export function alarmTopic(scope: Construct, alarmEmails: readonly string[]): sns.Topic {
  // An AWS-managed key (alias/aws/sns) cannot be granted to CloudWatch: alarms would fail to publish.
  const key = new kms.Key(scope, 'TopicKey', {
    description: 'Encrypts the alarm topic; CloudWatch alarms may use it to publish',
    enableKeyRotation: true,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchAlarmsPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    // AWS's documented statement for alarm actions to encrypted topics has no condition (SNS calls
    // KMS on CloudWatch's behalf); who may publish at all is limited by the topic policy below.
    resources: ['*'],
  }));
  const topic = new sns.Topic(scope, 'Topic', { masterKey: key, enforceSSL: true, displayName: 'BHXH report pipeline alarms' });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchAlarmsPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  for (const address of alarmEmails) topic.addSubscription(new subscriptions.EmailSubscription(address));
  return topic;
}

export type AlarmSettings = Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric' | 'threshold'>;

/** An alarm named "<stack>-<id>" that tells the topic when it fires and when it is over. */
export function addAlarm(scope: Construct, id: string, topic: sns.ITopic, props: AlarmSettings): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    ...props,
    // Readable in the console and in the notification: "<stack>-ReminderRunFailed".
    alarmName: `${Stack.of(scope).stackName}-${id}`,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // No data means nothing happened (no messages, no invocations): not an alarm.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
  return alarm;
}

export interface PipelineAlarmsProps {
  alarmEmails: string[];
  functions: Record<'parser' | 'reminder' | 'aggregator' | 'portal', lambda.IFunction> & { mailIntake?: lambda.IFunction };
  intakeQueue: sqs.IQueue;
  /** The queue in front of mail-intake, when mail intake is deployed. */
  mailQueue?: sqs.IQueue;
  deadLetterQueues: Record<string, sqs.IQueue>;
  finalSnapshotGroup: scheduler.IScheduleGroup;
  reminderGroup: scheduler.IScheduleGroup;
}

export class PipelineAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly deadLetterQueues: Record<string, sqs.IQueue>;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.deadLetterQueues = props.deadLetterQueues;
    this.topic = alarmTopic(this, props.alarmEmails);

    const fiveMinutes = Duration.minutes(5);
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}NotEmpty`, {
        alarmDescription: `A message is in the ${name}: something failed every retry. See docs/deploy.md, "Replaying the dead-letter queues".`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
        threshold: 1,
      });
    }
    this.add('IntakeBacklog', {
      alarmDescription: 'An upload has waited more than 15 minutes in the intake queue: the parser is failing or throttled.',
      metric: props.intakeQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: 15 * 60,
    });

    if (props.mailQueue) {
      this.add('MailBacklog', {
        alarmDescription: 'A mailed report has waited more than 15 minutes for mail-intake: it is failing or throttled.',
        metric: props.mailQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
        threshold: 15 * 60,
      });
    }

    // The portal answers errors itself (a page, not a crash), so its function errors miss them: the
    // function URL's 5xx count is what a clerk sees.
    this.add('PortalServerErrors', {
      alarmDescription: 'The portal answered 5 or more server errors (5xx) in 5 minutes: provinces may be unable to submit.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda', metricName: 'Url5xxCount', dimensionsMap: { FunctionName: props.functions.portal.functionName },
        period: fiveMinutes, statistic: 'Sum',
      }),
      threshold: 5,
    });

    // SES reputation, account-wide in the region. SES reviews an account at a 5 % bounce or 0.1 %
    // complaint rate and may pause sending at 10 % / 0.5 %: these fire well before a review.
    this.add('SesBounceRate', {
      alarmDescription: 'SES bounce rate at or above 2 %: check the contacts for dead addresses before SES reviews the account (5 %).',
      metric: sesReputation('Reputation.BounceRate'),
      threshold: SES_ALARM_RATES.bounce,
    });
    this.add('SesComplaintRate', {
      alarmDescription: 'SES complaint rate at or above 0.05 %: someone marked our mail as spam; SES reviews the account at 0.1 %.',
      metric: sesReputation('Reputation.ComplaintRate'),
      threshold: SES_ALARM_RATES.complaint,
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${capitalize(name)}Errors`, {
        alarmDescription: `The ${name} Lambda reported errors.`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      });
      this.add(`${capitalize(name)}Throttles`, {
        alarmDescription: `The ${name} Lambda was throttled (account concurrency exhausted?).`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      });
    }
    // Counted by the reminder handler (ReminderRunsFailed) for an unusable event, a run that threw, or
    // one that left mails undone; each failed attempt counts, and Lambda retries it.
    this.add('ReminderRunFailed', {
      alarmDescription: 'A reminder run failed: provinces may not have been reminded. Check its logs, then re-run it (docs/deploy.md).',
      metric: handlerMetric('reminder', METRICS.reminderRunFailed, fiveMinutes),
      threshold: 1,
    });
    this.add('ReminderNotDelivered', {
      alarmDescription: 'EventBridge Scheduler could not invoke the reminder Lambda (see the invocation dead-letter queue).',
      metric: props.reminderGroup.metricTargetErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
    });

    // "No snapshot after a deadline": a final-snapshot run was started in an hour, and no run completed
    // in it. A completed run (the aggregator counts FinalSnapshotRunsCompleted) has made sure every due
    // date has its final snapshot, published now or before; a failed run throws, and Lambda retries it
    // within minutes. Hour buckets hold both the run (hh:35) and its completion.
    const completed = handlerMetric('aggregator', METRICS.finalSnapshotRunCompleted, Duration.hours(1));
    const started = props.finalSnapshotGroup.metricAttempts({ period: Duration.hours(1), statistic: 'Sum' });
    this.add('NoSnapshotPublished', {
      alarmDescription: 'A final-snapshot run after a deadline did not complete within the hour: the national table of a due date may be missing.',
      metric: new cloudwatch.MathExpression({
        expression: 'IF(FILL(started, 0) > 0 AND FILL(completed, 0) == 0, 1, 0)',
        usingMetrics: { started, completed },
        period: Duration.hours(1),
        label: 'Final-snapshot runs started but not completed',
      }),
      threshold: 1,
    });
  }

  private add(id: string, props: AlarmSettings): void {
    this.alarms.push(addAlarm(this, id, this.topic, props));
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
