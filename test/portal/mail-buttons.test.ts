// Every mail carries the portal's button (a single-use link for its recipient) instead of the S3 and
// CLI instructions, which shrink to a small note for IT staff; the links are minted at sending time.
import { describe, expect, it } from 'vitest';
import { uploadMessage, type UploadMessageInput } from '../../shared/domain/intake/emails.ts';
import { renderMail } from '../../shared/domain/messages/render.ts';
import { hashSecret, portalLinkIssuer } from '../../shared/domain/portal/auth.ts';
import { mailChannel } from '../../shared/domain/messages/channel.ts';
import { mailPortalLink, sendWithPortalButton, SUBMIT_BUTTON_LABEL } from '../../shared/domain/mail/portal-button.ts';
import { paragraph } from '../../shared/domain/messages/model.ts';
import type { MailMessage } from '../../shared/ports/index.ts';
import { findMissing } from '../../shared/domain/reminder/plan.ts';
import { reminderMessage, type ReminderMessageInput } from '../../shared/domain/reminder/texts.ts';
import { at, campaign, dateRange, FakeReports } from '../reminder/fakes.ts';
import { MemoryPortalStore } from './memory-store.ts';

const uploadMail = (input: UploadMessageInput) => renderMail(uploadMessage(input));
const reminderMail = (input: ReminderMessageInput) => renderMail(reminderMessage(input));
const link = { url: 'https://portal.example/dang-nhap/xac-nhan?ma=abc', label: SUBMIT_BUTTON_LABEL };

describe('the portal button in the mails', () => {
  it('the reminder offers the button, not the S3 path and the CLI; the folder stays as a note', () => {
    const dates = dateRange('2023-12-11', '2023-12-15');
    const [missing] = findMissing(campaign, dates, FakeReports.allExcept(campaign, dates, [['27', '2023-12-15']]).byDate);
    const mail = reminderMail({ campaign, kind: 'deadline', now: at('2023-12-15', '18:30'), missing: missing!, uploadBucket: 'bhxh-reports', portalLink: link });
    expect(mail.html).toContain(`href="${link.url.replace(/&/g, '&amp;')}"`);
    expect(mail.html).toContain(SUBMIT_BUTTON_LABEL);
    expect(mail.text).toContain(`${SUBMIT_BUTTON_LABEL}: ${link.url}`);
    expect(mail.text).not.toContain('bhxh parse');
    expect(mail.text).toContain('cán bộ CNTT');
    expect(mail.text).toContain('s3://bhxh-reports/incoming/27/');
    const without = reminderMail({ campaign, kind: 'deadline', now: at('2023-12-15', '18:30'), missing: missing! });
    expect(without.text).toContain('bhxh parse');
  });

  it('the error mail sends the clerk back to the portal; the receipt carries the button too', () => {
    const base = { campaign, fileName: 'bc.xlsx', receivedAt: new Date('2023-12-15T03:00:00Z'), late: false, superseded: false, portalLink: link };
    const rejected = uploadMail({ ...base, verdict: { status: 'rejected', province: '27', reportDate: '2023-12-15', values: null, warnings: [], errors: [{ code: 'x', message: 'Sai.', cell: 'C11' }] } });
    expect(rejected.text).toContain('nộp lại tệp trên cổng báo cáo');
    expect(rejected.text).not.toContain('bhxh parse');
    expect(rejected.html).toContain(link.url.replace(/&/g, '&amp;'));
    const receipt = uploadMail({ ...base, verdict: { status: 'accepted', province: '27', reportDate: '2023-12-15', values: Array.from({ length: 11 }, () => 1), warnings: [], errors: [] } });
    expect(receipt.html).toContain(link.url);
  });

  it('mints a 24-hour single-use link for the recipient at sending time, stored hashed', async () => {
    const store = new MemoryPortalStore();
    const sent = new Date('2026-01-05T10:00:00Z');
    const issuer = portalLinkIssuer(store, 'https://portal.example/', () => sent);
    const minted = await mailPortalLink(issuer, { role: 'province', address: 'Clerk@Example.vn', province: '27' }, 'submit', () => {});
    const token = new URL(minted!.url).searchParams.get('ma')!;
    expect(minted!.url.startsWith('https://portal.example/dang-nhap/xac-nhan?ma=')).toBe(true);
    expect(store.tokens.get(hashSecret(token))).toMatchObject({
      purpose: 'mail', principal: { role: 'province', address: 'clerk@example.vn', province: '27' }, expiresAt: '2026-01-06T10:00:00.000Z',
    });
  });

  it('a link that cannot be minted leaves the mail without a button, and says so', async () => {
    const errors: string[] = [];
    const failing = { linkFor: async () => { throw new Error('table unavailable'); } };
    expect(await mailPortalLink(failing, { role: 'national', address: 'n@x.vn' }, 'open', (e) => errors.push(e))).toBeUndefined();
    expect(errors).toEqual(['table unavailable']);
  });

  describe('a mail to several addresses of one office', () => {
    const addresses = ['van-thu@bacninh.gov.vn', 'ke-toan@bacninh.gov.vn'];
    const recorder = (failFor?: string) => {
      const sent: MailMessage[] = [];
      return { sent, mailer: { send: async (m: MailMessage) => {
        if (m.to.includes(failFor ?? '')) throw new Error('Throttling');
        sent.push(m);
        return { messageId: `m${sent.length}` };
      } } };
    };
    const compose = (l: { url: string } | undefined) => ({ message: { subject: 'Nhắc nộp', blocks: [paragraph(l ? l.url : 'không có nút')] } });

    it('gives each recipient its own copy whose button signs in that address only', async () => {
      const store = new MemoryPortalStore();
      const { sent, mailer } = recorder();
      const result = await sendWithPortalButton(addresses, {
        channel: mailChannel(mailer), portalLinks: portalLinkIssuer(store, 'https://portal.example/', () => new Date('2026-01-05T10:00:00Z')),
        principal: (address) => ({ role: 'province', address, province: '27' }), purpose: 'submit', compose, onLinkError: () => {},
      });
      expect(result.messageIds).toEqual(['m1', 'm2']);
      expect(sent.map((m) => m.to)).toEqual([[addresses[0]], [addresses[1]]]);
      const boundTo = sent.map((m) => store.tokens.get(hashSecret(new URL(m.text.trim()).searchParams.get('ma')!))!.principal.address);
      expect(boundTo).toEqual(addresses);
    });

    it('without the portal, one mail to all', async () => {
      const { sent, mailer } = recorder();
      await sendWithPortalButton(addresses, { channel: mailChannel(mailer), principal: (address) => ({ role: 'national', address }), purpose: 'open', compose, onLinkError: () => {} });
      expect(sent).toMatchObject([{ to: addresses, subject: 'Nhắc nộp', text: 'không có nút\n' }]);
    });

    it('a copy that fails does not stop the others, and the failure names its address', async () => {
      const { sent, mailer } = recorder(addresses[0]);
      const portalLinks = { linkFor: async () => 'https://portal.example/dang-nhap/xac-nhan?ma=x' };
      await expect(sendWithPortalButton(addresses, {
        channel: mailChannel(mailer), portalLinks, principal: (address) => ({ role: 'province', address, province: '27' }), purpose: 'submit', compose, onLinkError: () => {},
      })).rejects.toThrow(/mail not sent to van-thu@bacninh\.gov\.vn: Error: Throttling \(sent to the other 1\)/);
      expect(sent.map((m) => m.to)).toEqual([[addresses[1]]]);
    });
  });
});
