// `bhxh status [--date YYYY-MM-DD]`: who has an accepted report for the date (on time or late), who is
// missing, the rejected attempts with their errors, and the failures parked in the dead-letter list.
import { Command } from 'commander';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { buildStatus, defaultDate, formatStatus } from '../../shared/day-status.ts';
import { formatDateVi, formatInstant } from '../../shared/domain/format.ts';
import { readDeadLetters } from '../../shared/local-stack/dead-letters.ts';
import { UsageError, isoDateOption, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';
import { jsonLine, terminal } from '../../shared/domain/shown-text.ts';

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
    TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': submissionPartition(currentCampaign().id, key) }, ConsistentRead: true,
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
          process.stdout.write(jsonLine({ key: options.versions, versions }));
        } else {
          const { timeZone } = currentCampaign();
          process.stdout.write(terminal`${versions.length} upload(s) of ${options.versions} (received, in ${timeZone}):\n`);
          for (const v of versions) {
            process.stdout.write(terminal`  ${formatInstant(v.receivedAt, timeZone)}  version ${v.versionId ?? '(none)'}  ${v.status}  report date ${formatDateVi(v.reportDate)}\n`);
          }
        }
        return;
      }
      if (options.open) {
        const out = options.out ?? options.open.slice(options.open.lastIndexOf('/') + 1);
        if (!out) throw new UsageError('--open needs --out FILE for a key ending in "/"');
        const opened = await openVersion(options.open, options.version, target.bucket, out);
        process.stdout.write(options.json
          ? jsonLine({ key: options.open, versionId: opened.versionId, out, bytes: opened.bytes })
          : terminal`Wrote ${out} (${opened.bytes} bytes): ${options.open}, version ${opened.versionId ?? '(current)'}\n`);
        return;
      }
      if (options.version) throw new UsageError('--version goes with --open KEY');
      const campaign = currentCampaign();
      // The SDK loads only for the commands that talk to the stack (keeps `bhxh parse` quick).
      const { dynamoDocumentClient } = await import('../../shared/adapters/clients.ts');
      const { DynamoReportTable: Table } = await import('../../shared/adapters/dynamo-table.ts');
      const table = new Table(dynamoDocumentClient(), target.table, campaign.id);
      const date = options.date ? isoDateOption(options.date) : await defaultDate(campaign, table, new Date());
      if (!campaign.isReportDate(date)) throw new UsageError(`${date} is not a report date of campaign ${campaign.id}`);
      const deadLetters = target.dataDir ? await readDeadLetters(target.dataDir) : [];
      const status = await buildStatus(campaign, table, date, deadLetters);
      process.stdout.write(options.json ? jsonLine(status) : formatStatus(status, campaign));
    }));
}
