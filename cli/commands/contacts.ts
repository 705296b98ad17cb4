// `bhxh contacts import FILE`: sets the contacts of every province (and the NATIONAL, SENDER rows) named in a CSV,
// "code,email;email"; provinces not in the file keep theirs. All or nothing: a file with an error writes nothing.
import { Command } from 'commander';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { EXIT, readInputFile, runCommand, useTarget, withTargetOptions, type TargetOptions } from './target.ts';
import { jsonLine, terminal } from '../../shared/domain/shown-text.ts';

export function contactsCommand(): Command {
  const contacts = new Command('contacts').description('Who receives mail: province, national office, sender.');
  contacts.addCommand(withTargetOptions(new Command('import')
    .description('Import contacts from a CSV (one row per province: code,email;email; rows NATIONAL and SENDER too).')
    .argument('<file>', 'the CSV file'))
    .action((file: string, options: TargetOptions) => runCommand(async () => {
      const target = await useTarget(options);
      const csv = await readInputFile(file);
      const { dynamoDocumentClient } = await import('../../shared/adapters/clients.ts');
      const { importContactsCsv } = await import('../../shared/adapters/contacts.ts');
      const { changeContacts } = await import('../../shared/wiring/contact-rights.ts');
      const campaign = currentCampaign();
      // Addresses the import removes or moves lose their portal sessions and unused links at once.
      const { result, revoked } = await changeContacts(dynamoDocumentClient(), target.table, campaign, new Date(),
        () => importContactsCsv(dynamoDocumentClient(), target.table, csv, campaign));
      if (options.json) {
        process.stdout.write(jsonLine({ ...result, revoked: revoked.length }));
      } else if (!result.written) {
        process.stdout.write(terminal`Nothing imported: ${result.errors.length} problems in ${file}:\n` + result.errors.map((e) => terminal`  - ${e}\n`).join(''));
      } else {
        process.stdout.write(`Imported ${result.provinces} provinces`
          + `${result.national !== null ? `, ${result.national} national office addresses` : ''}`
          + `${result.sender ? terminal`, sender ${result.sender}` : ''}.\n`);
        if (result.withoutEmail.length) process.stdout.write(terminal`Without an address now: ${result.withoutEmail.join(', ')}\n`);
        if (revoked.length) process.stdout.write(`Portal sessions and links ended for ${revoked.length} removed or moved address(es).\n`);
      }
      if (!result.written) process.exitCode = EXIT.failed;
    })));
  return contacts;
}
