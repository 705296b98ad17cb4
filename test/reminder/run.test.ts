import { describe, expect, it } from 'vitest';
import { StaticContactDirectory } from '../../shared/adapters/contacts.ts';
import { exampleContacts, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import type { Campaign } from '../../shared/domain/campaign.ts';
import { isIncomplete, runReminders, type ReminderDeps } from '../../shared/domain/reminder/run.ts';
import { snapshotKey } from '../../shared/domain/snapshot/keys.ts';
import {
  at, campaign, campaignWithNudge, dateRange, FakeFiles, FakeMailer, FakeReminderLog, FakeReports, FakeSubmissions,
  MemoryLogger, rejected, report,
} from './fakes.ts';

const NATIONAL = 'ban-quan-ly-thu@example.gov.vn';

function setup(options: { campaign?: Campaign; reports?: FakeReports; attemptId?: string } = {}) {
  const c = options.campaign ?? campaign;
  const contacts = exampleContacts(c);
  const deps = {
    campaign: c,
    reports: options.reports ?? new FakeReports(),
    submissions: new FakeSubmissions(),
    contacts: new StaticContactDirectory(contacts),
    mailer: new FakeMailer(),
    reminderLog: new FakeReminderLog(),
    files: new FakeFiles(),
    attemptId: options.attemptId ?? 'attempt-1',
    logger: new MemoryLogger(),
  } satisfies ReminderDeps;
  return { deps, contacts };
}

const mailsTo = (deps: { mailer: FakeMailer }, code: string) => deps.mailer.to(exampleProvinceEmail(code));

describe('runReminders: who is reminded', () => {
  it('on a normal day reminds each missing province once, listing every missing date with its deadline', async () => {
    const dates = dateRange('2023-12-11', '2023-12-15');
    const reports = FakeReports.allExcept(campaign, dates, [
      ['02', '2023-12-15'], ['04', '2023-12-13'], ['04', '2023-12-14'], ['04', '2023-12-15'], ['27', '2023-12-11'],
    ]);
    const { deps } = setup({ reports });
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });

    expect(result.sent).toEqual([
      { province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] },
      { province: '04', to: ['bhxh-04@example.gov.vn'], dates: ['2023-12-13', '2023-12-14', '2023-12-15'] },
      { province: '27', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-11'] },
    ]);
    expect(result.skipped).toEqual([]);
    // One Query per due date, each date once.
    expect([...deps.reports.queried].sort()).toEqual(dates);
    // 3 reminders + 1 digest.
    expect(deps.mailer.sent).toHaveLength(4);

    const [mail04] = mailsTo(deps, '04');
    expect(mailsTo(deps, '04')).toHaveLength(1);
    expect(mail04!.subject).toBe('Nhắc nộp báo cáo: chưa nhận được báo cáo các ngày 13/12/2023, 14/12/2023, 15/12/2023 - Bảo hiểm xã hội tỉnh Cao Bằng');
    for (const d of ['13', '14', '15']) {
      expect(mail04!.text).toContain(`Báo cáo ngày ${d}/12/2023 chưa được nhận (hạn nộp 18:30 ngày ${d}/12/2023).`);
      expect(mail04!.html).toContain(`Báo cáo ngày ${d}/12/2023 chưa được nhận (hạn nộp 18:30 ngày ${d}/12/2023).`);
    }
    expect(mail04!.text).toContain('incoming/04/<tên tệp>');
    expect(mail04!.html).toContain('incoming/04/&lt;tên tệp&gt;');
    expect(mail04!.text).toContain('bhxh parse <tên tệp> --province 04');
    expect(mail04!.html).toContain('<code>bhxh parse &lt;tên tệp&gt; --province 04</code>');
    expect(mail04!.text).toContain('Kính gửi: Bảo hiểm xã hội tỉnh Cao Bằng');

    const [mail27] = mailsTo(deps, '27');
    expect(mail27!.subject).toBe('Nhắc nộp báo cáo: Báo cáo ngày 11/12/2023 chưa được nhận - Bảo hiểm xã hội tỉnh Bắc Ninh');
    expect(mail27!.text).toContain('(hạn nộp 08:30 ngày 12/12/2023)');

    expect(result.digest).toMatchObject({
      status: 'sent', to: [NATIONAL], reportDate: '2023-12-15', provinces: 63, reported: 61, onTime: 61, late: 0,
      missing: [{ province: '02', name: 'Hà Giang' }, { province: '04', name: 'Cao Bằng' }],
      earlierMissing: [{ province: '04', name: 'Cao Bằng', dates: ['2023-12-13', '2023-12-14'] }, { province: '27', name: 'Bắc Ninh', dates: ['2023-12-11'] }],
      noContact: [], failed: [], snapshot: null,
    });
    expect(isIncomplete(result)).toBe(false);
  });

  it('treats the first date\'s 08:30 next-morning deadline by the same rule', async () => {
    const reports = new FakeReports();
    for (const p of campaign.provinces.filter((p) => p.code !== '01')) reports.add(report(p.code, '2023-12-11'));
    // Evening of the 11th: nothing is due yet.
    let { deps } = setup({ reports });
    let result = await runReminders(deps, { now: at('2023-12-11', '18:30'), kind: 'deadline' });
    expect(result).toMatchObject({ sent: [], skipped: [], digest: null, idle: { status: 'nothing-due' } });
    expect(deps.reports.queried).toEqual([]);
    expect(deps.logger.lines.map((l) => l.message)).toContain('No report date is due at this time: nothing to do');
    // Evening of the 12th: the 11th (due 08:30) and the 12th (due 18:30).
    ({ deps } = setup({ reports }));
    result = await runReminders(deps, { now: at('2023-12-12', '18:30'), kind: 'deadline' });
    expect(result.sent.find((s) => s.province === '01')).toEqual({ province: '01', to: ['bhxh-01@example.gov.vn'], dates: ['2023-12-11', '2023-12-12'] });
    expect(result.sent).toHaveLength(63);
    const text = mailsTo(deps, '01')[0]!.text;
    expect(text).toContain('Báo cáo ngày 11/12/2023 chưa được nhận (hạn nộp 08:30 ngày 12/12/2023).');
    expect(text).toContain('Báo cáo ngày 12/12/2023 chưa được nhận (hạn nộp 18:30 ngày 12/12/2023).');
    expect(mailsTo(deps, '01')[0]!.subject).toContain('Bảo hiểm xã hội thành phố Hà Nội');
  });

  it('on the last campaign day lists every date still missing; the day after does nothing', async () => {
    const reports = FakeReports.allExcept(campaign, campaign.reportDates, [['96', '2023-12-31'], ['96', '2023-12-20'], ['01', '2023-12-11']]);
    const { deps } = setup({ reports });
    const result = await runReminders(deps, { now: at('2023-12-31', '18:30'), kind: 'deadline' });
    expect(result.sent).toEqual([
      { province: '01', to: ['bhxh-01@example.gov.vn'], dates: ['2023-12-11'] },
      { province: '96', to: ['bhxh-96@example.gov.vn'], dates: ['2023-12-20', '2023-12-31'] },
    ]);
    expect(deps.reports.queried).toHaveLength(21);
    expect(result.digest).toMatchObject({ reportDate: '2023-12-31', missing: [{ province: '96' }] });

    const after = setup({ reports });
    const next = await runReminders(after.deps, { now: at('2024-01-01', '18:30'), kind: 'deadline' });
    expect(next).toMatchObject({ sent: [], skipped: [], digest: null, idle: { status: 'outside-campaign' } });
    expect(after.deps.mailer.sent).toEqual([]);
  });

  it('outside the campaign does nothing, queries nothing, and says so in the log', async () => {
    const { deps } = setup();
    const result = await runReminders(deps, { now: at('2023-12-10', '18:30'), kind: 'deadline' });
    expect(result).toMatchObject({ sent: [], skipped: [], digest: null, idle: { status: 'outside-campaign' } });
    expect(deps.reports.queried).toEqual([]);
    expect(deps.mailer.sent).toEqual([]);
    expect(deps.logger.lines).toEqual([expect.objectContaining({ level: 'info', message: 'Outside the campaign: nothing to do', attributes: expect.objectContaining({ runDate: '2023-12-10', status: 'outside-campaign' }) as unknown })]);
  });

  it('a province that uploaded a rejected file only is still missing; the mail and digest say so', async () => {
    const dates = dateRange('2023-12-11', '2023-12-15');
    const reports = FakeReports.allExcept(campaign, dates, [['27', '2023-12-15'], ['01', '2023-12-15']]);
    reports.add(report('01', '2023-12-15', false)); // 01: rejected first, then accepted
    const { deps } = setup({ reports });
    deps.submissions.records.push(
      rejected('27', '2023-12-15', '2023-12-15T10:02:00.000Z', 'Ô <C11> (cột 3) không được lớn hơn cột 1 & "cột 2"'),
      rejected('01', '2023-12-15', '2023-12-15T08:00:00.000Z'),
    );
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(result.sent).toEqual([{ province: '27', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'] }]);
    const mail = mailsTo(deps, '27')[0]!;
    expect(mail.text).toContain('Báo cáo ngày 15/12/2023 chưa được nhận');
    expect(mail.text).toContain('Hệ thống đã nhận 1 tệp cho ngày này nhưng tệp bị từ chối do có lỗi (lần gần nhất lúc 17:02 ngày 15/12/2023, tệp bao-cao-sai.xlsx: 2 lỗi).');
    // Data embedded in HTML is escaped.
    expect(mail.html).toContain('Ô &lt;C11&gt; (cột 3) không được lớn hơn cột 1 &amp; &quot;cột 2&quot;');
    expect(mail.html).not.toContain('<C11>');
    expect(result.digest!.rejected).toEqual([
      expect.objectContaining({ province: '01', resolved: true, errors: 2 }),
      expect.objectContaining({ province: '27', name: 'Bắc Ninh', resolved: false, errors: 2, receivedAt: '2023-12-15T10:02:00.000Z' }),
    ]);
    expect(deps.submissions.queried).toEqual(['2023-12-15']);
  });

  it('a province without a contact address is reported in the digest and the log, not skipped silently', async () => {
    const reports = FakeReports.allExcept(campaign, dateRange('2023-12-11', '2023-12-15'), [['02', '2023-12-15'], ['04', '2023-12-15']]);
    const { deps, contacts } = setup({ reports });
    deps.contacts = new StaticContactDirectory({ ...contacts, provinces: contacts.provinces.filter((c) => c.province !== '02') });
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(result.sent.map((s) => s.province)).toEqual(['04']);
    expect(result.skipped).toEqual([{ province: '02', dates: ['2023-12-15'], reason: 'no-contact' }]);
    expect(result.digest!.noContact).toEqual([{ province: '02', name: 'Hà Giang' }]);
    const digest = deps.mailer.to(NATIONAL)[0]!;
    expect(digest.text).toContain('Không gửi được thư nhắc vì chưa có địa chỉ thư điện tử (1), đề nghị cập nhật danh bạ:');
    expect(digest.text).toContain('Hà Giang (02)');
    expect(deps.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', attributes: { province: '02', dates: ['2023-12-15'] } }));
  });
});

describe('runReminders: exactly once', () => {
  const dates = dateRange('2023-12-11', '2023-12-15');
  const missing: Array<[string, string]> = [['02', '2023-12-15'], ['04', '2023-12-15'], ['06', '2023-12-15']];

  it('a re-run of the same scheduled day and kind sends nothing twice', async () => {
    const reports = FakeReports.allExcept(campaign, dates, missing);
    const { deps } = setup({ reports });
    const first = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(first.sent).toHaveLength(3);
    const again = await runReminders({ ...deps, attemptId: 'attempt-2' }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(again.sent).toEqual([]);
    expect(again.skipped.map((s) => [s.province, s.reason])).toEqual([['02', 'already-sent'], ['04', 'already-sent'], ['06', 'already-sent']]);
    expect(again.digest).toMatchObject({ status: 'already-sent' });
    expect(deps.mailer.sent).toHaveLength(4);
    // A later instant of the same local day is the same run.
    const later = await runReminders({ ...deps, attemptId: 'attempt-3' }, { now: at('2023-12-15', '21:00'), kind: 'deadline' });
    expect(later.sent).toEqual([]);
  });

  it('a run that failed half-way sends only the rest when retried', async () => {
    const reports = FakeReports.allExcept(campaign, dates, missing);
    const { deps } = setup({ reports });
    deps.mailer.failFor.add('bhxh-04@example.gov.vn');
    const first = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(first.sent.map((s) => s.province)).toEqual(['02', '06']);
    expect(first.skipped).toEqual([expect.objectContaining({ province: '04', reason: 'failed', error: 'Throttling: Maximum sending rate exceeded.' })]);
    expect(isIncomplete(first)).toBe(true);
    expect(first.digest).toMatchObject({ status: 'sent', failed: [{ province: '04', name: 'Cao Bằng', error: 'Throttling: Maximum sending rate exceeded.' }] });

    deps.mailer.failFor.clear();
    const retry = await runReminders({ ...deps, attemptId: 'attempt-2' }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(retry.sent).toEqual([{ province: '04', to: ['bhxh-04@example.gov.vn'], dates: ['2023-12-15'] }]);
    expect(isIncomplete(retry)).toBe(false);
    expect(retry.digest).toMatchObject({ status: 'already-sent' });
    for (const code of ['02', '04', '06']) expect(mailsTo(deps, code)).toHaveLength(1);
    expect(deps.mailer.to(NATIONAL)).toHaveLength(1);
  });

  it('a claim left by a crashed attempt blocks the retry only until its lease expires', async () => {
    const reports = FakeReports.allExcept(campaign, dates, missing);
    const { deps } = setup({ reports });
    // The crashed attempt had claimed 04 and died before sending.
    await deps.reminderLog.claim({ runDate: '2023-12-15', kind: 'deadline', target: '04', channel: 'mail' }, 'crashed');
    const retry = await runReminders({ ...deps, attemptId: 'attempt-2' }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(retry.sent.map((s) => s.province)).toEqual(['02', '06']);
    expect(retry.skipped).toEqual([{ province: '04', dates: ['2023-12-15'], reason: 'in-progress' }]);
    expect(isIncomplete(retry)).toBe(true);

    deps.reminderLog.now += deps.reminderLog.leaseMs + 1;
    const later = await runReminders({ ...deps, attemptId: 'attempt-3' }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(later.sent.map((s) => s.province)).toEqual(['04']);
    for (const code of ['02', '04', '06']) expect(mailsTo(deps, code)).toHaveLength(1);
  });

  it('the next day\'s run lists again every date still missing', async () => {
    const reports = FakeReports.allExcept(campaign, dateRange('2023-12-11', '2023-12-16'), [['02', '2023-12-15'], ['02', '2023-12-16']]);
    const { deps } = setup({ reports });
    await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    const next = await runReminders({ ...deps, attemptId: 'attempt-2' }, { now: at('2023-12-16', '18:30'), kind: 'deadline' });
    expect(next.sent).toEqual([{ province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15', '2023-12-16'] }]);
    expect(mailsTo(deps, '02')).toHaveLength(2);
    expect(deps.mailer.to(NATIONAL)).toHaveLength(2);
  });

  it('the nudge and the deadline run are separate runs of the same day', async () => {
    const c = campaignWithNudge();
    const reports = FakeReports.allExcept(c, dateRange('2023-12-11', '2023-12-15'), [['02', '2023-12-15'], ['04', '2023-12-14']]);
    const { deps } = setup({ campaign: c, reports });
    const nudge = await runReminders(deps, { now: at('2023-12-15', '16:30'), kind: 'nudge' });
    // Today only, and no digest.
    expect(nudge).toEqual({ sent: [{ province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] }], skipped: [], digest: null });
    expect(deps.reports.queried).toEqual(['2023-12-15']);
    const mail = mailsTo(deps, '02')[0]!;
    expect(mail.subject).toBe('Nhắc nộp báo cáo: Báo cáo ngày 15/12/2023 chưa được nhận (hạn nộp 18:30 ngày 15/12/2023) - Bảo hiểm xã hội tỉnh Hà Giang');
    expect(mail.text).toContain('Đến 16:30 ngày 15/12/2023, hệ thống chưa nhận được');
    expect(mail.text).toContain('Hạn nộp: 18:30 ngày 15/12/2023.');
    const deadline = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(deadline.sent.map((s) => s.province)).toEqual(['02', '04']);
  });

  it('the nudge does nothing when the campaign switches it off', async () => {
    const { deps } = setup({ reports: FakeReports.allExcept(campaign, ['2023-12-15'], [['02', '2023-12-15']]) });
    expect(await runReminders(deps, { now: at('2023-12-15', '16:30'), kind: 'nudge' })).toEqual({
      sent: [], skipped: [], digest: null, disabled: true,
      idle: { status: 'disabled', message: `nudge is disabled for campaign ${campaign.id}: nothing sent` },
    });
    expect(deps.logger.lines[0]!.message).toBe('Nudge reminders are disabled for this campaign: nothing to do');
  });
});

describe('runReminders: the digest', () => {
  const dates = dateRange('2023-12-11', '2023-12-15');

  it('counts on-time and late reports, names the missing, and attaches the day\'s snapshot', async () => {
    const reports = FakeReports.allExcept(campaign, dates, [['02', '2023-12-15'], ['79', '2023-12-15']]);
    reports.add(report('01', '2023-12-15', true));
    reports.add(report('04', '2023-12-15', true));
    const { deps } = setup({ reports });
    const xlsx = new Uint8Array([0x50, 0x4b, 3, 4]);
    deps.files.objects.set(snapshotKey(campaign.id, '2023-12-15', 'xlsx'), xlsx);
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(result.digest).toMatchObject({
      status: 'sent', reported: 61, onTime: 59, late: 2, snapshot: 'tong-hop-toan-quoc-2023-12-15.xlsx',
      missing: [{ province: '02', name: 'Hà Giang' }, { province: '79', name: 'Hồ Chí Minh' }],
      reminded: [{ province: '02', to: ['bhxh-02@example.gov.vn'], dates: ['2023-12-15'] }, { province: '79', to: ['bhxh-79@example.gov.vn'], dates: ['2023-12-15'] }],
    });
    const mail = deps.mailer.to(NATIONAL)[0]!;
    expect(mail.subject).toBe('Tổng hợp nộp báo cáo ngày 15/12/2023: 61/63 tỉnh, thành phố đã nộp, 2 chưa nộp');
    expect(mail.text).toContain('Đã nộp: 61/63 tỉnh, thành phố (đúng hạn: 59; nộp muộn: 2).');
    expect(mail.text).toContain('Các tỉnh, thành phố chưa nộp báo cáo ngày 15/12/2023 (2):\n  1. Hà Giang (02)\n  2. Hồ Chí Minh (79)');
    expect(mail.html).toContain('<li>Hồ Chí Minh (79)</li>');
    expect(mail.attachments).toEqual([{ filename: 'tong-hop-toan-quoc-2023-12-15.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: xlsx }]);
    expect(deps.files.reads).toEqual(['summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.xlsx']);
  });

  it('says the snapshot is not available yet when it is not in the bucket', async () => {
    const { deps } = setup({ reports: FakeReports.allExcept(campaign, dates, []) });
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(result.sent).toEqual([]);
    expect(result.digest).toMatchObject({ status: 'sent', reported: 63, missing: [], snapshot: null });
    const mail = deps.mailer.to(NATIONAL)[0]!;
    expect(mail.text).toContain('Tất cả các tỉnh, thành phố đã nộp báo cáo ngày 15/12/2023.');
    expect(mail.text).toContain('Bảng tổng hợp số liệu ngày 15/12/2023 chưa có tại thời điểm gửi thư này');
    expect(mail.attachments).toBeUndefined();
  });

  it('without a national address, the digest is reported as not sent', async () => {
    const { deps, contacts } = setup({ reports: FakeReports.allExcept(campaign, dates, []) });
    deps.contacts = new StaticContactDirectory({ ...contacts, national: [] });
    const result = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(result.digest).toMatchObject({ status: 'no-recipient', to: [] });
    expect(deps.mailer.sent).toEqual([]);
    expect(deps.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'No national office address on file: digest not sent' }));
  });

  it('a failed digest is released and sent by the retry', async () => {
    const { deps } = setup({ reports: FakeReports.allExcept(campaign, dates, [['02', '2023-12-15']]) });
    deps.mailer.failFor.add(NATIONAL);
    const first = await runReminders(deps, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(first.digest).toMatchObject({ status: 'failed' });
    expect(isIncomplete(first)).toBe(true);
    deps.mailer.failFor.clear();
    const retry = await runReminders({ ...deps, attemptId: 'attempt-2' }, { now: at('2023-12-15', '18:30'), kind: 'deadline' });
    expect(retry.digest).toMatchObject({ status: 'sent', reminded: [{ province: '02' }] });
    expect(deps.mailer.to(NATIONAL)).toHaveLength(1);
    expect(mailsTo(deps, '02')).toHaveLength(1);
  });
});
