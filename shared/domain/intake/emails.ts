// What the province hears back about an upload: a receipt (with any warnings) or the list of
// errors that rejected it, each naming the cell and the rule. Vietnamese, plain text and HTML.
import type { Campaign } from '../campaign.ts';
import { formatDateVi, formatInteger } from '../format.ts';
import { findingCount, findingLine, valueSourceLine } from '../findings.ts';
import type { AcceptedVerdict, Finding, RejectedVerdict, StoredReport, Verdict } from '../report.ts';
import { formTexts } from '../snapshot/text.ts';
import { automatedNote, officeName, replyToSubmit, signature, type MailContent } from '../mail/common.ts';
import { h, htmlDocument, type Html } from '../mail/html.ts';
import { portalButtonHtml, portalButtonText, type PortalLink } from '../mail/portal-button.ts';
import { folderNote } from '../mail/upload-folder.ts';

export interface UploadMailInput {
  campaign: Campaign;
  verdict: Verdict;
  fileName: string;
  receivedAt: Date;
  late: boolean;
  /** An upload received later already holds this date: this one is kept in the history only. */
  superseded: boolean;
  /** The report this upload replaces (a correction of the same date), when there was one. */
  replaces?: StoredReport;
  /** The button into the portal (signed in as the recipient); without it the mail explains the S3 folder. */
  portalLink?: PortalLink;
  /** When set, the mail invites a reply with the file attached (Reply-To is this address). */
  submissionAddress?: string | undefined;
}

const findingText = (f: Finding): string => `- ${findingLine(f)} [${f.code}]`;
const findingHtml = (f: Finding): Html => h`<li>${f.cell ? h`<b>Ô ${f.cell}</b>: ` : h``}${f.message} <small style="color:#777">[${f.code}]</small></li>`;
const columnNamer = (labels: readonly string[]) => (i: number): string => `${i + 1}. ${labels[i] ?? `Cột ${i + 1}`}`;

export function uploadMail(input: UploadMailInput): MailContent {
  const { verdict } = input;
  return verdict.status === 'accepted' ? receiptMail(input, verdict) : rejectionMail(input, verdict);
}

/** The columns a correction changed, before → after. */
function changedColumns(before: readonly number[], after: readonly number[]): { column: number; before: number; after: number }[] {
  return after.flatMap((v, i) => (before[i] !== v ? [{ column: i, before: before[i] ?? 0, after: v }] : []));
}

function receiptMail({ campaign, fileName, receivedAt, late, superseded, replaces, portalLink, submissionAddress }: UploadMailInput, verdict: AcceptedVerdict): MailContent {
  const province = campaign.province(verdict.province)!;
  const columnName = columnNamer(formTexts(campaign.config).columnLabels);
  const date = formatDateVi(verdict.reportDate);
  const when = campaign.formatLocal(receivedAt);
  const deadline = campaign.formatLocal(campaign.deadline(verdict.reportDate));
  const firstAt = replaces ? new Date(replaces.firstReceivedAt ?? replaces.receivedAt) : receivedAt;
  const status = superseded
    ? `Hệ thống đã nhận một tệp gửi sau tệp này cho cùng ngày báo cáo; số liệu của tệp gửi sau được dùng để tổng hợp, tệp này được lưu trong lịch sử.`
    : replaces
      // The date's on-time status comes from its first accepted upload, never from a correction.
      ? `Báo cáo được nhận lúc ${when} và thay thế báo cáo đã gửi lúc ${campaign.formatLocal(new Date(replaces.receivedAt))}. `
        + (late
          ? `Ngày báo cáo này tính là nộp muộn (lần gửi đầu tiên lúc ${campaign.formatLocal(firstAt)}, sau hạn nộp ${deadline}).`
          : `Ngày báo cáo này vẫn tính là nộp đúng hạn (lần gửi đầu tiên lúc ${campaign.formatLocal(firstAt)}, hạn nộp ${deadline}).`)
      : late
        ? `Báo cáo được nhận lúc ${when}, sau hạn nộp (${deadline}): báo cáo được ghi nhận nhưng tính là nộp muộn.`
        : `Báo cáo được nhận lúc ${when}, đúng hạn (hạn nộp ${deadline}).`;
  const subject = `Đã nhận báo cáo ngày ${date} - ${officeName(province)}`;
  const values = verdict.values;
  const changes = replaces && !superseded ? changedColumns(replaces.values, values) : undefined;
  const changeLines = changes === undefined ? [] : changes.length === 0
    ? ['', 'Số liệu không thay đổi so với báo cáo trước.']
    : ['', `Các cột thay đổi so với báo cáo trước (${changes.length}):`,
      ...changes.map((c) => `  ${columnName(c.column)}: ${formatInteger(c.before)} → ${formatInteger(c.after)}`)];
  const text = [
    `Kính gửi ${officeName(province)},`,
    '',
    `Hệ thống đã nhận báo cáo ngày ${date} (tệp ${fileName}).`,
    status,
    ...changeLines,
    '',
    'Số liệu đã ghi nhận:',
    ...(verdict.source ? [valueSourceLine(verdict.source)] : []),
    ...values.map((v, i) => `  ${columnName(i)}: ${formatInteger(v)}`),
    ...(verdict.warnings.length ? ['', `Cảnh báo (${findingCount(verdict.warnings)}) - vui lòng kiểm tra lại; nếu cần sửa, gửi lại tệp đã sửa:`, ...verdict.warnings.map(findingText)] : []),
    ...(portalLink ? ['', ...portalButtonText(portalLink)] : []),
    ...(submissionAddress ? ['', replyToSubmit(submissionAddress)] : []),
    '',
    automatedNote(submissionAddress),
    signature(campaign),
  ].join('\n');
  const html = htmlDocument(subject, h`
<p>Kính gửi ${officeName(province)},</p>
<p>Hệ thống đã nhận báo cáo ngày <b>${date}</b> (tệp ${fileName}).<br>${status}</p>
${changes === undefined ? h`` : changes.length === 0 ? h`<p>Số liệu không thay đổi so với báo cáo trước.</p>`
    : h`<p>Các cột thay đổi so với báo cáo trước (${changes.length}):</p><ul>${changes.map((c) => h`<li>${columnName(c.column)}: ${formatInteger(c.before)} → <b>${formatInteger(c.after)}</b></li>`)}</ul>`}
${verdict.source ? h`<p>${valueSourceLine(verdict.source)}</p>` : h``}
<table style="border-collapse:collapse" cellpadding="4" border="1">
<tr><th>Cột</th><th>Số liệu</th></tr>
${values.map((v, i) => h`<tr><td>${columnName(i)}</td><td style="text-align:right">${formatInteger(v)}</td></tr>`)}
</table>
${verdict.warnings.length ? h`<p><b>Cảnh báo (${findingCount(verdict.warnings)})</b> - vui lòng kiểm tra lại; nếu cần sửa, gửi lại tệp đã sửa:</p><ul>${verdict.warnings.map(findingHtml)}</ul>` : h``}
${portalLink ? portalButtonHtml(portalLink) : h``}
${submissionAddress ? h`<p>${replyToSubmit(submissionAddress)}</p>` : h``}
<p style="color:#777">${automatedNote(submissionAddress)}<br>${signature(campaign)}</p>`);
  return { subject, text, html };
}

function rejectionMail({ campaign, fileName, receivedAt, portalLink, submissionAddress }: UploadMailInput, verdict: RejectedVerdict): MailContent {
  const province = campaign.province(verdict.province);
  const office = province ? officeName(province) : `đơn vị mã ${verdict.province}`;
  const date = verdict.reportDate ? ` ngày ${formatDateVi(verdict.reportDate)}` : '';
  const subject = `Báo cáo${date} chưa được nhận: tệp ${fileName} có ${formatInteger(findingCount(verdict.errors))} lỗi`;
  const folder = `incoming/${verdict.province}/`;
  const text = [
    `Kính gửi ${office},`,
    '',
    `Tệp ${fileName} gửi lúc ${campaign.formatLocal(receivedAt)} chưa được nhận vì có ${formatInteger(findingCount(verdict.errors))} lỗi:`,
    ...verdict.errors.map(findingText),
    ...(verdict.warnings.length ? ['', 'Ngoài ra cần lưu ý:', ...verdict.warnings.map(findingText)] : []),
    '',
    ...(portalLink
      ? ['Vui lòng sửa các lỗi trên rồi nộp lại tệp trên cổng báo cáo. Tệp đã gửi vẫn được lưu lại.', ...portalButtonText(portalLink), folderNote(folder)]
      : [`Vui lòng sửa các lỗi trên rồi tải tệp lên lại vào thư mục ${folder}. Tệp đã gửi vẫn được lưu lại.`,
        `Có thể kiểm tra tệp trước khi gửi bằng lệnh: bhxh parse <tệp> --province ${verdict.province}`]),
    ...(submissionAddress ? [replyToSubmit(submissionAddress)] : []),
    '',
    automatedNote(submissionAddress),
    signature(campaign),
  ].join('\n');
  const html = htmlDocument(subject, h`
<p>Kính gửi ${office},</p>
<p>Tệp <b>${fileName}</b> gửi lúc ${campaign.formatLocal(receivedAt)} <b>chưa được nhận</b> vì có ${formatInteger(findingCount(verdict.errors))} lỗi:</p>
<ul>${verdict.errors.map(findingHtml)}</ul>
${verdict.warnings.length ? h`<p>Ngoài ra cần lưu ý:</p><ul>${verdict.warnings.map(findingHtml)}</ul>` : h``}
${portalLink
    ? h`<p>Vui lòng sửa các lỗi trên rồi nộp lại tệp trên cổng báo cáo. Tệp đã gửi vẫn được lưu lại.</p>${portalButtonHtml(portalLink)}<p style="color:#777;font-size:12px">${folderNote(folder)}</p>`
    : h`<p>Vui lòng sửa các lỗi trên rồi tải tệp lên lại vào thư mục <code>${folder}</code>. Tệp đã gửi vẫn được lưu lại.<br>
Có thể kiểm tra tệp trước khi gửi bằng lệnh: <code>bhxh parse &lt;tệp&gt; --province ${verdict.province}</code></p>`}
${submissionAddress ? h`<p>${replyToSubmit(submissionAddress)}</p>` : h``}
<p style="color:#777">${automatedNote(submissionAddress)}<br>${signature(campaign)}</p>`);
  return { subject, text, html };
}
