// Pieces several pages show: a pipeline verdict on one upload, a date's uploads with their warnings and
// corrections, status tags, and the links between a campaign's report dates.
import type { Campaign } from '../../../shared/domain/campaign.ts';
import { formatBytes, formatDateVi } from '../../../shared/domain/format.ts';
import { h, raw, type Html } from '../../../shared/domain/mail/html.ts';
import type { DateStatus } from '../../../shared/domain/portal/dates.ts';
import type { Finding, StoredReport, SubmissionRecord } from '../../../shared/domain/report.ts';
import { submissionVerdict } from '../../../shared/domain/intake/emails.ts';
import { submittedFileName } from '../../../shared/domain/intake/origin.ts';
import { renderHtml } from '../../../shared/domain/messages/render.ts';
import { shownFileName } from '../../../shared/domain/shown-text.ts';
import { findingCount, findingLine } from '../../../shared/domain/findings.ts';
import type { Correction, SubmissionNotice } from '../../../shared/domain/snapshot/changes.ts';
import { correctionText, LABELS, STATUS_LABEL } from '../../../shared/domain/snapshot/text.ts';
import { PATHS } from '../paths.ts';


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

/** A report's warnings as a count that opens on their texts; a changed baseline (cols 1-4) is an alert. */
export function warningsDetails(warnings: readonly Finding[], baselineChanged: boolean): Html {
  if (!warnings.length) return h``;
  return h`<details${baselineChanged ? h` class="alert"` : h``}><summary>${findingCount(warnings)} cảnh báo${baselineChanged ? ` · ${LABELS.baselineChanged}` : ''}</summary><ul>${warnings.map((w) => h`<li>${findingLine(w)}</li>`)}</ul></details>`;
}

/** A correction as on the snapshot ("sửa lúc …: cột 9: … → …"), marked when it came after the deadline. */
export function correctionView(correction: Correction | null, timeZone: string): Html {
  if (!correction) return h``;
  return correction.afterDeadline
    ? h`<span class="tag late">Sửa sau hạn nộp</span> <b>${correctionText(correction, timeZone)}</b>`
    : h`${correctionText(correction, timeZone)}`;
}

/** A date's uploads for the national office: one row each (a card on a phone, where each cell says what it is), its warnings and the correction it made. */
export function uploadsTable(campaign: Campaign, notices: readonly SubmissionNotice[]): Html {
  const headings = ['Thời điểm nhận', 'Tỉnh/Thành phố', 'Tệp', 'Kết quả', LABELS.warnings, LABELS.correction, 'Lỗi'];
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Các lần nộp (cuộn ngang được)"><table class="stack">
<thead><tr>${headings.map((l) => h`<th scope="col">${l}</th>`)}</tr></thead>
<tbody>${notices.map(({ submission: s, warnings, baselineChanged, correction }) => h`<tr${correction?.afterDeadline || baselineChanged ? h` class="flag"` : h``}><td>${campaign.formatLocal(new Date(s.receivedAt))}</td><th scope="row">${campaign.province(s.province)?.name ?? s.province}</th><td><a href="${PATHS.fileDownload}?key=${encodeURIComponent(s.objectKey)}">${submittedFileName(s.objectKey, s.origin)}</a></td><td>${submissionState(s)}</td><td>${warningsDetails(warnings, baselineChanged)}</td><td>${correctionView(correction, campaign.timeZone)}</td><td>${s.errors.length ? h`${findingCount(s.errors)} lỗi${s.errors[0] ? h`, đầu tiên: ${findingLine(s.errors[0])}` : h``}` : h``}</td></tr>`)}</tbody>
</table></div>`;
}

export function dateLinks(campaign: Campaign, base: string, current: string): Html {
  return h`<nav aria-label="Các ngày báo cáo"><ul class="dates">${campaign.reportDates.map((d) => h`<li><a href="${base}?ngay=${d}"${d === current ? raw(' aria-current="page"') : h``}>${formatDateVi(d)}</a></li>`)}</ul></nav>`;
}
