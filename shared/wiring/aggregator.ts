// Wires the snapshot use case to AWS from the environment (the local stack sets the same variables):
//   BHXH_TABLE_NAME    the shared table (reports, submissions, snapshot state, per-date totals)
//   BHXH_BUCKET_NAME   the report bucket (summaries/ is written here)
//   BHXH_CAMPAIGN_FILE the campaign (else the bundled default)
import { dynamoDocumentClient, requiredEnv, s3Client } from '../adapters/clients.ts';
import { DynamoDateTotals } from '../adapters/date-totals.ts';
import { DynamoReportTable } from '../adapters/dynamo-table.ts';
import { S3FileStore } from '../adapters/s3-file-store.ts';
import { DynamoSnapshotState } from '../adapters/snapshot-state.ts';
import { currentCampaign } from '../config/campaign.ts';
import type { Campaign } from '../domain/campaign.ts';
import type { SnapshotDeps } from '../domain/snapshot/publish.ts';
import type { Log } from '../ports/index.ts';

export interface AggregatorWiring {
  campaign?: Campaign;
  log?: Log;
}

export function aggregatorDepsFromEnv(env: NodeJS.ProcessEnv, wiring: AggregatorWiring = {}): SnapshotDeps {
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
