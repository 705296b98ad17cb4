// The provinces without an accepted report for one date, with their contact addresses.
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import { formatDateVi } from '../../../../shared/domain/format.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import type { Snapshot } from '../../../../shared/domain/snapshot/model.ts';
import { htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { dateLinks, statusTag } from '../../views/submissions.ts';
import { nationalDate, snapshotOf } from './snapshot.ts';

function missingBody(campaign: Campaign, snapshot: Snapshot, contacts: ReadonlyMap<string, readonly string[]>): Html {
  const rows = snapshot.rows.filter((r) => r.status === 'missing' || r.status === 'rejected_only');
  return h`<h1>Chưa nộp - ngày ${formatDateVi(snapshot.date)}</h1>
${dateLinks(campaign, PATHS.missing, snapshot.date)}
<p>${rows.length} tỉnh, thành phố chưa có báo cáo được nhận (hạn nộp ${campaign.formatLocal(new Date(snapshot.deadline))}).</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table>
<tr><th scope="col">Mã</th><th scope="col">Tỉnh/Thành phố</th><th scope="col">Tình trạng</th><th scope="col">Địa chỉ liên hệ</th></tr>
${rows.map((r) => h`<tr><td>${r.code}</td><th scope="row">${r.name}</th><td>${statusTag(r.status)}</td><td>${(contacts.get(r.code) ?? []).map((a, i) => h`${i ? ', ' : ''}<a href="mailto:${a}">${a}</a>`)}</td></tr>`)}
</table></div>`;
}

export async function missingPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const principal = await principalOf(c);
  const [snapshot, contacts] = await Promise.all([snapshotOf(deps, await nationalDate(c), now), deps.contacts()]);
  const emails = new Map(contacts.provinces.map((p) => [p.province, p.emails]));
  return htmlPage(c, 200, { title: 'Chưa nộp', principal, current: PATHS.missing, body: missingBody(deps.campaign, snapshot, emails) });
}
