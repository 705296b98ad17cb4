// The seam a second channel (Zalo, SMS) plugs into: a channel renders the one message model as it needs,
// the reminder run sends on every channel a province can be reached by, each exactly once per run.
import { describe, expect, it } from 'vitest';
import { StaticContactDirectory } from '../../shared/adapters/contacts.ts';
import { exampleContacts, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import type { Channel, Outgoing } from '../../shared/domain/messages/channel.ts';
import { renderText } from '../../shared/domain/messages/render.ts';
import { isIncomplete, runReminders, type ReminderDeps } from '../../shared/domain/reminder/run.ts';
import {
  at, campaign, dateRange, FakeFiles, FakeMailer, FakeReminderLog, FakeReports, FakeSubmissions, MemoryLogger,
} from '../reminder/fakes.ts';

/** A chat channel without markup: it sends the message's plain text. */
class FakeChatChannel implements Channel {
  readonly id = 'zalo';
  readonly signsIn = false;
  readonly sent: Array<{ to: string[]; text: string; outgoing: Outgoing }> = [];
  failing = false;

  async send(to: string[], outgoing: Outgoing): Promise<{ messageId: string }> {
    if (this.failing) throw new Error('Zalo OA quota exceeded');
    this.sent.push({ to, text: renderText(outgoing.message.blocks), outgoing });
    return { messageId: `zalo-${this.sent.length}` };
  }
}

const PHONE = '+84912345678';
const dates = dateRange('2023-12-11', '2023-12-15');

function setup() {
  const zalo = new FakeChatChannel();
  const deps = {
    campaign,
    reports: FakeReports.allExcept(campaign, dates, [['04', '2023-12-15'], ['27', '2023-12-15']]),
    submissions: new FakeSubmissions(),
    contacts: new StaticContactDirectory(exampleContacts(campaign)),
    mailer: new FakeMailer(),
    reminderLog: new FakeReminderLog(),
    files: new FakeFiles(),
    attemptId: 'attempt-1',
    logger: new MemoryLogger(),
    // The portal is on: mail copies carry their own sign-in button; a chat address cannot sign in.
    portalLinks: { linkFor: async () => 'https://portal.example/dang-nhap/xac-nhan?ma=t' },
    channels: [zalo],
    recipients: { province: async (code: string) => (code === '04' ? [{ channel: 'zalo', address: PHONE }, { channel: 'sms', address: PHONE }] : []) },
  } satisfies ReminderDeps;
  return { deps, zalo };
}

describe('a second channel beside mail', () => {
  it('reminds a province on each channel it has an address on, from the same message', async () => {
    const { deps, zalo } = setup();
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(result.sent).toEqual([
      { province: '04', to: [exampleProvinceEmail('04')], dates: ['2023-12-15'] },
      { province: '04', to: [PHONE], dates: ['2023-12-15'], channel: 'zalo' },
      { province: '27', to: [exampleProvinceEmail('27')], dates: ['2023-12-15'] },
    ]);
    expect(zalo.sent).toHaveLength(1);
    const [chat] = zalo.sent;
    const [mail] = deps.mailer.to(exampleProvinceEmail('04'));
    // The same words on both channels; the chat gets no portal button (its address cannot sign in).
    expect(chat!.text).toContain('Báo cáo ngày 15/12/2023 chưa được nhận (hạn nộp 18:30 ngày 15/12/2023).');
    expect(mail!.text).toContain('Báo cáo ngày 15/12/2023 chưa được nhận (hạn nộp 18:30 ngày 15/12/2023).');
    expect(chat!.text).not.toContain('https://portal.example');
    expect(mail!.text).toContain('https://portal.example/dang-nhap/xac-nhan?ma=t');
    expect(chat!.text).not.toMatch(/<\/?(p|b|a|li|ul|ol|code)\b/); // no markup in a chat
    // A recipient on a channel the deployment does not have is named in the log, not dropped silently.
    expect(deps.logger.lines).toContainEqual({ level: 'warn', message: 'Recipients on a channel this deployment does not have: not reminded there', attributes: { province: '04', channels: ['sms'] } });
    // The digest counts the province once, whatever the channels.
    expect(result.digest).toMatchObject({ status: 'sent', reminded: [{ province: '04', to: [exampleProvinceEmail('04'), PHONE] }, { province: '27' }] });
  });

  it('a channel\'s sent-log is its own: a rerun sends on neither; a failed chat is retried alone', async () => {
    const { deps, zalo } = setup();
    zalo.failing = true;
    const first = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(first.sent.map((s) => [s.province, s.channel ?? 'mail'])).toEqual([['04', 'mail'], ['27', 'mail']]);
    expect(first.skipped).toEqual([{ province: '04', dates: ['2023-12-15'], reason: 'failed', error: 'Error: Zalo OA quota exceeded', channel: 'zalo' }]);
    expect(isIncomplete(first)).toBe(true);
    expect(first.digest?.failed).toEqual([{ province: '04', name: 'Cao Bằng', error: 'zalo: Error: Zalo OA quota exceeded' }]);

    zalo.failing = false;
    const mailsBefore = deps.mailer.sent.length;
    const retry = await runReminders({ ...deps, attemptId: 'attempt-2' }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(retry.sent).toEqual([{ province: '04', to: [PHONE], dates: ['2023-12-15'], channel: 'zalo' }]);
    expect(deps.mailer.sent.length).toBe(mailsBefore); // no reminder mailed twice, the digest not sent again
    expect(retry.skipped.map((s) => [s.province, s.reason, s.channel ?? 'mail'])).toEqual([['04', 'already-sent', 'mail'], ['27', 'already-sent', 'mail']]);
    expect(isIncomplete(retry)).toBe(false);
  });
});
