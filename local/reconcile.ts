// The reconciliation on start, as SQS's durability would have it: every object under incoming/
// whose bytes were never judged (no submission record names a version with those bytes), and which
// has no message waiting on the intake queue and none parked, is announced again. That covers an
// upload stored by s3rver in the instant before the stack could keep its version and message (a
// crash; such an upload was never acknowledged), and objects written into the data folder by hand.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { submissionPartition } from '../shared/adapters/dynamo-table.ts';
import { writeFileDurably } from './durable-queue.ts';
import type { CreatedObject } from './intake-message.ts';
import type { ObjectVersions } from './object-versions.ts';

/** The campaigns that have run on a data folder: an upload judged under any of them was judged. */
export const CAMPAIGNS_RUN_FILE = 'campaigns-run.json';

/** Adds the campaign starting now to the data folder's list; returns the whole list. */
export function recordCampaignRun(dataDir: string, campaignId: string): string[] {
  const path = join(dataDir, CAMPAIGNS_RUN_FILE);
  const known = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as string[]) : [];
  if (!known.includes(campaignId)) writeFileDurably(path, JSON.stringify([...known, campaignId]));
  return known.includes(campaignId) ? known : [...known, campaignId];
}

export interface ReconcileDeps {
  /** Every campaign that has run on this data folder (submission records are scoped by campaign). */
  campaignIds: readonly string[];
  s3: S3Client;
  doc: DynamoDBDocumentClient;
  table: string;
  bucket: string;
  prefix: string;
  versions: ObjectVersions;
  /** Version ids (and keys, for messages without one) waiting on the intake queue or parked, now. */
  waiting: () => { versionIds: Set<string>; keys: Set<string> };
  withKeyLock: <T>(bucket: string, key: string, work: () => Promise<T>) => Promise<T>;
  announce: (object: CreatedObject) => void;
}

async function judgedVersions(doc: DynamoDBDocumentClient, table: string, campaignIds: readonly string[], key: string): Promise<{ versionIds: Set<string>; unversioned: boolean }> {
  const versionIds = new Set<string>();
  let unversioned = false;
  for (const campaignId of campaignIds) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new QueryCommand({
        TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': submissionPartition(campaignId, key) },
        ProjectionExpression: 'versionId', ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      for (const item of page.Items ?? []) {
        if (typeof item.versionId === 'string') versionIds.add(item.versionId);
        else unversioned = true;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return { versionIds, unversioned };
}

/** Announces what was never judged; resolves with the keys announced again. */
export async function reconcileIncoming(deps: ReconcileDeps): Promise<string[]> {
  const byKey = new Map<string, Array<{ versionId: string; eTag: string }>>();
  for (const v of deps.versions.all()) {
    if (v.bucket === deps.bucket) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  }
  const announced: string[] = [];
  let token: string | undefined;
  do {
    const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: deps.bucket, Prefix: deps.prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) {
      const key = object.Key!;
      // A folder marker is no upload.
      if (key.endsWith('/')) continue;
      await deps.withKeyLock(deps.bucket, key, async () => {
        const waiting = deps.waiting();
        if (waiting.keys.has(key)) return;
        const current = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }));
        const bytes = await current.Body!.transformToByteArray();
        const eTag = createHash('md5').update(bytes).digest('hex');
        const kept = (byKey.get(key) ?? []).filter((v) => v.eTag === eTag);
        if (kept.some((v) => waiting.versionIds.has(v.versionId))) return;
        const judged = await judgedVersions(deps.doc, deps.table, deps.campaignIds, key);
        if (kept.some((v) => judged.versionIds.has(v.versionId))) return;
        // Judged before versions were kept locally (an older data folder).
        if (judged.unversioned && !byKey.has(key)) return;
        const versionId = kept[0]?.versionId ?? deps.versions.newVersionId();
        if (!kept[0]) {
          deps.versions.keep({
            bucket: deps.bucket, key, versionId, size: bytes.length, eTag,
            ...(current.ContentType ? { contentType: current.ContentType } : {}),
            metadata: current.Metadata ?? {}, lastModified: (current.LastModified ?? new Date()).toISOString(),
          }, bytes);
        }
        deps.announce({
          bucket: deps.bucket, key, size: bytes.length, eTag, versionId,
          eventTime: (current.LastModified ?? new Date()).toISOString(), eventName: 'ObjectCreated:Put',
        });
        announced.push(key);
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return announced;
}
