// A crash in the middle of a burst: `npm start` in a child process, uploads four at a time, the
// process killed with SIGKILL after some have been acknowledged, then started again on the same
// data folder. Every acknowledged upload (and every other that reached the disk) must end with
// exactly one submission record, and no province may be mailed twice for one upload: the intake
// queue, the versions and the mail store are on disk, and the start reconciles. Mail sent before
// the crash is still in the mail store after it; --clean empties it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { agencyLine, buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { spawnLocalStack, submissionsOf as submissionsOfKey, waitFor, type StackProcess, type StoredMail } from './support.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const UPLOADS = 40;
const KILL_AFTER_ACKS = 14;
let running: StackProcess | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('loses no acknowledged upload and mails nobody twice when killed mid-burst and restarted', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bhxh-crash-'));
  const provinces = defaultCampaign().provinces.slice(0, UPLOADS);
  const uploads = provinces.map((p) => ({
    code: p.code,
    key: `incoming/${p.code}/Báo cáo ${p.code}.xlsx`,
    body: buildReportFile(sampleSpec({ agencyLine: agencyLine(p), dateText: '15/12/2023' })),
  }));

  running = await spawnLocalStack(dataDir);
  const first = running;
  const s3 = s3Client({ ...first.env });
  const acknowledged: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < uploads.length && first.child.exitCode === null) {
      const upload = uploads[next++]!;
      try {
        await s3.send(new PutObjectCommand({ Bucket: 'bhxh-reports', Key: upload.key, Body: upload.body }));
        acknowledged.push(upload.key);
        if (acknowledged.length === KILL_AFTER_ACKS) first.child.kill('SIGKILL');
      } catch {
        // The process is gone: this upload was never acknowledged.
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await first.exited;
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  // The crash left work undone: messages on the intake queue's disk that no parser finished.
  expect((await readdir(join(dataDir, 'queues', 'intake'))).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);

  running = await spawnLocalStack(dataDir);
  const env = { ...running.env };
  const submissionsOf = (key: string) => submissionsOfKey(env, 'bhxh-reports', key);
  const stored = ((await s3Client(env).send(new ListObjectsV2Command({ Bucket: 'bhxh-reports', Prefix: 'incoming/' }))).Contents ?? []).map((o) => o.Key!);
  expect(stored).toEqual(expect.arrayContaining(acknowledged));

  const intakeDir = join(dataDir, 'queues', 'intake');
  await waitFor('every stored upload judged and the intake queue empty', async () => {
    const pending = (await readdir(intakeDir)).filter((f) => f.endsWith('.json'));
    if (pending.length > 0) return false;
    for (const key of stored) if ((await submissionsOf(key)).length === 0) return false;
    return true;
  }, 120_000);

  for (const key of stored) expect({ key, submissions: (await submissionsOf(key)).length }).toEqual({ key, submissions: 1 });
  const mails = ((await (await fetch(`${env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] }).emails;
  // Mail goes at most once: a kill between claiming a mail and recording it leaves that upload's
  // record "sending" and its province without a receipt, which `bhxh status` names (MAIL UNCONFIRMED).
  const unconfirmed: string[] = [];
  for (const upload of uploads.filter((u) => stored.includes(u.key))) {
    const to = exampleProvinceEmail(upload.code);
    const received = mails.filter((m) => m.destination.to.flatMap((t) => t.split(/,\s*/)).includes(to));
    const claimOpen = (await submissionsOf(upload.key)).some((s) => s.notified === 'sending');
    if (received.length === 0 && claimOpen) unconfirmed.push(upload.key);
    else expect({ to, mails: received.length }).toEqual({ to, mails: 1 });
  }
  // Only uploads in flight at the kill can be unconfirmed (four workers).
  expect(unconfirmed.length).toBeLessThanOrEqual(4);
  const listed = await new DynamoReportTable(dynamoDocumentClient(env), 'bhxh-reports', defaultCampaign().id).listForDate('2023-12-15');
  expect(listed.filter((s) => s.mailUnconfirmed).map((s) => s.objectKey).sort()).toEqual([...unconfirmed].sort());
  expect(running.output()).not.toMatch(/parked in the dead-letter list/);

  running.child.kill('SIGINT');
  expect(await running.exited).toBe(0);

  // --clean empties the data folder, the mail store with it.
  running = await spawnLocalStack(dataDir, ['--clean']);
  const cleaned = running.env;
  expect(((await (await fetch(`${cleaned.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: unknown[] }).emails).toEqual([]);
  expect((await s3Client({ ...cleaned }).send(new ListObjectsV2Command({ Bucket: 'bhxh-reports', Prefix: 'incoming/' }))).Contents ?? []).toEqual([]);
  running.child.kill('SIGINT');
  expect(await running.exited).toBe(0);
}, 300_000);
