// The stack-facing commands of `bhxh` (the local stack by default; see target.ts).
import type { Command } from 'commander';
import { campaignCommand } from './campaign.ts';
import { contactsCommand } from './contacts.ts';
import { mailCommand } from './mail.ts';
import { remindCommand } from './remind.ts';
import { statusCommand } from './status.ts';
import { summaryCommand } from './summary.ts';
import { uploadCommand } from './upload.ts';

export function registerStackCommands(program: Command): void {
  for (const command of [uploadCommand(), statusCommand(), remindCommand(), summaryCommand(), contactsCommand(), campaignCommand(), mailCommand()]) {
    inherit(command, program);
    program.addCommand(command);
  }
}

/** Commands made with `new Command` do not inherit the program's settings (exitOverride, help after error). */
function inherit(command: Command, parent: Command): void {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inherit(sub, command);
}
