// Pieces several pages show: a pipeline verdict on one upload, a list of submissions, status tags,
// and the links between a campaign's report dates.
import type { Campaign } from '../../../shared/domain/campaign.ts';
import { formatBytes, formatDateVi } from '../../../shared/domain/format.ts';
import { h, raw, type Html } from '../../../shared/domain/mail/html.ts';
import type { DateStatus } from '../../../shared/domain/portal/dates.ts';
import type { Finding, StoredReport, SubmissionRecord } from '../../../shared/domain/report.ts';
import { submissionVerdict } from '../../../shared/domain/intake/emails.ts';
import { submittedFileName } from '../../../shared/domain/intake/origin.ts';
import { renderHtml } from '../../../shared/domain/messages/render.ts';
import { shownFileName } from '../../../shared/domain/shown-text.ts';
import { STATUS_LABEL } from '../../../shared/domain/snapshot/text.ts';
import { PATHS } from '../paths.ts';

const findingItem = (f: Finding): Html => h`<li>${f.cell ? h`<b>Ô ${f.cell}</b>: ` : h``}${f.message}</li>`;

export function fileNameOf(objectKey: string): string {
  return shownFileName(objectKey.slice(objectKey.lastIndexOf('/') + 1));
}

/** What a province reads when its file is over the limit (the page's script and the upload ticket both say it). */
export function tooLargeText(maxBytes: number): string {
  return `Tệp quá lớn: báo cáo ngày chỉ được tối đa ${formatBytes(maxBytes)}.`;
}

/** The pipeline's verdict on one upload, as the province reads it: the words of its mail (intake/emails.ts).
 *  `keeps` is the province's accepted report for the date, which a rejected file leaves in place. */
export function verdictView(campaign: Campaign, s: SubmissionRecord, keeps?: StoredReport): Html {
  const v = submissionVerdict(campaign, s, submittedFileName(s.objectKey, s.origin), keeps);
  return h`<div class="card ${v.outcome}">
<h2>${v.heading}</h2>
${renderHtml(v.blocks)}</div>`;
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
${submissions.map((s) => h`<tr><td>${campaign.formatLocal(new Date(s.receivedAt))}</td>${withProvince ? h`<td>${campaign.province(s.province)?.name ?? s.province}</td>` : h``}<td><a href="${PATHS.fileDownload}?key=${encodeURIComponent(s.objectKey)}">${submittedFileName(s.objectKey, s.origin)}</a></td><td>${formatDateVi(s.reportDate)}</td><td>${submissionState(s)}</td><td>${s.errors.length ? h`<ul>${s.errors.map(findingItem)}</ul>` : h``}</td></tr>`)}
</table></div>`;
}

export function dateLinks(campaign: Campaign, base: string, current: string): Html {
  return h`<nav aria-label="Các ngày báo cáo"><ul class="dates">${campaign.reportDates.map((d) => h`<li><a href="${base}?ngay=${d}"${d === current ? raw(' aria-current="page"') : h``}>${formatDateVi(d)}</a></li>`)}</ul></nav>`;
}
