// Wires the intake use case to AWS from the environment (the local stack sets the same variables):
//   BHXH_TABLE_NAME     the shared table (reports, submissions, contacts)
//   BHXH_BUCKET_NAME    the report bucket (uploads read, error reports written)
//   BHXH_EVENT_BUS_NAME where ReportAccepted goes (default: the account's default bus)
//   BHXH_SUBMISSION_ADDRESS the mail submission address (replies to mailed reports thread to it)
//   BHXH_SENDER         the From: address when the table has no SENDER contact
//   BHXH_CAMPAIGN_FILE  the campaign (else the bundled default)
//   BHXH_PORTAL_URL     the web portal: every mail carries a button into it (a single-use link)
import {
  dynamoDocumentClient, eventBridgeClient, requiredEnv, s3Client, sesClient,
} from '../adapters/clients.ts';
import { DynamoContactDirectory } from '../adapters/contacts.ts';
import { DynamoReportTable } from '../adapters/dynamo-table.ts';
import { portalLinksFromEnv } from '../adapters/portal-store.ts';
import { EventBridgePublisher } from '../adapters/eventbridge-publisher.ts';
import { S3FileStore } from '../adapters/s3-file-store.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { currentCampaign } from '../config/campaign.ts';
import type { IntakeDeps } from '../domain/intake/process-upload.ts';
import type { Log } from '../ports/index.ts';

export function intakeDepsFromEnv(env: NodeJS.ProcessEnv, log: Log): IntakeDeps {
  const tableName = requiredEnv('BHXH_TABLE_NAME', env);
  const campaign = currentCampaign(env);
  const table = new DynamoReportTable(dynamoDocumentClient(env), tableName, campaign.id);
  // Contacts are read fresh for each batch, so an operator's change applies without a deploy.
  const contacts = new DynamoContactDirectory(dynamoDocumentClient(env), {
    tableName, provinceListId: campaign.config.provinceList.id, ...(env.BHXH_SENDER ? { senderFallback: env.BHXH_SENDER } : {}),
  });
  const portalLinks = portalLinksFromEnv(dynamoDocumentClient(env), tableName, campaign.id, env);
  return {
    campaign,
    reports: table,
    submissions: table,
    files: new S3FileStore(s3Client(env), requiredEnv('BHXH_BUCKET_NAME', env)),
    events: new EventBridgePublisher(eventBridgeClient(env), env.BHXH_EVENT_BUS_NAME || 'default'),
    mailer: new SesMailer(sesClient(env), () => contacts.sender()),
    contacts,
    log,
    ...(portalLinks ? { portalLinks } : {}),
    ...(env.BHXH_SUBMISSION_ADDRESS ? { submissionAddress: env.BHXH_SUBMISSION_ADDRESS } : {}),
  };
}
