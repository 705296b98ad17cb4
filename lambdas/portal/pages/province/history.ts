// One province's campaign: each report date's state and every submission (a province its own; the
// national office any province, named by ?tinh=).
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import { formatDateVi } from '../../../../shared/domain/format.ts';
import { officeName } from '../../../../shared/domain/mail/common.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { dateStates, type DateState } from '../../../../shared/domain/portal/dates.ts';
import { canViewProvince } from '../../../../shared/domain/portal/roles.ts';
import type { SubmissionRecord } from '../../../../shared/domain/report.ts';
import { badRequest, forbidden, htmlPage, notFound, principalOf, type PortalContext, type PortalDeps } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { submissionCards } from '../../views/standing.ts';
import { statusTag } from '../../views/submissions.ts';

function historyBody(campaign: Campaign, province: string, dates: DateState[], submissions: SubmissionRecord[], showProvince: boolean): Html {
  const p = campaign.province(province);
  return h`<h1>Lịch sử${showProvince && p ? h` - ${officeName(p)}` : h``}</h1>
<h2>Các ngày báo cáo</h2>
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table>
<tr><th scope="col">Ngày báo cáo</th><th scope="col">Tình trạng</th><th scope="col">Nộp lúc, hoặc hạn nộp</th></tr>
${dates.map((d) => h`<tr><td>${formatDateVi(d.date)}</td><td>${statusTag(d.status)}</td><td>${d.submittedAt ? `Nộp lúc ${campaign.formatLocal(new Date(d.submittedAt))}` : `Hạn ${campaign.formatLocal(d.deadline)}`}</td></tr>`)}
</table></div>
<h2>Các lần nộp (${submissions.length})</h2>
${submissions.length === 0 ? h`<p>Chưa có lần nộp nào.</p>` : submissionCards(campaign, submissions)}`;
}

/** Every submission of one province in the campaign, newest first (one Query per report date). */
export async function provinceSubmissions(deps: PortalDeps, province: string): Promise<SubmissionRecord[]> {
  const perDate = await Promise.all(deps.campaign.reportDates.map((d) => deps.submissions.listForDate(d)));
  return perDate.flat().filter((s) => s.province === province).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

export async function historyPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const { campaign } = deps;
  const principal = await principalOf(c);
  const province = c.req.query('tinh') ?? (principal.role === 'province' ? principal.province : '');
  if (!campaign.province(province)) {
    if (principal.role === 'national') throw badRequest('Chọn một tỉnh, thành phố (tham số tinh).');
    throw notFound();
  }
  if (!canViewProvince(principal, province)) throw forbidden();
  const [reports, submissions] = await Promise.all([deps.reports.listReportsForProvince(province), provinceSubmissions(deps, province)]);
  return htmlPage(c, 200, {
    title: 'Lịch sử', principal, current: PATHS.history,
    body: historyBody(campaign, province, dateStates(campaign, reports, submissions, now), submissions, principal.role === 'national'),
  });
}
