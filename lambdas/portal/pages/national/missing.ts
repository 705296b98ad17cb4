// What the national office needs to chase a date's reports: each province without an accepted report
// (its days missed and late so far, the people to call or write to), and the day's late reporters.
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import type { ContactPerson } from '../../../../shared/domain/contacts/people.ts';
import { formatDateVi, formatDuration } from '../../../../shared/domain/format.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { lateArrivals, type LateArrival } from '../../../../shared/domain/snapshot/changes.ts';
import type { Snapshot, SnapshotRow } from '../../../../shared/domain/snapshot/model.ts';
import { htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { dateLinks, statusTag } from '../../views/submissions.ts';
import { nationalDate, snapshotWithReports } from './snapshot.ts';

/** A dialable number: the digits (and a leading +) of what was typed, when that is all it holds. */
function telHref(phone: string): string | undefined {
  const dial = phone.replace(/[\s.-]/g, '');
  return /^\+?[0-9]{8,15}$/.test(dial) ? `tel:${dial}` : undefined;
}

function personItem(p: ContactPerson): Html {
  const tel = p.phone ? telHref(p.phone) : undefined;
  return h`<li>${p.name ? h`<b>${p.name}</b>` : h`<span class="muted">(chưa có tên)</span>`}${p.role ? `, ${p.role}` : ''}<br>
${p.phone ? h`${tel ? h`<a href="${tel}">${p.phone}</a>` : p.phone} · ` : h``}<a href="mailto:${p.email}">${p.email}</a></li>`;
}

function unitCard(row: SnapshotRow, people: readonly ContactPerson[], date: string): Html {
  const d = row.days;
  return h`<li><article class="card unit" aria-labelledby="unit-${row.code}">
<h3 id="unit-${row.code}">${row.name} ${statusTag(row.status)}</h3>
<p>Quá hạn chưa nộp <b>${d.missing}</b> ngày, nộp muộn <b>${d.late}</b> ngày, đúng hạn ${d.onTime} ngày (từ đầu đợt đến ngày ${formatDateVi(date)}).</p>
${row.rejectedCount ? h`<p>${row.rejectedCount} tệp gửi cho ngày này bị từ chối: xem <a href="${PATHS.uploads}?ngay=${date}">Các lần nộp</a>.</p>` : h``}
${people.length
    ? h`<ul class="people" aria-label="Người liên hệ">${people.map(personItem)}</ul>`
    : h`<p>Chưa có địa chỉ liên hệ.</p>`}
<p class="links"><a href="${PATHS.history}?tinh=${row.code}">Lịch sử nộp</a> · <a href="${PATHS.contacts}?tinh=${row.code}">Địa chỉ liên hệ</a></p>
</article></li>`;
}

function lateView(campaign: Campaign, late: readonly LateArrival[]): Html {
  if (!late.length) return h`<p>Không có tỉnh, thành phố nào nộp muộn.</p>`;
  const label = { province: 'Tỉnh/Thành phố', at: 'Nộp lúc', after: 'Sau hạn nộp' };
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Nộp muộn (cuộn ngang được)"><table class="stack">
<thead><tr><th scope="col">${label.province}</th><th scope="col">${label.at}</th><th scope="col">${label.after}</th></tr></thead>
<tbody>${late.map((l) => h`<tr><th scope="row">${campaign.province(l.province)?.name ?? l.province}</th><td data-label="${label.at}">${campaign.formatLocal(new Date(l.at))}</td><td data-label="${label.after}">${formatDuration(l.afterDeadlineMs)}</td></tr>`)}</tbody>
</table></div>`;
}

function missingBody(campaign: Campaign, snapshot: Snapshot, late: readonly LateArrival[], people: ReadonlyMap<string, readonly ContactPerson[]>): Html {
  // The provinces that missed the most days first (registry order among equals): the ones to call first.
  const rows = snapshot.rows
    .filter((r) => r.status === 'missing' || r.status === 'rejected_only')
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.days.missing - a.r.days.missing || a.i - b.i)
    .map(({ r }) => r);
  return h`<h1>Chưa nộp - ngày ${formatDateVi(snapshot.date)}</h1>
${dateLinks(campaign, PATHS.missing, snapshot.date)}
<p>Hạn nộp ${campaign.formatLocal(new Date(snapshot.deadline))}: ${rows.length} tỉnh, thành phố chưa có báo cáo được nhận; <a href="#nop-muon">${late.length} nộp muộn</a>.</p>
<h2>Chưa có báo cáo được nhận (${rows.length})</h2>
${rows.length
    ? h`<p class="muted">Xếp theo số ngày chưa nộp trong đợt, nhiều nhất trước.</p><ul class="units">${rows.map((r) => unitCard(r, people.get(r.code) ?? [], snapshot.date))}</ul>`
    : h`<p>Tất cả tỉnh, thành phố đã có báo cáo được nhận.</p>`}
<h2 id="nop-muon">Nộp muộn (${late.length})</h2>
${lateView(campaign, late)}`;
}

export async function missingPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const principal = await principalOf(c);
  const date = await nationalDate(c);
  const [{ snapshot, reports }, registry] = await Promise.all([snapshotWithReports(deps, date, now), deps.contactChanges.registry.list()]);
  const people = new Map(registry.provinces.map((p) => [p.province, p.people]));
  return htmlPage(c, 200, {
    title: 'Chưa nộp', principal, current: PATHS.missing,
    body: missingBody(deps.campaign, snapshot, lateArrivals(deps.campaign, date, reports), people),
  });
}
