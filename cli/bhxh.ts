#!/usr/bin/env node
// `bhxh`: the command line of the report pipeline. `parse` is a contract other tools rely on:
//   bhxh parse FILE --province CODE --json  → one JSON object on stdout; exit 0 accepted, 1 rejected, 2 usage.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { currentCampaign } from '../shared/config/campaign.ts';
import { readReport } from '../shared/domain/form/read-report.ts';
import { boundedVerdict, REPORTED_FINDINGS } from '../shared/domain/findings.ts';
import { applyRules } from '../shared/domain/rules.ts';
import { registerStackCommands } from './commands/index.ts';
import { runCommand, UsageError } from './commands/target.ts';
import { formatVerdict } from './format.ts';
import { jsonLine, terminal } from '../shared/domain/shown-text.ts';

export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('bhxh')
    .description('Daily late-payment report pipeline (BHXH Việt Nam): check, upload, follow the campaign.')
    .exitOverride()
    .showHelpAfterError();

  program.command('parse')
    .description('Check a report file as the pipeline would (offline, nothing is uploaded).')
    .argument('<file>', 'the report file (.xlsx, .xls, .ods or .csv)')
    .requiredOption('--province <code>', 'the 2-digit code of the province the file is for, e.g. 27')
    .option('--json', 'print one JSON object (machine-readable)')
    .action((file: string, options: { province: string; json?: boolean }) => runCommand(async () => {
      const campaign = currentCampaign();
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const read = await readReport(bytes, basename(file), campaign);
      // Bounded as the error report is: a file may hold thousands of findings (the last line keeps the count).
      const verdict = boundedVerdict(applyRules(read, { campaign, uploadedFor: options.province }), REPORTED_FINDINGS);
      process.stdout.write(options.json ? jsonLine(verdict) : formatVerdict(verdict, basename(file), campaign));
      process.exitCode = verdict.status === 'accepted' ? 0 : 1;
    }));

  registerStackCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; anything else Commander rejects is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return;
      if (error.code === 'bhxh.file') process.stderr.write(terminal`error: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  }
}

await main(process.argv);
