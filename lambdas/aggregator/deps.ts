// Wires the snapshot use case to AWS from the environment (the local stack sets the same variables):
//   BHXH_TABLE_NAME    the shared table (reports, submissions, snapshot state, per-date totals)
//   BHXH_BUCKET_NAME   the report bucket (summaries/ is written here)
//   BHXH_CAMPAIGN_FILE the campaign (else the bundled default)
import { dynamoDocumentClient, requiredEnv, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoDateTotals } from '../../shared/adapters/date-totals.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';
import { DynamoSnapshotState } from '../../shared/adapters/snapshot-state.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import type { Campaign } from '../../shared/domain/campaign.ts';
import type { SnapshotDeps } from '../../shared/domain/snapshot/publish.ts';

export interface AggregatorWiring {
  env?: NodeJS.ProcessEnv;
  campaign?: Campaign;
  log?: SnapshotDeps['log'];
}

export function aggregatorDepsFromEnv(wiring: AggregatorWiring = {}): SnapshotDeps {
  const env = wiring.env ?? process.env;
  const tableName = requiredEnv('BHXH_TABLE_NAME', env);
  const bucket = requiredEnv('BHXH_BUCKET_NAME', env);
  const doc = dynamoDocumentClient(env);
  const table = new DynamoReportTable(doc, tableName);
  return {
    campaign: wiring.campaign ?? currentCampaign(env),
    reports: table,
    submissions: table,
    files: new S3FileStore(s3Client(env), bucket),
    state: new DynamoSnapshotState(doc, tableName),
    totals: new DynamoDateTotals(doc, tableName),
    ...(wiring.log ? { log: wiring.log } : {}),
  };
}
