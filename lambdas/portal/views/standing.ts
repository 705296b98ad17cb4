// Where a province stands (its home page) and its submissions as cards (the history): what a clerk
// reads on a phone. No rule codes and no storage keys: the file's own name, the time, how it came.
import type { Campaign } from '../../../shared/domain/campaign.ts';
import { entryFields } from '../../../shared/domain/entry/fields.ts';
import type { Standing } from '../../../shared/domain/entry/standing.ts';
import { formatDateVi, formatDuration, formatInteger } from '../../../shared/domain/format.ts';
import { h, type Html } from '../../../shared/domain/mail/html.ts';
import type { Finding, SubmissionRecord } from '../../../shared/domain/report.ts';
import { formTexts } from '../../../shared/domain/snapshot/text.ts';
import { PATHS } from '../paths.ts';
import { fileNameOf } from './submissions.ts';
import { findingCount } from '../../../shared/domain/findings.ts';

/** How a file came, as a clerk says it. */
export const ORIGIN_LABEL: Record<NonNullable<SubmissionRecord['origin']>, string> = {
  portal: 'Tải tệp lên cổng',
  'entry-form': 'Nhập số liệu trên cổng',
  mail: 'Gửi qua thư điện tử',
  s3: 'Tải thẳng lên kho lưu trữ',
};

const findingLine = (f: Finding): Html => h`<li>${f.cell ? h`<b>Ô ${f.cell}</b>: ` : h``}${f.message}</li>`;

function valuesList(campaign: Campaign, values: readonly number[]): Html {
  return h`<dl class="values">${entryFields(formTexts(campaign.config)).map((f) => h`<div><dt>Cột ${f.col}. ${f.label}</dt><dd>${formatInteger(values[f.col - 1]!)} ${f.unit}</dd></div>`)}</dl>`;
}

function dueView(campaign: Campaign, s: Standing, canRepeat: boolean): Html {
  const due = s.due;
  const date = formatDateVi(due.date);
  const deadline = campaign.formatLocal(due.deadline);
  if (due.kind === 'received') {
    return h`<section class="card standing accepted" aria-labelledby="due-title">
<h2 id="due-title">Báo cáo ngày ${date}: đã nộp</h2>
<p>Đã nộp lúc ${campaign.formatLocal(new Date(due.receivedAt))} (${due.late ? `muộn, hạn nộp ${deadline}` : 'đúng hạn'}).${due.correctedAt ? ` Đã sửa lúc ${campaign.formatLocal(new Date(due.correctedAt))}.` : ''}</p>
<details><summary>Số liệu đã nhận</summary>${valuesList(campaign, due.values)}</details>
<p><a href="${PATHS.entry}?ngay=${due.date}">Sửa số liệu</a></p>
</section>`;
  }
  const when = due.timeLeft > 0
    ? h`Hạn nộp ${deadline}, còn <b>${formatDuration(due.timeLeft)}</b>.`
    : h`Đã quá hạn nộp (${deadline}): báo cáo nộp bây giờ vẫn được nhận nhưng tính là nộp muộn.`;
  return h`<section class="card standing missing" aria-labelledby="due-title">
<h2 id="due-title">Báo cáo ngày ${date}: chưa nộp</h2>
<p>${when}</p>
${due.rejected ? h`<p>${due.rejected} tệp gửi cho ngày này đã bị từ chối; xem lỗi ở lần nộp gần nhất bên dưới hoặc trong <a href="${PATHS.history}">Lịch sử</a>.</p>` : h``}
<p class="actions"><a class="button" href="${PATHS.entry}?ngay=${due.date}">Nhập số liệu</a>${canRepeat ? h` <a class="button secondary" href="${PATHS.sameAsLatest}?ngay=${due.date}">Giống hôm qua</a>` : h``}</p>
<p class="muted">Hoặc tải tệp báo cáo lên ở phần dưới.</p>
</section>`;
}

function missingView(s: Standing): Html {
  if (s.missing.length === 0) return h``;
  return h`<section class="card" aria-labelledby="missing-title">
<h2 id="missing-title">Các ngày trước còn thiếu báo cáo (${s.missing.length})</h2>
<ul class="missing-dates">${s.missing.map((m) => h`<li><a href="${PATHS.entry}?ngay=${m.date}">Nộp báo cáo ngày ${formatDateVi(m.date)}</a>${m.status === 'rejected_only' ? h` <span class="muted">(chỉ có tệp bị từ chối)</span>` : h``}</li>`)}</ul>
</section>`;
}

function lastView(campaign: Campaign, s: Standing): Html {
  if (!s.last) return h``;
  const { submission, held } = s.last;
  return h`<section aria-labelledby="last-title">
<h2 id="last-title">Lần nộp gần nhất</h2>
${held ? h`<p class="card notice">Tệp mới ${fileNameOf(submission.objectKey)} bị từ chối; báo cáo ngày ${formatDateVi(held.reportDate)} đã nhận lúc ${campaign.formatLocal(new Date(held.firstReceivedAt ?? held.receivedAt))} vẫn được giữ nguyên.</p>` : h``}
${submissionCard(campaign, submission)}
</section>`;
}

/** The province's home: the due date, the earlier dates still missing, the last verdict. */
export function standingView(campaign: Campaign, s: Standing, canRepeat: boolean): Html {
  return h`${dueView(campaign, s, canRepeat)}${missingView(s)}${lastView(campaign, s)}`;
}

function verdictLine(s: SubmissionRecord): Html {
  if (s.status === 'rejected') return h`<span class="tag rejected_only">Bị từ chối</span> ${findingCount(s.errors)} lỗi`;
  return h`<span class="tag ${s.late ? 'late' : 'on_time'}">Đã nhận, ${s.late ? 'muộn' : 'đúng hạn'}</span>${s.superseded ? h` <span class="muted">(đã được thay bằng tệp gửi sau)</span>` : h``}`;
}

/** One submission as a card: when, for which date, how it came, the file, the verdict and its findings. */
export function submissionCard(campaign: Campaign, s: SubmissionRecord, provinceName?: string): Html {
  return h`<article class="card submission ${s.status}">
<h3>${campaign.formatLocal(new Date(s.receivedAt))}${provinceName ? ` · ${provinceName}` : ''}</h3>
<p>Báo cáo ngày ${formatDateVi(s.reportDate)} · ${ORIGIN_LABEL[s.origin ?? 's3']}</p>
<p class="file">Tệp <a href="${PATHS.fileDownload}?key=${encodeURIComponent(s.objectKey)}">${fileNameOf(s.objectKey)}</a></p>
<p>${verdictLine(s)}</p>
${s.errors.length ? h`<ul class="findings">${s.errors.map(findingLine)}</ul>` : h``}
${s.warnings.length ? h`<p>Cảnh báo:</p><ul class="findings">${s.warnings.map(findingLine)}</ul>` : h``}
</article>`;
}

export function submissionCards(campaign: Campaign, submissions: readonly SubmissionRecord[]): Html {
  return h`<ol class="submissions">${submissions.map((s) => h`<li>${submissionCard(campaign, s)}</li>`)}</ol>`;
}
