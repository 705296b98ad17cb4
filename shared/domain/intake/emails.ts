// What the province hears back about an upload: a receipt (with any warnings) or the list of
// errors that rejected it, each naming the cell and the rule. Vietnamese, plain text and HTML.
import { formatDateVi, type Campaign } from '../campaign.ts';
import { formatNumber } from '../findings.ts';
import type { Finding, Verdict } from '../report.ts';
import { automatedNote, officeName, replyToSubmit, SIGNATURE, type MailContent } from '../mail/common.ts';
import { h, htmlDocument, type Html } from '../mail/html.ts';

export interface UploadMailInput {
  campaign: Campaign;
  verdict: Verdict;
  fileName: string;
  receivedAt: Date;
  late: boolean;
  /** An upload received later already holds this date: this one is kept in the history only. */
  superseded: boolean;
  /** When set, the mail invites a reply with the file attached (Reply-To is this address). */
  submissionAddress?: string | undefined;
}

const findingText = (f: Finding): string => `- ${f.cell ? `Ô ${f.cell}: ` : ''}${f.message} [${f.code}]`;
const findingHtml = (f: Finding): Html => h`<li>${f.cell ? h`<b>Ô ${f.cell}</b>: ` : h``}${f.message} <small style="color:#777">[${f.code}]</small></li>`;

export function uploadMail(input: UploadMailInput): MailContent {
  return input.verdict.status === 'accepted' ? receiptMail(input) : rejectionMail(input);
}

function receiptMail({ campaign, verdict, fileName, receivedAt, late, superseded, submissionAddress }: UploadMailInput): MailContent {
  const province = campaign.province(verdict.province)!;
  const date = formatDateVi(verdict.reportDate!);
  const when = campaign.formatLocal(receivedAt);
  const deadline = campaign.formatLocal(campaign.deadline(verdict.reportDate!));
  const status = superseded
    ? `Hệ thống đã nhận một tệp gửi sau tệp này cho cùng ngày báo cáo; số liệu của tệp gửi sau được dùng để tổng hợp, tệp này được lưu trong lịch sử.`
    : late
      ? `Báo cáo được nhận lúc ${when}, sau hạn nộp (${deadline}): báo cáo được ghi nhận nhưng tính là nộp muộn.`
      : `Báo cáo được nhận lúc ${when}, đúng hạn (hạn nộp ${deadline}).`;
  const subject = `Đã nhận báo cáo ngày ${date} - ${officeName(province)}`;
  const values = verdict.values ?? [];
  const text = [
    `Kính gửi ${officeName(province)},`,
    '',
    `Hệ thống đã nhận báo cáo ngày ${date} (tệp ${fileName}).`,
    status,
    '',
    'Số liệu đã ghi nhận (cột 1 đến 11):',
    ...values.map((v, i) => `  Cột ${i + 1}: ${formatNumber(v)}`),
    ...(verdict.warnings.length ? ['', `Cảnh báo (${verdict.warnings.length}) - vui lòng kiểm tra lại; nếu cần sửa, gửi lại tệp đã sửa:`, ...verdict.warnings.map(findingText)] : []),
    ...(submissionAddress ? ['', replyToSubmit(submissionAddress)] : []),
    '',
    automatedNote(submissionAddress),
    SIGNATURE,
  ].join('\n');
  const html = htmlDocument(subject, h`
<p>Kính gửi ${officeName(province)},</p>
<p>Hệ thống đã nhận báo cáo ngày <b>${date}</b> (tệp ${fileName}).<br>${status}</p>
<table style="border-collapse:collapse" cellpadding="4" border="1">
<tr><th>Cột</th><th>Số liệu</th></tr>
${values.map((v, i) => h`<tr><td>${i + 1}</td><td style="text-align:right">${formatNumber(v)}</td></tr>`)}
</table>
${verdict.warnings.length ? h`<p><b>Cảnh báo (${verdict.warnings.length})</b> - vui lòng kiểm tra lại; nếu cần sửa, gửi lại tệp đã sửa:</p><ul>${verdict.warnings.map(findingHtml)}</ul>` : h``}
${submissionAddress ? h`<p>${replyToSubmit(submissionAddress)}</p>` : h``}
<p style="color:#777">${automatedNote(submissionAddress)}<br>${SIGNATURE}</p>`);
  return { subject, text, html };
}

function rejectionMail({ campaign, verdict, fileName, receivedAt, submissionAddress }: UploadMailInput): MailContent {
  const province = campaign.province(verdict.province);
  const office = province ? officeName(province) : `đơn vị mã ${verdict.province}`;
  const date = verdict.reportDate ? ` ngày ${formatDateVi(verdict.reportDate)}` : '';
  const subject = `Báo cáo${date} chưa được nhận: tệp ${fileName} có ${verdict.errors.length} lỗi`;
  const folder = `incoming/${verdict.province}/`;
  const text = [
    `Kính gửi ${office},`,
    '',
    `Tệp ${fileName} gửi lúc ${campaign.formatLocal(receivedAt)} chưa được nhận vì có ${verdict.errors.length} lỗi:`,
    ...verdict.errors.map(findingText),
    ...(verdict.warnings.length ? ['', 'Ngoài ra cần lưu ý:', ...verdict.warnings.map(findingText)] : []),
    '',
    `Vui lòng sửa các lỗi trên rồi tải tệp lên lại vào thư mục ${folder}. Tệp đã gửi vẫn được lưu lại.`,
    `Có thể kiểm tra tệp trước khi gửi bằng lệnh: bhxh parse <tệp> --province ${verdict.province}`,
    ...(submissionAddress ? [replyToSubmit(submissionAddress)] : []),
    '',
    automatedNote(submissionAddress),
    SIGNATURE,
  ].join('\n');
  const html = htmlDocument(subject, h`
<p>Kính gửi ${office},</p>
<p>Tệp <b>${fileName}</b> gửi lúc ${campaign.formatLocal(receivedAt)} <b>chưa được nhận</b> vì có ${verdict.errors.length} lỗi:</p>
<ul>${verdict.errors.map(findingHtml)}</ul>
${verdict.warnings.length ? h`<p>Ngoài ra cần lưu ý:</p><ul>${verdict.warnings.map(findingHtml)}</ul>` : h``}
<p>Vui lòng sửa các lỗi trên rồi tải tệp lên lại vào thư mục <code>${folder}</code>. Tệp đã gửi vẫn được lưu lại.<br>
Có thể kiểm tra tệp trước khi gửi bằng lệnh: <code>bhxh parse &lt;tệp&gt; --province ${verdict.province}</code></p>
${submissionAddress ? h`<p>${replyToSubmit(submissionAddress)}</p>` : h``}
<p style="color:#777">${automatedNote(submissionAddress)}<br>${SIGNATURE}</p>`);
  return { subject, text, html };
}
