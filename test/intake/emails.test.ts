import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { uploadMail } from '../../shared/domain/intake/emails.ts';
import type { Verdict } from '../../shared/domain/report.ts';

const campaign = defaultCampaign();
const accepted: Verdict = {
  status: 'accepted', province: '27', reportDate: '2023-12-15',
  values: [4162, 108554706639, 1563, 74315130485, 1604, 636, 356, 4256, 110542040948, 949, 52057702779],
  warnings: [{ code: 'empty-cell-zero', message: 'Ô G11 (cột 7) để trống nên được tính là 0.', cell: 'G11' }], errors: [],
};
const rejected: Verdict = {
  status: 'rejected', province: '27', reportDate: '2023-12-15', values: null, warnings: [],
  errors: [
    { code: 'negative', message: 'Ô F11 (cột 6) không được là số âm (đang là -3).', cell: 'F11' },
    { code: 'col3-gt-col1', message: 'Cột 3 (ô C11) không được lớn hơn cột 1.', cell: 'C11' },
  ],
};
const base = { campaign, fileName: '<script>bc.xlsx', receivedAt: new Date('2023-12-15T09:05:00Z'), late: false, superseded: false };

describe('mails about an upload', () => {
  it('acknowledges an on-time report with its values and warnings', () => {
    const mail = uploadMail({ ...base, verdict: accepted });
    expect(mail.subject).toBe('Đã nhận báo cáo ngày 15/12/2023 - Bảo hiểm xã hội tỉnh Bắc Ninh');
    expect(mail.text).toContain('đúng hạn (hạn nộp 18:30 ngày 15/12/2023)');
    expect(mail.text).toContain('Cột 2: 108.554.706.639');
    expect(mail.text).toContain('Ô G11');
    expect(mail.text.normalize('NFC')).toBe(mail.text);
  });

  it('says when a report is late, and when a later upload superseded it', () => {
    expect(uploadMail({ ...base, verdict: accepted, late: true }).text).toContain('sau hạn nộp (18:30 ngày 15/12/2023)');
    expect(uploadMail({ ...base, verdict: accepted, superseded: true }).text).toContain('tệp gửi sau được dùng để tổng hợp');
  });

  it('lists every error of a rejected file with its cell, and how to fix and re-check', () => {
    const mail = uploadMail({ ...base, verdict: rejected });
    expect(mail.subject).toBe('Báo cáo ngày 15/12/2023 chưa được nhận: tệp <script>bc.xlsx có 2 lỗi');
    expect(mail.text).toContain('- Ô F11: Ô F11 (cột 6) không được là số âm');
    expect(mail.text).toContain('- Ô C11: Cột 3 (ô C11)');
    expect(mail.text).toContain('incoming/27/');
    expect(mail.text).toContain('bhxh parse <tệp> --province 27');
  });

  it('escapes what the province sent in the HTML part', () => {
    const html = uploadMail({ ...base, verdict: rejected }).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;bc.xlsx');
  });
});
