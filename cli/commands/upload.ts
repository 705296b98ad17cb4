// `bhxh upload FILE --province CODE`: puts the file under incoming/<code>/ as a province would, and
// with --wait follows it until the pipeline has recorded its verdict.
import { basename, extname } from 'node:path';
import { Command, Option } from 'commander';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { INCOMING_PREFIX, RECEIVED_AT_METADATA } from '../../shared/contract.ts';
import { EXIT, provinceCodeOption, readInputFile, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';
import { findingCount } from '../../shared/domain/findings.ts';
import { jsonLine, terminal } from '../../shared/domain/shown-text.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.csv': 'text/csv',
};

interface UploadOptions extends TargetOptions {
  province: string;
  name?: string;
  wait?: boolean;
  timeout: string;
  receivedAt?: string;
}

interface SubmissionView {
  status: string;
  province: string;
  reportDate: string;
  receivedAt: string;
  late: boolean;
  superseded: boolean;
  errors: Array<{ code: string; message: string; cell?: string }>;
  warnings: Array<{ code: string; message: string; cell?: string }>;
}

/** The submission items of one object key (one per upload of that key), oldest first. */
async function submissionsOf(table: string, campaignId: string, key: string): Promise<SubmissionView[]> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { dynamoDocumentClient } = await import('../../shared/adapters/clients.ts');
  const { submissionPartition } = await import('../../shared/adapters/dynamo-table.ts');
  const out = await dynamoDocumentClient().send(new QueryCommand({
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': submissionPartition(campaignId, key) },
    ConsistentRead: true,
  }));
  return (out.Items ?? []) as SubmissionView[];
}

export function uploadCommand(): Command {
  return withTargetOptions(new Command('upload')
    .description('Upload a report file as a province would: s3://<bucket>/incoming/<code>/<file>.')
    .argument('<file>', 'the report file (.xlsx, .xls, .ods or .csv)')
    .requiredOption('--province <code>', 'the 2-digit code of the province uploading, e.g. 27')
    .option('--name <file name>', 'the object\'s file name (default: the file\'s own)')
    .option('--wait', 'wait until the pipeline has checked the file, and show its verdict')
    .option('--timeout <seconds>', 'how long --wait waits', '60')
    .addOption(new Option('--received-at <iso>', 'LOCAL demo/test stacks only: the upload instant to play (x-amz-meta-bhxh-received-at)').hideHelp()))
    .action((file: string, options: UploadOptions) => runCommand(async () => {
      const target = await useTarget(options);
      const campaign = currentCampaign();
      const code = await provinceCodeOption(options.province);
      const body = await readInputFile(file);
      const name = options.name ?? basename(file);
      const key = `${INCOMING_PREFIX}${code}/${name}`;
      const before = options.wait ? (await submissionsOf(target.table, campaign.id, key)).length : 0;
      const { PutObjectCommand } = await import('@aws-sdk/client-s3');
      const { s3Client } = await import('../../shared/adapters/clients.ts');
      const put = await s3Client().send(new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: body,
        ContentType: CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
        ...(options.receivedAt ? { Metadata: { [RECEIVED_AT_METADATA]: new Date(options.receivedAt).toISOString() } } : {}),
      }));
      const uploaded = { bucket: target.bucket, key, size: body.length, etag: put.ETag ?? null };
      if (!options.json) process.stdout.write(terminal`Uploaded ${file} to s3://${target.bucket}/${key} (${body.length} bytes).\n`);

      let submission: SubmissionView | undefined;
      if (options.wait) {
        const deadline = Date.now() + Number(options.timeout) * 1000;
        for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
          const all = await submissionsOf(target.table, campaign.id, key);
          if (all.length > before) {
            submission = all.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).at(-1);
            break;
          }
          await new Promise((r) => setTimeout(r, delay));
        }
        if (!submission) {
          process.stderr.write(terminal`No verdict after ${options.timeout} s: see \`bhxh status\` (a failing check is parked there).\n`);
          process.exitCode = EXIT.error;
        }
      }
      if (options.json) {
        process.stdout.write(jsonLine({ ...uploaded, ...(options.wait ? { submission: submission ?? null } : {}) }));
      } else if (submission) {
        const when = submission.late ? 'LATE' : 'on time';
        process.stdout.write(submission.status === 'accepted'
          ? terminal`Accepted: province ${submission.province}, report date ${submission.reportDate}, ${when}` + `${submission.superseded ? ' (a later upload holds this date)' : ''}.\n`
          : `Rejected (${findingCount(submission.errors)} errors):\n`);
        const line = (f: SubmissionView['errors'][number]): string => terminal`  - ${f.cell ? `[${f.cell}] ` : ''}${f.message} (${f.code})\n`;
        process.stdout.write(submission.errors.map(line).join(''));
        if (submission.warnings.length) process.stdout.write(`Warnings (${findingCount(submission.warnings)}):\n${submission.warnings.map(line).join('')}`);
      } else if (!options.wait) {
        process.stdout.write('The pipeline checks it within seconds: `npm run bhxh -- status`, or upload with --wait.\n');
      }
      if (submission && submission.status !== 'accepted') process.exitCode = EXIT.failed;
    }));
}
