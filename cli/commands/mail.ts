// `bhxh mail FILE --province CODE`: mails a report to the submission address as the province's clerk
// would (nodemailer over SMTP; the local stack's server by default), so the verdict comes back as a
// reply in the same thread on the mail page.
import { basename } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { LOCAL_DEFAULTS } from '../../shared/local-stack/defaults.ts';
import { exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { provinceCodeOption, readInputFile, runCommand } from './target.ts';
import { jsonLine, terminal } from '../../shared/domain/shown-text.ts';

interface MailOptions {
  province: string;
  from?: string;
  to: string;
  subject?: string;
  inReplyTo?: string;
  smtpHost: string;
  smtpPort: number;
  json?: boolean;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

export function mailCommand(): Command {
  return new Command('mail')
    .description('Mail a report file to the submission address, as a province\'s clerk would (SMTP).')
    .argument('<file>', 'the report file (.xlsx, .xls, .ods or .csv)')
    .requiredOption('--province <code>', 'the 2-digit code of the province sending, e.g. 27')
    .option('--from <address>', 'the sender (default: the example contact bhxh-<code>@example.gov.vn)')
    .option('--to <address>', 'the submission address', process.env.BHXH_SUBMISSION_ADDRESS || LOCAL_DEFAULTS.submissionAddress)
    .option('--subject <text>', 'the subject (default: "Báo cáo - <file name>")')
    .option('--in-reply-to <message-id>', 'answer this mail (e.g. the reminder\'s Message-ID)')
    .option('--smtp-host <host>', 'the SMTP server', LOCAL_DEFAULTS.host)
    .option('--smtp-port <port>', 'its port', port, LOCAL_DEFAULTS.smtpPort)
    .option('--json', 'print one JSON object (machine-readable)')
    .action((file: string, options: MailOptions) => runCommand(async () => {
      const code = await provinceCodeOption(options.province);
      const content = await readInputFile(file);
      const { createTransport } = await import('nodemailer');
      const transport = createTransport({ host: options.smtpHost, port: options.smtpPort, secure: false, ignoreTLS: true });
      const from = options.from ?? exampleProvinceEmail(code);
      const sent = await transport.sendMail({
        from,
        to: options.to,
        subject: options.subject ?? `Báo cáo - ${basename(file)}`,
        text: 'Đơn vị gửi báo cáo đính kèm.',
        ...(options.inReplyTo ? { inReplyTo: options.inReplyTo, references: [options.inReplyTo] } : {}),
        attachments: [{ filename: basename(file), content }],
      });
      transport.close();
      if (options.json) process.stdout.write(jsonLine({ messageId: sent.messageId, from, to: options.to, response: sent.response }));
      else process.stdout.write(terminal`Sent ${file} from ${from} to ${options.to} (${sent.messageId}). The reply comes back to ${from}.\n`);
    }));
}
