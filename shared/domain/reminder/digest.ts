// The national office's digest after the deadline run: who reported (on time / late), who is missing,
// rejected uploads, what the reminders did, and the day's snapshot when it is available.
import type { Campaign } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';
import { h, htmlDocument, type Html } from '../mail/html.ts';
import { rejectedAttempts, type MissingProvince } from './plan.ts';
import { signature, type MailContent } from '../mail/common.ts';
import { provinceLabel } from './texts.ts';
import { portalButtonHtml, portalButtonText, type PortalLink } from '../mail/portal-button.ts';
import { REFUSAL_LABELS, type RefusalCode } from '../mail-intake/refusals.ts';
import { withoutBidi } from '../shown-text.ts';
import type { InboundMailRecord } from '../../ports/index.ts';
import type { ReportNotice } from '../snapshot/changes.ts';
import { correctionText, warningsText } from '../snapshot/text.ts';

/** A mail not taken as a submission: kept raw under mail/inbound/, listed here. */
export interface DigestRefusedMail {
  from: string;
  subject: string;
  receivedAt: string;
  reason: string;
  province?: string;
  /** The raw message's key. */
  key: string;
  replied: boolean;
  /** Why an answer due was not sent (the sender's replies of the day were spent). */
  unanswered?: 'reply-budget';
}

export interface DigestRejected {
  province: string;
  name: string;
  receivedAt: string;
  objectKey: string;
  errors: number;
  firstError?: string;
  /** The province has an accepted report for the date after all. */
  resolved: boolean;
}

/** What the digest says; also the `digest` part of the run's JSON result (with the send outcome). */
export interface DigestSummary {
  reportDate: string;
  deadline: string;
  asOf: string;
  provinces: number;
  reported: number;
  onTime: number;
  late: number;
  /** Reports replaced by a later upload: on time or late as their first upload was, values from the newest. */
  corrected: Array<{ province: string; name: string; late: boolean; correctedAt: string }>;
  missing: Array<{ province: string; name: string }>;
  /** Provinces still missing earlier dates (every due date before the digest's date). */
  earlierMissing: Array<{ province: string; name: string; dates: string[] }>;
  rejected: DigestRejected[];
  /** Provinces reminded by this run (sent now, or by an earlier attempt of the same run). */
  reminded: Array<{ province: string; to: string[]; dates: string[] }>;
  /** Provinces that could not be reminded: no address on file. */
  noContact: Array<{ province: string; name: string }>;
  /** Provinces whose reminder failed (to be retried). */
  failed: Array<{ province: string; name: string; error: string }>;
  /** The attached snapshot's file name, or null when it was not available yet. */
  snapshot: string | null;
  /** Mails received that day and refused (absent when no mail log is wired). */
  refusedMail?: DigestRefusedMail[];
  /** Reports of any date received since the last digest that carry warnings or are corrections (absent when not gathered). */
  notices?: { since: string; reports: Array<ReportNotice & { name: string }> };
}

export interface DigestInput {
  refusedMail?: readonly InboundMailRecord[];
  /** Warnings and corrections since the last digest (see noticesSince), from `since`. */
  notices?: { since: Date; reports: readonly ReportNotice[] };
  campaign: Campaign;
  now: Date;
  reportDate: string;
  reports: readonly StoredReport[];
  submissions: readonly SubmissionRecord[];
  missing: readonly MissingProvince[];
  reminded: DigestSummary['reminded'];
  noContact: readonly string[];
  failed: ReadonlyArray<{ province: string; error: string }>;
  snapshot: string | null;
}

export function buildDigest(input: DigestInput): DigestSummary {
  const { campaign, reportDate } = input;
  const name = (code: string): string => campaign.province(code)?.name ?? code;
  const inCampaign = input.reports.filter((r) => campaign.province(r.province));
  const reportedCodes = new Set(inCampaign.map((r) => r.province));
  const late = inCampaign.filter((r) => r.late).length;
  const missingToday = input.missing.filter((m) => m.dates.some((d) => d.reportDate === reportDate));
  const earlier = input.missing
    .map((m) => ({ province: m.province, dates: m.dates.map((d) => d.reportDate).filter((d) => d < reportDate) }))
    .filter((m) => m.dates.length > 0);
  return {
    reportDate,
    deadline: campaign.deadline(reportDate).toISOString(),
    asOf: input.now.toISOString(),
    provinces: campaign.provinces.length,
    reported: inCampaign.length,
    onTime: inCampaign.length - late,
    late,
    corrected: inCampaign
      .filter((r) => r.firstReceivedAt !== undefined && r.firstReceivedAt !== r.receivedAt)
      .map((r) => ({ province: r.province, name: name(r.province), late: r.late, correctedAt: r.receivedAt })),
    missing: missingToday.map((m) => ({ province: m.province.code, name: m.province.name })),
    earlierMissing: earlier.map((m) => ({ province: m.province.code, name: m.province.name, dates: m.dates })),
    rejected: rejectedAttempts(input.submissions.filter((s) => s.reportDate === reportDate)).map((r) => ({
      province: r.province,
      name: name(r.province),
      receivedAt: r.receivedAt,
      objectKey: r.objectKey,
      errors: r.errorCount,
      ...(r.firstError ? { firstError: r.firstError } : {}),
      resolved: reportedCodes.has(r.province),
    })),
    reminded: input.reminded.map((r) => ({ ...r })),
    noContact: input.noContact.map((code) => ({ province: code, name: name(code) })),
    failed: input.failed.map((f) => ({ province: f.province, name: name(f.province), error: f.error })),
    snapshot: input.snapshot,
    ...(input.notices ? {
      notices: { since: input.notices.since.toISOString(), reports: input.notices.reports.map((n) => ({ ...n, name: name(n.province) })) },
    } : {}),
    ...(input.refusedMail ? {
      refusedMail: input.refusedMail.map((m) => ({
        from: m.from, subject: m.subject, receivedAt: m.receivedAt, reason: m.reason ?? '', ...(m.province ? { province: m.province } : {}),
        key: m.key, replied: m.replied, ...(m.unanswered ? { unanswered: m.unanswered } : {}),
      })),
    } : {}),
  };
}

const label = (p: { province: string; name: string }): string => provinceLabel({ code: p.province, name: p.name });

/** The digest mail for the national office. */
export function digestMail(campaign: Campaign, d: DigestSummary, portalLink?: PortalLink): MailContent {
  const date = formatDateVi(d.reportDate);
  const deadline = campaign.formatLocal(new Date(d.deadline));
  const asOf = campaign.formatLocal(new Date(d.asOf));
  const subject = `Tổng hợp nộp báo cáo ngày ${date}: ${d.reported}/${d.provinces} tỉnh, thành phố đã nộp, ${d.missing.length} chưa nộp`;
  const heading = `Tình hình nộp báo cáo ngày ${date} (hạn nộp ${deadline}), tính đến ${asOf}:`;
  const counts = [
    `Đã nộp: ${d.reported}/${d.provinces} tỉnh, thành phố (đúng hạn: ${d.onTime}; nộp muộn: ${d.late}).`,
    ...(d.corrected.length > 0 ? [`Đã gửi báo cáo sửa (${d.corrected.length}): ${d.corrected.map((c) => `${label(c)} (${c.late ? 'nộp muộn' : 'đúng hạn'}, sửa lúc ${campaign.formatLocal(new Date(c.correctedAt))})`).join('; ')}.`] : []),
    `Chưa nộp: ${d.missing.length} tỉnh, thành phố.`,
    `Tệp bị từ chối trong ngày: ${d.rejected.length}.`,
  ];
  const missingTitle = d.missing.length > 0
    ? `Các tỉnh, thành phố chưa nộp báo cáo ngày ${date} (${d.missing.length}):`
    : `Tất cả các tỉnh, thành phố đã nộp báo cáo ngày ${date}.`;
  const missingLines = d.missing.map((m) => label(m));
  const earlierTitle = `Các tỉnh, thành phố còn thiếu báo cáo những ngày trước (${d.earlierMissing.length}):`;
  const earlierLines = d.earlierMissing.map((m) => `${label(m)}: ${m.dates.map(formatDateVi).join(', ')}`);
  const rejectedTitle = d.rejected.length > 0
    ? `Tệp báo cáo ngày ${date} bị từ chối (${d.rejected.length}):`
    : `Không có tệp báo cáo ngày ${date} nào bị từ chối.`;
  const rejectedLines = d.rejected.map((r) => `${label(r)}, nhận lúc ${campaign.formatLocal(new Date(r.receivedAt))}, tệp ${withoutBidi(r.objectKey)}: ${r.errors} lỗi`
    + `${r.firstError ? ` (${r.firstError})` : ''}; ${r.resolved ? 'sau đó đã có báo cáo hợp lệ' : 'chưa có báo cáo hợp lệ'}.`);
  const remindedLine = `Thư nhắc nộp báo cáo đã gửi cho ${d.reminded.length} tỉnh, thành phố.`;
  const noContactTitle = `Không gửi được thư nhắc vì chưa có địa chỉ thư điện tử (${d.noContact.length}), đề nghị cập nhật danh bạ:`;
  const noContactLines = d.noContact.map(label);
  const failedTitle = `Gửi thư nhắc không thành công (${d.failed.length}), hệ thống sẽ gửi lại khi chạy lại:`;
  const failedLines = d.failed.map((f) => `${label(f)}: ${f.error}`);
  const refused = d.refusedMail ?? [];
  const refusedTitle = `Thư gửi báo cáo không được nhận trong ngày ${date} (${refused.length}), thư gốc được lưu lại:`;
  const refusedLines = refused.map((m) => `${m.from || '(không rõ người gửi)'}${m.province ? ` (mã ${m.province})` : ''}, nhận lúc ${campaign.formatLocal(new Date(m.receivedAt))}`
    + `, tiêu đề "${m.subject}": ${REFUSAL_LABELS[m.reason as RefusalCode] ?? m.reason}; ${m.replied ? 'đã trả lời người gửi' : m.unanswered ? 'không trả lời người gửi vì địa chỉ này đã dùng hết số thư trả lời trong ngày' : 'không trả lời người gửi'} (${m.key}).`);
  const notices = d.notices?.reports ?? [];
  const since = d.notices ? campaign.formatLocal(new Date(d.notices.since)) : '';
  const warned = notices.filter((n) => n.warnings.length);
  const warnedTitle = `Báo cáo có cảnh báo nhận từ ${since} (${warned.length}):`;
  const warnedLines = warned.map((n) => `${label(n)}, báo cáo ngày ${formatDateVi(n.reportDate)}, nhận lúc ${campaign.formatLocal(new Date(n.receivedAt))}`
    + `${n.baselineChanged ? ' (SỐ LIỆU GỐC CỘT 1–4 THAY ĐỔI)' : ''}: ${warningsText(n.warnings)}`);
  const correctedNotices = notices.filter((n) => n.correction);
  const correctedTitle = `Báo cáo được sửa từ ${since} (${correctedNotices.length}):`;
  const correctedLines = correctedNotices.map((n) => `${label(n)}, báo cáo ngày ${formatDateVi(n.reportDate)}: ${correctionText(n.correction!, campaign.timeZone)}`);
  const snapshotLine = d.snapshot
    ? `Bảng tổng hợp số liệu ngày ${date} được đính kèm thư này (tệp ${d.snapshot}).`
    : `Bảng tổng hợp số liệu ngày ${date} chưa có tại thời điểm gửi thư này; bảng sẽ được lập khi có báo cáo mới.`;

  const section = (title: string, lines: string[], numbered = false): string[] =>
    [title, ...lines.map((l, i) => (numbered ? `  ${i + 1}. ${l}` : `  - ${l}`)), ''];
  const text = [
    `Kính gửi: ${campaign.config.nationalOffice.addressee}`,
    '',
    heading,
    ...counts.map((c) => `- ${c}`),
    '',
    ...section(missingTitle, missingLines, true),
    ...(d.earlierMissing.length > 0 ? section(earlierTitle, earlierLines) : []),
    ...section(rejectedTitle, rejectedLines),
    remindedLine,
    ...(d.noContact.length > 0 ? section(noContactTitle, noContactLines) : []),
    ...(d.failed.length > 0 ? section(failedTitle, failedLines) : []),
    ...(refused.length > 0 ? section(refusedTitle, refusedLines) : []),
    ...(warned.length > 0 ? section(warnedTitle, warnedLines) : []),
    ...(correctedNotices.length > 0 ? section(correctedTitle, correctedLines) : []),
    '',
    snapshotLine,
    ...(portalLink ? ['', ...portalButtonText(portalLink)] : []),
    '',
    'Trân trọng,',
    'Hệ thống tổng hợp báo cáo',
    signature(campaign),
    '',
  ].join('\n');

  const list = (title: string, lines: string[], numbered = false): Html => {
    const items = lines.map((l) => h`<li>${l}</li>`);
    if (items.length === 0) return h`<p>${title}</p>`;
    return numbered ? h`<p><strong>${title}</strong></p><ol>${items}</ol>` : h`<p><strong>${title}</strong></p><ul>${items}</ul>`;
  };
  const body = h`<p>Kính gửi: <strong>${campaign.config.nationalOffice.addressee}</strong></p>
<p>${heading}</p>
<ul>${counts.map((c) => h`<li>${c}</li>`)}</ul>
${list(missingTitle, missingLines, true)}
${d.earlierMissing.length > 0 ? list(earlierTitle, earlierLines) : h``}
${list(rejectedTitle, rejectedLines)}
<p>${remindedLine}</p>
${d.noContact.length > 0 ? list(noContactTitle, noContactLines) : h``}
${d.failed.length > 0 ? list(failedTitle, failedLines) : h``}
${refused.length > 0 ? list(refusedTitle, refusedLines) : h``}
${warned.length > 0 ? list(warnedTitle, warnedLines) : h``}
${correctedNotices.length > 0 ? list(correctedTitle, correctedLines) : h``}
<p>${snapshotLine}</p>
${portalLink ? portalButtonHtml(portalLink) : h``}
<p>Trân trọng,<br>Hệ thống tổng hợp báo cáo<br>${signature(campaign)}</p>`;
  return { subject, text, html: htmlDocument(subject, body) };
}
