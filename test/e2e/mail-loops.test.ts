// End to end on the local stack: the mail path never turns against the people it serves. An
// auto-responder answers every mail it gets and the exchange stops after the first reply; and
// `bhxh remind` against the running stack sends the portal button and the Reply-To the functions do.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVED_AT_HEADER, smtpOf } from '../../local/smtp-intake.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { startTestStack, type StoredMail, type TestStack } from './support.ts';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.dispose(); });

type Stored = StoredMail & { headers?: Array<{ name: string; value: string }> };
const header = (m: Stored, name: string) => m.headers?.find((h) => h.name.toLowerCase() === name)?.value;

/** The instant the local SMTP server records (a test affordance): the campaign's 15/12/2023. */
const RECEIVED = { [RECEIVED_AT_HEADER]: '2023-12-15T16:00:00+07:00' };

async function smtp(mail: { from: string; subject: string; messageId: string; inReplyTo?: string; headers?: Record<string, string>; envelopeFrom?: string }) {
  const transport = createTransport({ host: smtpOf(stack).host, port: smtpOf(stack).port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: mail.from, to: smtpOf(stack).submissionAddress, subject: mail.subject, messageId: mail.messageId,
      text: 'Tôi đang nghỉ phép, sẽ trả lời khi trở lại.',
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
      headers: { ...RECEIVED, ...mail.headers },
      ...(mail.envelopeFrom !== undefined ? { envelope: { from: mail.envelopeFrom, to: [smtpOf(stack).submissionAddress] } } : {}),
    });
  } finally {
    transport.close();
  }
  await stack.idle();
}

/**
 * A mailbox whose owner is away: every mail that reaches it is answered, as an out-of-office rule
 * does (RFC 3834 headers when `marked`, none when not), for `rounds` rounds at most.
 */
async function autoResponder(address: string, marked: boolean, rounds: number): Promise<number> {
  const answered = new Set<string>();
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    const fresh = (await stack.mailsTo(address) as Stored[]).filter((m) => !answered.has(m.messageId));
    if (fresh.length === 0) break;
    for (const m of fresh) {
      answered.add(m.messageId);
      const id = header(m, 'message-id') ?? `<${m.messageId}@email.amazonses.com>`;
      await smtp({
        from: address, subject: `Trả lời tự động: ${m.subject}`, messageId: `<ooo-${marked ? 'm' : 'n'}-${round}-${sent}@example.gov.vn>`, inReplyTo: id,
        ...(marked ? { headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' } } : {}),
      });
      sent++;
    }
  }
  return sent;
}

describe('no reply loops over SMTP', () => {
  it('a clerk mails without the file; the refusal reaches an out-of-office rule; its answer is logged, never answered', async () => {
    const clerk = 'bhxh-27@example.gov.vn';
    await smtp({ from: clerk, subject: 'Báo cáo ngày 15/12/2023', messageId: '<no-file-1@example.gov.vn>' });
    const first = await stack.mailsTo(clerk) as Stored[];
    expect(first).toHaveLength(1);
    expect(header(first[0]!, 'auto-submitted')).toBe('auto-replied');
    expect(header(first[0]!, 'x-auto-response-suppress')).toBe('All');

    const responses = await autoResponder(clerk, true, 6);
    expect(responses).toBe(1); // it answered our one reply, and nothing came back to answer
    expect(await stack.mailsTo(clerk)).toHaveLength(1);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', 'remind', '--now', '2023-12-15T18:30:00+07:00', '--json'], {
      env: { ...process.env, ...stack.env }, cwd: process.cwd(), timeout: 120_000,
    });
    expect((JSON.parse(stdout) as { digest?: { status: string } }).digest?.status).toBeDefined();
    const digest = (await stack.mails()).find((m) => (m.body.text ?? '').includes('Thư gửi báo cáo không được nhận'));
    const lines = (digest?.body.text ?? '').split('\n').filter((l) => l.includes('bhxh-27@example.gov.vn'));
    expect(lines.some((l) => l.includes('thư tự động') && l.includes('không trả lời người gửi'))).toBe(true);
  }, 180_000);

  it('a responder that does not mark its answers: answered until the day\'s budget is spent, then silence', async () => {
    const clerk = 'bhxh-01@example.gov.vn';
    await smtp({ from: clerk, subject: 'Báo cáo', messageId: '<no-file-2@example.gov.vn>' });
    const budget = currentCampaign().config.mailIntake.repliesPerAddressPerDay;
    await autoResponder(clerk, false, budget + 3);
    const replies = (await stack.mailsTo(clerk)).filter((m) => m.subject.startsWith('Re:'));
    expect(replies).toHaveLength(budget);
  }, 180_000);

  it('a bounce (MAIL FROM:<>, from MAILER-DAEMON) is never answered', async () => {
    const before = (await stack.mails()).length;
    await smtp({ from: 'MAILER-DAEMON@mx.example.gov.vn', subject: 'Undelivered Mail Returned to Sender', messageId: '<bounce-e2e@mx>', envelopeFrom: '' });
    expect((await stack.mails()).length).toBe(before);
  });
});

describe('one configuration for mail links', () => {
  it('bhxh remind against the running stack: the portal button and Reply-To, never s3:// or a command', async () => {
    expect(stack.env.BHXH_PORTAL_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.env.BHXH_SUBMISSION_ADDRESS).toBe(smtpOf(stack).submissionAddress);
    await run(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', 'remind', '--now', '2023-12-18T18:30:00+07:00', '--json'], {
      env: { ...process.env, ...stack.env }, cwd: process.cwd(), timeout: 120_000,
    });
    const reminders = (await stack.mails()).filter((m) => m.subject.startsWith('Nhắc nộp báo cáo'));
    expect(reminders.length).toBeGreaterThan(0);
    for (const m of reminders as Array<Stored & { replyTo?: string[] }>) {
      expect(m.body.text).toContain(`${stack.env.BHXH_PORTAL_URL}/dang-nhap/xac-nhan?ma=`);
      expect(m.replyTo).toEqual([stack.env.BHXH_SUBMISSION_ADDRESS]);
      expect(m.body.text).not.toMatch(/s3:\/\/|bhxh parse/);
      expect(m.body.html ?? '').not.toMatch(/s3:\/\/|bhxh parse/);
    }
  }, 180_000);
});
