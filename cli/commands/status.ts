// `bhxh status [--date YYYY-MM-DD]`: who has an accepted report for the date (on time or late), who is
// missing, the rejected attempts with their errors, and the failures parked in the dead-letter list.
import { Command } from 'commander';
import type { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { formatDateVi, type Campaign } from '../../shared/domain/campaign.ts';
import { findingLine } from '../../shared/domain/findings.ts';
import type { Finding } from '../../shared/domain/report.ts';
import { readDeadLetters, type DeadLetter } from '../../local/dead-letters.ts';
import { UsageError, isoDateOption, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';

/** The JSON contract of `bhxh status --json` (parked is there for the local stack). */
export interface StatusReport {
  date: string;
  expected: number;
  onTime: string[];
  late: string[];
  missing: string[];
  /** Reports replaced by a later upload: on time or late as the first accepted upload was, values from the newest. */
  corrected: Array<{ province: string; firstReceivedAt: string; correctedAt: string; late: boolean }>;
  rejected: Array<{ province: string; errors: Finding[]; file: string; receivedAt: string }>;
  /** Uploads whose mail to the province could not be sent (each upload is recorded all the same). */
  mailFailures: Array<{ province: string; file: string; receivedAt: string; status: 'accepted' | 'rejected'; error: string }>;
  parked: Array<Pick<DeadLetter, 'function' | 'subject' | 'error' | 'attempts' | 'parkedAt'>>;
}

/** Today's date when it is a report date; otherwise the newest date that has uploads; else the campaign's last. */
async function defaultDate(campaign: Campaign, table: DynamoReportTable, now: Date): Promise<string> {
  const today = campaign.localDate(now);
  if (campaign.isReportDate(today)) return today;
  const candidates = campaign.reportDates.filter((d) => d <= today).reverse();
  for (const date of candidates) {
    if ((await table.listForDate(date)).length > 0) return date;
  }
  return candidates[0] ?? campaign.reportDates[0]!;
}

export async function buildStatus(campaign: Campaign, table: DynamoReportTable, date: string, deadLetters: DeadLetter[]): Promise<StatusReport> {
  const [reports, submissions] = await Promise.all([table.listReportsForDate(date), table.listForDate(date)]);
  const reported = new Map(reports.map((r) => [r.province, r]));
  const codes = campaign.provinces.map((p) => p.code);
  return {
    date,
    expected: codes.length,
    onTime: codes.filter((c) => reported.has(c) && !reported.get(c)!.late),
    late: codes.filter((c) => reported.get(c)?.late),
    missing: codes.filter((c) => !reported.has(c)),
    corrected: reports
      .filter((r) => r.firstReceivedAt !== undefined && r.firstReceivedAt !== r.receivedAt)
      .sort((a, b) => a.province.localeCompare(b.province))
      .map((r) => ({ province: r.province, firstReceivedAt: r.firstReceivedAt!, correctedAt: r.receivedAt, late: r.late })),
    rejected: submissions
      .filter((s) => s.status === 'rejected')
      .sort((a, b) => a.province.localeCompare(b.province) || a.receivedAt.localeCompare(b.receivedAt))
      .map((s) => ({ province: s.province, errors: s.errors, file: s.objectKey, receivedAt: s.receivedAt })),
    mailFailures: submissions
      .flatMap((s) => (s.mailError ? [{ province: s.province, file: s.objectKey, receivedAt: s.receivedAt, status: s.status, error: s.mailError }] : []))
      .sort((a, b) => a.province.localeCompare(b.province) || a.receivedAt.localeCompare(b.receivedAt)),
    parked: deadLetters.map(({ function: fn, subject, error, attempts, parkedAt }) => ({ function: fn, subject, error, attempts, parkedAt })),
  };
}

function codeList(campaign: Campaign, codes: string[], notes: Map<string, string> = new Map()): string {
  if (codes.length === 0) return '  (none)\n';
  const cells = codes.map((c) => `${c} ${campaign.province(c)?.name ?? ''}${notes.has(c) ? ` (${notes.get(c)})` : ''}`.padEnd(24));
  let out = '';
  for (let i = 0; i < cells.length; i += 3) out += `  ${cells.slice(i, i + 3).join('').trimEnd()}\n`;
  return out;
}

export function formatStatus(status: StatusReport, campaign: Campaign): string {
  const deadline = campaign.isReportDate(status.date) ? ` (deadline ${campaign.formatLocal(campaign.deadline(status.date))})` : '';
  let out = `Report date ${status.date} / ${formatDateVi(status.date)}${deadline}\n`;
  out += `  expected ${status.expected} · on time ${status.onTime.length} · late ${status.late.length} · missing ${status.missing.length} · rejected uploads ${status.rejected.length}\n\n`;
  // "on time, corrected at 19:05": the first upload decides on-time, the newest gives the values.
  const corrected = new Map(status.corrected.map((c) => [c.province, `corrected at ${campaign.formatLocal(new Date(c.correctedAt))}`]));
  out += `On time (${status.onTime.length}):\n${codeList(campaign, status.onTime, corrected)}`;
  out += `Late (${status.late.length}):\n${codeList(campaign, status.late, corrected)}`;
  out += `Missing (${status.missing.length}):\n${codeList(campaign, status.missing)}`;
  out += `Rejected uploads (${status.rejected.length}):\n`;
  if (status.rejected.length === 0) out += '  (none)\n';
  for (const r of status.rejected) {
    const first = r.errors[0];
    out += `  ${r.province} ${r.file} at ${r.receivedAt}: ${first ? `${findingLine(first)} (${first.code})` : '(no error recorded)'}`;
    out += r.errors.length > 1 ? ` (+${r.errors.length - 1} more)\n` : '\n';
  }
  if (status.mailFailures.length > 0) {
    out += `\nMAIL NOT SENT (${status.mailFailures.length}):\n`;
    for (const m of status.mailFailures) out += `  ${m.province} ${m.file} at ${m.receivedAt} (${m.status}): ${m.error}\n`;
  }
  if (status.parked.length > 0) {
    out += `\nPARKED FAILURES (${status.parked.length}) in the local dead-letter list:\n`;
    for (const p of status.parked) out += `  ${p.parkedAt} ${p.function} ${p.subject}: ${p.error} (${p.attempts} attempts)\n`;
  }
  return out;
}

/** One upload of a key as its submission record keeps it: the version judged and the verdict. */
export interface UploadVersion {
  versionId: string | null;
  receivedAt: string;
  status: string;
  reportDate: string;
  values: number[] | null;
}

async function uploadVersions(key: string, tableName: string): Promise<UploadVersion[]> {
  const { dynamoDocumentClient } = await import('../../shared/adapters/clients.ts');
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { submissionPartition } = await import('../../shared/adapters/dynamo-table.ts');
  const out = await dynamoDocumentClient().send(new QueryCommand({
    TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': submissionPartition(key) }, ConsistentRead: true,
  }));
  return (out.Items ?? []).map((item) => ({
    versionId: typeof item.versionId === 'string' ? item.versionId : null,
    receivedAt: String(item.receivedAt), status: String(item.status), reportDate: String(item.reportDate),
    values: Array.isArray(item.values) ? item.values as number[] : null,
  }));
}

/** Writes one version of an upload (the bytes its submission record was judged on) to a file. */
async function openVersion(key: string, versionId: string | undefined, bucket: string, out: string): Promise<{ bytes: number; versionId: string | null }> {
  const { s3Client } = await import('../../shared/adapters/clients.ts');
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const { writeFile } = await import('node:fs/promises');
  const object = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
  const body = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
  await writeFile(out, body);
  return { bytes: body.byteLength, versionId: object.VersionId ?? versionId ?? null };
}

interface StatusOptions extends TargetOptions {
  date?: string;
  versions?: string;
  open?: string;
  version?: string;
  out?: string;
}

export function statusCommand(): Command {
  return withTargetOptions(new Command('status')
    .description('Who has reported for a date (on time, late), who is missing, rejected uploads, parked failures; '
      + 'the versions of one upload (--versions KEY) and the bytes of any of them (--open KEY --version ID --out FILE).')
    .option('--date <YYYY-MM-DD>', 'the report date (default: today if in the campaign, else the newest date with uploads)')
    .option('--versions <key>', 'list every upload of this key: the version each submission record judged, and its verdict')
    .option('--open <key>', 'write an upload\'s bytes to --out (the version given by --version, else the current one)')
    .option('--version <id>', 'with --open: the version id (as --versions lists it)')
    .option('--out <file>', 'with --open: where to write the bytes (default: the file name of the key)'))
    .action((options: StatusOptions) => runCommand(async () => {
      const target = await useTarget(options);
      if (options.versions) {
        const versions = await uploadVersions(options.versions, target.table);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ key: options.versions, versions })}\n`);
        } else {
          process.stdout.write(`${versions.length} upload(s) of ${options.versions}:\n`);
          for (const v of versions) process.stdout.write(`  ${v.receivedAt}  version ${v.versionId ?? '(none)'}  ${v.status}  report date ${v.reportDate}\n`);
        }
        return;
      }
      if (options.open) {
        const out = options.out ?? options.open.slice(options.open.lastIndexOf('/') + 1);
        if (!out) throw new UsageError('--open needs --out FILE for a key ending in "/"');
        const opened = await openVersion(options.open, options.version, target.bucket, out);
        process.stdout.write(options.json
          ? `${JSON.stringify({ key: options.open, versionId: opened.versionId, out, bytes: opened.bytes })}\n`
          : `Wrote ${out} (${opened.bytes} bytes): ${options.open}, version ${opened.versionId ?? '(current)'}\n`);
        return;
      }
      if (options.version) throw new UsageError('--version goes with --open KEY');
      const campaign = currentCampaign();
      // The SDK loads only for the commands that talk to the stack (keeps `bhxh parse` quick).
      const { dynamoDocumentClient } = await import('../../shared/adapters/clients.ts');
      const { DynamoReportTable: Table } = await import('../../shared/adapters/dynamo-table.ts');
      const table = new Table(dynamoDocumentClient(), target.table);
      const date = options.date ? isoDateOption(options.date) : await defaultDate(campaign, table, new Date());
      if (!campaign.isReportDate(date)) throw new UsageError(`${date} is not a report date of campaign ${campaign.id}`);
      const deadLetters = target.dataDir ? await readDeadLetters(target.dataDir) : [];
      const status = await buildStatus(campaign, table, date, deadLetters);
      process.stdout.write(options.json ? `${JSON.stringify(status)}\n` : formatStatus(status, campaign));
    }));
}
