// The pipeline's contract: the names producers and consumers must agree on (the handlers, the CDK
// stack, the local stack, the CLI). Plain constants: importing this loads no SDK client.

/** Uploads: incoming/<code>/<file>; the only prefix that triggers the parser. */
export const INCOMING_PREFIX = 'incoming/';
/** Machine-readable verdicts of rejected uploads: errors/<code>/<received-at>-<file>.json. */
export const ERRORS_PREFIX = 'errors/';
/** National snapshots: summaries/<date>/… and summaries/latest/… */
export const SUMMARY_PREFIX = 'summaries';
/** Raw mail to the submission address, stored by SES's receipt rule (never triggers the parser). */
export const MAIL_INBOUND_PREFIX = 'mail/inbound/';
/** Optional configuration objects (a campaign file). */
export const CONFIG_PREFIX = 'config/';

/** The event the parser publishes for an accepted report, and the aggregator's rule matches. */
export const REPORT_EVENT_SOURCE = 'bhxh.reports';
export const REPORT_ACCEPTED = 'ReportAccepted';

/** Local stacks only: object metadata (x-amz-meta-bhxh-received-at) that sets an upload's eventTime. */
export const RECEIVED_AT_METADATA = 'bhxh-received-at';

/** Set to "contacts-only" by the local stack alone: SES verdicts do not exist there, the contacts directory decides. */
export const MAIL_AUTHENTICATION_ENV = 'BHXH_MAIL_AUTHENTICATION';

/**
 * What every mail's links and Reply-To come from, read the same way by the Lambdas (set by the CDK
 * stack), the local stack (its portal and SMTP servers) and the CLI (the banner's exports, a stack's
 * outputs, or the local defaults): the portal's URL and the submission address.
 */
export const MAIL_LINK_ENV = ['BHXH_PORTAL_URL', 'BHXH_SUBMISSION_ADDRESS'] as const;

/** The handlers' service names (POWERTOOLS_SERVICE_NAME, set by the stack; the default elsewhere). */
export const SERVICE_NAMES = {
  parser: 'bhxh-parser',
  aggregator: 'bhxh-aggregator',
  reminder: 'bhxh-reminder',
  mailIntake: 'bhxh-mail-intake',
} as const;
export type HandlerName = keyof typeof SERVICE_NAMES;

/** Custom metrics (CloudWatch EMF) the handlers emit and the stack's alarms watch. */
export const METRIC_NAMESPACE = 'BhxhReportPipeline';
export const METRICS = {
  /** A reminder run that left mails undone or could not run (its invocation fails and is retried). */
  reminderRunFailed: 'ReminderRunsFailed',
  /** A final-snapshot run that made sure every due date has its final snapshot. */
  finalSnapshotRunCompleted: 'FinalSnapshotRunsCompleted',
} as const;
