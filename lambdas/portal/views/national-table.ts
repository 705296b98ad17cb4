// The national office's province table on "Hôm nay": short headings (full names in their title and
// the legend), a sort link per heading and a status filter, both plain query parameters so they work
// without script and the live update keeps them; the header stays in view, a phone shows cards.
import type { Campaign } from '../../../shared/domain/campaign.ts';
import { formatDateVi, formatInstant, formatInteger } from '../../../shared/domain/format.ts';
import { h, type Html } from '../../../shared/domain/mail/html.ts';
import type { SortDirection } from '../../../shared/domain/results/fields.ts';
import type { Snapshot } from '../../../shared/domain/snapshot/model.ts';
import {
  DEFAULT_VIEW, isTableSort, ROW_FILTERS, tableColumns, viewRows, type RowFilter, type TableColumn, type TableView,
} from '../../../shared/domain/snapshot/table-view.ts';
import { correctionText, LABELS, type FormTexts } from '../../../shared/domain/snapshot/text.ts';
import { badRequest, type PortalContext } from '../context.ts';
import { provincePath } from '../paths.ts';
import { statusTag, warningsDetails } from './submissions.ts';

/** The query parameters of a view. */
export const PARAM = { filter: 'tinh-trang', sort: 'sap-xep', direction: 'chieu' } as const;
const DIRECTION_LABEL: Record<SortDirection, string> = { asc: 'Tăng dần', desc: 'Giảm dần' };

/** The view a request asks for (?tinh-trang=&sap-xep=&chieu=); an unknown value is a 400 naming it. */
export function requestedView(c: PortalContext): TableView {
  const filter = c.req.query(PARAM.filter) || null;
  const sort = c.req.query(PARAM.sort) || DEFAULT_VIEW.sort;
  const direction = c.req.query(PARAM.direction) || DEFAULT_VIEW.direction;
  if (filter !== null && !ROW_FILTERS.some((f) => f.key === filter)) throw badRequest(`Không có bộ lọc tình trạng "${filter}".`);
  if (!isTableSort(sort)) throw badRequest(`Không sắp xếp được theo "${sort}".`);
  if (direction !== 'asc' && direction !== 'desc') throw badRequest(`Chiều sắp xếp "${direction}" không hợp lệ.`);
  return { filter: filter as RowFilter | null, sort, direction };
}

/** A view's parameters after the date, only those that differ from the default ("&amp;…" for an href). */
export function viewQuery(view: TableView): string {
  const parts: string[] = [];
  if (view.filter) parts.push(`${PARAM.filter}=${view.filter}`);
  if (view.sort !== DEFAULT_VIEW.sort || view.direction !== DEFAULT_VIEW.direction) parts.push(`${PARAM.sort}=${view.sort}`, `${PARAM.direction}=${view.direction}`);
  return parts.map((p) => `&${p}`).join('');
}

/** One labelled choice of a view form: its query parameter, its options (value, label) and the chosen value. */
export interface ViewChoice { id: string; label: string; name: string; options: readonly (readonly [string, string])[]; chosen: string }

/** The sort (and filter) of a table as a GET form, so the address keeps the view and it works without
 *  script; it is also the only way to sort on a phone, where the cards show no header. */
export function viewForm(action: string, date: string, label: string, choices: readonly ViewChoice[]): Html {
  return h`<form class="table-view" method="get" action="${action}" aria-label="${label}">
<input type="hidden" name="ngay" value="${date}">
${choices.map((c) => h`<div><label for="${c.id}">${c.label}</label><select id="${c.id}" name="${c.name}">${c.options.map(([value, text]) => h`<option value="${value}"${value === c.chosen ? h` selected` : h``}>${text}</option>`)}</select></div>`)}
<div><button type="submit">Xem</button></div>
</form>`;
}

/** The choice of a sort direction ("Chiều"), as every sortable table names it. */
export const directionChoice = (chosen: SortDirection): ViewChoice => ({
  id: 'loc-chieu', label: 'Chiều', name: PARAM.direction, options: (['asc', 'desc'] as const).map((d) => [d, DIRECTION_LABEL[d]] as const), chosen,
});

/** The province table's filter and sort as a form. */
export function tableViewForm(texts: FormTexts, action: string, date: string, view: TableView): Html {
  return viewForm(action, date, 'Lọc và sắp xếp bảng các tỉnh', [
    { id: 'loc-tinh-trang', label: 'Tình trạng', name: PARAM.filter, options: [['', 'Tất cả'], ...ROW_FILTERS.map((f) => [f.key, f.label] as const)], chosen: view.filter ?? '' },
    { id: 'loc-sap-xep', label: 'Sắp xếp theo', name: PARAM.sort, options: tableColumns(texts).map((col) => [col.key, col.column ? `${col.short} (cột ${col.column})` : col.short] as const), chosen: view.sort },
    directionChoice(view.direction),
  ]);
}

function heading(col: TableColumn, view: TableView, href: (v: TableView) => string): Html {
  const current = col.key === view.sort;
  const next: SortDirection = current && view.direction === 'asc' ? 'desc' : 'asc';
  const sorted = current ? (view.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return h`<th scope="col" aria-sort="${sorted}"${col.label !== col.short ? h` title="${col.label}"` : h``}${col.key === 'name' ? h` class="name"` : h``}><a href="${href({ ...view, sort: col.key, direction: next })}">${col.short}${current ? h`<span aria-hidden="true">${view.direction === 'asc' ? '\u00a0▲' : '\u00a0▼'}</span>` : h``}</a>${col.column ? h`<span class="col-no">cột ${col.column}</span>` : h``}</th>`;
}

/** "Đang xem 5/63 tỉnh, thành phố: Muộn." with a way back to all, for a filtered view. */
function shownLine(shown: number, total: number, view: TableView, href: (v: TableView) => string): Html {
  const filter = ROW_FILTERS.find((f) => f.key === view.filter);
  if (!filter) return h``;
  return h`<p class="shown" id="bang-dang-xem">Đang xem ${shown}/${total} tỉnh, thành phố: ${filter.label}. <a href="${href({ ...view, filter: null })}">Xem tất cả</a></p>`;
}

/** The columns' full names as a visible list (a title on hover never shows on a phone); numbered by form column when given. */
export function columnLegend(summary: string, columns: readonly { short: string; label: string; column?: number | null }[]): Html {
  return h`<details class="legend"><summary>${summary}</summary><ol>${columns.map((col) => h`<li${col.column ? h` value="${col.column}"` : h``}><b>${col.short}</b>: ${col.label}</li>`)}</ol></details>`;
}

/** The table, as the view asks; `base` is the page's address with its date (?ngay=…). */
export function provinceTable(campaign: Campaign, snapshot: Snapshot, view: TableView, base: string): Html {
  const c = snapshot.counts;
  const columns = tableColumns(snapshot.texts);
  const rows = viewRows(snapshot, columns, view);
  const href = (v: TableView): string => `${base}${viewQuery(v)}`;
  const tz = campaign.timeZone;
  return h`${shownLine(rows.length, snapshot.rows.length, view, href)}
${columnLegend('Tên đầy đủ của các cột số liệu', columns.filter((col) => col.column))}
<div class="table-wrap sticky-table" tabindex="0" role="region" aria-label="Bảng các tỉnh, thành phố (cuộn được)"><table id="province-table" class="card-table">
<caption>Báo cáo của các tỉnh, thành phố ngày ${formatDateVi(snapshot.date)}</caption>
<thead><tr>${columns.map((col) => heading(col, view, href))}</tr></thead>
<tbody>
${rows.length ? rows.map(({ row: r, index }) => h`<tr data-province="${r.code}"><td>${index}</td><th scope="row"><a href="${provincePath(r.code)}">${r.name}</a></th><td>${statusTag(r.status)}</td><td>${r.submittedAt ? formatInstant(r.submittedAt, tz) : ''}</td>${Array.from({ length: 11 }, (_, j) => h`<td class="num">${r.values ? formatInteger(r.values[j]!) : ''}</td>`)}<td>${warningsDetails(r.warnings, r.baselineChanged)}</td><td>${r.correction ? correctionText(r.correction, tz) : ''}</td></tr>`)
    : h`<tr><td class="none" colspan="${columns.length}">Không có tỉnh, thành phố nào.</td></tr>`}
</tbody>
<tfoot><tr class="total"><td></td><th scope="row">${LABELS.total}</th><td>Đã nộp ${c.onTime + c.late}/${c.expected}</td><td></td>${snapshot.total.map((v) => h`<td class="num">${formatInteger(v)}</td>`)}<td>${c.warned}</td><td></td></tr></tfoot>
</table></div>`;
}
