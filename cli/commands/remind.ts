// `bhxh remind --now ISO-8601`: runs the reminder use case as the 18:30 schedule would at that
// instant (same wiring as the reminder Lambda), against the target stack. Safe to repeat: a province
// already reminded by this run is not mailed again.
import { Command, Option } from 'commander';
import { parseInstant } from '../../shared/events/schedule.ts';
import { REMINDER_KINDS, type ReminderKind } from '../../shared/domain/reminder/plan.ts';
import type { ReminderRunResult } from '../../shared/domain/reminder/run.ts';
import { EXIT, UsageError, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';
import { jsonLine } from '../../shared/domain/shown-text.ts';

function formatRun(result: ReminderRunResult): string {
  if (result.idle) return `${result.idle.message.charAt(0).toUpperCase()}${result.idle.message.slice(1)}.\n`;
  let out = `Reminders sent: ${result.sent.length}\n`;
  for (const s of result.sent) out += `  ${s.province} → ${s.to.join(', ')} (dates ${s.dates.join(', ')})\n`;
  if (result.skipped.length) {
    out += `Skipped: ${result.skipped.length}\n`;
    for (const s of result.skipped) out += `  ${s.province}: ${s.reason}${s.error ? ` (${s.error})` : ''}\n`;
  }
  const d = result.digest;
  out += d
    ? `Digest for ${d.reportDate}: ${d.status}${d.to.length ? ` → ${d.to.join(', ')}` : ''}; reported ${d.reported}/${d.provinces} (late ${d.late}), missing ${d.missing.length}\n`
    : 'No digest (not a deadline run, or no report date due).\n';
  return out;
}

export function remindCommand(): Command {
  return withTargetOptions(new Command('remind')
    .description('Run the deadline reminder now, as the schedule would at the given instant.')
    .requiredOption('--now <iso>', 'the run\'s instant, ISO-8601 with a zone, e.g. YYYY-MM-DDT18:30:00+07:00')
    .addOption(new Option('--kind <kind>', 'which run').choices(REMINDER_KINDS).default('deadline')))
    .action((options: TargetOptions & { now: string; kind: ReminderKind }) => runCommand(async () => {
      await useTarget(options);
      // A clerk is sent to the portal, never to a bucket or a command line.
      if (!process.env.BHXH_PORTAL_URL) throw new UsageError('no portal URL for the mails\' button: use --stack <name>, or set BHXH_PORTAL_URL (the stack\'s PortalUrl output)');
      let now: Date;
      try {
        now = parseInstant(options.now);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const { remindFromEnv } = await import('../../shared/wiring/reminder.ts');
      const { isIncomplete } = await import('../../shared/domain/reminder/run.ts');
      const result = await remindFromEnv(process.env, { now, kind: options.kind });
      process.stdout.write(options.json ? jsonLine(result) : formatRun(result));
      if (isIncomplete(result)) process.exitCode = EXIT.failed;
    }));
}
