// `npm start -- --demo`: plays one reporting day of the active campaign on the local stack, within a
// minute, through the real S3 API and the same handlers as AWS:
//   the day before is on file (loaded straight into the table, so the reminder has no old gaps);
//   most provinces upload their report during the day (one corrects it and uploads again),
//   one uploads a file with an error, a few upload after the deadline, a few never do;
//   the deadline reminder runs, then the final snapshot; late uploads rebuild it.
// Upload instants are played with the local-only x-amz-meta-bhxh-received-at metadata (the stack is
// started with allowReceivedAtOverride): real S3 would stamp the wall clock.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DateTime } from 'luxon';
import { dynamoDocumentClient, s3Client } from '../shared/adapters/clients.ts';
import { DynamoReportTable } from '../shared/adapters/dynamo-table.ts';
import { currentCampaign } from '../shared/config/campaign.ts';
import type { Campaign, Province } from '../shared/domain/campaign.ts';
import { formatDateVi } from '../shared/domain/format.ts';
import { INCOMING_PREFIX, RECEIVED_AT_METADATA } from '../shared/contract.ts';
import { buildStatus, formatStatus } from '../shared/day-status.ts';
import { readDeadLetters } from '../shared/local-stack/dead-letters.ts';
import { LATEST, snapshotFolder } from '../shared/domain/snapshot/keys.ts';
import { formTexts } from '../shared/domain/snapshot/text.ts';
import { agencyLine, buildReportFile, plausibleValues, sampleDate } from '../shared/fixtures/report-files.ts';
import { scheduledEvent } from '../shared/config/delivery.ts';
import { terminal } from '../shared/domain/shown-text.ts';
import type { LocalStack } from './stack.ts';

/** The day the demo plays: the campaign's fifth report date (the README's examples use it). */
export function demoDate(campaign: Campaign): string {
  return sampleDate(campaign);
}

/** Who does what in the demo, picked by position in the campaign's list (any list of ≥ 10 units). */
export interface DemoRoles {
  /** Never upload (reminded at the deadline run, missing in the summary). */
  missing: string[];
  /** Upload after the deadline (accepted, counted late): code → local time. */
  late: Record<string, string>;
  /** Uploads a file whose column 3 exceeds column 1 (rejected, error mail), and does not fix it. */
  withError: string;
  /** Uploads twice; the later upload wins. */
  corrects: string;
}

export function demoRoles(campaign: Campaign): DemoRoles {
  const codes = campaign.provinces.map((p) => p.code);
  const used = new Set<string>([codes[0]!]);
  // The unit at that fraction of the list, or the next one not given a role yet.
  const at = (fraction: number): string => {
    let i = Math.min(codes.length - 1, Math.floor(fraction * codes.length));
    while (used.has(codes[i % codes.length]!)) i++;
    const code = codes[i % codes.length]!;
    used.add(code);
    return code;
  };
  const missing = [at(0.02), at(0.11), at(0.8), at(0.98)];
  const late = { [at(0.09)]: '19:05', [at(0.5)]: '20:10', [at(0.9)]: '21:40' };
  return { missing, late, withError: at(0.35), corrects: codes[0]! };
}

interface PlannedUpload {
  province: Province;
  at: DateTime;
  values: number[];
  fileName: string;
  note: string;
}

function plan(campaign: Campaign, date: string): PlannedUpload[] {
  const { missing, late: LATE, withError, corrects } = demoRoles(campaign);
  const day = DateTime.fromISO(date, { zone: campaign.timeZone });
  const deadline = DateTime.fromJSDate(campaign.deadline(date), { zone: campaign.timeZone });
  // On-time uploads spread from 07:30 to 20 minutes before the deadline.
  const start = day.set({ hour: 7, minute: 30 });
  const span = Math.max(60, deadline.diff(start, 'minutes').minutes - 20);
  const uploads: PlannedUpload[] = [];
  const fileName = `Báo cáo chậm đóng ngày ${formatDateVi(date).replace(/\//g, '.')}.xlsx`;
  campaign.provinces.forEach((province, i) => {
    if (missing.includes(province.code)) return;
    const values = plausibleValues(province.code);
    const late = LATE[province.code];
    if (late) {
      const [h, m] = late.split(':').map(Number) as [number, number];
      uploads.push({ province, at: day.set({ hour: h, minute: m }), values, fileName, note: 'late' });
      return;
    }
    const at = start.plus({ minutes: Math.floor((i * span) / campaign.provinces.length) });
    if (province.code === withError) {
      const wrong = [...values];
      wrong[2] = wrong[0]! + 17; // col 3 > col 1
      uploads.push({ province, at: day.set({ hour: 16, minute: 5 }), values: wrong, fileName, note: 'error' });
      return;
    }
    if (province.code === corrects) {
      const first = [...values];
      first[4] = Math.max(0, first[4]! - 40);
      uploads.push({ province, at, values: first, fileName: `Báo cáo (bản nháp) ${formatDateVi(date).replace(/\//g, '.')}.xlsx`, note: 'first' });
      uploads.push({ province, at: at.plus({ minutes: 95 }), values, fileName, note: 'corrected' });
      return;
    }
    uploads.push({ province, at, values, fileName, note: 'on time' });
  });
  return uploads.sort((a, b) => a.at.toMillis() - b.at.toMillis());
}

async function upload(stack: LocalStack, item: PlannedUpload, date: string): Promise<void> {
  await s3Client(stack.handlerEnv).send(new PutObjectCommand({
    Bucket: stack.bucket,
    Key: `${INCOMING_PREFIX}${item.province.code}/${item.fileName}`,
    Body: buildReportFile({ agencyLine: agencyLine(item.province), dateText: formatDateVi(date), values: [...item.values], texts: formTexts(currentCampaign().config) }),
    ContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    Metadata: { [RECEIVED_AT_METADATA]: item.at.toUTC().toISO()! },
  }));
}

async function uploadAll(stack: LocalStack, items: PlannedUpload[], date: string, parallel = 6): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) await upload(stack, item, date);
  }));
}

interface StoredMail {
  destination: { to: string[] };
  subject: string;
}

async function mails(stack: LocalStack): Promise<StoredMail[]> {
  const response = await fetch(`${stack.endpoints.ses}/store`);
  return ((await response.json()) as { emails: StoredMail[] }).emails;
}

export async function playDemoDay(stack: LocalStack, say: (line: string) => void, date?: string): Promise<void> {
  const campaign = currentCampaign();
  date ??= demoDate(campaign);
  const roles = demoRoles(campaign);
  const started = Date.now();
  const local = (d: DateTime): string => d.setZone(campaign.timeZone).toFormat('HH:mm');
  say(`\n=== Demo: report date ${formatDateVi(date)} (${campaign.config.title}) ===`);

  // The earlier days of the campaign, on file: straight into the table (no mail, no event), all on
  // time, so the 18:30 run has only this day's gaps to remind about and the trend has a history.
  const table = new DynamoReportTable(dynamoDocumentClient(stack.handlerEnv), stack.table, campaign.id);
  const earlier = campaign.reportDates.slice(0, Math.max(0, campaign.reportDates.indexOf(date)));
  for (const previous of earlier) {
    const at = DateTime.fromISO(previous, { zone: campaign.timeZone }).set({ hour: 17 });
    await Promise.all(campaign.provinces.map((p, i) => table.putIfNewer({
      province: p.code, reportDate: previous, values: plausibleValues(p.code),
      receivedAt: at.plus({ seconds: i }).toUTC().toISO()!, sequencer: '0', late: false,
      objectKey: `${INCOMING_PREFIX}${p.code}/seed-${previous}.xlsx`, warnings: [],
    })));
  }
  if (earlier.length > 0) {
    say(`  ${formatDateVi(earlier[0]!)} to ${formatDateVi(earlier.at(-1)!)}: all ${campaign.provinces.length} reports of each day on file (loaded as earlier days).`);
  }

  const uploads = plan(campaign, date);
  const deadline = DateTime.fromJSDate(campaign.deadline(date));
  const before = uploads.filter((u) => u.at <= deadline);
  const after = uploads.filter((u) => u.at > deadline);
  say(`  ${local(before[0]?.at ?? deadline)}-${local(before.at(-1)?.at ?? deadline)}  ${before.length} uploads through S3 (province ${roles.corrects} uploads twice, province ${roles.withError}'s file has an error)…`);
  await uploadAll(stack, before, date);
  await stack.idle();

  const reminderAt = scheduledEvent('deadline', campaign.deadline(date));
  say(`  ${local(DateTime.fromISO(reminderAt.time))}  the deadline reminder runs (as its schedule fires it)…`);
  stack.fireSchedule('reminder', reminderAt);
  await stack.idle();

  const finalAt = scheduledEvent('final-snapshot', deadline.plus({ minutes: 5 }).toJSDate());
  say(`  ${local(DateTime.fromISO(finalAt.time))}  the final snapshot is built…`);
  stack.fireSchedule('aggregator', finalAt);
  await stack.idle();

  say(`  ${after.map((u) => local(u.at)).join(', ')}  late uploads from ${after.map((u) => u.province.code).join(', ')}…`);
  await uploadAll(stack, after, date);
  await stack.idle();

  const status = await buildStatus(campaign, table, date, await readDeadLetters(stack.dataDir));
  const sent = await mails(stack);
  const to = (code: string): StoredMail[] => sent.filter((m) => m.destination.to.some((a) => a.includes(`bhxh-${code}@`)));
  say(`\n=== What happened (${((Date.now() - started) / 1000).toFixed(1)} s) ===`);
  say(formatStatus(status, campaign).trimEnd());
  say(`\nMail: ${sent.length} messages in the SES emulator, e.g.`);
  for (const code of [roles.corrects, roles.withError, Object.keys(roles.late)[0]!, roles.missing[0]!]) {
    for (const m of to(code)) say(terminal`  to ${m.destination.to.join(', ')}: ${m.subject}`);
  }
  for (const m of sent.filter((x) => x.destination.to.some((a) => a.startsWith('ban-quan-ly-thu@')))) {
    say(terminal`  to ${m.destination.to.join(', ')}: ${m.subject}`);
  }
  say(`
Where to look:
  mail page        ${stack.mailPage}
  status           npm run bhxh -- status --date ${date}          (export the lines above first: this demo's ports and data dir)
  summary          npm run bhxh -- summary --date ${date} --out ./summary
                   s3://${stack.bucket}/${snapshotFolder(campaign.id, date)} and ${snapshotFolder(campaign.id, LATEST)}  (aws --endpoint-url ${stack.endpoints.s3} s3 ls s3://${stack.bucket}/summaries/ --recursive)
  error report     s3://${stack.bucket}/errors/${roles.withError}/
The stack keeps running (uploads, CLI); Ctrl-C stops it.`);
}
