import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { uploadMessage, type UploadMessageInput } from '../../shared/domain/intake/emails.ts';
import { renderMail } from '../../shared/domain/messages/render.ts';
import { errors, warnings as W } from '../../shared/domain/findings.ts';
import { submissionVerdict } from '../../shared/domain/intake/emails.ts';
import { submittedFileName } from '../../shared/domain/intake/origin.ts';
import { renderText } from '../../shared/domain/messages/render.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import type { StoredReport, SubmissionRecord, Verdict } from '../../shared/domain/report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { buildReportFile, SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';

const campaign = defaultCampaign();
const uploadMail = (input: UploadMessageInput) => renderMail(uploadMessage(input));
const accepted: Verdict = {
  status: 'accepted', province: '27', reportDate: '2023-12-15',
  values: [4162, 108554706639, 1563, 74315130485, 1604, 636, 356, 4256, 110542040948, 949, 52057702779],
  warnings: [{ code: 'empty-cell-zero', message: 'Ô G11 (cột 7) để trống nên được tính là 0.', cell: 'G11' }], errors: [],
};
const rejected: Verdict = {
  status: 'rejected', province: '27', reportDate: '2023-12-15', values: null, warnings: [],
  errors: [
    errors.negative(6, 'F11', '-3'),
    errors.partExceedsTotal(3, 1, 'C11'),
  ],
};
const base = { campaign, fileName: '<script>bc.xlsx', receivedAt: new Date('2023-12-15T09:05:00Z'), late: false, superseded: false };

describe('mails about an upload', () => {
  it('acknowledges an on-time report with its values and warnings', () => {
    const mail = uploadMail({ ...base, verdict: accepted });
    expect(mail.subject).toBe('Đã nhận báo cáo ngày 15/12/2023 - Bảo hiểm xã hội tỉnh Bắc Ninh');
    expect(mail.text).toContain('đúng hạn (hạn nộp 18:30 ngày 15/12/2023)');
    expect(mail.text).toContain('2. Số tiền chậm đóng (hết T11/2023): 108.554.706.639');
    expect(mail.text).toContain('Ô G11');
    expect(mail.text.normalize('NFC')).toBe(mail.text);
  });

  it('says which row of which sheet the values were read from (text and HTML)', () => {
    const mail = uploadMail({ ...base, verdict: { ...accepted, source: { sheet: 'BC 15-12', row: 14, label: 'Tổng cộng' } } });
    expect(mail.text).toContain('Số liệu đã ghi nhận:\nĐã đọc số liệu ở dòng 14 – Tổng cộng, trang "BC 15-12".');
    expect(mail.html).toContain('Đã đọc số liệu ở dòng 14 – Tổng cộng, trang &quot;BC 15-12&quot;.');
  });

  it('says when a report is late, and when a later upload superseded it', () => {
    expect(uploadMail({ ...base, verdict: accepted, late: true }).text).toContain('sau hạn nộp (18:30 ngày 15/12/2023)');
    expect(uploadMail({ ...base, verdict: accepted, superseded: true }).text).toContain('tệp gửi sau được dùng để tổng hợp');
  });

  it('lists every error of a rejected file with its cell, and how to fix and re-check', () => {
    const mail = uploadMail({ ...base, verdict: rejected });
    expect(mail.subject).toBe('Báo cáo ngày 15/12/2023 chưa được nhận: tệp <script>bc.xlsx có 2 lỗi');
    expect(mail.text).toContain('- Ô F11: Cột 6 không được là số âm (đang là -3).');
    expect(mail.text).toContain('- Ô C11: Cột 3 không được lớn hơn cột 1');
    // Each cell is named once.
    expect(mail.text.match(/F11/g)).toHaveLength(1);
    expect(mail.text.match(/C11/g)).toHaveLength(1);
    expect(mail.text).toContain('incoming/27/');
    expect(mail.text).toContain('bhxh parse <tệp> --province 27');
  });

  it('escapes what the province sent in the HTML part', () => {
    const html = uploadMail({ ...base, verdict: rejected }).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;bc.xlsx');
  });
});

describe('receipts list values by name; corrections say what changed', () => {
  const earlier: StoredReport = {
    province: '27', reportDate: '2023-12-15', values: [...SAMPLE_VALUES], receivedAt: '2023-12-15T09:05:00.000Z',
    firstReceivedAt: '2023-12-15T09:05:00.000Z', sequencer: '01', late: false, objectKey: 'incoming/27/a.xlsx', warnings: [],
  };
  const corrected = SAMPLE_VALUES.map((v, i) => (i === 4 ? v + 10 : i === 8 ? v + 1_000_000 : v));
  const correction: Verdict = { ...accepted, warnings: [], values: corrected };

  it('names every column with the short label the snapshot uses', () => {
    const { text, html } = uploadMail({ ...base, verdict: { ...accepted, warnings: [] } });
    expect(text).toContain('1. Số đơn vị chậm đóng (hết T11/2023): 4.162');
    expect(text).toContain('11. Số tiền chậm đóng từ 3 tháng, từ 10 lao động (đến ngày báo cáo): 52.057.702.779');
    expect(html).toContain('5. Số đơn vị đã gửi công văn đôn đốc');
  });

  it('says a correction replaces the earlier report and lists the changed columns, before → after', () => {
    const { text, html } = uploadMail({ ...base, verdict: correction, receivedAt: new Date('2023-12-15T12:05:00Z'), replaces: earlier });
    expect(text).toContain('thay thế báo cáo đã gửi lúc 16:05 ngày 15/12/2023');
    expect(text).toContain('Các cột thay đổi so với báo cáo trước (2):');
    expect(text).toContain('  5. Số đơn vị đã gửi công văn đôn đốc: 1.604 → 1.614');
    expect(text).toContain('  9. Số tiền chậm đóng (đến ngày báo cáo): 110.542.040.948 → 110.543.040.948');
    expect(html).toContain('1.604 → <b>1.614</b>');
  });

  it('keeps a correction sent after the deadline on time when the first upload was on time', () => {
    const { text } = uploadMail({ ...base, verdict: correction, receivedAt: new Date('2023-12-15T12:05:00Z'), replaces: earlier, late: false });
    expect(text).toContain('vẫn tính là nộp đúng hạn (lần gửi đầu tiên lúc 16:05 ngày 15/12/2023');
    expect(text).not.toContain('nộp muộn');
  });

  it('says when a correction changes nothing', () => {
    const { text } = uploadMail({ ...base, verdict: { ...accepted, warnings: [] }, replaces: earlier });
    expect(text).toContain('Số liệu không thay đổi so với báo cáo trước.');
  });
});

describe('the error mail of a late, rejected file', () => {
  it('never says the report "vẫn được ghi nhận"', async () => {
    const values = [...SAMPLE_VALUES];
    values[2] = values[0]! + 1;
    const read = await readReport(buildReportFile(sampleSpec({ values })), 'x.xlsx', campaign);
    const verdict = applyRules(read, { campaign, uploadedFor: '27', receivedAt: new Date('2023-12-16T02:00:00Z') });
    expect(verdict.status).toBe('rejected');
    expect(verdict.warnings.map((w) => w.code)).not.toContain('late');
    const { text, html } = uploadMail({ ...base, verdict });
    expect(text).not.toContain('vẫn được ghi nhận');
    expect(html).not.toContain('vẫn được ghi nhận');
  });
});

describe('messages that say the truth', () => {
  const kept: StoredReport = {
    province: '27', reportDate: '2023-12-15', values: [...SAMPLE_VALUES], receivedAt: '2023-12-15T06:50:00.000Z',
    firstReceivedAt: '2023-12-15T06:50:00.000Z', sequencer: '01', late: false, objectKey: 'incoming/27/dung.xlsx', warnings: [],
  };

  it('a faulty file for a date already reported says first that the accepted report is kept', () => {
    const { subject, text, html } = uploadMail({ ...base, fileName: 'bc-moi.xlsx', receivedAt: new Date('2023-12-15T07:00:00Z'), verdict: rejected, keeps: kept });
    expect(subject).toBe('Tệp mới bc-moi.xlsx bị từ chối; báo cáo ngày 15/12/2023 đã nhận lúc 13:50 ngày 15/12/2023 vẫn được giữ nguyên');
    expect(text.split('\n\n')[1]).toBe('Báo cáo ngày 15/12/2023 đã nhận lúc 13:50 ngày 15/12/2023 vẫn được giữ nguyên và vẫn được dùng để tổng hợp; tệp bị từ chối không thay đổi báo cáo này.');
    expect(text).toContain('Nếu báo cáo đã nhận là đúng, đơn vị không cần làm gì thêm.');
    expect(text).not.toContain('chưa được nhận:');
    expect(html).toContain('<b>Báo cáo ngày 15/12/2023 đã nhận lúc 13:50 ngày 15/12/2023 vẫn được giữ nguyên</b>');
  });

  it('the portal\'s verdict says the same, from the recorded submission', () => {
    const record: SubmissionRecord = {
      province: '27', reportDate: '2023-12-15', receivedAt: '2023-12-15T07:00:00.000Z', sequencer: '02', objectKey: 'incoming/27/20231215T070000Z-ab12cd34/bc-moi.xlsx',
      status: 'rejected', late: false, superseded: false, values: null, warnings: [], errors: rejected.errors, origin: 'portal',
    };
    const kept15 = submissionVerdict(campaign, record, 'bc-moi.xlsx', kept);
    expect(kept15.heading).toBe('Tệp mới bc-moi.xlsx bị từ chối; báo cáo ngày 15/12/2023 đã nhận lúc 13:50 ngày 15/12/2023 vẫn được giữ nguyên');
    expect(renderText(kept15.blocks)).toContain('nộp lại tệp đã sửa');
    const alone = submissionVerdict(campaign, record, 'bc-moi.xlsx');
    expect(alone.heading).toBe('Báo cáo chưa được nhận: tệp bc-moi.xlsx có 2 lỗi');
    // A report of another date is not "kept" by this file.
    expect(submissionVerdict(campaign, record, 'bc-moi.xlsx', { ...kept, reportDate: '2023-12-14' }).heading).toBe(alone.heading);
  });

  it('no rule code in what people read, in any message', () => {
    const receipt = uploadMail({ ...base, verdict: { ...accepted, warnings: [W.actionsExceedUnits(3, 'C11'), W.emptyCellAsZero(7, 'G11')] } });
    const rejection = uploadMail({ ...base, verdict: { ...rejected, warnings: [W.hiddenRow(12)] } });
    for (const part of [receipt.text, receipt.html, rejection.text, rejection.html]) {
      expect(part).not.toMatch(/\[(col\d+-gt-col1|empty-cell-zero|hidden-row|negative|late)[^\]]*\]/);
      expect(part).not.toContain('col3-gt-col1');
    }
    expect(receipt.text).toContain('Ô C11: Cột 3');
  });

  it('a late-only warning gets no advice to fix the file; a warning about the content does', () => {
    const lateOnly = uploadMail({ ...base, late: true, verdict: { ...accepted, warnings: [W.late('18:30 ngày 15/12/2023')] } });
    expect(lateOnly.text).toContain('sau hạn nộp (18:30 ngày 15/12/2023): báo cáo được ghi nhận nhưng tính là nộp muộn');
    expect(lateOnly.text).not.toContain('nếu cần sửa');
    expect(lateOnly.text).not.toContain('Cảnh báo');
    const lateAndEmpty = uploadMail({ ...base, late: true, verdict: { ...accepted, warnings: [W.late('18:30 ngày 15/12/2023'), W.emptyCellAsZero(7, 'G11')] } });
    expect(lateAndEmpty.text).toContain('Cảnh báo (1) - vui lòng kiểm tra lại; nếu cần sửa, gửi lại tệp đã sửa:');
  });

  it('names a file by its own name: a mailed attachment without the stamp it is stored under', () => {
    expect(submittedFileName('incoming/27/2026-12-05T06-52-57-263Z-BC 17-12 Bac Ninh.xlsx', 'mail')).toBe('BC 17-12 Bac Ninh.xlsx');
    expect(submittedFileName('incoming/27/20261205T065257Z-ab12cd34/BC 17-12.xlsx', 'portal')).toBe('BC 17-12.xlsx');
    // An S3 client's own name is kept as it is, even when it looks like a stamp.
    expect(submittedFileName('incoming/27/2026-12-05T06-52-57-263Z-x.xlsx', 's3')).toBe('2026-12-05T06-52-57-263Z-x.xlsx');
  });
});
