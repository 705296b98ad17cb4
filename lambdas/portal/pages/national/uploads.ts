// Every submission of one report date, newest first, with each one's warnings and the correction it
// made (when, before → after); a changed baseline and a correction after the deadline stand out. The
// page stays small whatever a province sends: every accepted upload, only its latest rejected ones.
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import { formatDateVi } from '../../../../shared/domain/format.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { submissionNotices, type SubmissionNotice } from '../../../../shared/domain/snapshot/changes.ts';
import { htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { dateLinks, uploadsTable } from '../../views/submissions.ts';
import { nationalDate } from './snapshot.ts';

function summary(campaign: Campaign, notices: readonly SubmissionNotice[]): Html {
  const accepted = notices.filter((n) => n.submission.status === 'accepted').length;
  const warned = notices.filter((n) => n.warnings.length).length;
  const corrected = notices.filter((n) => n.correction?.afterDeadline);
  // Only an accepted upload moves the figures; a rejected file's differing baseline is on its row.
  const baseline = notices.filter((n) => n.baselineChanged && n.submission.status === 'accepted');
  const name = (n: SubmissionNotice): string => campaign.province(n.submission.province)?.name ?? n.submission.province;
  return h`<p>${notices.length} lần nộp cho ngày báo cáo này: ${accepted} được nhận, ${notices.length - accepted} bị từ chối; ${warned} lần nộp có cảnh báo; ${corrected.length} lần sửa báo cáo đã nhận sau hạn nộp.</p>
${baseline.length ? h`<p class="alert" role="alert">${baseline.length} lần nộp thay đổi số liệu gốc (cột 1–4) so với báo cáo trước: ${[...new Set(baseline.map(name))].join(', ')}. Xem cảnh báo ở từng dòng.</p>` : h``}
${corrected.length ? h`<p class="alert">Sửa sau hạn nộp: ${[...new Set(corrected.map(name))].join(', ')}.</p>` : h``}`;
}

/** Rejected uploads listed per province and date; the rest are counted, with a link to the province's history of uploads. */
export const REJECTED_SHOWN = 2;

/** Every accepted notice and each province's latest REJECTED_SHOWN rejected ones (notices are newest first), and how many of the rejected are left out per province. */
export function boundedNotices(notices: readonly SubmissionNotice[]): { shown: SubmissionNotice[]; leftOut: Map<string, number> } {
  const rejected = new Map<string, number>();
  const leftOut = new Map<string, number>();
  const shown = notices.filter((n) => {
    if (n.submission.status !== 'rejected') return true;
    const province = n.submission.province;
    const seen = (rejected.get(province) ?? 0) + 1;
    rejected.set(province, seen);
    if (seen <= REJECTED_SHOWN) return true;
    leftOut.set(province, (leftOut.get(province) ?? 0) + 1);
    return false;
  });
  return { shown, leftOut };
}

function leftOutList(campaign: Campaign, leftOut: ReadonlyMap<string, number>): Html {
  if (!leftOut.size) return h``;
  return h`<p>Mỗi tỉnh chỉ hiện ${REJECTED_SHOWN} tệp bị từ chối gửi gần nhất; các tệp khác ở lịch sử nộp của tỉnh:</p>
<ul class="left-out">${[...leftOut].map(([code, n]) => h`<li><a href="${PATHS.history}?tinh=${code}">${campaign.province(code)?.name ?? code}</a>: và ${n} tệp bị từ chối khác</li>`)}</ul>`;
}

export async function uploadsPage(c: PortalContext): Promise<Response> {
  const { campaign, submissions: reader } = c.var.deps;
  const principal = await principalOf(c);
  const date = await nationalDate(c);
  const submissions = (await reader.listForDate(date)).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const notices = submissionNotices(submissions, campaign.deadline(date));
  const { shown, leftOut } = boundedNotices(notices);
  const body = h`<h1>Các lần nộp - ngày ${formatDateVi(date)}</h1>
${dateLinks(campaign, PATHS.uploads, date)}
${summary(campaign, notices)}
${leftOutList(campaign, leftOut)}
${shown.length ? uploadsTable(campaign, shown) : h``}`;
  return htmlPage(c, 200, { title: 'Các lần nộp', principal, current: PATHS.uploads, body });
}
