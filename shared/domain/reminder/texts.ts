// The reminder mail a province receives: Vietnamese, plain text and HTML, one mail listing every
// missing date with its deadline, how to upload, and how to check a file first.
import type { Campaign, Province } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import { h, htmlDocument, type Html } from '../mail/html.ts';
import { automatedNote, officeName, replyToSubmit, signature, type MailContent } from '../mail/common.ts';
import type { MissingDate, MissingProvince, ReminderKind } from './plan.ts';
import { portalButtonHtml, portalButtonText, type PortalLink } from '../mail/portal-button.ts';
import { withoutBidi } from '../shown-text.ts';
import { folderNote, uploadFolder } from '../mail/upload-folder.ts';

export interface ReminderMailInput {
  campaign: Campaign;
  kind: ReminderKind;
  /** The run's instant (the schedule's time). */
  now: Date;
  missing: MissingProvince;
  /** The upload bucket's name, when known: the path is then shown as s3://<bucket>/incoming/<code>/. */
  uploadBucket?: string;
  /** The button into the portal (signed in as the recipient): the way to submit; the S3 folder becomes a note. */
  portalLink?: PortalLink;
  /** When set, the mail says the file can be sent by replying to it (Reply-To is this address). */
  submissionAddress?: string;
}

const REPORT_NAME = 'báo cáo tổng hợp tình hình đôn đốc, thu hồi số tiền chậm đóng BHXH, BHTN, BHYT';


/** "Bắc Ninh (27)". */
export function provinceLabel(province: Pick<Province, 'code' | 'name'>): string {
  return `${province.name} (${province.code})`;
}

/** The folder a province uploads into, as the province should type it. */
function rejectedSentence(campaign: Campaign, d: MissingDate): string | undefined {
  const last = d.rejected[d.rejected.length - 1];
  if (!last) return undefined;
  const count = d.rejected.length;
  const when = campaign.formatLocal(new Date(last.receivedAt));
  const example = last.firstError ? ` Lỗi đầu tiên: ${sentence(last.firstError)}` : '';
  return `Hệ thống đã nhận ${count} tệp cho ngày này nhưng ${count > 1 ? 'các tệp đều' : 'tệp'} bị từ chối do có lỗi`
    + ` (lần gần nhất lúc ${when}, tệp ${withoutBidi(last.objectKey)}: ${last.errorCount} lỗi).${example}`
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

function subjectFor(input: ReminderMailInput): string {
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

/** The reminder (deadline run) or the nudge (earlier run) for one province. */
export function reminderMail(input: ReminderMailInput): MailContent {
  const { campaign, kind, now, missing, uploadBucket, portalLink, submissionAddress } = input;
  const code = missing.province.code;
  const office = officeName(missing.province);
  const asOf = campaign.formatLocal(now);
  const folder = uploadFolder(code, uploadBucket);
  const example = `${folder}bao-cao-${missing.dates[missing.dates.length - 1]!.reportDate}.xlsx`;
  const intro = kind === 'nudge'
    ? `Đến ${asOf}, hệ thống chưa nhận được ${REPORT_NAME} ngày ${formatDateVi(missing.dates[0]!.reportDate)} của đơn vị. Đề nghị đơn vị hoàn thành và gửi báo cáo trước hạn nộp.`
    : `Đến ${asOf}, hệ thống chưa nhận được ${REPORT_NAME} của đơn vị cho ${missing.dates.length > 1 ? `${missing.dates.length} ngày sau` : 'ngày sau'}:`;
  const urge = kind === 'nudge'
    ? 'Báo cáo gửi sau hạn vẫn được ghi nhận nhưng được tính là nộp muộn.'
    : 'Đề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo. Báo cáo gửi sau hạn vẫn được ghi nhận nhưng được tính là nộp muộn.';
  const steps = [
    'Mỗi ngày báo cáo gửi một tệp theo mẫu (Excel .xlsx hoặc .xls, LibreOffice .ods, hoặc CSV), ghi đúng dòng "Ngày báo cáo: dd/mm/yyyy".',
    ...(portalLink
      ? ['Mở cổng báo cáo bằng nút dưới đây, chọn tệp rồi bấm "Nộp báo cáo": kết quả kiểm tra hiện ngay trên trang (mẫu trống có ở mục "Mẫu báo cáo").']
      : [`Tải tệp lên thư mục của đơn vị: ${folder}<tên tệp> (ví dụ: ${example}).`,
        `Trước khi tải lên, có thể kiểm tra tệp bằng lệnh: bhxh parse <tên tệp> --province ${code} (lệnh báo ngay các lỗi mà hệ thống sẽ kiểm tra khi nhận tệp).`]),
  ];
  const byMail = submissionAddress ? replyToSubmit(submissionAddress) : undefined;
  const after = 'Sau khi tải lên, đơn vị sẽ nhận được thư xác nhận hoặc thư báo lỗi.';
  const ignore = 'Nếu đơn vị vừa gửi báo cáo sau thời điểm nêu trên, xin vui lòng bỏ qua thư này.';

  const dateItems = missing.dates.map((d) => ({ line: dateLine(campaign, d), rejected: rejectedSentence(campaign, d) }));

  const text = [
    `Kính gửi: ${office}`,
    '',
    intro,
    '',
    ...(kind === 'nudge'
      ? [`Hạn nộp: ${campaign.formatLocal(missing.dates[0]!.deadline)}.`, ...dateItems.flatMap((i) => (i.rejected ? [i.rejected] : []))]
      : dateItems.flatMap((i) => [`- ${i.line}`, ...(i.rejected ? [`  ${i.rejected}`] : [])])),
    '',
    urge,
    '',
    'Cách gửi báo cáo:',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    ...(portalLink ? [...portalButtonText(portalLink), folderNote(folder)] : []),
    ...(byMail ? [byMail] : []),
    after,
    '',
    ignore,
    '',
    'Trân trọng,',
    signature(campaign),
    '',
    `(${automatedNote(submissionAddress)})`,
    '',
  ].join('\n');

  const dateListHtml: Html = kind === 'nudge'
    ? h`<p><strong>Hạn nộp: ${campaign.formatLocal(missing.dates[0]!.deadline)}.</strong></p>${dateItems.flatMap((i) => (i.rejected ? [h`<p>${i.rejected}</p>`] : []))}`
    : h`<ul>${dateItems.map((i) => h`<li><strong>${i.line}</strong>${i.rejected ? h`<br>${i.rejected}` : h``}</li>`)}</ul>`;
  const body = h`<p>Kính gửi: <strong>${office}</strong></p>
<p>${intro}</p>
${dateListHtml}
<p>${urge}</p>
<p><strong>Cách gửi báo cáo:</strong></p>
${portalLink
    ? h`<ol><li>${steps[0]!}</li><li>${steps[1]!}</li></ol>${portalButtonHtml(portalLink)}<p style="color:#777;font-size:12px">${folderNote(folder)}</p>`
    : h`<ol>
<li>${steps[0]!}</li>
<li>Tải tệp lên thư mục của đơn vị: <code>${folder}&lt;tên tệp&gt;</code> (ví dụ: <code>${example}</code>).</li>
<li>Trước khi tải lên, có thể kiểm tra tệp bằng lệnh: <code>bhxh parse &lt;tên tệp&gt; --province ${code}</code> (lệnh báo ngay các lỗi mà hệ thống sẽ kiểm tra khi nhận tệp).</li>
</ol>`}
${byMail ? h`<p>${byMail}</p>` : h``}
<p>${after}</p>
<p>${ignore}</p>
<p>Trân trọng,<br>${signature(campaign)}</p>
<p style="color: #777; font-size: 12px;">${automatedNote(submissionAddress)}</p>`;
  const subject = subjectFor(input);
  return { subject, text, html: htmlDocument(subject, body) };
}
