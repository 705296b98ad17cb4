// The day's page: self-contained HTML (inline CSS and SVG, no external assets), readable on a phone.
import { escapeHtml } from '../mail/html.ts';
import { COLUMN_COUNT } from '../report.ts';
import type { Snapshot } from './model.ts';
import { formatDateVi, formatDecimal, formatInstant, formatInteger, formatPercentChange } from '../format.ts';
import { FORM, LABELS, STATUS_LABEL, statusText, trendNote } from './text.ts';


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
`;

export function renderHtml(s: Snapshot): string {
  const submitted = s.counts.onTime + s.counts.late;
  const head = [
    `<th class="sticky">${escapeHtml(LABELS.province)}</th>`,
    `<th>${escapeHtml(LABELS.code)}</th>`,
    ...s.texts.columnLabels.map((label, i) => `<th title="${escapeHtml(label)}">${i + 1}. ${escapeHtml(label)}</th>`),
    `<th>${escapeHtml(LABELS.status)}</th>`,
    `<th>${escapeHtml(LABELS.submittedAt)}</th>`,
  ].join('');
  const body = s.rows.map((p) => {
    const values = p.values
      ? p.values.map((v) => `<td class="n">${formatInteger(v)}</td>`).join('')
      : `<td class="empty" colspan="${COLUMN_COUNT}">${escapeHtml(STATUS_LABEL[p.status])}</td>`;
    return `<tr><td class="sticky">${escapeHtml(p.name)}</td><td>${escapeHtml(p.code)}</td>${values}`
      + `<td class="${p.status}">${escapeHtml(statusText(p, s.timeZone))}</td>`
      + `<td>${p.submittedAt ? escapeHtml(formatInstant(p.submittedAt, s.timeZone)) : ''}</td></tr>`;
  }).join('\n');
  const totalRow = `<tr class="total"><td class="sticky">${escapeHtml(LABELS.total)}</td><td></td>`
    + s.total.map((v) => `<td class="n">${formatInteger(v)}</td>`).join('')
    + `<td>Đã nộp ${submitted}/${s.counts.expected}</td><td></td></tr>`;
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
 · Số liệu lúc ${escapeHtml(formatInstant(s.generatedAt, s.timeZone))} · Hạn nộp ${escapeHtml(formatInstant(s.deadline, s.timeZone))}</p>
<div class="cards">
<div class="card">Đã nộp<b>${submitted}/${s.counts.expected}</b></div>
<div class="card">Đúng hạn<b class="on_time">${s.counts.onTime}</b></div>
<div class="card">Muộn<b class="late">${s.counts.late}</b></div>
<div class="card">Chưa nộp<b class="missing">${s.counts.missing}</b></div>
</div>
<h2>Xu hướng số tiền chậm đóng toàn quốc</h2>
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

/**
 * A line chart of the national late amount (col 9) against its baseline (col 2), in billions of đồng,
 * over the provinces compared at each point; the number of those provinces is printed under each point.
 */
export function trendChart(s: Snapshot): string {
  const trend = s.trend;
  const current = s.date;
  const W = 720;
  const H = 320;
  const left = 64;
  const right = 16;
  // Room above the top tick for the axis unit, so the two never overlap.
  const top = 30;
  const bottom = 64;
  const points = trend.filter((t) => t.total);
  if (points.length === 0) {
    return `<svg viewBox="0 0 ${W} 80" role="img" aria-label="${escapeHtml(LABELS.noData)}"><text x="${W / 2}" y="45" text-anchor="middle" font-size="14">${escapeHtml(LABELS.noData)}</text></svg>`;
  }
  const billions = (n: bigint): number => Number(n) / 1e9;
  const series9 = points.map((t) => billions(t.total![8]!));
  const series2 = points.map((t) => billions(t.total![1]!));
  const max = Math.max(...series9, ...series2, 0);
  const { step, top: yTop } = niceScale(max);
  const n = trend.length;
  const x = (i: number): number => left + (n === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (n - 1));
  const y = (v: number): number => top + (H - top - bottom) * (1 - v / yTop);
  const index = new Map(trend.map((t, i) => [t.date, i]));
  const path = (values: number[]): string =>
    values.map((v, k) => `${k ? 'L' : 'M'}${x(index.get(points[k]!.date)!).toFixed(1)},${y(v).toFixed(1)}`).join(' ');

  const grid: string[] = [];
  for (let v = 0; v <= yTop + 1e-9; v += step) {
    grid.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`
      + `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${formatDecimal(v)}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(n / 10));
  const axis = H - bottom;
  const xLabels = trend.map((t, i) => (i % labelEvery === 0 || t.date === current)
    ? `<text x="${x(i).toFixed(1)}" y="${axis + 16}" text-anchor="middle" font-size="11" fill="#555">${formatDateVi(t.date).slice(0, 5)}</text>`
    : '').join('');
  // The number of provinces behind each point, under its date.
  const counts = points.map((t) => `<text class="compared" x="${x(index.get(t.date)!).toFixed(1)}" y="${axis + 30}" text-anchor="middle" font-size="10" fill="#1565c0">${t.compared}</text>`).join('');
  const dots = points.map((t, k) =>
    `<circle cx="${x(index.get(t.date)!).toFixed(1)}" cy="${y(series9[k]!).toFixed(1)}" r="${t.date === current ? 4.5 : 3}" fill="#c62828">`
    + `<title>${formatDateVi(t.date)}: ${formatInteger(t.total![8]!)} đồng (${t.compared} tỉnh so sánh)</title></circle>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Số tiền chậm đóng toàn quốc theo ngày báo cáo" xmlns="http://www.w3.org/2000/svg">
${grid.join('\n')}
<line x1="${left}" x2="${left}" y1="${top}" y2="${axis}" stroke="#999"/>
<text x="${left - 6}" y="${top - 14}" text-anchor="end" font-size="11" fill="#555">tỷ đồng</text>
${xLabels}
<text x="${left - 14}" y="${axis + 30}" text-anchor="end" font-size="10" fill="#1565c0">số tỉnh</text>
${counts}
<path d="${path(series2)}" fill="none" stroke="#757575" stroke-width="2" stroke-dasharray="6 4"/>
<path d="${path(series9)}" fill="none" stroke="#c62828" stroke-width="2.5"/>
${dots}
<g font-size="12"><line x1="${left}" x2="${left + 24}" y1="${H - 12}" y2="${H - 12}" stroke="#c62828" stroke-width="2.5"/>
<text x="${left + 30}" y="${H - 8}">Đến ngày báo cáo (cột 9)</text>
<line x1="${left + 230}" x2="${left + 254}" y1="${H - 12}" y2="${H - 12}" stroke="#757575" stroke-width="2" stroke-dasharray="6 4"/>
<text x="${left + 260}" y="${H - 8}">Số tiền ${escapeHtml(s.texts.baselineShort)} (cột 2)</text></g>
</svg>`;
}

function niceScale(max: number): { step: number; top: number } {
  if (max <= 0) return { step: 1, top: 4 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return { step, top: Math.ceil(max / step) * step };
}

