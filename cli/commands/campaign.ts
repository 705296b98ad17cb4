// `bhxh campaign check FILE`: validates a campaign file and prints its calendar (every time in the
// campaign's zone) and its provinces, so an operator sees what a deploy with it would do.
// Exit 0 when the file is usable, 2 with every problem listed (no stack trace).
import { Command } from 'commander';
import { DateTime } from 'luxon';
import { CampaignFileError, checkCampaignFile } from '../../shared/config/campaign.ts';
import type { Campaign } from '../../shared/domain/campaign.ts';
import { formatDateVi } from '../../shared/domain/format.ts';
import { lastRunDate } from '../../shared/domain/reminder/plan.ts';
import { EXIT } from './target.ts';
import { jsonLine } from '../../shared/domain/shown-text.ts';

export interface CalendarDay {
  date: string;
  /** ISO instants. */
  deadline: string;
  /** The nudge that day (before the deadline), null when the nudge is off. */
  nudge: string | null;
  /** The first deadline run that chases the date. */
  deadlineRun: string;
}

export interface CampaignCalendar {
  id: string;
  title: string;
  timeZone: string;
  provinceList: string;
  days: CalendarDay[];
  finalSnapshotTimes: string[];
  /** Kinds as the campaign starts; kindChanges as filed (a change inside the campaign applies from its date). */
  provinces: Array<{ code: string; name: string; kind: string; kindChanges: Array<{ kind: string; from: string; resolution: string }>; aliases: string[]; formerUnits: string[] }>;
}

export function campaignCalendar(campaign: Campaign): CampaignCalendar {
  const { config } = campaign;
  const at = (date: string, time: string): DateTime => {
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    return DateTime.fromISO(date, { zone: campaign.timeZone }).set({ hour, minute });
  };
  const runDays: DateTime[] = [];
  for (let d = DateTime.fromISO(config.firstReportDate); d.toISODate()! <= lastRunDate(campaign); d = d.plus({ days: 1 })) {
    runDays.push(at(d.toISODate()!, config.reminders.deadlineRun.time));
  }
  const { nudge } = config.reminders;
  return {
    id: campaign.id,
    title: config.title,
    timeZone: campaign.timeZone,
    provinceList: config.provinceList.id,
    days: campaign.reportDates.map((date) => {
      const deadline = DateTime.fromJSDate(campaign.deadline(date));
      const run = runDays.find((r) => r >= deadline);
      return {
        date,
        deadline: deadline.toUTC().toISO()!,
        nudge: nudge.enabled ? at(date, nudge.time).toUTC().toISO()! : null,
        deadlineRun: run ? run.toUTC().toISO()! : '',
      };
    }),
    finalSnapshotTimes: campaign.finalSnapshotTimes(),
    provinces: campaign.provinces.map((p) => ({
      code: p.code, name: p.name, kind: p.kind, kindChanges: p.kindChanges ?? [], aliases: p.aliases ?? [], formerUnits: (p.formerUnits ?? []).map((f) => f.name),
    })),
  };
}

function formatCalendar(c: CampaignCalendar, campaign: Campaign): string {
  const local = (iso: string): string => (iso ? DateTime.fromISO(iso).setZone(c.timeZone).toFormat('HH:mm dd/MM') : '-');
  const { reminders } = campaign.config;
  let out = `Campaign ${c.id}: ${c.title}\n`;
  out += `Times in ${c.timeZone}. Report dates ${formatDateVi(c.days[0]!.date)} to ${formatDateVi(c.days.at(-1)!.date)} (${c.days.length}).\n`;
  out += `Deadline run daily at ${reminders.deadlineRun.time}; nudge ${reminders.nudge.enabled ? `daily at ${reminders.nudge.time}` : 'off'}; `
    + `final snapshots at ${c.finalSnapshotTimes.join(', ')}.\n\n`;
  out += `${'Report date'.padEnd(12)}${'Deadline'.padEnd(14)}${'Nudge'.padEnd(14)}Chased by the deadline run\n`;
  for (const d of c.days) {
    out += `${formatDateVi(d.date).padEnd(12)}${local(d.deadline).padEnd(14)}${(d.nudge ? local(d.nudge) : '-').padEnd(14)}${local(d.deadlineRun)}\n`;
  }
  out += `\nProvinces (${c.provinces.length}, list ${c.provinceList}):\n`;
  for (const p of c.provinces) {
    const extra = [
      ...p.kindChanges.map((k) => `${k.kind === 'thanh_pho' ? 'thành phố' : 'tỉnh'} from ${formatDateVi(k.from)} (${k.resolution})`),
      ...(p.aliases.length ? [`also written ${p.aliases.join(', ')}`] : []),
      ...(p.formerUnits.length ? [`absorbed ${p.formerUnits.join(', ')}`] : []),
    ];
    out += `  ${p.code} ${p.name}${p.kind === 'thanh_pho' ? ' (thành phố)' : ''}${extra.length ? `: ${extra.join('; ')}` : ''}\n`;
  }
  return out;
}

export function campaignCommand(): Command {
  const command = new Command('campaign').description('Work with campaign files (shared/config/campaign-*.json).');
  command.command('check')
    .description('Validate a campaign file and print its calendar and provinces.')
    .argument('<file>', 'the campaign file (JSON)')
    .option('--json', 'print one JSON object')
    // checkCampaignFile never throws: every problem is data.
    .action((file: string, options: { json?: boolean }) => {
      const checked = checkCampaignFile(file);
      if ('problems' in checked) {
        if (options.json) process.stdout.write(jsonLine({ file, valid: false, problems: checked.problems }));
        // The same message every command gives for a bad campaign file.
        process.stderr.write(`error: ${new CampaignFileError(file, checked.problems).message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const calendar = campaignCalendar(checked.campaign);
      process.stdout.write(options.json
        ? jsonLine({ file, valid: true, ...calendar })
        : `${file}: valid\n${formatCalendar(calendar, checked.campaign)}`);
    });
  return command;
}
