import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { officeName } from '../../shared/domain/mail/common.ts';
import { escapeHtml } from '../../shared/domain/mail/html.ts';
import { buildDigest, digestMessage } from '../../shared/domain/reminder/digest.ts';
import { findMissing } from '../../shared/domain/reminder/plan.ts';
import { reminderMessage, type ReminderMessageInput } from '../../shared/domain/reminder/texts.ts';
import { renderMail } from '../../shared/domain/messages/render.ts';
import { at, campaign, dateRange, FakeReports, rejected } from './fakes.ts';

const reminderMail = (input: ReminderMessageInput) => renderMail(reminderMessage(input));
const digestMail = (...args: Parameters<typeof digestMessage>) => renderMail(digestMessage(...args));

describe('reminder mail texts', () => {
  it('names the office the way the form does', () => {
    expect(officeName(campaign.province('01')!)).toBe('Bảo hiểm xã hội thành phố Hà Nội');
    expect(officeName(campaign.province('27')!)).toBe('Bảo hiểm xã hội tỉnh Bắc Ninh');
  });

  it("names the report in the campaign's own words (its file), in the order its title uses", () => {
    const dates = ['2023-12-15'];
    const [missing] = findMissing(campaign, dates, FakeReports.allExcept(campaign, dates, [['27', '2023-12-15']]).byDate);
    const mail = reminderMail({ campaign, kind: 'deadline', now: at('2023-12-15', '18:30'), missing: missing! });
    expect(campaign.config.title).toContain('BHXH, BHYT, BHTN');
    expect(mail.text).toContain('chưa nhận được báo cáo tổng hợp tình hình đôn đốc, thu hồi số tiền chậm đóng BHXH, BHYT, BHTN của đơn vị');
    const renamed = loadCampaign({ ...campaign.config, reportName: 'báo cáo nhanh số nợ' });
    const nudge = reminderMail({ campaign: renamed, kind: 'nudge', now: at('2023-12-15', '17:00'), missing: missing! });
    expect(nudge.text).toContain('chưa nhận được báo cáo nhanh số nợ ngày 15/12/2023');
  });

  it('summarises many missing dates in the subject and lists each in the body', () => {
    const dates = dateRange('2023-12-11', '2023-12-20');
    const reports = FakeReports.allExcept(campaign, dates, dates.slice(3).map((d) => ['02', d] as [string, string]));
    const [missing] = findMissing(campaign, dates, reports.byDate);
    const mail = reminderMail({ campaign, kind: 'deadline', now: at('2023-12-20', '18:30'), missing: missing! });
    expect(mail.subject).toBe('Nhắc nộp báo cáo: chưa nhận được báo cáo của 7 ngày (từ 14/12/2023 đến 20/12/2023) - Bảo hiểm xã hội tỉnh Hà Giang');
    expect(mail.text.match(/^- Báo cáo ngày/gm)).toHaveLength(7);
    expect(mail.text).toContain('cho 7 ngày sau:');
    // How to write the date: in words a clerk reads, with the latest missing date as the example (no "dd/mm/yyyy").
    expect(mail.text).toContain('ghi đúng dòng "Ngày báo cáo: ngày/tháng/năm" (ví dụ "Ngày báo cáo: 20/12/2023").');
    expect(mail.text + mail.html).not.toContain('dd/mm/yyyy');
  });

  it('writes Vietnamese in composed (NFC) Unicode, in text and HTML, with UTF-8 declared', () => {
    const dates = dateRange('2023-12-11', '2023-12-15');
    const reports = FakeReports.allExcept(campaign, dates, [['38', '2023-12-15']]);
    const [missing] = findMissing(campaign, dates, reports.byDate);
    const mail = reminderMail({ campaign, kind: 'deadline', now: at('2023-12-15', '18:30'), missing: missing! });
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).toBe(part.normalize('NFC'));
    expect(mail.subject).toBe('Nhắc nộp báo cáo: Báo cáo ngày 15/12/2023 chưa được nhận - Bảo hiểm xã hội tỉnh Thanh Hóa');
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toContain('<html lang="vi">');
  });

  it('escapes every piece of data embedded in HTML (names, file keys, error messages)', () => {
    const hostile = loadCampaign({
      ...campaign.config,
      provinces: [{ code: '01', name: 'Hà <b>Nội</b> & "Co"', kind: 'thanh_pho' }],
      deadlineOverrides: [],
    });
    const dates = ['2023-12-15'];
    const subs = new Map([['2023-12-15', [{ ...rejected('01', '2023-12-15', '2023-12-15T10:00:00Z', '<script>alert(1)</script>'), objectKey: 'incoming/01/<img src=x>.xlsx' }]]]);
    const missing = findMissing(hostile, dates, new Map(), subs);
    const mail = reminderMail({ campaign: hostile, kind: 'deadline', now: at('2023-12-15', '18:30'), missing: missing[0]! });
    expect(mail.html).not.toMatch(/<script>|<img|<b>Nội/);
    expect(mail.html).toContain('Hà &lt;b&gt;Nội&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toContain('<script>alert(1)</script>'); // plain text is plain

    const digest = digestMail(hostile, buildDigest({
      campaign: hostile, now: at('2023-12-15', '18:30'), reportDate: '2023-12-15', reports: [],
      submissions: subs.get('2023-12-15')!, missing, reminded: [], noContact: ['01'], failed: [{ province: '01', error: '<x>' }], snapshot: null,
    }));
    expect(digest.html).not.toMatch(/<script>|<img|<b>Nội|<x>/);
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('a rejected file is named by its own name, never its storage key', () => {
  it('in the reminder and in the digest, a mailed attachment without its receipt stamp', () => {
    const mailed = { ...rejected('27', '2023-12-15', '2023-12-15T10:00:00Z'), objectKey: 'incoming/27/2023-12-15T10-00-00-000Z-BC 15-12 Bac Ninh.xlsx', origin: 'mail' as const };
    const subs = new Map([['2023-12-15', [mailed]]]);
    const missing = findMissing(campaign, ['2023-12-15'], new Map(), subs).filter((m) => m.province.code === '27');
    const reminder = reminderMail({ campaign, kind: 'deadline', now: at('2023-12-15', '18:30'), missing: missing[0]! });
    const digest = digestMail(campaign, buildDigest({
      campaign, now: at('2023-12-15', '18:30'), reportDate: '2023-12-15', reports: [], submissions: [mailed], missing, reminded: [], noContact: [], failed: [], snapshot: null,
    }));
    for (const text of [reminder.text, reminder.html, digest.text, digest.html]) {
      expect(text).toContain('tệp BC 15-12 Bac Ninh.xlsx');
      expect(text).not.toContain('2023-12-15T10-00-00-000Z');
      expect(text).not.toContain('incoming/27/BC');
    }
  });
});

describe('the digest and corrected reports', () => {
  it('counts a corrected report as its first upload was (on time) and says when it was corrected', () => {
    const report = (province: string, receivedAt: string, firstReceivedAt: string, late: boolean) => ({
      province, reportDate: '2023-12-15', values: Array(11).fill(1), receivedAt, firstReceivedAt, sequencer: '01', late,
      objectKey: `incoming/${province}/a.xlsx`, warnings: [],
    });
    const digest = buildDigest({
      campaign, now: at('2023-12-15', '19:30'), reportDate: '2023-12-15', submissions: [], missing: [], reminded: [], noContact: [], failed: [], snapshot: null,
      reports: [report('48', '2023-12-15T12:05:00.000Z', '2023-12-15T08:00:00.000Z', false), report('30', '2023-12-15T12:00:00.000Z', '2023-12-15T12:00:00.000Z', true)],
    });
    expect(digest).toMatchObject({ onTime: 1, late: 1, corrected: [{ province: '48', late: false, correctedAt: '2023-12-15T12:05:00.000Z' }] });
    expect(digestMail(campaign, digest).text).toContain('Đã gửi báo cáo sửa (1): Đà Nẵng (48) (đúng hạn, sửa lúc 19:05 ngày 15/12/2023).');
  });
});
