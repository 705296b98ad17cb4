// The mails that invite a submission by mail: with a submission address, reminders, nudges, receipts
// and error mails say the file can be sent by replying with it attached (and stop saying "do not reply").
import { describe, expect, it } from 'vitest';
import { StaticContactDirectory } from '../../shared/adapters/contacts.ts';
import { exampleContacts } from '../../shared/config/example-contacts.ts';
import { uploadMessage, type UploadMessageInput } from '../../shared/domain/intake/emails.ts';
import { renderMail } from '../../shared/domain/messages/render.ts';
import { AUTOMATED } from '../../shared/domain/mail/common.ts';
import { findMissing } from '../../shared/domain/reminder/plan.ts';
import { runReminders } from '../../shared/domain/reminder/run.ts';
import { reminderMessage, type ReminderMessageInput } from '../../shared/domain/reminder/texts.ts';
import type { Verdict } from '../../shared/domain/report.ts';
import {
  at, campaign, dateRange, FakeFiles, FakeMailer, FakeReminderLog, FakeReports, FakeSubmissions, MemoryLogger,
} from '../reminder/fakes.ts';
import { MemoryMailLog } from './fakes.ts';

const uploadMail = (input: UploadMessageInput) => renderMail(uploadMessage(input));
const reminderMail = (input: ReminderMessageInput) => renderMail(reminderMessage(input));
const ADDRESS = 'nop-bao-cao@example.gov.vn';
const INVITATION = `trả lời thư này và đính kèm tệp báo cáo (hoặc gửi thư có đính kèm tệp đến ${ADDRESS})`;

describe('the invitation to reply with the file attached', () => {
  const dates = dateRange('2023-12-11', '2023-12-15');
  const [missing] = findMissing(campaign, dates, FakeReports.allExcept(campaign, dates, [['27', '2023-12-15']]).byDate);

  for (const kind of ['deadline', 'nudge'] as const) {
    it(`${kind}: said in text and HTML when a submission address is set, never otherwise`, () => {
      const invited = reminderMail({ campaign, kind, now: at('2023-12-15', '18:30'), missing: missing!, submissionAddress: ADDRESS });
      expect(invited.text).toContain(INVITATION);
      expect(invited.html).toContain(INVITATION);
      expect(invited.text).not.toContain(AUTOMATED);
      const plain = reminderMail({ campaign, kind, now: at('2023-12-15', '18:30'), missing: missing! });
      expect(plain.text).not.toContain(INVITATION);
      expect(plain.text).toContain(AUTOMATED);
    });
  }

  it('receipts and error mails', () => {
    const accepted = {
      status: 'accepted', province: '27', reportDate: '2023-12-15', values: [1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1], warnings: [], errors: [],
    } as unknown as Verdict;
    const rejected = { status: 'rejected', province: '27', reportDate: null, values: null, warnings: [], errors: [{ code: 'x', message: 'Lỗi.' }] } as unknown as Verdict;
    const base = { campaign, fileName: 'a.xlsx', receivedAt: new Date('2023-12-15T09:00:00Z'), late: false, superseded: false, submissionAddress: ADDRESS };
    for (const verdict of [accepted, rejected]) {
      const mail = uploadMail({ ...base, verdict });
      expect(mail.text).toContain(INVITATION);
      expect(mail.html).toContain(INVITATION);
      expect(uploadMail({ ...base, verdict, submissionAddress: undefined }).text).not.toContain(INVITATION);
    }
  });
});

describe('the reminder run with a submission address and the mail log', () => {
  it('reminders carry Reply-To; the digest lists the mails refused that day', async () => {
    const dates = dateRange('2023-12-11', '2023-12-15');
    const mailLog = new MemoryMailLog();
    await mailLog.record({
      key: 'mail/inbound/abc', sesMessageId: 'abc', receivedAt: '2023-12-15T09:00:00.000Z', date: '2023-12-15',
      from: 'la@example.com', subject: 'Báo cáo', status: 'refused', reason: 'sender-unknown', uploads: [], replied: false,
    });
    await mailLog.record({
      key: 'mail/inbound/ok', sesMessageId: 'ok', receivedAt: '2023-12-15T09:30:00.000Z', date: '2023-12-15',
      from: 'bhxh-01@example.gov.vn', subject: 'Báo cáo', status: 'accepted', province: '01', uploads: ['incoming/01/x.xlsx'], replied: false,
    });
    const mailer = new FakeMailer();
    await runReminders({
      campaign, reports: FakeReports.allExcept(campaign, dates, [['27', '2023-12-15']]), submissions: new FakeSubmissions(),
      contacts: new StaticContactDirectory(exampleContacts(campaign)), mailer, reminderLog: new FakeReminderLog(), files: new FakeFiles(),
      attemptId: 'a', logger: new MemoryLogger(), submissionAddress: ADDRESS, mailLog,
    }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(mailer.to('bhxh-27@example.gov.vn')[0]).toMatchObject({ replyTo: ADDRESS });
    const digest = mailer.to('ban-quan-ly-thu@example.gov.vn')[0]!;
    expect(digest.text).toContain('Thư gửi báo cáo không được nhận trong ngày 15/12/2023 (1)');
    expect(digest.text).toContain('la@example.com');
    expect(digest.text).not.toContain('bhxh-01@example.gov.vn, nhận lúc');
  });
});
