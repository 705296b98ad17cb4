// `bhxh summary [--date D] --out DIR`: downloads the national snapshot files (xlsx, csv, html, json)
// of a date, or of the latest published date.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT, isoDateOption, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';
import { jsonLine, terminal } from '../../shared/domain/shown-text.ts';

export function summaryCommand(): Command {
  return withTargetOptions(new Command('summary')
    .description('Download the national snapshot of a date (default: the latest published) into a folder.')
    .option('--date <YYYY-MM-DD>', 'the report date (default: latest)')
    .requiredOption('--out <dir>', 'the folder to write the files to'))
    .action((options: TargetOptions & { date?: string; out: string }) => runCommand(async () => {
      const target = await useTarget(options);
      const date = options.date ? isoDateOption(options.date) : undefined;
      const { s3Client } = await import('../../shared/adapters/clients.ts');
      const { S3FileStore } = await import('../../shared/adapters/s3-file-store.ts');
      const { fetchSnapshot } = await import('../../shared/domain/snapshot/download.ts');
      const { currentCampaign } = await import('../../shared/config/campaign.ts');
      const snapshot = await fetchSnapshot(new S3FileStore(s3Client(), target.bucket), currentCampaign().id, date);
      if (!snapshot) {
        process.stderr.write(terminal`No snapshot published${date ? ` for ${date}` : ''} yet in s3://${target.bucket}/summaries/.\n`);
        process.exitCode = EXIT.failed;
        if (options.json) process.stdout.write(jsonLine({ date: date ?? null, files: [] }));
        return;
      }
      await mkdir(options.out, { recursive: true });
      const files: Array<{ format: string; path: string; bytes: number }> = [];
      for (const file of snapshot.files) {
        const path = join(options.out, file.filename);
        await writeFile(path, file.body);
        files.push({ format: file.format, path, bytes: file.body.byteLength });
      }
      if (options.json) {
        process.stdout.write(jsonLine({ date: snapshot.date, final: snapshot.final, generatedAt: snapshot.generatedAt, files }));
      } else {
        const { formatDateVi, formatInstant } = await import('../../shared/domain/format.ts');
        const { timeZone } = currentCampaign();
        process.stdout.write(terminal`National snapshot of ${formatDateVi(snapshot.date)} (${snapshot.final ? 'final' : 'provisional'}, generated ${formatInstant(snapshot.generatedAt, timeZone)} ${timeZone}):\n`);
        for (const f of files) process.stdout.write(terminal`  ${f.path} (${f.bytes} bytes)\n`);
      }
    }));
}
