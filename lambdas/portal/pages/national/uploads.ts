// Every submission of one report date, newest first.
import { formatDateVi } from '../../../../shared/domain/format.ts';
import { h } from '../../../../shared/domain/mail/html.ts';
import { htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { dateLinks, submissionsTable } from '../../views/submissions.ts';
import { nationalDate } from './snapshot.ts';

export async function uploadsPage(c: PortalContext): Promise<Response> {
  const { campaign, submissions: reader } = c.var.deps;
  const principal = await principalOf(c);
  const date = await nationalDate(c);
  const submissions = (await reader.listForDate(date)).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const body = h`<h1>Các lần nộp - ngày ${formatDateVi(date)}</h1>
${dateLinks(campaign, PATHS.uploads, date)}
<p>${submissions.length} lần nộp cho ngày báo cáo này.</p>
${submissionsTable(campaign, submissions, true)}`;
  return htmlPage(c, 200, { title: 'Các lần nộp', principal, current: PATHS.uploads, body });
}
