// The day's page: self-contained HTML (inline CSS and SVG, no external assets), readable on a phone.
import { escapeHtml } from '../mail/html.ts';
import { COLUMN_COUNT } from '../report.ts';
import type { Snapshot, TrendPoint } from './model.ts';
import { formatDateVi, formatDecimal, formatInstant, formatInteger, formatPercentChange, percentChange } from '../format.ts';
import {
  amendmentNote, correctionText, FORM, LABELS, revisionLine, signed, STATUS_LABEL, statusText, trendNote, warningSummary,
} from './text.ts';
import { findingLine } from '../findings.ts';


const CSS = `
*{box-sizing:border-box}body{margin:0;padding:12px;font-family:"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fafafa;font-size:15px}
h1{font-size:1.15rem;margin:.2rem 0}h2{font-size:1rem;margin:1.4rem 0 .4rem}.meta{color:#555;margin:.2rem 0 .8rem}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:.85rem;background:#e0e0e0}.badge.final{background:#c8e6c9}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:.6rem 0}.card{flex:1 1 120px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}
.card b{display:block;font-size:1.3rem}.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #ddd;background:#fff}
table{border-collapse:collapse;font-size:.85rem;min-width:100%}th,td{border:1px solid #ddd;padding:4px 6px;white-space:nowrap}
th{background:#f0f0f0;font-weight:600;white-space:normal;min-width:70px}td.n{text-align:right;font-variant-numeric:tabular-nums}
th.sticky,td.sticky{position:sticky;left:0;background:#fff;z-index:1}th.sticky{background:#f0f0f0}
tr.total td{font-weight:700;background:#fff8e1}.on_time{color:#1b5e20}.late{color:#b26a00}.missing,.rejected_only{color:#b71c1c}
td.empty{color:#999;text-align:center}svg{width:100%;height:auto;max-width:760px;display:block;background:#fff;border:1px solid #ddd}
.legend{font-size:.85rem;color:#444}.note{color:#555;font-size:.85rem}
td.warn{white-space:normal;min-width:16em;font-size:.8rem}td.warn ul{margin:0;padding-left:1.1em}tr.flag td{background:#ffebee}
.alert{border:2px solid #b71c1c;background:#ffebee;color:#7f0000;padding:8px 10px;border-radius:6px;font-weight:600}
.amended{border-left:4px solid #b26a00;background:#fff8e1;padding:6px 10px}.fix{color:#b26a00;font-weight:600}
`;

export function renderHtml(s: Snapshot): string {
  const submitted = s.counts.onTime + s.counts.late;
  const head = [
    `<th class="sticky">${escapeHtml(LABELS.province)}</th>`,
    `<th>${escapeHtml(LABELS.code)}</th>`,
    ...s.texts.columnLabels.map((label, i) => `<th title="${escapeHtml(label)}">${i + 1}. ${escapeHtml(label)}</th>`),
    `<th>${escapeHtml(LABELS.status)}</th>`,
    `<th>${escapeHtml(LABELS.submittedAt)}</th>`,
    `<th>${escapeHtml(LABELS.warnings)}</th>`,
    `<th>${escapeHtml(LABELS.correction)}</th>`,
  ].join('');
  const body = s.rows.map((p) => {
    const values = p.values
      ? p.values.map((v) => `<td class="n">${formatInteger(v)}</td>`).join('')
      : `<td class="empty" colspan="${COLUMN_COUNT}">${escapeHtml(STATUS_LABEL[p.status])}</td>`;
    const warnings = p.warnings.length
      ? `<b>${p.warnings.length} cảnh báo${p.baselineChanged ? ` · ${escapeHtml(LABELS.baselineChanged)}` : ''}</b>`
        + `<ul>${p.warnings.map((w) => `<li>${escapeHtml(findingLine(w))}</li>`).join('')}</ul>`
      : '';
    return `<tr${p.baselineChanged ? ' class="flag"' : ''}><td class="sticky">${escapeHtml(p.name)}</td><td>${escapeHtml(p.code)}</td>${values}`
      + `<td class="${p.status}">${escapeHtml(statusText(p, s.timeZone))}</td>`
      + `<td>${p.submittedAt ? escapeHtml(formatInstant(p.submittedAt, s.timeZone)) : ''}</td>`
      + `<td class="warn">${warnings}</td>`
      + `<td class="warn${p.correction?.afterDeadline ? ' fix' : ''}">${p.correction ? escapeHtml(correctionText(p.correction, s.timeZone)) : ''}</td></tr>`;
  }).join('\n');
  const amended = amendmentNote(s);
  const totalRow = `<tr class="total"><td class="sticky">${escapeHtml(LABELS.total)}</td><td></td>`
    + s.total.map((v) => `<td class="n">${formatInteger(v)}</td>`).join('')
    + `<td>Đã nộp ${submitted}/${s.counts.expected}</td><td></td><td>${s.counts.warned} báo cáo có cảnh báo</td><td></td></tr>`;
  const missing = s.rows.filter((p) => p.status === 'missing' || p.status === 'rejected_only');

  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Tổng hợp toàn quốc ngày ${formatDateVi(s.date)}`)}</title>
<style>${CSS}</style>
</head>
<body>
<p class="meta">${escapeHtml(s.texts.agency)} · ${escapeHtml(s.texts.office)}</p>
<h1>${escapeHtml(FORM.title)}</h1>
<p class="meta">${escapeHtml(LABELS.reportDate)}: <b>${formatDateVi(s.date)}</b>
 · <span class="badge${s.final ? ' final' : ''}">${escapeHtml(s.final ? LABELS.final : LABELS.provisional)}</span>
 · Số liệu lúc ${escapeHtml(formatInstant(s.generatedAt, s.timeZone))} · Hạn nộp ${escapeHtml(formatInstant(s.deadline, s.timeZone))}
 · ${escapeHtml(revisionLine(s))}</p>
${amended ? `<p class="amended">${escapeHtml(amended)}</p>` : ''}
${s.counts.baselineChanged ? `<p class="alert" role="alert">${escapeHtml(warningSummary(s))}</p>` : `<p class="meta">${escapeHtml(warningSummary(s))}</p>`}
<div class="cards">
<div class="card">Đã nộp<b>${submitted}/${s.counts.expected}</b></div>
<div class="card">Đúng hạn<b class="on_time">${s.counts.onTime}</b></div>
<div class="card">Muộn<b class="late">${s.counts.late}</b></div>
<div class="card">Chưa nộp<b class="missing">${s.counts.missing}</b></div>
<div class="card">Có cảnh báo<b class="late">${s.counts.warned}</b></div>
</div>
<h2>Số tiền chậm đóng toàn quốc so với ${escapeHtml(s.texts.baselineShort)}</h2>
<p class="note">${escapeHtml(trendNote(s))}</p>
${trendChart(s)}
<h2>Số liệu theo tỉnh/thành phố</h2>
<div class="scroll"><table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
${totalRow}
</tbody></table></div>
<p class="note">Số tiền tính bằng đồng Việt Nam. Tỉnh chưa nộp để trống số liệu (không tính là 0).</p>
<h2>${escapeHtml(LABELS.sheetMissing)} (${missing.length})</h2>
${missing.length
    ? `<ul>${missing.map((p) => `<li>${escapeHtml(p.code)} ${escapeHtml(p.name)}: ${escapeHtml(STATUS_LABEL[p.status])}</li>`).join('')}</ul>`
    : `<p>${escapeHtml(LABELS.noneMissing)}</p>`}
<h2>${escapeHtml(LABELS.sheetTrend)}</h2>
${trendTable(s)}
</body>
</html>
`;
}

function trendTable(s: Snapshot): string {
  const rows = s.trend.map((t) => {
    const counts = `<td>${formatDateVi(t.date)}</td><td class="n">${t.reported}</td><td class="n">${t.compared}</td>`;
    if (!t.total) return `<tr>${counts}<td class="empty" colspan="4">${escapeHtml(LABELS.noData)}</td></tr>`;
    return `<tr>${counts}<td class="n">${formatInteger(t.total[1]!)}</td>`
      + `<td class="n">${formatInteger(t.total[8]!)}</td><td class="n">${formatInteger(t.lateAmountChange!)}</td>`
      + `<td class="n">${formatPercentChange(t.lateAmountChange!, t.total[1]!)}</td></tr>`;
  }).join('\n');
  return `<div class="scroll"><table><thead><tr><th>${escapeHtml(LABELS.reportDate)}</th><th>${escapeHtml(LABELS.reported)}</th>`
    + `<th>${escapeHtml(LABELS.compared)}</th>`
    + `<th>${escapeHtml(s.texts.baselineAmount)}</th><th>Số tiền chậm đóng đến ngày báo cáo (cột 9)</th>`
    + `<th>${escapeHtml(s.texts.lateChange)}</th><th>${escapeHtml(LABELS.lateChangePct)}</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

/** Whose late amount a trend chart draws, and whether each point prints how many provinces it covers. */
export interface ChartSubject { name: string; counts: boolean }
const NATIONAL_CHART: ChartSubject = { name: 'toàn quốc', counts: true };

/** The chart's drawing box: `wide` for a desktop (and the snapshot file), `narrow` for a phone, where a
 *  box near the screen's width keeps the lettering at the size it is written in. */
export type ChartLayout = 'wide' | 'narrow';
const LAYOUT = {
  wide: { W: 720, H: 320, left: 64, right: 16, bottom: 64, dates: 10 },
  narrow: { W: 360, H: 320, left: 44, right: 24, bottom: 84, dates: 5 },
} as const;

/**
 * The national late amount (col 9) against its baseline (col 2), as a change in %, like with like (each
 * point over the provinces compared on that date, their number printed under it). The baseline is the
 * 0 % reference line and the axis spans the changes only, so a 1 % change is a visible step; the
 * current date's point is labelled with its change in % and in đồng. A province's page draws its own
 * line with it (`of`: named for the province, without the counts of provinces compared).
 */
export function trendChart(s: Pick<Snapshot, 'trend' | 'date' | 'texts'>, of: ChartSubject = NATIONAL_CHART, layout: ChartLayout = 'wide'): string {
  const trend = s.trend;
  const { W, H, left, right, bottom, dates } = LAYOUT[layout];
  // Room above the top tick for the axis unit, so the two never overlap.
  const top = 30;
  const points = trend.filter((t) => t.total && t.total[1]! > 0n)
    .map((t) => ({ t, pct: percentChange(t.lateAmountChange!, t.total![1]!)! }));
  if (points.length === 0) {
    return `<svg class="chart-${layout}" viewBox="0 0 ${W} 80" role="img" aria-label="${escapeHtml(LABELS.noData)}"><text x="${W / 2}" y="45" text-anchor="middle" font-size="14">${escapeHtml(LABELS.noData)}</text></svg>`;
  }
  const { ticks, low, high } = changeScale(points.map((p) => p.pct));
  const n = trend.length;
  const x = (i: number): number => left + (n === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (n - 1));
  const y = (v: number): number => top + (H - top - bottom) * (high - v) / (high - low);
  const index = new Map(trend.map((t, i) => [t.date, i]));
  const px = (p: { t: TrendPoint }): number => x(index.get(p.t.date)!);
  const path = points.map((p, k) => `${k ? 'L' : 'M'}${px(p).toFixed(1)},${y(p.pct).toFixed(1)}`).join(' ');

  const grid = ticks.map((v) => `<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`
    + `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${formatDecimal(v, 1, { fixed: true })}</text>`).join('\n');
  const labelEvery = Math.max(1, Math.ceil(n / dates));
  const axis = H - bottom;
  const current = index.get(s.date) ?? -labelEvery;
  // Every labelEvery-th date and the current one, none so close to the current one that the two overlap.
  const xLabels = trend.map((t, i) => ((i % labelEvery === 0 && Math.abs(i - current) >= labelEvery) || i === current)
    ? `<text x="${x(i).toFixed(1)}" y="${axis + 16}" text-anchor="middle" font-size="11" fill="#555">${formatDateVi(t.date).slice(0, 5)}</text>`
    : '').join('');
  // The number of provinces behind each point, under its date.
  const counts = !of.counts ? '' : points.map((p) => `<text class="compared" x="${px(p).toFixed(1)}" y="${axis + 30}" text-anchor="middle" font-size="10" fill="#1565c0">${p.t.compared}</text>`).join('');
  const change = (t: TrendPoint): string => `${formatPercentChange(t.lateAmountChange!, t.total![1]!)} (${signed(t.lateAmountChange!)} đồng)`;
  const dots = points.map((p) =>
    `<circle cx="${px(p).toFixed(1)}" cy="${y(p.pct).toFixed(1)}" r="${p.t.date === s.date ? 4.5 : 3}" fill="#c62828">`
    + `<title>${formatDateVi(p.t.date)}: ${escapeHtml(change(p.t))}${of.counts ? `, ${p.t.compared} tỉnh so sánh` : ''}</title></circle>`).join('');
  const last = points.at(-1)!;
  const lastX = px(last);
  const anchor = lastX > W / 2 ? 'end' : 'start';
  // On the side away from the line coming in: below it when the line comes down, above when it climbs;
  // above anyway when below would reach the date labels under the axis.
  const previous = points.at(-2);
  const roomBelow = y(last.pct) + 20 <= axis - 6;
  const below = roomBelow && (previous ? previous.pct >= last.pct : last.pct > (low + high) / 2);
  const lastLabel = `<text class="change" x="${(lastX + (anchor === 'end' ? -8 : 8)).toFixed(1)}" y="${(y(last.pct) + (below ? 20 : -12)).toFixed(1)}"`
    + ` text-anchor="${anchor}" font-size="12" font-weight="700" fill="#c62828">${escapeHtml(`${formatPercentChange(last.t.lateAmountChange!, last.t.total![1]!)} · ${signed(last.t.lateAmountChange!)} đồng`)}</text>`;
  return `<svg class="chart-${layout}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(`Thay đổi số tiền chậm đóng ${of.name} so với ${s.texts.baselineShort}, đến ngày ${formatDateVi(last.t.date)}: ${change(last.t)}`)}" xmlns="http://www.w3.org/2000/svg">
${grid}
<line x1="${left}" x2="${left}" y1="${top}" y2="${axis}" stroke="#999"/>
<text x="${left - 6}" y="${top - 14}" text-anchor="end" font-size="11" fill="#555">%</text>
${xLabels}
${of.counts ? `<text x="${left - 14}" y="${axis + 30}" text-anchor="end" font-size="10" fill="#1565c0">số tỉnh</text>` : ''}
${counts}
<line class="baseline" x1="${left}" x2="${W - right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#424242" stroke-width="1.5" stroke-dasharray="6 4"/>
<path d="${path}" fill="none" stroke="#c62828" stroke-width="2.5"/>
${dots}
${lastLabel}
${legend(layout === 'wide' ? [left, H - 12, left + 290, H - 12] : [8, H - 32, 8, H - 12], s.texts.baselineShort)}
</svg>`;
}

/** The two lines' legend: side by side on a wide chart, one under the other on a narrow one. */
function legend([x1, y1, x2, y2]: readonly number[], baselineShort: string): string {
  return `<g font-size="12"><line x1="${x1}" x2="${x1! + 24}" y1="${y1}" y2="${y1}" stroke="#c62828" stroke-width="2.5"/>
<text x="${x1! + 30}" y="${y1! + 4}">Đến ngày báo cáo (cột 9), % so với gốc</text>
<line x1="${x2}" x2="${x2! + 24}" y1="${y2}" y2="${y2}" stroke="#424242" stroke-width="1.5" stroke-dasharray="6 4"/>
<text x="${x2! + 30}" y="${y2! + 4}">Gốc: số tiền ${escapeHtml(baselineShort)} (cột 2) = 0 %</text></g>`;
}

/**
 * The axis of the changes (in %): it always holds 0 (the baseline) and spans at least 2 percentage
 * points, so a 1 % change is at least half the chart's height; ticks at a round step.
 */
export function changeScale(values: readonly number[]): { ticks: number[]; low: number; high: number } {
  let low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  const minSpan = 2;
  if (high - low < minSpan) {
    const room = minSpan - (high - low);
    // Widen mostly on the side the changes go, so the line is not squeezed against an edge.
    const above = high === 0 ? 0.25 : low === 0 ? 0.75 : 0.5;
    high += room * above;
    low -= room * (1 - above);
  }
  const raw = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((v) => v >= raw)!;
  low = Math.floor(low / step + 1e-9) * step;
  high = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 1e6; v += step) ticks.push(Math.round(v / step) * step);
  return { ticks, low, high };
}
