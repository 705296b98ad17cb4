// The national office's day: counts and the province table (updated in place as reports arrive, in
// the sort and filter chosen), the snapshot's downloads, and the trend of provinces reporting.
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import { formatDateVi, formatInteger } from '../../../../shared/domain/format.ts';
import { h, raw, type Html } from '../../../../shared/domain/mail/html.ts';
import type { Snapshot } from '../../../../shared/domain/snapshot/model.ts';
import type { TableView } from '../../../../shared/domain/snapshot/table-view.ts';
import { warningSummary } from '../../../../shared/domain/snapshot/text.ts';
import { htmlPage, jsonBody, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { provinceTable, requestedView, tableViewForm, viewQuery } from '../../views/national-table.ts';
import { downloadLinks } from '../../views/downloads.ts';
import { changeCharts } from '../../views/province-history.ts';
import { dateLinks } from '../../views/submissions.ts';
import { nationalDate, snapshotOf, snapshotWithReports } from './snapshot.ts';

/** The live part of the national page: counts and the province table as the view asks (replaced as reports arrive). */
function nationalLive(campaign: Campaign, snapshot: Snapshot, view: TableView): Html {
  const c = snapshot.counts;
  return h`<p>${snapshot.final ? h`<span class="tag on_time">Số liệu chính thức</span>` : h`<span class="tag late">Số liệu tạm thời</span>`} Cập nhật lúc ${campaign.formatLocal(new Date(snapshot.generatedAt))}. Hạn nộp ${campaign.formatLocal(new Date(snapshot.deadline))}.</p>
<ul class="counts" aria-label="Tổng hợp">
<li><b>${c.onTime + c.late}/${c.expected}</b>đã nộp</li>
<li><b>${c.onTime}</b>đúng hạn</li>
<li><b>${c.late}</b>muộn</li>
<li><b>${c.missing}</b>chưa nộp${c.rejectedOnly ? h` (${c.rejectedOnly} chỉ có tệp bị từ chối)` : h``}</li>
<li><b>${c.warned}</b>có cảnh báo</li>
</ul>
<p${c.baselineChanged ? h` class="alert" role="alert"` : h``}>${warningSummary(snapshot)}</p>
${provinceTable(campaign, snapshot, view, `${PATHS.national}?ngay=${snapshot.date}`)}`;
}

function trendChart(snapshot: Snapshot): Html {
  const points = snapshot.trend;
  if (points.length === 0) return h``;
  const max = Math.max(1, ...points.map((p) => p.reported));
  const barWidth = 30;
  const height = 100;
  const width = points.length * barWidth + 10;
  return h`<figure class="trend card"><figcaption>Số tỉnh, thành phố đã nộp theo ngày báo cáo</figcaption>
<div class="table-wrap" tabindex="0" role="region" aria-label="Biểu đồ (cuộn ngang được)"><svg class="bars" viewBox="0 0 ${width} ${height + 36}" width="${width}" height="${height + 36}" role="img" aria-label="Biểu đồ số tỉnh đã nộp theo ngày">
${points.map((p, i) => {
    const barHeight = Math.round((p.reported / max) * height);
    return h`<g><title>${formatDateVi(p.date)}: ${p.reported} tỉnh</title><rect x="${i * barWidth + 5}" y="${height - barHeight}" width="${barWidth - 6}" height="${barHeight}"></rect><text x="${i * barWidth + barWidth / 2 + 2}" y="${height + 15}">${p.date.slice(8)}</text><text x="${i * barWidth + barWidth / 2 + 2}" y="${height + 32}">${p.reported}</text></g>`;
  })}
</svg></div>
<details><summary>Số liệu của biểu đồ</summary><div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table><tr><th scope="col">Ngày</th><th scope="col">Số tỉnh đã nộp</th><th scope="col">Cột 9 (số tiền chậm đóng đến ngày báo cáo)</th></tr>
${points.map((p) => h`<tr><td>${formatDateVi(p.date)}</td><td class="num">${p.reported}</td><td class="num">${p.total ? formatInteger(p.total[8]!) : ''}</td></tr>`)}</table></div></details>
</figure>`;
}

function liveVersion(snapshot: Snapshot): string {
  return `${snapshot.final ? 1 : 0}|${snapshot.rows.map((r) => `${r.status}${r.submittedAt ?? ''}${r.correction?.at ?? ''}`).join(',')}`;
}

export async function nationalPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const { campaign } = deps;
  const principal = await principalOf(c);
  const date = await nationalDate(c);
  const view = requestedView(c);
  const { snapshot, state } = await snapshotWithReports(deps, date, now);
  const body = h`<h1>Báo cáo ngày ${formatDateVi(date)}</h1>
${dateLinks(campaign, PATHS.national, date)}
${downloadLinks('Tải bảng tổng hợp', PATHS.snapshotDownload, date, ['xlsx', 'csv', 'json', 'html'], Boolean(state), 'Bảng tổng hợp của ngày này chưa được tạo.')}
${tableViewForm(snapshot.texts, PATHS.national, date, view)}
<div id="live" data-live-url="${PATHS.live}?ngay=${date}${viewQuery(view)}" data-version="${liveVersion(snapshot)}" data-interval="${deps.livePollMs ?? 3000}">${nationalLive(campaign, snapshot, view)}</div>
<figure class="trend card"><figcaption>Số tiền chậm đóng toàn quốc so với ${snapshot.texts.baselineShort} (%, cùng nhóm tỉnh)</figcaption>${raw(changeCharts(snapshot))}</figure>
${trendChart(snapshot)}`;
  return htmlPage(c, 200, { title: `Báo cáo ngày ${formatDateVi(date)}`, principal, current: PATHS.national, body, wide: true });
}

export async function nationalLiveApi(c: PortalContext): Promise<Response> {
  const view = requestedView(c);
  const snapshot = await snapshotOf(c.var.deps, await nationalDate(c), c.var.now);
  return jsonBody(c, 200, { version: liveVersion(snapshot), html: nationalLive(c.var.deps.campaign, snapshot, view).html });
}
