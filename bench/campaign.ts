// A whole campaign through the local stack, in its own process (so its peak RSS is its own):
// 63 provinces × 21 report dates, some late, some re-submitted, a few bad files; the reminder run
// and the final snapshots of every date. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../shared/adapters/clients.ts';
import { defaultCampaign } from '../shared/config/campaign.ts';
import { formatDateVi } from '../shared/domain/format.ts';
import { startLocalStack } from '../local/stack.ts';
import { RECEIVED_AT_METADATA } from '../shared/contract.ts';
import { scheduledEvent } from '../shared/config/delivery.ts';
import { agencyLine, buildReportFile, SAMPLE_VALUES, sampleSpec } from '../shared/fixtures/report-files.ts';

const campaign = defaultCampaign();
const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-bench-campaign-'));
const stack = await startLocalStack({
  dataDir, s3Port: 0, dynamodbPort: 0, sesPort: 0, eventsPort: 0, ports: { portal: 0, smtp: 0 }, schedules: false, clean: true,
  allowReceivedAtOverride: true, handlerLogLevel: 'SILENT',
});
const s3 = s3Client(stack.handlerEnv);

interface Upload { key: string; body: Uint8Array; receivedAt: string; bad: boolean }
const uploads: Upload[] = [];
campaign.reportDates.forEach((date, d) => {
  campaign.provinces.forEach((province, p) => {
    const deadline = campaign.deadline(date).getTime();
    const late = (p + d) % 17 === 0;
    const receivedAt = new Date(deadline + (late ? 45 : -90 - p) * 60_000).toISOString();
    const bad = (p * 7 + d) % 101 === 0;
    const values: (number | string)[] = SAMPLE_VALUES.map((v) => v + d);
    if (bad) values[8] = 'chưa có';
    const spec = sampleSpec({
      agencyLine: agencyLine(province),
      dateText: formatDateVi(date), values,
    });
    const body = buildReportFile(spec);
    uploads.push({ key: `incoming/${province.code}/bao-cao-${date}.xlsx`, body, receivedAt, bad });
    // Every 13th report is sent again a little later (a correction): the newer one must win.
    if ((p + 3 * d) % 13 === 0) {
      uploads.push({ key: `incoming/${province.code}/bao-cao-${date}-sua.xlsx`, body, receivedAt: new Date(Date.parse(receivedAt) + 600_000).toISOString(), bad });
    }
  });
});

const started = performance.now();
const reminderTimes: number[] = [];
for (const date of campaign.reportDates) {
  // The day's uploads, eight at a time as provinces would send them.
  const queue = uploads.filter((u) => u.key.includes(`-${date}`));
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let upload = queue.shift(); upload; upload = queue.shift()) {
      await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: upload.key, Body: upload.body, Metadata: { [RECEIVED_AT_METADATA]: upload.receivedAt } }));
    }
  }));
  await stack.idle();
  const deadline = campaign.deadline(date);
  const t = performance.now();
  stack.fireSchedule('reminder', scheduledEvent('deadline', deadline));
  await stack.idle();
  reminderTimes.push(performance.now() - t);
  stack.fireSchedule('aggregator', scheduledEvent('final-snapshot', new Date(deadline.getTime() + 5 * 60_000)));
  await stack.idle();
}
const seconds = (performance.now() - started) / 1000;
const mails = ((await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: unknown[] }).emails.length;
await stack.stop();
rmSync(dataDir, { recursive: true, force: true });

const sorted = [...reminderTimes].sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({
  seconds: Number(seconds.toFixed(1)),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  uploads: uploads.length,
  accepted: uploads.filter((u) => !u.bad).length,
  rejected: uploads.filter((u) => u.bad).length,
  reminderRuns: reminderTimes.length,
  mails,
  durations: { reminderMs: Math.round(sorted[Math.floor(sorted.length / 2)]!) },
})}\n`);
