// End to end on the local stack: a clerk mails a report to the submission address over SMTP
// (nodemailer), the local SMTP server stores the raw message under mail/inbound/, mail-intake hands
// the file to the parser, and the verdict comes back in the same thread in the SES store.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../shared/adapters/clients.ts';
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';
import { RECEIVED_AT_HEADER, smtpOf } from '../../local/smtp-intake.ts';
import { startTestStack, waitFor, type StoredMail, type TestStack } from './support.ts';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.dispose(); });

const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], {
  env: { ...process.env, ...stack.env }, cwd: process.cwd(), timeout: 60_000,
});

async function send(mail: { from: string; subject: string; messageId: string; receivedAt?: string; file?: Uint8Array; fileName?: string }) {
  const transport = createTransport({ host: smtpOf(stack).host, port: smtpOf(stack).port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: mail.from, to: smtpOf(stack).submissionAddress, subject: mail.subject, messageId: mail.messageId,
      text: 'Kính gửi, đơn vị gửi báo cáo đính kèm.',
      ...(mail.receivedAt ? { headers: { [RECEIVED_AT_HEADER]: mail.receivedAt } } : {}),
      ...(mail.file ? { attachments: [{ filename: mail.fileName ?? 'Báo cáo ngày 15.xlsx', content: Buffer.from(mail.file) }] } : {}),
    });
  } finally {
    transport.close();
  }
  await stack.idle();
}

const header = (m: StoredMail & { headers?: Array<{ name: string; value: string }> }, name: string) =>
  m.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3Client(stack.env).send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe('submit by mail, on the local stack', () => {
  it('a registered contact mails a good file: the report is in bhxh status, the receipt answers the mail in its thread', async () => {
    const messageId = '<e2e-good-1@example.gov.vn>';
    await send({
      from: 'bhxh-27@example.gov.vn', subject: 'Báo cáo ngày 15/12/2023', messageId, receivedAt: '2023-12-15T16:00:00+07:00',
      file: buildReportFile(sampleSpec({ dateText: '15/12/2023' })),
    });
    expect((await keysUnder('mail/inbound/')).length).toBe(1);
    expect(await keysUnder('incoming/27/')).toEqual([expect.stringMatching(/^incoming\/27\/.+-Báo cáo ngày 15\.xlsx$/)]);

    const { stdout } = await cli(['status', '--date', '2023-12-15', '--json']);
    const status = JSON.parse(stdout) as { onTime: string[]; late: string[] };
    expect([...status.onTime, ...status.late]).toContain('27');

    const reply = await waitFor('the receipt', async () => (await stack.mailsTo('bhxh-27@example.gov.vn'))
      .find((m) => m.subject === 'Re: Báo cáo ngày 15/12/2023'));
    expect(header(reply, 'In-Reply-To')).toBe(messageId);
    expect(header(reply, 'References')).toContain(messageId);
    expect(reply.body.text).toContain('Hệ thống đã nhận báo cáo ngày 15/12/2023');
    expect((reply as unknown as { replyTo: string[] }).replyTo).toEqual([smtpOf(stack).submissionAddress]);
  });

  it('an unknown sender: no report, no reply, the message kept and listed in the digest', async () => {
    const before = (await stack.mails()).length;
    const inboundBefore = (await keysUnder('mail/inbound/')).length;
    await send({
      from: 'nguoi-la@example.com', subject: 'Báo cáo tỉnh Lạng Sơn', messageId: '<e2e-unknown-1@example.com>', receivedAt: '2023-12-15T17:00:00+07:00',
      file: buildReportFile(sampleSpec({ dateText: '15/12/2023', agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH LẠNG SƠN' })),
    });
    expect((await keysUnder('mail/inbound/')).length).toBe(inboundBefore + 1);
    expect(await keysUnder('incoming/20/')).toEqual([]);
    expect((await stack.mails()).length).toBe(before);

    await cli(['remind', '--now', '2023-12-15T18:30:00+07:00', '--json']);
    const digest = await waitFor('the digest', async () => (await stack.mailsTo('ban-quan-ly-thu@example.gov.vn'))[0]);
    expect(digest.body.text).toContain('Thư gửi báo cáo không được nhận trong ngày 15/12/2023 (1)');
    expect(digest.body.text).toContain('nguoi-la@example.com');
    expect(digest.body.text).toContain('người gửi không có trong danh bạ; không trả lời người gửi');
  });

  it('a mail to another address is refused at RCPT TO', async () => {
    const transport = createTransport({ host: smtpOf(stack).host, port: smtpOf(stack).port, secure: false, ignoreTLS: true });
    await expect(transport.sendMail({ from: 'bhxh-27@example.gov.vn', to: 'khac@example.gov.vn', subject: 'x', text: 'x' })).rejects.toThrow(/550/);
    transport.close();
  });

  it('bhxh mail FILE --province CODE sends it the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bhxh-mail-'));
    try {
      const file = join(dir, 'bao-cao-16.xlsx');
      await writeFile(file, buildReportFile(sampleSpec({ dateText: '16/12/2023' })));
      const { stdout } = await cli(['mail', file, '--province', '27', '--smtp-port', String(smtpOf(stack).port), '--json']);
      const sent = JSON.parse(stdout) as { messageId: string; from: string };
      expect(sent.from).toBe('bhxh-27@example.gov.vn');
      await stack.idle();
      const reply = await waitFor('the receipt', async () => (await stack.mailsTo('bhxh-27@example.gov.vn'))
        .find((m) => header(m, 'In-Reply-To') === sent.messageId));
      expect(reply.subject).toBe('Re: Báo cáo - bao-cao-16.xlsx');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
