// "Kết quả": the campaign's results on a date (latest by default) as the national office ranks the
// provinces: the national line on top, every province's baseline against the date, sortable by each
// column (a link per heading, no script needed), ranked by % reduction by default, the ends marked.
import { formatDateVi, formatDecimal, formatInteger } from '../../../../shared/domain/format.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { buildResults, type Results } from '../../../../shared/domain/results/model.ts';
import { displayValue, resultFields, sortResults, type FieldValue, type ResultField, type SortDirection } from '../../../../shared/domain/results/fields.ts';
import { rankingNote } from '../../../../shared/domain/results/render.ts';
import { RESULTS_FORMATS } from '../../../../shared/domain/snapshot/keys.ts';
import type { FormTexts } from '../../../../shared/domain/snapshot/text.ts';
import { htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS, provincePath } from '../../paths.ts';
import { downloadLinks } from '../../views/downloads.ts';
import { columnLegend, directionChoice, PARAM, viewForm } from '../../views/national-table.ts';
import { dateLinks } from '../../views/submissions.ts';
import { nationalDate, snapshotWithReports } from './snapshot.ts';

function cell(field: ResultField, value: FieldValue): Html {
  const shown = displayValue(field, value);
  if (shown === null || shown === '' || shown === false) return h`<td></td>`;
  if (field.kind === 'percent') return h`<td class="num">${formatDecimal(Number(shown), 1, { fixed: true })}%</td>`;
  if (field.kind === 'ratio') return h`<td class="num">${formatDecimal(Number(shown), 2)}</td>`;
  if (typeof shown === 'bigint' || typeof shown === 'number') return h`<td class="num">${formatInteger(shown)}</td>`;
  if (field.key === 'name') return h`<th scope="row">${String(shown)}</th>`;
  return h`<td>${shown === true ? 'Có' : String(shown)}</td>`;
}

function resultsTable(r: Results, texts: FormTexts, sortKey: string, direction: SortDirection): Html {
  const fields = resultFields(texts);
  const field = fields.find((f) => f.key === sortKey) ?? fields[0]!;
  const rows = field.key === 'rank' && direction === 'asc' ? r.rows : sortResults(r.rows, field, direction);
  const link = (f: ResultField): Html => {
    const next: SortDirection = f.key === field.key && direction === 'asc' ? 'desc' : 'asc';
    const sorted = f.key === field.key ? (direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return h`<th scope="col" aria-sort="${sorted}" title="${f.label}"${f.key === 'name' ? h` class="name"` : h``}><a href="${PATHS.results}?ngay=${r.date}&amp;sap-xep=${f.key}&amp;chieu=${next}">${f.short}</a></th>`;
  };
  return h`<div class="table-wrap sticky-table" tabindex="0" role="region" aria-label="Bảng kết quả (cuộn được)"><table id="results-table" class="card-table">
<caption>Kết quả ngày ${formatDateVi(r.date)}</caption>
<thead><tr>${fields.map(link)}</tr></thead>
<tbody>
<tr class="total">${fields.map((f) => (f.national ? cell(f, f.national(r.national)) : h`<td></td>`))}</tr>
${rows.map((row) => h`<tr data-province="${row.code}"${row.mark ? h` class="mark-${row.mark}"` : h``}>${fields.map((f) => (f.key === 'name' ? h`<th scope="row"><a href="${provincePath(row.code)}">${row.name}</a></th>` : cell(f, f.value(row))))}</tr>`)}
</tbody></table></div>`;
}

export async function resultsPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const principal = await principalOf(c);
  const date = await nationalDate(c);
  const { snapshot, state } = await snapshotWithReports(deps, date, now);
  const results = buildResults(snapshot, deps.campaign.config.results.markedProvinces);
  const fields = resultFields(snapshot.texts);
  const asked = c.req.query(PARAM.sort);
  const sortKey = fields.some((f) => f.key === asked) ? asked! : 'rank';
  const direction: SortDirection = c.req.query(PARAM.direction) === 'desc' ? 'desc' : 'asc';
  const n = results.national.lateAmount;
  const summary = `Toàn quốc (${results.national.provinces} tỉnh có báo cáo): số tiền chậm đóng ${formatInteger(n.now)} đồng, so với `
    + `${snapshot.texts.baselineShort} ${n.change > 0n ? '+' : ''}${formatInteger(n.change)} đồng${n.changePct === null ? '' : ` (${formatDecimal(n.changePct, 1, { fixed: true })}%)`}.`;
  const body = h`<h1>Kết quả ngày ${formatDateVi(date)}</h1>
${dateLinks(deps.campaign, PATHS.results, date)}
${downloadLinks('Tải kết quả', PATHS.resultsDownload, date, RESULTS_FORMATS, Boolean(state), 'Tệp kết quả của ngày này chưa được tạo.')}
<p>${summary}</p>
${columnLegend('Tên đầy đủ của các cột', fields)}
${viewForm(PATHS.results, date, 'Sắp xếp bảng kết quả', [
    { id: 'loc-sap-xep', label: 'Sắp xếp theo', name: PARAM.sort, options: fields.map((f) => [f.key, f.label] as const), chosen: sortKey },
    directionChoice(direction),
  ])}
${resultsTable(results, snapshot.texts, sortKey, direction)}
<p class="muted">${rankingNote(results, snapshot.texts)} Bấm tên cột (hoặc chọn ở ô Sắp xếp theo) để sắp xếp.</p>`;
  return htmlPage(c, 200, { title: `Kết quả ngày ${formatDateVi(date)}`, principal, current: PATHS.results, body, wide: true });
}
