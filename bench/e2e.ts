// Upload → report readable, and upload → snapshot reflecting it, on the local stack (p50/p95).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient, s3Client } from '../shared/adapters/clients.ts';
import { campaignScope } from '../shared/adapters/dynamo-table.ts';
import { defaultCampaign } from '../shared/config/campaign.ts';
import { snapshotKey } from '../shared/domain/snapshot/keys.ts';
import { startLocalStack } from '../local/stack.ts';
import { agencyLine, buildReportFile, sampleSpec } from '../shared/fixtures/report-files.ts';
import { formatDateVi } from '../shared/domain/format.ts';
import { percentile } from './stats.ts';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function runEndToEnd(uploads: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-bench-e2e-'));
  const stack = await startLocalStack({
    dataDir, s3Port: 0, dynamodbPort: 0, sesPort: 0, eventsPort: 0, ports: { portal: 0, smtp: 0 }, schedules: false, handlerLogLevel: 'SILENT', clean: true,
  });
  const campaign = defaultCampaign();
  const s3 = s3Client(stack.handlerEnv);
  const doc = dynamoDocumentClient(stack.handlerEnv);
  const report: number[] = [];
  const snapshot: number[] = [];
  try {
    for (let i = 0; i < uploads; i++) {
      const province = campaign.provinces[i % campaign.provinces.length]!;
      const date = campaign.reportDates[Math.floor(i / campaign.provinces.length) + 1]!;
      const body = buildReportFile(sampleSpec({
        agencyLine: agencyLine(province),
        dateText: formatDateVi(date),
      }));
      const started = performance.now();
      await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `incoming/${province.code}/bao-cao-${i}.xlsx`, Body: body }));
      await until(async () => (await doc.send(new GetCommand({
        TableName: stack.table, Key: { pk: `${campaignScope(campaign.id)}REPORT#${date}`, sk: `P#${province.code}` }, ConsistentRead: true,
      }))).Item);
      report.push(performance.now() - started);
      await until(async () => {
        try {
          const object = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: snapshotKey(campaign.id, date, 'json') }));
          const json = JSON.parse(await object.Body!.transformToString()) as { provinces: { code: string; status: string }[] };
          return json.provinces.find((p) => p.code === province.code && p.status !== 'missing') ? true : undefined;
        } catch {
          return undefined;
        }
      });
      snapshot.push(performance.now() - started);
    }
    await stack.idle();
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const r = (x: number) => Math.round(x);
  return {
    reportP50Ms: r(percentile(report, 50)), reportP95Ms: r(percentile(report, 95)),
    snapshotP50Ms: r(percentile(snapshot, 50)), snapshotP95Ms: r(percentile(snapshot, 95)),
  };
}
