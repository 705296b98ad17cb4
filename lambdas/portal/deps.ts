// Wires the portal to AWS from the environment (the local stack sets the same variables):
//   BHXH_TABLE_NAME    the shared table (reports, submissions, contacts, portal tokens and sessions)
//   BHXH_BUCKET_NAME   the report bucket (presigned uploads to incoming/<code>/, downloads)
//   BHXH_PORTAL_URL    the portal's public URL when a domain is in front (else `fallbackUrl`: the function URL, never a Host header)
//   BHXH_UPLOAD_URL    where browsers POST uploads instead of the bucket's endpoint (the local policy checker)
import { dynamoDocumentClient, requiredEnv, s3Client, sesClient } from '../../shared/adapters/clients.ts';
import { DynamoContactDirectory } from '../../shared/adapters/contacts.ts';
import { DynamoDateTotals } from '../../shared/adapters/date-totals.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { S3PortalFiles } from '../../shared/adapters/portal-files.ts';
import { DynamoPortalStore } from '../../shared/adapters/portal-store.ts';
import { SesMailer } from '../../shared/adapters/ses-mailer.ts';
import { DynamoSnapshotState } from '../../shared/adapters/snapshot-state.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { contactChangeDeps } from '../../shared/wiring/contacts.ts';
import type { PortalDeps } from './context.ts';

export function portalDepsFromEnv(log: PortalDeps['log'], env: NodeJS.ProcessEnv = process.env, fallbackUrl = ''): PortalDeps {
  const tableName = requiredEnv('BHXH_TABLE_NAME', env);
  const bucket = requiredEnv('BHXH_BUCKET_NAME', env);
  const region = env.AWS_REGION || 'us-east-1';
  const doc = dynamoDocumentClient(env);
  const campaign = currentCampaign(env);
  const table = new DynamoReportTable(doc, tableName, campaign.id);
  // Contacts are read for each request, so an operator's change (a contact removed) applies at once.
  const directory = (): DynamoContactDirectory => new DynamoContactDirectory(doc, { tableName, provinceListId: campaign.config.provinceList.id, ...(env.BHXH_SENDER ? { senderFallback: env.BHXH_SENDER } : {}) });
  const uploadUrl = env.BHXH_UPLOAD_URL || undefined;
  return {
    campaign,
    store: new DynamoPortalStore(doc, tableName, campaign.id),
    contactChanges: contactChangeDeps(doc, tableName, campaign),
    contacts: async () => {
      const set = await directory().load();
      return { provinces: set.provinces, national: set.national ?? [] };
    },
    reports: table,
    submissions: table,
    snapshots: new DynamoSnapshotState(doc, tableName, campaign.id),
    totals: new DynamoDateTotals(doc, tableName, campaign.id),
    files: new S3PortalFiles(s3Client(env), { bucket, ...(uploadUrl ? { uploadUrl } : {}) }),
    mailer: new SesMailer(sesClient(env), () => directory().sender()),
    portalUrl: env.BHXH_PORTAL_URL || fallbackUrl,
    uploadOrigin: uploadUrl ? new URL(uploadUrl).origin : `https://${bucket}.s3.${region}.amazonaws.com https://${bucket}.s3.amazonaws.com`,
    log,
  };
}
