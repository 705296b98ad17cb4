// The operator's dashboard of the day: uploads and their verdicts, mails in and out, errors, the
// portal, and every alarm's state. Verdicts and mailed reports are counted from the handlers' JSON
// logs by metric filters ("Upload processed" {status}, "Mail processed" {outcome}), so the handlers
// need no extra metric calls.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE } from '../../shared/contract.ts';

/** Metrics the dashboard's filters write (namespace METRIC_NAMESPACE). */
export const LOG_METRICS = {
  /** One per processed upload, dimension status = accepted | rejected. */
  uploads: 'Uploads',
  /** One per mail to the submission address, dimension outcome = accepted | refused | duplicate. */
  mailsReceived: 'MailsReceived',
} as const;

export interface DashboardFunction {
  name: string;
  function: lambda.IFunction;
  logGroup: logs.ILogGroup;
}

export interface OperationsDashboardProps {
  parser: DashboardFunction;
  portal: DashboardFunction;
  others: DashboardFunction[];
  mailIntake?: DashboardFunction;
  deadLetterQueues: Record<string, sqs.IQueue>;
  alarms: cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);

export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    new logs.MetricFilter(this, 'UploadVerdicts', {
      logGroup: props.parser.logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: LOG_METRICS.uploads,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', 'Upload processed'),
      metricValue: '1',
      dimensions: { status: '$.status' },
    });
    if (props.mailIntake) {
      new logs.MetricFilter(this, 'MailOutcomes', {
        logGroup: props.mailIntake.logGroup,
        metricNamespace: METRIC_NAMESPACE,
        metricName: LOG_METRICS.mailsReceived,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', 'Mail processed'),
        metricValue: '1',
        dimensions: { outcome: '$.outcome' },
      });
    }
    const uploads = (status: string): cloudwatch.Metric => new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE, metricName: LOG_METRICS.uploads, dimensionsMap: { status }, statistic: 'Sum', period: HOUR, label: status,
    });
    const ses = (metricName: string): cloudwatch.Metric => new cloudwatch.Metric({
      namespace: 'AWS/SES', metricName, statistic: 'Sum', period: HOUR, label: metricName,
    });
    const url = (metricName: string, statistic = 'Sum'): cloudwatch.Metric => new cloudwatch.Metric({
      namespace: 'AWS/Lambda', metricName, dimensionsMap: { FunctionName: props.portal.function.functionName }, statistic, period: HOUR, label: metricName,
    });
    const functions = [props.parser, props.portal, ...props.others, ...(props.mailIntake ? [props.mailIntake] : [])];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-day`,
      // The day so far; the console shows times in the browser's zone (ICT for the national office).
      start: '-PT24H',
    });
    this.dashboard.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: 'Uploads in the last 24 h, by verdict', width: 8, height: 4, setPeriodToTimeRange: true,
        metrics: [uploads('accepted'), uploads('rejected')],
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Mail sent by SES in the last 24 h', width: 8, height: 4, setPeriodToTimeRange: true,
        metrics: [ses('Send'), ses('Delivery'), ses('Bounce'), ses('Complaint')],
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 8, height: 4, alarms: props.alarms }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Uploads per hour, by verdict', width: 12, stacked: true, left: [uploads('accepted'), uploads('rejected')],
      }),
      new cloudwatch.GraphWidget({
        title: 'Mail per hour: sent, delivered, bounced, complaints; reports received by mail',
        width: 12,
        left: [ses('Send'), ses('Delivery'), ses('Bounce'), ses('Complaint')],
        ...(props.mailIntake ? { right: [new cloudwatch.MathExpression({
          expression: `SEARCH('{${METRIC_NAMESPACE},outcome} MetricName="${LOG_METRICS.mailsReceived}"', 'Sum', 3600)`,
          label: 'received', period: HOUR,
        })] } : {}),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors per hour', width: 8,
        left: functions.map((f) => f.function.metricErrors({ period: HOUR, statistic: 'Sum', label: f.name })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Messages parked in the dead-letter queues', width: 8,
        left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label: name })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Portal: requests, client and server errors per hour; p95 latency (ms)', width: 8,
        left: [url('UrlRequestCount'), url('Url4xxCount'), url('Url5xxCount')],
        right: [url('UrlRequestLatency', 'p95')],
      }),
    );
  }
}
