// The reminder a province receives: one message listing every missing date with its deadline, how to
// submit, and how to check a file first. The deadline run's reminder and the earlier nudge differ in
// their opening and in how they list the dates; the rest is one text.
import type { Campaign } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import { automatedNote, officeName, replyToSubmit, signature } from '../mail/common.ts';
import { portalButton, type PortalLink } from '../mail/portal-button.ts';
import { list, note, paragraph, strong, when, type Block, type Message, type Text } from '../messages/model.ts';
import type { MissingDate, MissingProvince, ReminderKind } from './plan.ts';

export interface ReminderMessageInput {
  campaign: Campaign;
  kind: ReminderKind;
  /** The run's instant (the schedule's time). */
  now: Date;
  missing: MissingProvince;
  /** The button into the portal (signed in as the recipient): the way to submit. A clerk is never sent to S3 or a command. */
  portalLink?: PortalLink;
  /** When set, the message says the file can be sent by replying to it (Reply-To is this address). */
  submissionAddress?: string;
}

function rejectedSentence(campaign: Campaign, d: MissingDate): string | undefined {
  const last = d.rejected[d.rejected.length - 1];
  if (!last) return undefined;
  const count = d.rejected.length;
  const when = campaign.formatLocal(new Date(last.receivedAt));
  const example = last.firstError ? ` Lỗi đầu tiên: ${sentence(last.firstError)}` : '';
  return `Hệ thống đã nhận ${count} tệp cho ngày này nhưng ${count > 1 ? 'các tệp đều' : 'tệp'} bị từ chối do có lỗi`
    + ` (lần gần nhất lúc ${when}, tệp ${last.fileName}: ${last.errorCount} lỗi).${example}`
    + ' Vui lòng sửa theo thư báo lỗi đã gửi rồi tải lên lại.';
}

/** Ends a sentence with a full stop unless it already has one. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function dateLine(campaign: Campaign, d: MissingDate): string {
  return `Báo cáo ngày ${formatDateVi(d.reportDate)} chưa được nhận (hạn nộp ${campaign.formatLocal(d.deadline)}).`;
}

function subjectFor(input: ReminderMessageInput): string {
  const { missing, kind } = input;
  const dates = missing.dates.map((d) => formatDateVi(d.reportDate));
  const office = officeName(missing.province);
  if (kind === 'nudge') {
    return `Nhắc nộp báo cáo: Báo cáo ngày ${dates[0]} chưa được nhận (hạn nộp ${input.campaign.formatLocal(missing.dates[0]!.deadline)}) - ${office}`;
  }
  if (dates.length === 1) return `Nhắc nộp báo cáo: Báo cáo ngày ${dates[0]} chưa được nhận - ${office}`;
  if (dates.length <= 3) return `Nhắc nộp báo cáo: chưa nhận được báo cáo các ngày ${dates.join(', ')} - ${office}`;
  return `Nhắc nộp báo cáo: chưa nhận được báo cáo của ${dates.length} ngày (từ ${dates[0]} đến ${dates[dates.length - 1]}) - ${office}`;
}

/** How to submit: on the portal (its button signs the recipient in). */
function howToSubmit(input: ReminderMessageInput): Block[] {
  const { portalLink } = input;
  const example = input.missing.dates.at(-1);
  const steps: Text[] = [
    `Mỗi ngày báo cáo gửi một tệp theo mẫu (Excel .xlsx hoặc .xls, LibreOffice .ods, hoặc CSV), ghi đúng dòng "Ngày báo cáo: ngày/tháng/năm"${example ? ` (ví dụ "Ngày báo cáo: ${formatDateVi(example.reportDate)}")` : ''}.`,
    portalLink
      ? 'Mở cổng báo cáo bằng nút dưới đây, chọn tệp rồi bấm "Nộp báo cáo" (hoặc nhập 11 số liệu ở mục "Nhập số liệu"): kết quả kiểm tra hiện ngay trên trang.'
      : 'Mở cổng báo cáo, chọn tệp rồi bấm "Nộp báo cáo" (hoặc nhập 11 số liệu ở mục "Nhập số liệu"): kết quả kiểm tra hiện ngay trên trang.',
  ];
  return [
    list(steps, { title: 'Cách gửi báo cáo:', ordered: true }),
    ...(portalLink ? [portalButton(portalLink)] : []),
  ];
}

/** The reminder (deadline run) or the nudge (earlier run) for one province. */
export function reminderMessage(input: ReminderMessageInput): Message {
  const { campaign, kind, now, missing, submissionAddress } = input;
  const first = missing.dates[0]!;
  const asOf = campaign.formatLocal(now);
  const nudge = kind === 'nudge';
  const intro = nudge
    ? `Đến ${asOf}, hệ thống chưa nhận được ${campaign.config.reportName} ngày ${formatDateVi(first.reportDate)} của đơn vị. Đề nghị đơn vị hoàn thành và gửi báo cáo trước hạn nộp.`
    : `Đến ${asOf}, hệ thống chưa nhận được ${campaign.config.reportName} của đơn vị cho ${missing.dates.length > 1 ? `${missing.dates.length} ngày sau` : 'ngày sau'}:`;
  const urge = nudge
    ? 'Báo cáo gửi sau hạn vẫn được ghi nhận nhưng được tính là nộp muộn.'
    : 'Đề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo. Báo cáo gửi sau hạn vẫn được ghi nhận nhưng được tính là nộp muộn.';
  const items = missing.dates.map((d) => ({ line: dateLine(campaign, d), rejected: rejectedSentence(campaign, d) }));
  const dates: Block[] = nudge
    ? [paragraph([strong(`Hạn nộp: ${campaign.formatLocal(first.deadline)}.`)]), ...items.flatMap((i) => (i.rejected ? [paragraph(i.rejected)] : []))]
    : [list(items.map((i) => ({ text: [strong(i.line)], ...(i.rejected ? { detail: i.rejected } : {}) })))];
  return {
    subject: subjectFor(input),
    blocks: [
      paragraph(['Kính gửi: ', strong(officeName(missing.province))]),
      paragraph(intro),
      ...dates,
      paragraph(urge),
      ...howToSubmit(input),
      ...when(submissionAddress, () => [paragraph(replyToSubmit(submissionAddress!))]),
      paragraph('Sau khi tải lên, đơn vị sẽ nhận được thư xác nhận hoặc thư báo lỗi.'),
      paragraph('Nếu đơn vị vừa gửi báo cáo sau thời điểm nêu trên, xin vui lòng bỏ qua thư này.'),
      paragraph('Trân trọng,', signature(campaign)),
      note(automatedNote(submissionAddress)),
    ],
  };
}
