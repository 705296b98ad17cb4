// Two campaigns on one local stack (one table, one bucket): the December 2023 campaign on the 63
// provinces is played, then the stack is restarted on the same data with the December 2026 campaign
// on the 34 units (code 24 was Bắc Giang, is now Bắc Ninh). Each campaign's status, mails and
// snapshots hold only its own data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/clients.ts';
import { contactsPartition } from '../../shared/adapters/contacts.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';
import { readCampaignFile } from '../../shared/config/campaign.ts';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import type { Campaign } from '../../shared/domain/campaign.ts';
import { fetchSnapshot } from '../../shared/domain/snapshot/download.ts';
import { parseSnapshotJson } from '../../shared/domain/snapshot/json.ts';
import { buildStatus, type StatusReport } from '../../shared/day-status.ts';
import { demoDate, demoRoles, playDemoDay } from '../../local/demo.ts';
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { startTestStack, type StoredMail, type TestStack } from './support.ts';

const FILE_2023 = resolve('shared/config/campaign-2023-12.json');
const FILE_2026 = resolve('shared/config/campaign-2026-12.json');
const c2023 = readCampaignFile(FILE_2023);
const c2026 = readCampaignFile(FILE_2026);

let dataDir: string;
let stack: TestStack | undefined;
const played: Record<string, { status: StatusReport; mails: StoredMail[] }> = {};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bhxh-campaigns-'));
  const first = await startTestStack({ dataDir, campaignFile: FILE_2023 });
  await playDemoDay(first, () => {});
  played[c2023.id] = { status: await statusOf(first, c2023), mails: await first.mails() };
  // The SDK clients of this process keep their endpoints: restart on the same ports and data.
  const ports = Object.fromEntries(Object.entries(first.endpoints).map(([k, url]) => [k, Number(new URL(url).port)]));
  await first.stop();
  stack = await startTestStack({
    dataDir, campaignFile: FILE_2026,
    s3Port: ports.s3!, dynamodbPort: ports.dynamodb!, sesPort: ports.ses!, eventsPort: ports.events!,
  });
  // The SES store is kept across the restart (under the data folder): keep only the new mails.
  const earlier = new Set(played[c2023.id]!.mails.map((m) => m.messageId));
  await playDemoDay(stack, () => {});
  played[c2026.id] = { status: await statusOf(stack, c2026), mails: (await stack.mails()).filter((m) => !earlier.has(m.messageId)) };
}, 300_000);

async function statusOf(s: TestStack, c: Campaign): Promise<StatusReport> {
  return buildStatus(c, new DynamoReportTable(dynamoDocumentClient(s.handlerEnv), s.table, c.id), demoDate(c), []);
}

afterAll(async () => {
  await stack?.stop();
  process.env.BHXH_CAMPAIGN_FILE = '';
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const expected = (c: Campaign) => {
  const roles = demoRoles(c);
  const missing = [...roles.missing, roles.withError].sort();
  const late = Object.keys(roles.late).sort();
  return { missing, late, onTime: c.provinces.length - missing.length - late.length };
};

describe('two campaigns on one table and bucket', () => {
  it('keeps each campaign\'s status to its own reports, after both have run', async () => {
    for (const c of [c2023, c2026]) {
      const want = expected(c);
      const now = await statusOf(stack!, c);
      expect(now, c.id).toEqual(played[c.id]!.status);
      expect(now.expected).toBe(c.provinces.length);
      expect(now.onTime).toHaveLength(want.onTime);
      expect(now.late).toEqual(want.late);
      expect(now.missing).toEqual(want.missing);
    }
  });

  it('mails each campaign\'s provinces and national office about that campaign only', () => {
    const digests = (c: Campaign) => played[c.id]!.mails.filter((m) => m.destination.to.some((t) => t.includes(EXAMPLE_NATIONAL_EMAILS[0]!)));
    expect(digests(c2023)).toHaveLength(1);
    expect(digests(c2023)[0]!.subject).toContain(`${expected(c2023).onTime}/63`);
    expect(digests(c2026)).toHaveLength(1);
    expect(digests(c2026)[0]!.subject).toContain(`${expected(c2026).onTime}/34`);
    // The 2026 mails name only 2026 units: no province that the 2025 merger ended appears in any of them.
    const gone = c2023.provinces.map((p) => p.name).filter((name) => !c2026.provinces.some((q) => q.name === name));
    const text2026 = played[c2026.id]!.mails.map((m) => `${m.subject}\n${m.body.text ?? ''}`).join('\n');
    for (const name of gone) expect(text2026, name).not.toContain(`tỉnh ${name}`);
    // Code 24 is Bắc Ninh in 2026 (Bắc Giang in 2023): its receipt names Bắc Ninh.
    const to24 = played[c2026.id]!.mails.filter((x) => x.destination.to.some((t) => t.includes(exampleProvinceEmail('24'))));
    expect(to24.length).toBeGreaterThan(0);
    for (const m of to24) {
      expect(m.body.text).toContain('Bắc Ninh');
      expect(m.body.text, m.subject).not.toContain('Bắc Giang');
    }
  });

  it('publishes each campaign\'s snapshots under summaries/<campaign id>/<date>/, and latest/ for the active one', async () => {
    const files = new S3FileStore(s3Client(stack!.handlerEnv), stack!.bucket);
    for (const c of [c2023, c2026]) {
      const snapshot = await fetchSnapshot(files, c.id, demoDate(c));
      expect(snapshot, c.id).toMatchObject({ campaign: c.id, date: demoDate(c), final: true });
      const json = parseSnapshotJson(new TextDecoder().decode(snapshot!.files.find((f) => f.format === 'json')!.body));
      expect(json.provinces.map((p) => p.code)).toEqual(c.provinces.map((p) => p.code));
      expect(json.counts.expected).toBe(c.provinces.length);
      expect(json.provinces.find((p) => p.code === '24')?.name).toBe(c === c2023 ? 'Bắc Giang' : 'Bắc Ninh');
    }
    expect(await fetchSnapshot(files, c2023.id)).toMatchObject({ campaign: c2026.id, date: demoDate(c2026) });
  });

  it('keeps contacts per province list', async () => {
    for (const c of [c2023, c2026]) {
      const { Items } = await dynamoDocumentClient(stack!.handlerEnv).send(new QueryCommand({
        TableName: stack!.table, KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': contactsPartition(c.config.provinceList.id) },
      }));
      expect(Items!.filter((i) => String(i.sk).startsWith('P#'))).toHaveLength(c.provinces.length);
    }
  });

  it('rejects a 2026 file headed with a merged unit\'s old name, naming the unit it is part of now', async () => {
    const date = demoDate(c2026);
    const body = buildReportFile(sampleSpec({ agencyLine: 'BHXH TỈNH BẮC GIANG', dateText: date.split('-').reverse().join('/') }));
    await stack!.upload('incoming/24/bac-giang.xlsx', body);
    const mails = (await stack!.mailsTo(exampleProvinceEmail('24'))).filter((m) => m.body.text?.includes('bac-giang.xlsx'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain('Bắc Giang đã được sáp nhập vào thành phố Bắc Ninh (mã 24)');
  });
});
