// One province's campaign as its page shows it: where it stands today, its days on time / late /
// missing, the line of col 9 against col 2 (with its figures as a table), and a row per report date
// (a card per date on a phone: the cells carry their labels, the CSS lays them out).
import type { Campaign } from '../../../shared/domain/campaign.ts';
import { formatDateVi, formatInstant, formatInteger, formatPercentChange } from '../../../shared/domain/format.ts';
import { officeName } from '../../../shared/domain/mail/common.ts';
import { h, raw, type Html } from '../../../shared/domain/mail/html.ts';
import type { ProvinceDate, ProvinceHistory } from '../../../shared/domain/results/province-history.ts';
import { trendChart, type ChartSubject } from '../../../shared/domain/snapshot/html.ts';
import type { Snapshot } from '../../../shared/domain/snapshot/model.ts';
import { changesText, COLUMN_SHORT, correctionText, formTexts, LABELS, signed, type FormTexts } from '../../../shared/domain/snapshot/text.ts';
import { PATHS } from '../paths.ts';
import { statusTag, warningsDetails } from './submissions.ts';

/** A reported date's col 9 − col 2, in đồng and in % of col 2. */
const change = (d: ProvinceDate): string =>
  `${signed(d.lateAmountChange!)} đồng (${formatPercentChange(BigInt(d.lateAmountChange!), BigInt(d.values![1]!))})`;

function standingView(campaign: Campaign, history: ProvinceHistory, texts: FormTexts): Html {
  const due = history.due;
  const when = due.submittedAt
    ? `Nộp lúc ${campaign.formatLocal(new Date(due.submittedAt))}.`
    : `Hạn nộp ${campaign.formatLocal(new Date(due.deadline))}.`;
  const latest = history.latest;
  return h`<section class="card" aria-labelledby="standing-title">
<h2 id="standing-title">Báo cáo ngày ${formatDateVi(due.date)}: ${statusTag(due.status)}</h2>
<p>${when}${due.correction ? ` Đã ${correctionText(due.correction, campaign.timeZone)}.` : ''}</p>
${latest ? h`<p>Số tiền chậm đóng ngày ${formatDateVi(latest.date)} (cột 9): <b>${formatInteger(latest.values![8]!)} đồng</b>; so với ${texts.baselineShort} (cột 2: ${formatInteger(latest.values![1]!)} đồng): <b>${change(latest)}</b>.</p>` : h`<p>Chưa có báo cáo nào được nhận trong đợt này.</p>`}
</section>
<ul class="counts" aria-label="Số ngày báo cáo đến nay">
<li><b>${history.days.onTime}</b>ngày đúng hạn</li>
<li><b>${history.days.late}</b>ngày muộn</li>
<li><b>${history.days.missing}</b>ngày chưa nộp (đã quá hạn)</li>
<li><b>${history.dates.filter((d) => d.warnings.length).length}</b>ngày có cảnh báo</li>
<li><b>${history.dates.filter((d) => d.correction).length}</b>ngày có báo cáo sửa (trước hoặc sau hạn nộp)</li>
</ul>`;
}

/** The change chart drawn twice, wide and narrow (the stylesheet shows the one that fits the screen). */
export function changeCharts(s: Pick<Snapshot, 'trend' | 'date' | 'texts'>, of?: ChartSubject): string {
  return trendChart(s, of, 'wide') + trendChart(s, of, 'narrow');
}

function chartView(history: ProvinceHistory, name: string, texts: FormTexts): Html {
  const reported = history.dates.filter((d) => d.values);
  const svg = changeCharts({ trend: history.trend, date: history.latest?.date ?? history.due.date, texts }, { name, counts: false });
  return h`<figure class="trend card"><figcaption>Số tiền chậm đóng của ${name} đến ngày báo cáo (cột 9) so với ${texts.baselineShort} (cột 2), theo %</figcaption>
${raw(svg)}
<details><summary>Số liệu của biểu đồ</summary><div class="table-wrap" tabindex="0" role="region" aria-label="Số liệu của biểu đồ (cuộn ngang được)"><table>
<tr><th scope="col">${LABELS.reportDate}</th><th scope="col">${texts.baselineAmount}</th><th scope="col">Số tiền chậm đóng đến ngày báo cáo (cột 9)</th><th scope="col">Thay đổi (cột 9 − cột 2)</th></tr>
${reported.map((d) => h`<tr><th scope="row">${formatDateVi(d.date)}</th><td class="num">${formatInteger(d.values![1]!)}</td><td class="num">${formatInteger(d.values![8]!)}</td><td class="num">${change(d)}</td></tr>`)}
</table></div></details>
</figure>`;
}


/** "sửa lúc …" (after the deadline: said), with what changed (before → after) one click away. */
function correctionNote(campaign: Campaign, d: ProvinceDate): Html {
  const c = d.correction;
  if (!c) return h``;
  return h`<details><summary>${LABELS.correction}: sửa lúc ${formatInstant(c.at, campaign.timeZone)}${c.afterDeadline ? ' (sau hạn nộp)' : ''}</summary>${changesText(c)}</details>`;
}

/** A date: its row of values, and under it (full width) its warnings and correction when it has any. */
function dateRows(campaign: Campaign, d: ProvinceDate, labels: readonly string[]): Html {
  const submitted = d.submittedAt ? campaign.formatLocal(new Date(d.submittedAt)) : d.status === 'not_due' ? `Hạn ${campaign.formatLocal(new Date(d.deadline))}` : '';
  const notes = d.warnings.length || d.correction
    ? h`<tr class="notes"><td colspan="${labels.length + 3}">${warningsDetails(d.warnings, d.baselineChanged)}${correctionNote(campaign, d)}</td></tr>`
    : h``;
  return h`<tbody data-date="${d.date}"><tr><th scope="row">${formatDateVi(d.date)}</th><td data-label="${LABELS.status}">${statusTag(d.status)}</td><td data-label="${LABELS.submittedAt}">${submitted}</td>
${labels.map((label, i) => h`<td class="num" data-label="${i + 1}. ${label}">${d.values ? formatInteger(d.values[i]!) : ''}</td>`)}</tr>
${notes}</tbody>`;
}

function datesTable(campaign: Campaign, history: ProvinceHistory, texts: FormTexts): Html {
  const groups: Array<[string, number]> = [[`Gốc (${texts.baselineShort})`, 4], ['Giải pháp đã triển khai', 3], ['Đến ngày báo cáo', 4]];
  return h`<div class="table-wrap by-date" tabindex="0" role="region" aria-label="Các ngày báo cáo (cuộn ngang được)"><table id="province-dates">
<caption>Số liệu từng ngày báo cáo</caption>
<thead><tr><th scope="col" rowspan="2">${LABELS.reportDate}</th><th scope="col" rowspan="2">${LABELS.status}</th><th scope="col" rowspan="2">${LABELS.submittedAt}</th>
${groups.map(([label, span], g) => h`<th scope="colgroup" colspan="${span}" title="${texts.groups[g]!}">${label}</th>`)}</tr>
<tr>${COLUMN_SHORT.map((short, i) => h`<th scope="col" title="${texts.columnLabels[i]!}">${i + 1}. ${short}</th>`)}</tr></thead>
${[...history.dates].reverse().map((d) => dateRows(campaign, d, texts.columnLabels))}
</table></div>
<p class="muted">Cột 1 đến 11: ${texts.columnLabels.map((l, i) => `${i + 1}. ${l}`).join('; ')}. Số tiền tính bằng đồng; ngày chưa có báo cáo để trống (không tính là 0).</p>`;
}

/** The whole page body of one province. */
export function provinceHistoryView(campaign: Campaign, history: ProvinceHistory): Html {
  const province = campaign.province(history.code)!;
  const texts = formTexts(campaign.config);
  return h`<h1>Kết quả của ${officeName(province)}</h1>
<p class="muted">${campaign.config.title}: ${history.dates.length} ngày báo cáo đến nay.</p>
${standingView(campaign, history, texts)}
${chartView(history, province.name, texts)}
<h2>Các ngày báo cáo</h2>
${datesTable(campaign, history, texts)}
<p><a href="${PATHS.history}?tinh=${history.code}">Mọi lần nộp của ${province.name} (kể cả tệp bị từ chối)</a></p>`;
}
