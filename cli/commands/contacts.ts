// `bhxh contacts list | export | import FILE`: who receives mail (provinces, NATIONAL, SENDER).
// import reads "code,email;email" rows, shows what would change and asks before writing (or --yes);
// provinces not in the file keep theirs, a file with an error writes nothing, and every province
// change is recorded (who, when, before → after) like a change made in the portal.
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { currentCampaign } from '../../shared/config/campaign.ts';
import type { ContactActor, ContactsDiff } from '../../shared/domain/contacts/people.ts';
import { formatInstant } from '../../shared/domain/format.ts';
import { escapeControls, jsonLine, terminal } from '../../shared/domain/shown-text.ts';
import type { ContactRegistryView } from '../../shared/ports/contacts.ts';
import { EXIT, readInputFile, runCommand, UsageError, useTarget, withTargetOptions, type TargetOptions } from './target.ts';

async function registryOf(table: string) {
  const { dynamoDocumentClient } = await import('../../shared/adapters/clients.ts');
  const { contactChangeDeps } = await import('../../shared/wiring/contacts.ts');
  return contactChangeDeps(dynamoDocumentClient(), table, currentCampaign());
}

/** The operator, as the audit names them: the OS account that ran the CLI. */
function operator(): ContactActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch { /* no passwd entry (a container): still recorded as the CLI */ }
  return { role: 'operator', address: `cli:${name}` };
}

/** The CSV `contacts import` reads back: one row per province of the campaign, then NATIONAL and SENDER. */
export function contactsCsv(view: ContactRegistryView, provinceCodes: readonly string[]): string {
  const lists = new Map(view.provinces.map((p) => [p.province, p.people.map((x) => x.email)]));
  const cell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [
    'province,emails',
    ...provinceCodes.map((code) => `${code},${cell((lists.get(code) ?? []).join(';'))}`),
    `NATIONAL,${cell(view.national.join(';'))}`,
    ...(view.sender ? [`SENDER,${cell(view.sender)}`] : []),
    '',
  ].join('\n');
}

export function formatContactsList(view: ContactRegistryView, timeZone: string, names: ReadonlyMap<string, string>): string {
  const rows: string[][] = [['Province', 'Address', 'Name', 'Role', 'Phone', 'Last change']];
  for (const p of view.provinces) {
    const last = p.changes.at(-1);
    const changed = last ? `${formatInstant(last.at, timeZone)} by ${last.by.address}` : '';
    if (p.people.length === 0) rows.push([`${p.province} ${names.get(p.province) ?? ''}`.trim(), '(none)', '', '', '', changed]);
    p.people.forEach((person, i) => rows.push([
      i === 0 ? `${p.province} ${names.get(p.province) ?? ''}`.trim() : '', person.email, person.name, person.role, person.phone ?? '', i === 0 ? changed : '',
    ]));
  }
  rows.push(['NATIONAL', view.national.join(', ') || '(none)', '', '', '', '']);
  rows.push(['SENDER', view.sender ?? '(BHXH_SENDER of the functions)', '', '', '', '']);
  // Names, roles and phones are typed by people: escaped before they are padded into columns.
  const shownRows = rows.map((r) => r.map(escapeControls));
  const widths = shownRows[0]!.map((_, c) => Math.max(...shownRows.map((r) => r[c]!.length)));
  return `${shownRows.map((r) => r.map((v, c) => v.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n')}\nTimes in ${timeZone}.\n`;
}

export function formatDiff(diff: ContactsDiff): string {
  const lines: string[] = [];
  for (const d of diff.provinces) {
    lines.push(`  ${d.province}: ${[...d.added.map((a) => `+ ${a}`), ...d.removed.map((a) => `- ${a}`)].join('  ')}`);
  }
  if (diff.national) lines.push(`  NATIONAL: ${[...diff.national.added.map((a) => `+ ${a}`), ...diff.national.removed.map((a) => `- ${a}`)].join('  ')}`);
  if (diff.sender) lines.push(`  SENDER: ${diff.sender.before ?? '(none)'} → ${diff.sender.after}`);
  return `${lines.join('\n')}\n`;
}

/** Asks on the terminal; a non-interactive run (CI, a pipe) cannot answer and must pass --yes. */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new UsageError('the import would change contacts and nobody can confirm it here (stdin is not a terminal): re-run with --yes to write it');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function contactsCommand(): Command {
  const contacts = new Command('contacts').description('Who receives mail: province, national office, sender.');

  contacts.addCommand(withTargetOptions(new Command('list')
    .description('List every province\'s addresses with their people and last change, the national office and the sender.'))
    .action((options: TargetOptions) => runCommand(async () => {
      const target = await useTarget(options);
      const view = await (await registryOf(target.table)).registry.list();
      const campaign = currentCampaign();
      if (options.json) process.stdout.write(jsonLine(view));
      else process.stdout.write(formatContactsList(view, campaign.timeZone, new Map(campaign.provinces.map((p) => [p.code, p.name]))));
    })));

  contacts.addCommand(withTargetOptions(new Command('export')
    .description('Print the contacts as the CSV `contacts import` reads (every province of the campaign, NATIONAL, SENDER).'))
    .action((options: TargetOptions) => runCommand(async () => {
      const target = await useTarget(options);
      const view = await (await registryOf(target.table)).registry.list();
      process.stdout.write(contactsCsv(view, currentCampaign().provinces.map((p) => p.code)));
    })));

  contacts.addCommand(withTargetOptions(new Command('import')
    .description('Import contacts from a CSV (one row per province: code,email;email; rows NATIONAL and SENDER too): shows the changes, then asks.')
    .argument('<file>', 'the CSV file')
    .option('-y, --yes', 'write without asking (scripts, CI)'))
    .action((file: string, options: TargetOptions & { yes?: boolean }) => runCommand(async () => {
      const target = await useTarget(options);
      const csv = await readInputFile(file);
      const campaign = currentCampaign();
      const { parseContactsCsv, saveContacts } = await import('../../shared/adapters/contacts.ts');
      const { diffContacts, isEmptyDiff } = await import('../../shared/domain/contacts/people.ts');
      const { applyImport } = await import('../../shared/domain/contacts/changes.ts');
      const { set, errors } = parseContactsCsv(csv, campaign);
      if (errors.length) {
        if (options.json) process.stdout.write(jsonLine({ written: false, errors }));
        else process.stdout.write(terminal`Nothing imported: ${errors.length} problems in ${file}:\n` + errors.map((e) => terminal`  - ${e}\n`).join(''));
        process.exitCode = EXIT.failed;
        return;
      }
      const deps = await registryOf(target.table);
      const current = await deps.registry.list();
      const diff = diffContacts({ provinces: current.provinces.map((p) => ({ province: p.province, emails: p.people.map((x) => x.email) })), national: current.national, ...(current.sender ? { sender: current.sender } : {}) }, set);
      if (isEmptyDiff(diff)) {
        process.stdout.write(options.json ? jsonLine({ written: false, diff }) : `Nothing to change: the contacts already say what ${file} says.\n`);
        return;
      }
      if (!options.json) process.stdout.write(`${file} would change:\n${formatDiff(diff)}`);
      if (!options.yes && !(await confirm('Write these changes? [y/N] '))) {
        process.stdout.write('Nothing written.\n');
        process.exitCode = EXIT.failed;
        return;
      }
      const changed = new Set(diff.provinces.map((d) => d.province));
      const { changeContacts } = await import('../../shared/wiring/contact-rights.ts');
      // Every address the import removes or moves (the national office's too) loses its portal sessions and unused links.
      const { result, revoked } = await changeContacts(deps.doc, target.table, campaign, new Date(), async () => {
        const applied = await applyImport(deps, { provinces: set.provinces.filter((p) => changed.has(p.province)) }, operator(), new Date());
        if (applied.status === 'done' && (diff.national || diff.sender)) {
          await saveContacts(deps.doc, target.table, { provinces: [], ...(diff.national ? { national: set.national ?? [] } : {}), ...(diff.sender ? { sender: set.sender! } : {}) }, campaign.config.provinceList.id);
        }
        return applied;
      });
      if (result.status === 'conflict') {
        process.stderr.write(`error: province ${result.province} changed while importing (someone edited it in the portal); ${result.entries.length} provinces were written. Run the import again to see what is left.\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      const withoutEmail = set.provinces.filter((c) => c.emails.length === 0).map((c) => c.province);
      if (options.json) {
        process.stdout.write(jsonLine({ written: true, diff, provinces: result.entries.length, withoutEmail, revoked: revoked.length }));
      } else {
        process.stdout.write(`Written: ${result.entries.length} provinces${diff.national ? ', the national office' : ''}${diff.sender ? ', the sender' : ''}.\n`);
        if (withoutEmail.length) process.stdout.write(`Without an address now: ${withoutEmail.join(', ')}\n`);
        if (revoked.length) process.stdout.write(`Portal sessions and links ended for ${revoked.length} removed or moved address(es).\n`);
      }
    })));
  return contacts;
}
