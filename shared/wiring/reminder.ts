// Wires the reminder use case to AWS from the environment; the CLI (`bhxh remind`) uses it too.
//   BHXH_TABLE_NAME   the shared table (reports, submissions, contacts, reminder-sent items)
//   BHXH_BUCKET_NAME  the report bucket (optional here: the digest attaches the day's snapshot from it)
//   BHXH_SENDER       the From: address when the table has no SENDER contact
//   BHXH_PORTAL_URL   the web portal: every mail carries a button into it (a single-use link)
//   BHXH_SUBMISSION_ADDRESS  where replies go (Reply-To): a reply with the file attached is a submission
//   BHXH_CAMPAIGN_FILE the campaign (else the bundled default)
import { randomUUID } from 'node:crypto';
import { dynamoDocumentClient, requiredEnv, s3Client, sesClient } from '../adapters/clients.ts';
import { DynamoContactDirectory } from '../adapters/contacts.ts';
import { DynamoMailLog } from '../adapters/mail-log.ts';
import { DynamoReportTable } from '../adapters/dynamo-table.ts';
import { portalLinksFromEnv } from '../adapters/portal-store.ts';
import { DynamoReminderLog } from '../adapters/reminder-log.ts';
import { S3FileStore } from '../adapters/s3-file-store.ts';
import type { RetryPolicy } from '../adapters/retry.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { currentCampaign } from '../config/campaign.ts';
import type { Campaign } from '../domain/campaign.ts';
import type { ReminderKind } from '../domain/reminder/plan.ts';
import type { Log } from '../ports/index.ts';
import { runReminders, type ReminderDeps, type ReminderRunResult } from '../domain/reminder/run.ts';

export interface ReminderWiring {
  /** Identifies the attempt in the reminder log's claims; a fresh one per invocation by default. */
  attemptId?: string;
  logger?: Log;
  campaign?: Campaign;
  /** The mailer's retry policy (tests shorten the backoff). */
  mailRetry?: RetryPolicy;
  /** The claims' lease (default shared/adapters/reminder-log.ts DEFAULT_LEASE_MS). */
  leaseMs?: number;
}

/** Fresh adapters for one invocation (contacts are cached per invocation, so changes apply at once). */
export function reminderDepsFromEnv(env: NodeJS.ProcessEnv, wiring: ReminderWiring = {}): ReminderDeps {
  const tableName = requiredEnv('BHXH_TABLE_NAME', env);
  const bucket = env.BHXH_BUCKET_NAME || undefined;
  const doc = dynamoDocumentClient(env);
  const campaign = wiring.campaign ?? currentCampaign(env);
  const table = new DynamoReportTable(doc, tableName, campaign.id);
  const contacts = new DynamoContactDirectory(doc, {
    tableName, provinceListId: campaign.config.provinceList.id, ...(env.BHXH_SENDER ? { senderFallback: env.BHXH_SENDER } : {}),
  });
  const portalLinks = portalLinksFromEnv(doc, tableName, campaign.id, env);
  return {
    campaign,
    reports: table,
    submissions: table,
    contacts,
    mailer: new SesMailer(sesClient(env), () => contacts.sender(), ...(wiring.mailRetry ? [wiring.mailRetry] : [])),
    reminderLog: new DynamoReminderLog(doc, { tableName, campaignId: campaign.id, ...(wiring.leaseMs !== undefined ? { leaseMs: wiring.leaseMs } : {}) }),
    ...(bucket ? { files: new S3FileStore(s3Client(env), bucket) } : {}),
    ...(portalLinks ? { portalLinks } : {}),
    ...(env.BHXH_SUBMISSION_ADDRESS ? { submissionAddress: env.BHXH_SUBMISSION_ADDRESS } : {}),
    mailLog: new DynamoMailLog(doc, tableName, campaign.id),
    attemptId: wiring.attemptId ?? randomUUID(),
    ...(wiring.logger ? { logger: wiring.logger } : {}),
  };
}

/**
 * One run from the command line (`bhxh remind --now <instant> [--kind nudge] --json`): the same use
 * case, the same exactly-once bookkeeping, so a manual run after the scheduled one sends nothing twice.
 * Parse the instant with parseInstant (shared/events/schedule.ts); print the result as JSON; a run with
 * isIncomplete(result) deserves a non-zero exit code.
 */
export function remindFromEnv(env: NodeJS.ProcessEnv, options: { now: Date; kind?: ReminderKind } & Omit<ReminderWiring, 'attemptId'>): Promise<ReminderRunResult> {
  const { now, kind, ...wiring } = options;
  return runReminders(reminderDepsFromEnv(env, wiring), { now, kind: kind ?? 'deadline' });
}
