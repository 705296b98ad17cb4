// Pieces several pages show: a pipeline verdict on one upload, a list of submissions, status tags,
// and the links between a campaign's report dates.
import type { Campaign } from '../../../shared/domain/campaign.ts';
import { formatBytes, formatDateVi, formatInteger } from '../../../shared/domain/format.ts';
import { h, raw, type Html } from '../../../shared/domain/mail/html.ts';
import type { DateStatus } from '../../../shared/domain/portal/dates.ts';
import { findingCount, valueSourceLine } from '../../../shared/domain/findings.ts';
import type { Finding, SubmissionRecord } from '../../../shared/domain/report.ts';
import { formTexts, STATUS_LABEL } from '../../../shared/domain/snapshot/text.ts';
import { shownFileName } from '../../../shared/domain/shown-text.ts';
import { PATHS } from '../paths.ts';

const findingItem = (f: Finding): Html => h`<li>${f.cell ? h`<b>Ô ${f.cell}</b>: ` : h``}${f.message} <span class="muted">[${f.code}]</span></li>`;

export function fileNameOf(objectKey: string): string {
  return shownFileName(objectKey.slice(objectKey.lastIndexOf('/') + 1));
}

/** What a province reads when its file is over the limit (the page's script and the upload ticket both say it). */
export function tooLargeText(maxBytes: number): string {
  return `Tệp quá lớn: báo cáo ngày chỉ được tối đa ${formatBytes(maxBytes)}.`;
}

/** The pipeline's verdict on one upload, as the province reads it (the same facts as its mail). */
export function verdictView(campaign: Campaign, s: SubmissionRecord): Html {
  const file = fileNameOf(s.objectKey);
  const received = campaign.formatLocal(new Date(s.receivedAt));
  if (s.status === 'rejected') {
    return h`<div class="card rejected">
<h2>Báo cáo chưa được nhận: tệp ${file} có ${findingCount(s.errors)} lỗi</h2>
<p>Tệp gửi lúc ${received}. Vui lòng sửa các lỗi dưới đây rồi nộp lại tệp đã sửa; tệp đã gửi vẫn được lưu lại.</p>
<ul>${s.errors.map(findingItem)}</ul>
${s.warnings.length ? h`<p>Ngoài ra cần lưu ý:</p><ul>${s.warnings.map(findingItem)}</ul>` : h``}
</div>`;
  }
  const date = formatDateVi(s.reportDate);
  const deadline = campaign.formatLocal(campaign.deadline(s.reportDate));
  const timing = s.late
    ? `Nhận lúc ${received}, sau hạn nộp (${deadline}): báo cáo được ghi nhận nhưng tính là nộp muộn.`
    : `Nhận lúc ${received}, đúng hạn (hạn nộp ${deadline}).`;
  return h`<div class="card accepted">
<h2>Đã nhận báo cáo ngày ${date}</h2>
<p>Tệp ${file}. ${timing}</p>
${s.source ? h`<p>${valueSourceLine(s.source)}</p>` : h``}
${s.superseded ? h`<p>Một tệp gửi sau tệp này cho cùng ngày báo cáo đã được nhận; số liệu của tệp gửi sau được dùng để tổng hợp.</p>` : h``}
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table><caption>Số liệu đã ghi nhận</caption>
<tr><th scope="col">Cột</th><th scope="col">Chỉ tiêu</th><th scope="col">Số liệu</th></tr>
${(s.values ?? []).map((v, i) => h`<tr><td>${i + 1}</td><td>${formTexts(campaign.config).columnLabels[i] ?? ''}</td><td class="num">${formatInteger(v)}</td></tr>`)}
</table></div>
${s.warnings.length ? h`<p><b>Cảnh báo (${findingCount(s.warnings)})</b>: vui lòng kiểm tra lại; nếu cần sửa, nộp lại tệp đã sửa.</p><ul>${s.warnings.map(findingItem)}</ul>` : h``}
</div>`;
}

const DATE_STATUS_LABEL: Record<DateStatus, string> = { ...STATUS_LABEL, not_due: 'Chưa đến hạn' };
export const statusTag = (status: DateStatus): Html => h`<span class="tag ${status}">${DATE_STATUS_LABEL[status]}</span>`;

function submissionState(s: SubmissionRecord): Html {
  if (s.status === 'rejected') return h`<span class="tag rejected_only">Bị từ chối</span>`;
  return h`<span class="tag ${s.late ? 'late' : 'on_time'}">Đã nhận, ${s.late ? 'muộn' : 'đúng hạn'}</span>${s.superseded ? h` <span class="muted">(đã được thay bằng tệp gửi sau)</span>` : h``}`;
}

export function submissionsTable(campaign: Campaign, submissions: SubmissionRecord[], withProvince: boolean): Html {
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table>
<tr><th scope="col">Thời điểm nhận</th>${withProvince ? h`<th scope="col">Tỉnh/Thành phố</th>` : h``}<th scope="col">Tệp</th><th scope="col">Ngày báo cáo</th><th scope="col">Kết quả</th><th scope="col">Lỗi</th></tr>
${submissions.map((s) => h`<tr><td>${campaign.formatLocal(new Date(s.receivedAt))}</td>${withProvince ? h`<td>${campaign.province(s.province)?.name ?? s.province}</td>` : h``}<td><a href="${PATHS.fileDownload}?key=${encodeURIComponent(s.objectKey)}">${fileNameOf(s.objectKey)}</a></td><td>${formatDateVi(s.reportDate)}</td><td>${submissionState(s)}</td><td>${s.errors.length ? h`<ul>${s.errors.map(findingItem)}</ul>` : h``}</td></tr>`)}
</table></div>`;
}

export function dateLinks(campaign: Campaign, base: string, current: string): Html {
  return h`<nav aria-label="Các ngày báo cáo"><ul class="dates">${campaign.reportDates.map((d) => h`<li><a href="${base}?ngay=${d}"${d === current ? raw(' aria-current="page"') : h``}>${formatDateVi(d)}</a></li>`)}</ul></nav>`;
}
