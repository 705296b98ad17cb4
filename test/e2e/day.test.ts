// End to end, one reporting day on the local stack (the `npm start -- --demo` script): uploads during
// the day, the 18:30 reminder through the schedule's path, the final snapshot, late uploads; then what
// the provinces and the national office see: mails in the SES emulator, the snapshot in the bucket.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { fetchSnapshot } from '../../shared/domain/snapshot/download.ts';
import { parseSnapshotJson } from '../../shared/domain/snapshot/json.ts';
import { buildStatus } from '../../shared/day-status.ts';
import { readDeadLetters } from '../../shared/local-stack/dead-letters.ts';
import { demoDate, demoRoles, playDemoDay } from '../../local/demo.ts';
import { plausibleValues } from '../../shared/fixtures/report-files.ts';
import { scheduledEvent } from '../../shared/config/delivery.ts';
import { startTestStack, type TestStack } from './support.ts';

const run = promisify(execFile);
const DEMO_DATE = demoDate(currentCampaign());
const ROLES = demoRoles(currentCampaign());
const N = currentCampaign().provinces.length;
const LATE = Object.keys(ROLES.late).sort();
/** Without an accepted report by the end: those that never upload and the one whose file is rejected. */
const MISSING = [...ROLES.missing, ROLES.withError].sort();
const ON_TIME = N - LATE.length - MISSING.length;
const BYSTANDER = currentCampaign().provinces.map((p) => p.code).find((c) => !MISSING.includes(c) && !LATE.includes(c) && c !== ROLES.corrects)!;
let stack: TestStack;
const lines: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  await playDemoDay(stack, (line) => lines.push(line));
}, 180_000);
afterAll(async () => {
  await stack?.dispose();
});

describe('one reporting day, end to end', () => {
  it('counts who reported on time, late, not at all, and the rejected upload', async () => {
    const table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, currentCampaign().id);
    const status = await buildStatus(currentCampaign(), table, DEMO_DATE, await readDeadLetters(stack.dataDir));
    expect(ON_TIME).toBeGreaterThan(N / 2);
    expect(status.onTime).toHaveLength(ON_TIME);
    expect(status.late).toEqual(LATE);
    expect(status.missing).toEqual(MISSING);
    expect(status.rejected.map((r) => r.province)).toEqual([ROLES.withError]);
    expect(status.parked).toEqual([]);
    expect(lines.join('\n')).toContain('What happened');
  });

  it('reminds each province missing at 18:30 once, in Vietnamese, and sends the national digest', async () => {
    const reminded = [...MISSING, ...LATE];
    for (const code of reminded) {
      const reminders = (await stack.mailsTo(exampleProvinceEmail(code))).filter((m) => m.subject.startsWith('Nhắc nộp báo cáo'));
      expect(reminders, `reminders to ${code}`).toHaveLength(1);
    }
    expect((await stack.mailsTo(exampleProvinceEmail(BYSTANDER))).some((m) => m.subject.startsWith('Nhắc'))).toBe(false);
    const digest = await stack.mailsTo(EXAMPLE_NATIONAL_EMAILS[0]!);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toContain(`${ON_TIME}/${N}`);
  });

  it('does not mail again when the 18:30 run is delivered twice', async () => {
    const before = (await stack.mails()).length;
    stack.fireSchedule('reminder', scheduledEvent('deadline', currentCampaign().deadline(DEMO_DATE)));
    await stack.idle();
    expect((await stack.mails()).length).toBe(before);
  });

  it('bhxh remind --now runs the same 18:30 run again without mailing anyone twice', async () => {
    const before = (await stack.mails()).length;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', 'remind', '--now', `${DEMO_DATE}T18:30:00+07:00`, '--json'], {
      env: { ...process.env, ...stack.env }, timeout: 60_000,
    });
    const result = JSON.parse(stdout) as { sent: unknown[]; skipped: Array<{ reason: string }>; digest: { status: string } };
    expect(result.sent).toEqual([]);
    expect(result.skipped.length).toBeGreaterThan(0);
    expect(result.skipped.every((s) => s.reason === 'already-sent')).toBe(true);
    expect(result.digest.status).toBe('already-sent');
    expect((await stack.mails()).length).toBe(before);
  });

  it('publishes the national snapshot of the date with the late reports, and latest/', async () => {
    const snapshot = await fetchSnapshot(new S3FileStore(s3Client(stack.handlerEnv), stack.bucket), currentCampaign().id, DEMO_DATE);
    expect(snapshot).toMatchObject({ date: DEMO_DATE, final: true });
    const json = parseSnapshotJson(new TextDecoder().decode(snapshot!.files.find((f) => f.format === 'json')!.body));
    // Every late upload (the last at 21:40, after the final run at 18:35) is in.
    expect(json.counts).toEqual({ expected: N, onTime: ON_TIME, late: LATE.length, missing: MISSING.length, warned: 0, baselineChanged: 0, correctedAfterDeadline: 0 });
    const lastLate = LATE.at(-1)!;
    expect(json.provinces.find((p) => p.code === lastLate)).toMatchObject({ status: 'late', values: plausibleValues(lastLate) });
    const latest = await fetchSnapshot(new S3FileStore(s3Client(stack.handlerEnv), stack.bucket), currentCampaign().id);
    expect(latest?.date).toBe(DEMO_DATE);
  });

  it('downloads the snapshot with bhxh summary --out', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bhxh-summary-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', 'summary', '--date', DEMO_DATE, '--out', out, '--json'], {
        env: { ...process.env, ...stack.env }, timeout: 60_000,
      });
      expect(JSON.parse(stdout)).toMatchObject({ date: DEMO_DATE, final: true });
      expect((await readdir(out)).sort()).toEqual(['csv', 'html', 'json', 'xlsx'].map((ext) => `tong-hop-toan-quoc-${DEMO_DATE}.${ext}`));
      expect((await readFile(join(out, `tong-hop-toan-quoc-${DEMO_DATE}.xlsx`))).subarray(0, 2).toString()).toBe('PK');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
