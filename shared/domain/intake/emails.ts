// What the province hears back about an upload: a receipt (with any warnings) or the list of errors
// that rejected it, each naming its cell. The verdict part is shared with the portal's result page
// (submissionVerdict), so the mail and the page say the same thing. Rule codes stay in the JSON.
import type { Campaign } from '../campaign.ts';
import { formatDateVi, formatInteger } from '../format.ts';
import { findingCount, valueSourceLine } from '../findings.ts';
import type { Finding, StoredReport, SubmissionRecord, Verdict } from '../report.ts';
import { formTexts } from '../snapshot/text.ts';
import { automatedNote, officeName, replyToSubmit, signature } from '../mail/common.ts';
import { portalButton, type PortalLink } from '../mail/portal-button.ts';
import { list, note, paragraph, strong, table, when, type Block, type Message, type Text } from '../messages/model.ts';

/** The facts of one upload's verdict, as both the mail and the portal tell them. */
export interface UploadFacts {
  campaign: Campaign;
  verdict: Verdict;
  /** The file's own name (attachment or upload name), never its storage key. */
  fileName: string;
  receivedAt: Date;
  late: boolean;
  /** An upload received later already holds this date: this one is kept in the history only. */
  superseded: boolean;
  /** The report this upload replaces (a correction of the same date), when there was one. */
  replaces?: StoredReport;
  /** For a rejected file: the accepted report of the same date, which stays as it is. */
  keeps?: StoredReport;
}

export interface UploadMessageInput extends UploadFacts {
  /** The button into the portal (signed in as the recipient); without it the message explains the S3 folder. */
  portalLink?: PortalLink;
  /** When set, the message invites a reply with the file attached (Reply-To is this address). */
  submissionAddress?: string | undefined;
}

/** What the verdict says: a heading and the blocks under it. */
export interface VerdictText {
  outcome: 'accepted' | 'rejected';
  heading: string;
  blocks: Block[];
}

/** The warning that only says the report came in late: the timing sentence already says it. */
const LATE = 'late';

const findingText = (f: Finding): Text => (f.cell ? [strong(`Ô ${f.cell}`), `: ${f.message}`] : f.message);
const columnNamer = (labels: readonly string[]) => (i: number): string => `${i + 1}. ${labels[i] ?? `Cột ${i + 1}`}`;

/** The columns a correction changed, before → after. */
function changedColumns(before: readonly number[], after: readonly number[]): { column: number; before: number; after: number }[] {
  return after.flatMap((v, i) => (before[i] !== v ? [{ column: i, before: before[i] ?? 0, after: v }] : []));
}

/** When the report counts as received, and whether on time. */
function timing({ campaign, receivedAt, late, superseded, replaces }: UploadFacts, reportDate: string): string {
  const when = campaign.formatLocal(receivedAt);
  const deadline = campaign.formatLocal(campaign.deadline(reportDate));
  if (superseded) {
    return 'Hệ thống đã nhận một tệp gửi sau tệp này cho cùng ngày báo cáo; số liệu của tệp gửi sau được dùng để tổng hợp, tệp này được lưu trong lịch sử.';
  }
  if (replaces) {
    const first = campaign.formatLocal(new Date(replaces.firstReceivedAt ?? replaces.receivedAt));
    // The date's on-time status comes from its first accepted upload, never from a correction.
    return `Báo cáo được nhận lúc ${when} và thay thế báo cáo đã gửi lúc ${campaign.formatLocal(new Date(replaces.receivedAt))}. `
      + (late
        ? `Ngày báo cáo này tính là nộp muộn (lần gửi đầu tiên lúc ${first}, sau hạn nộp ${deadline}).`
        : `Ngày báo cáo này vẫn tính là nộp đúng hạn (lần gửi đầu tiên lúc ${first}, hạn nộp ${deadline}).`);
  }
  return late
    ? `Báo cáo được nhận lúc ${when}, sau hạn nộp (${deadline}): báo cáo được ghi nhận nhưng tính là nộp muộn.`
    : `Báo cáo được nhận lúc ${when}, đúng hạn (hạn nộp ${deadline}).`;
}

/** The warnings a person can act on, under advice that fits them (none when only lateness is left). */
function warningBlocks(warnings: readonly Finding[], title: (count: number) => string): readonly Block[] {
  const shown = warnings.filter((w) => w.code !== LATE);
  return when(shown.length > 0, () => [list(shown.map(findingText), { title: title(shown.length) })]);
}

/** The verdict on one upload: what the receipt or the error mail says, and what the portal shows. */
export function uploadVerdict(facts: UploadFacts): VerdictText {
  const { campaign, verdict, fileName } = facts;
  if (verdict.status === 'rejected') {
    const date = verdict.reportDate ? formatDateVi(verdict.reportDate) : undefined;
    const sent = campaign.formatLocal(facts.receivedAt);
    const errors = list(verdict.errors.map(findingText), {
      title: `Tệp ${fileName} gửi lúc ${sent} chưa được nhận vì có ${formatInteger(findingCount(verdict.errors))} lỗi:`,
    });
    const warnings = warningBlocks(verdict.warnings, () => 'Ngoài ra cần lưu ý:');
    const { keeps } = facts;
    if (keeps) {
      const keptAt = campaign.formatLocal(new Date(keeps.receivedAt));
      const keptDate = formatDateVi(keeps.reportDate);
      const newer = facts.receivedAt.getTime() >= Date.parse(keeps.receivedAt);
      return {
        outcome: 'rejected',
        heading: `${newer ? 'Tệp mới' : 'Tệp'} ${fileName} bị từ chối; báo cáo ngày ${keptDate} đã nhận lúc ${keptAt} vẫn được giữ nguyên`,
        blocks: [
          paragraph([strong(`Báo cáo ngày ${keptDate} đã nhận lúc ${keptAt} vẫn được giữ nguyên`), ' và vẫn được dùng để tổng hợp; tệp bị từ chối không thay đổi báo cáo này.']),
          errors,
          ...warnings,
        ],
      };
    }
    return {
      outcome: 'rejected',
      heading: `Báo cáo${date ? ` ngày ${date}` : ''} chưa được nhận: tệp ${fileName} có ${formatInteger(findingCount(verdict.errors))} lỗi`,
      blocks: [errors, ...warnings],
    };
  }
  const columnName = columnNamer(formTexts(campaign.config).columnLabels);
  const date = formatDateVi(verdict.reportDate);
  const changes = facts.replaces && !facts.superseded ? changedColumns(facts.replaces.values, verdict.values) : undefined;
  return {
    outcome: 'accepted',
    heading: `Đã nhận báo cáo ngày ${date}`,
    blocks: [
      paragraph(['Hệ thống đã nhận báo cáo ngày ', strong(date), ` (tệp ${fileName}).`], timing(facts, verdict.reportDate)),
      ...(changes === undefined ? [] : changes.length === 0
        ? [paragraph('Số liệu không thay đổi so với báo cáo trước.')]
        : [table(`Các cột thay đổi so với báo cáo trước (${changes.length}):`, ['Cột', 'Trước → nay'],
          changes.map((c) => [columnName(c.column), [`${formatInteger(c.before)} → `, strong(formatInteger(c.after))]] as const))]),
      table('Số liệu đã ghi nhận:', ['Cột', 'Số liệu'], verdict.values.map((v, i) => [columnName(i), formatInteger(v)] as const),
        verdict.source ? { intro: valueSourceLine(verdict.source) } : {}),
      ...warningBlocks(verdict.warnings, (n) => `Cảnh báo (${n}) - vui lòng kiểm tra lại; nếu cần sửa, gửi lại tệp đã sửa:`),
    ],
  };
}

/** The start of the advice after a rejection: fix and send again, or nothing when the accepted report is right. */
const fixFirst = (keeps: StoredReport | undefined): string => (keeps
  ? 'Nếu báo cáo đã nhận là đúng, đơn vị không cần làm gì thêm. Nếu cần sửa báo cáo đó, vui lòng sửa các lỗi trên rồi'
  : 'Vui lòng sửa các lỗi trên rồi');

/** What to do after a rejection: send again on the portal (a clerk is never sent to S3 or a command). */
function afterRejection(input: UploadMessageInput): Block[] {
  const fix = fixFirst(input.keeps);
  return [paragraph(`${fix} nộp lại tệp trên cổng báo cáo. Tệp đã gửi vẫn được lưu lại.`), ...(input.portalLink ? [portalButton(input.portalLink)] : [])];
}

/** The receipt or the error report for one upload. */
export function uploadMessage(input: UploadMessageInput): Message {
  const { campaign, verdict, portalLink, submissionAddress } = input;
  const province = campaign.province(verdict.province);
  const office = province ? officeName(province) : `đơn vị mã ${verdict.province}`;
  const v = uploadVerdict(input);
  const subject = v.outcome === 'accepted' ? `${v.heading} - ${office}` : v.heading;
  return {
    subject,
    blocks: [
      paragraph(`Kính gửi ${office},`),
      ...v.blocks,
      ...(v.outcome === 'rejected' ? afterRejection(input) : when(portalLink, () => [portalButton(portalLink!)])),
      ...when(submissionAddress, () => [paragraph(replyToSubmit(submissionAddress!))]),
      note(automatedNote(submissionAddress), signature(campaign)),
    ],
  };
}

/**
 * The portal's verdict on a recorded submission: the same words as its mail, with the page's advice.
 * `keeps` is the province's accepted report for the submission's date, when it has one.
 */
export function submissionVerdict(campaign: Campaign, s: SubmissionRecord, fileName: string, keeps?: StoredReport): VerdictText {
  if (s.status === 'accepted') {
    const verdict: Verdict = {
      status: 'accepted', province: s.province, reportDate: s.reportDate, values: s.values ?? [], warnings: s.warnings, errors: [], ...(s.source ? { source: s.source } : {}),
    };
    return uploadVerdict({ campaign, verdict, fileName, receivedAt: new Date(s.receivedAt), late: s.late, superseded: s.superseded });
  }
  // A rejected record's date may be the day it came (its file named none): the heading names no date.
  const verdict: Verdict = { status: 'rejected', province: s.province, reportDate: null, values: null, warnings: s.warnings, errors: s.errors };
  const kept = keeps && keeps.reportDate === s.reportDate ? keeps : undefined;
  const v = uploadVerdict({ campaign, verdict, fileName, receivedAt: new Date(s.receivedAt), late: false, superseded: false, ...(kept ? { keeps: kept } : {}) });
  return { ...v, blocks: [...v.blocks, paragraph(`${fixFirst(kept)} nộp lại tệp đã sửa. Tệp đã gửi vẫn được lưu lại.`)] };
}
