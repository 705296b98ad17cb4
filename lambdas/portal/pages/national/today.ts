// The national office's day: counts and the province table (updated in place as reports arrive),
// the snapshot's downloads, and the trend of provinces reporting.
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import { formatDateVi, formatInteger } from '../../../../shared/domain/format.ts';
import { h, raw, type Html } from '../../../../shared/domain/mail/html.ts';
import { trendChart as changeChart } from '../../../../shared/domain/snapshot/html.ts';
import type { Snapshot } from '../../../../shared/domain/snapshot/model.ts';
import { correctionText, formTexts, LABELS, warningSummary } from '../../../../shared/domain/snapshot/text.ts';
import { findingLine } from '../../../../shared/domain/findings.ts';
import { htmlPage, jsonBody, principalOf, type PortalContext } from '../../context.ts';
import { PATHS, provincePath } from '../../paths.ts';
import { dateLinks, statusTag } from '../../views/submissions.ts';
import { nationalDate, snapshotOf } from './snapshot.ts';

/** The live part of the national page: counts and the province table (replaced as reports arrive). */
function nationalLive(campaign: Campaign, snapshot: Snapshot): Html {
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
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table id="province-table">
<caption>Báo cáo của các tỉnh, thành phố ngày ${formatDateVi(snapshot.date)}</caption>
<tr><th scope="col">${LABELS.index}</th><th scope="col">${LABELS.province}</th><th scope="col">${LABELS.status}</th><th scope="col">${LABELS.submittedAt}</th>${formTexts(campaign.config).columnLabels.map((l, i) => h`<th scope="col" title="${l}">${i + 1}</th>`)}<th scope="col">${LABELS.warnings}</th><th scope="col">${LABELS.correction}</th></tr>
${snapshot.rows.map((r, i) => h`<tr data-province="${r.code}"><td>${i + 1}</td><th scope="row"><a href="${provincePath(r.code)}">${r.name}</a></th><td>${statusTag(r.status)}</td><td>${r.submittedAt ? campaign.formatLocal(new Date(r.submittedAt)) : ''}</td>${Array.from({ length: 11 }, (_, j) => h`<td class="num">${r.values ? formatInteger(r.values[j]!) : ''}</td>`)}<td>${r.warnings.length ? h`<details${r.baselineChanged ? h` class="alert"` : h``}><summary>${r.warnings.length} cảnh báo${r.baselineChanged ? ` · ${LABELS.baselineChanged}` : ''}</summary><ul>${r.warnings.map((w) => h`<li>${findingLine(w)}</li>`)}</ul></details>` : h``}</td><td>${r.correction ? correctionText(r.correction, campaign.timeZone) : ''}</td></tr>`)}
<tr class="total"><td></td><th scope="row">${LABELS.total}</th><td></td><td></td>${snapshot.total.map((v) => h`<td class="num">${formatInteger(v)}</td>`)}<td>${c.warned}</td><td></td></tr>
</table></div>
<p class="muted">Cột 1 đến 11: ${formTexts(campaign.config).columnLabels.map((l, i) => `${i + 1}. ${l}`).join('; ')}.</p>`;
}

function trendChart(snapshot: Snapshot): Html {
  const points = snapshot.trend;
  if (points.length === 0) return h``;
  const max = Math.max(1, ...points.map((p) => p.reported));
  const barWidth = 28;
  const height = 120;
  const width = points.length * barWidth + 10;
  return h`<figure class="trend card"><figcaption>Số tỉnh, thành phố đã nộp theo ngày báo cáo</figcaption>
<svg viewBox="0 0 ${width} ${height + 30}" width="${width}" height="${height + 30}" role="img" aria-label="Biểu đồ số tỉnh đã nộp theo ngày">
${points.map((p, i) => {
    const barHeight = Math.round((p.reported / max) * height);
    return h`<g><title>${formatDateVi(p.date)}: ${p.reported} tỉnh</title><rect x="${i * barWidth + 5}" y="${height - barHeight}" width="${barWidth - 6}" height="${barHeight}"></rect><text x="${i * barWidth + 5}" y="${height + 12}">${p.date.slice(8)}</text><text x="${i * barWidth + 5}" y="${height + 26}">${p.reported}</text></g>`;
  })}
</svg>
<details><summary>Số liệu của biểu đồ</summary><div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table><tr><th scope="col">Ngày</th><th scope="col">Số tỉnh đã nộp</th><th scope="col">Cột 9 (số tiền chậm đóng đến ngày báo cáo)</th></tr>
${points.map((p) => h`<tr><td>${formatDateVi(p.date)}</td><td class="num">${p.reported}</td><td class="num">${p.total ? formatInteger(p.total[8]!) : ''}</td></tr>`)}</table></div></details>
</figure>`;
}

function downloadsView(date: string, available: boolean): Html {
  if (!available) return h`<p class="muted">Bảng tổng hợp của ngày này chưa được tạo.</p>`;
  const formats: Array<[string, string]> = [['xlsx', 'Excel (.xlsx)'], ['csv', 'CSV'], ['json', 'JSON'], ['html', 'HTML']];
  return h`<p>Tải bảng tổng hợp: ${formats.map(([f, label], i) => h`${i ? ' · ' : ''}<a href="${PATHS.snapshotDownload}?ngay=${date}&amp;dinh-dang=${f}">${label}</a>`)}</p>`;
}

function liveVersion(snapshot: Snapshot): string {
  return `${snapshot.final ? 1 : 0}|${snapshot.rows.map((r) => `${r.status}${r.submittedAt ?? ''}${r.correction?.at ?? ''}`).join(',')}`;
}

export async function nationalPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const { campaign } = deps;
  const principal = await principalOf(c);
  const date = await nationalDate(c);
  const [snapshot, state] = await Promise.all([snapshotOf(deps, date, now), deps.snapshots.get(date)]);
  const body = h`<h1>Báo cáo ngày ${formatDateVi(date)}</h1>
${dateLinks(campaign, PATHS.national, date)}
${downloadsView(date, Boolean(state))}
<div id="live" data-live-url="${PATHS.live}?ngay=${date}" data-version="${liveVersion(snapshot)}" data-interval="${deps.livePollMs ?? 3000}">${nationalLive(campaign, snapshot)}</div>
<figure class="trend card"><figcaption>Số tiền chậm đóng toàn quốc so với ${snapshot.texts.baselineShort} (%, cùng nhóm tỉnh)</figcaption>${raw(changeChart(snapshot))}</figure>
${trendChart(snapshot)}`;
  return htmlPage(c, 200, { title: `Báo cáo ngày ${formatDateVi(date)}`, principal, current: PATHS.national, body });
}

export async function nationalLiveApi(c: PortalContext): Promise<Response> {
  const snapshot = await snapshotOf(c.var.deps, await nationalDate(c), c.var.now);
  return jsonBody(c, 200, { version: liveVersion(snapshot), html: nationalLive(c.var.deps.campaign, snapshot).html });
}
