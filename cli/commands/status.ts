// `bhxh status [--date YYYY-MM-DD]`: who has an accepted report for the date (on time or late), who is
// missing, the rejected attempts with their errors, and the failures parked in the dead-letter list.
import { Command } from 'commander';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { buildStatus, defaultDate, formatStatus } from '../../shared/day-status.ts';
import { readDeadLetters } from '../../shared/local-stack/dead-letters.ts';
import { UsageError, isoDateOption, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';

export function statusCommand(): Command {
  return withTargetOptions(new Command('status')
    .description('Who has reported for a date (on time, late), who is missing, rejected uploads, parked failures.')
    .option('--date <YYYY-MM-DD>', 'the report date (default: today if in the campaign, else the newest date with uploads)'))
    .action((options: TargetOptions & { date?: string }) => runCommand(async () => {
      const target = await useTarget(options);
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
