// The national office's digest after the deadline run: who reported (on time / late), who is missing,
// rejected uploads, what the reminders did, and the day's snapshot when it is available.
import type { Campaign } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';
import { rejectedAttempts, type MissingProvince } from './plan.ts';
import { provinceLabel, signature } from '../mail/common.ts';
import { portalButton, type PortalLink } from '../mail/portal-button.ts';
import { list, paragraph, strong, type Block, type Message } from '../messages/model.ts';
import { REFUSAL_LABELS } from '../mail-intake/refusals.ts';
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
  /** The file's own name, for people's text. */
  fileName: string;
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
      fileName: r.fileName,
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

/** A titled list, or the title alone when there is nothing to list. */
const section = (title: string, lines: readonly string[], ordered = false): Block =>
  (lines.length > 0 ? list(lines, { title, ordered }) : paragraph(title));

/** The digest for the national office. */
export function digestMessage(campaign: Campaign, d: DigestSummary, portalLink?: PortalLink): Message {
  const date = formatDateVi(d.reportDate);
  const at = (iso: string): string => campaign.formatLocal(new Date(iso));
  const counts = [
    `Đã nộp: ${d.reported}/${d.provinces} tỉnh, thành phố (đúng hạn: ${d.onTime}; nộp muộn: ${d.late}).`,
    ...(d.corrected.length > 0 ? [`Đã gửi báo cáo sửa (${d.corrected.length}): ${d.corrected.map((c) => `${label(c)} (${c.late ? 'nộp muộn' : 'đúng hạn'}, sửa lúc ${at(c.correctedAt)})`).join('; ')}.`] : []),
    `Chưa nộp: ${d.missing.length} tỉnh, thành phố.`,
    `Tệp bị từ chối trong ngày: ${d.rejected.length}.`,
  ];
  const refused = d.refusedMail ?? [];
  const notices = d.notices?.reports ?? [];
  const since = d.notices ? at(d.notices.since) : '';
  const warned = notices.filter((n) => n.warnings.length);
  const correctedNotices = notices.filter((n) => n.correction);
  const blocks: Block[] = [
    paragraph(['Kính gửi: ', strong(campaign.config.nationalOffice.addressee)]),
    list(counts, { title: `Tình hình nộp báo cáo ngày ${date} (hạn nộp ${at(d.deadline)}), tính đến ${at(d.asOf)}:` }),
    d.missing.length > 0
      ? section(`Các tỉnh, thành phố chưa nộp báo cáo ngày ${date} (${d.missing.length}):`, d.missing.map(label), true)
      : paragraph(`Tất cả các tỉnh, thành phố đã nộp báo cáo ngày ${date}.`),
    ...(d.earlierMissing.length > 0
      ? [section(`Các tỉnh, thành phố còn thiếu báo cáo những ngày trước (${d.earlierMissing.length}):`, d.earlierMissing.map((m) => `${label(m)}: ${m.dates.map(formatDateVi).join(', ')}`))]
      : []),
    d.rejected.length > 0
      ? section(`Tệp báo cáo ngày ${date} bị từ chối (${d.rejected.length}):`, d.rejected.map((r) => `${label(r)}, nhận lúc ${at(r.receivedAt)}, tệp ${r.fileName}: ${r.errors} lỗi`
        + `${r.firstError ? ` (${r.firstError})` : ''}; ${r.resolved ? 'sau đó đã có báo cáo hợp lệ' : 'chưa có báo cáo hợp lệ'}.`))
      : paragraph(`Không có tệp báo cáo ngày ${date} nào bị từ chối.`),
    paragraph(`Thư nhắc nộp báo cáo đã gửi cho ${d.reminded.length} tỉnh, thành phố.`),
    ...(d.noContact.length > 0
      ? [section(`Không gửi được thư nhắc vì chưa có địa chỉ thư điện tử (${d.noContact.length}), đề nghị cập nhật danh bạ:`, d.noContact.map(label))]
      : []),
    ...(d.failed.length > 0
      ? [section(`Gửi thư nhắc không thành công (${d.failed.length}), hệ thống sẽ gửi lại khi chạy lại:`, d.failed.map((f) => `${label(f)}: ${f.error}`))]
      : []),
    ...(refused.length > 0
      ? [section(`Thư gửi báo cáo không được nhận trong ngày ${date} (${refused.length}), thư gốc được lưu lại:`, refused.map((m) => `${m.from || '(không rõ người gửi)'}`
        + `${m.province ? ` (mã ${m.province})` : ''}, nhận lúc ${at(m.receivedAt)}, tiêu đề "${m.subject}": ${refusalLabel(m.reason)}; `
        + `${m.replied ? 'đã trả lời người gửi' : m.unanswered ? 'không trả lời người gửi vì địa chỉ này đã dùng hết số thư trả lời trong ngày' : 'không trả lời người gửi'}.`))]
      : []),
    ...(warned.length > 0
      ? [section(`Báo cáo có cảnh báo nhận từ ${since} (${warned.length}):`, warned.map((n) => `${label(n)}, báo cáo ngày ${formatDateVi(n.reportDate)}, nhận lúc ${at(n.receivedAt)}`
        + `${n.baselineChanged ? ' (SỐ LIỆU GỐC CỘT 1–4 THAY ĐỔI)' : ''}: ${warningsText(n.warnings)}`))]
      : []),
    ...(correctedNotices.length > 0
      ? [section(`Báo cáo được sửa từ ${since} (${correctedNotices.length}):`, correctedNotices.map((n) => `${label(n)}, báo cáo ngày ${formatDateVi(n.reportDate)}: ${correctionText(n.correction!, campaign.timeZone)}`))]
      : []),
    paragraph(d.snapshot
      ? `Bảng tổng hợp số liệu ngày ${date} được đính kèm thư này (tệp ${d.snapshot}).`
      : `Bảng tổng hợp số liệu ngày ${date} chưa có tại thời điểm gửi thư này; bảng sẽ được lập khi có báo cáo mới.`),
    ...(portalLink ? [portalButton(portalLink)] : []),
    paragraph('Trân trọng,', 'Hệ thống tổng hợp báo cáo', signature(campaign)),
  ];
  return {
    subject: `Tổng hợp nộp báo cáo ngày ${date}: ${d.reported}/${d.provinces} tỉnh, thành phố đã nộp, ${d.missing.length} chưa nộp`,
    blocks,
  };
}

/** A refusal's reason in words; a reason this version does not know is named generically, never by its code. */
function refusalLabel(reason: string): string {
  return (REFUSAL_LABELS as Record<string, string | undefined>)[reason] ?? 'lý do khác (xem nhật ký hệ thống)';
}
