// Pieces of the contacts pages: a province's people and the record of changes, as both roles see them.
import type { Campaign } from '../../../shared/domain/campaign.ts';
import type { ContactAuditEntry, ContactPerson, PersonProblem } from '../../../shared/domain/contacts/people.ts';
import { MAX_PENDING_PER_PROVINCE, type ContactRequest } from '../../../shared/domain/contacts/requests.ts';
import { h, type Html } from '../../../shared/domain/mail/html.ts';
import { FIELD_LIMITS } from '../../../shared/domain/shown-text.ts';

/** What a person reads for each problem with what they typed (the codes stay in logs). */
export const PROBLEM_TEXT: Record<PersonProblem['code'], (field: PersonProblem['field']) => string> = {
  'not-an-address': () => 'Địa chỉ email không hợp lệ.',
  'already-listed': () => 'Địa chỉ này đã có trong danh sách của đơn vị.',
  'listed-elsewhere': () => 'Địa chỉ này đã được đăng ký cho một đơn vị khác: mỗi địa chỉ chỉ thuộc một đơn vị.',
  'not-listed': () => 'Địa chỉ này không có trong danh sách của đơn vị.',
  missing: (field) => (field === 'name' ? 'Chưa nhập họ và tên.' : field === 'reason' ? 'Chưa nêu lý do đề nghị.' : 'Chưa nhập chức vụ hoặc bộ phận.'),
  'too-long': (field) => (field === 'name' ? `Họ và tên quá dài (tối đa ${FIELD_LIMITS.personName} ký tự).`
    : field === 'reason' ? `Lý do quá dài (tối đa ${FIELD_LIMITS.reason} ký tự).` : `Chức vụ, bộ phận quá dài (tối đa ${FIELD_LIMITS.personRole} ký tự).`),
  'not-a-phone': () => `Số điện thoại không hợp lệ: chỉ gồm chữ số, dấu cách, dấu +, dấu chấm, gạch ngang hoặc dấu ngoặc, từ 8 đến 15 chữ số (tối đa ${FIELD_LIMITS.phone} ký tự), ví dụ 0912 345 678 hoặc +84 (24) 3825 1234.`,
  'already-requested': () => 'Đơn vị đã gửi đề nghị này và đề nghị đang chờ duyệt.',
  'too-many-pending': () => `Đơn vị đang có ${MAX_PENDING_PER_PROVINCE} đề nghị chờ duyệt: vui lòng chờ Ban Quản lý Thu xử lý, hoặc rút bớt một đề nghị.`,
};

export const problemText = (p: PersonProblem): string => PROBLEM_TEXT[p.code](p.field);

const person = (p: ContactPerson): Html => h`${p.name || h`<span class="muted">(chưa có tên)</span>`}`;

/** A province's people; with `remove`, each row has the form that removes it (the national office). */
export function peopleTable(people: readonly ContactPerson[], remove?: (p: ContactPerson) => Html): Html {
  if (people.length === 0) return h`<p>Chưa có địa chỉ nào: đơn vị không nhận được thư và không đăng nhập được.</p>`;
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Danh sách địa chỉ (cuộn ngang được)"><table class="stack">
<thead><tr><th scope="col">Email</th><th scope="col">Họ và tên</th><th scope="col">Chức vụ, bộ phận</th><th scope="col">Điện thoại</th>${remove ? h`<th scope="col">Xóa</th>` : h``}</tr></thead>
<tbody>${people.map((p) => h`<tr><th scope="row">${p.email}</th><td data-label="Họ và tên">${person(p)}</td><td data-label="Chức vụ, bộ phận">${p.role}</td><td data-label="Điện thoại">${p.phone ?? ''}</td>${remove ? h`<td>${remove(p)}</td>` : h``}</tr>`)}</tbody>
</table></div>`;
}

const ACTION: Record<ContactAuditEntry['action'], string> = { add: 'Thêm', remove: 'Xóa', import: 'Nhập từ tệp' };

function byLabel(entry: ContactAuditEntry): string {
  return entry.by.role === 'operator' ? `Quản trị hệ thống (${entry.by.address})` : entry.by.address;
}

const emails = (people: readonly ContactPerson[]): Html => (people.length ? h`${people.map((p, i) => h`${i ? h`<br>` : h``}${p.email}`)}` : h`<span class="muted">(trống)</span>`);

/** Every recorded change, newest first: when (in the campaign's zone), who, what, before → after. */
export function auditTable(campaign: Campaign, entries: readonly ContactAuditEntry[], unitName?: (code: string) => string): Html {
  if (entries.length === 0) return h`<p>Chưa có thay đổi nào được ghi lại.</p>`;
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Lịch sử thay đổi (cuộn ngang được)"><table class="stack">
<thead><tr><th scope="col">Thời gian</th>${unitName ? h`<th scope="col">Đơn vị</th>` : h``}<th scope="col">Người thực hiện</th><th scope="col">Thay đổi</th><th scope="col">Trước</th><th scope="col">Sau</th></tr></thead>
<tbody>${entries.map((e) => h`<tr><td>${campaign.formatLocal(new Date(e.at))}</td>${unitName ? h`<td data-label="Đơn vị">${unitName(e.province)}</td>` : h``}<td data-label="Người thực hiện">${byLabel(e)}</td><td data-label="Thay đổi">${ACTION[e.action]}${e.email ? h` ${e.email}` : h``}${e.request ? h`<br><span class="muted">theo đề nghị của ${e.request.by}</span>` : h``}</td><td data-label="Trước">${emails(e.before)}</td><td data-label="Sau">${emails(e.after)}</td></tr>`)}</tbody>
</table></div>`;
}

/** The person, address and phone a request names, on one line. */
const requestedPerson = (p: ContactPerson): Html =>
  h`<b>${p.email}</b>${p.name ? h` (${p.name}${p.role ? h`, ${p.role}` : h``}${p.phone ? h`, ${p.phone}` : h``})` : h``}`;

function requestState(campaign: Campaign, r: ContactRequest): Html {
  const when = r.decision ? campaign.formatLocal(new Date(r.decision.at)) : '';
  if (r.status === 'pending') return h`<span class="tag not_due">Đang chờ duyệt</span>`;
  if (r.status === 'approved') return h`<span class="tag on_time">Đã duyệt</span> lúc ${when}, ${r.decision?.by ?? ''}`;
  if (r.status === 'withdrawn') return h`<span class="tag missing">Đơn vị đã rút</span> lúc ${when}`;
  return h`<span class="tag rejected_only">Không duyệt</span> lúc ${when}, ${r.decision?.by ?? ''}${r.decision?.note ? h`: ${r.decision.note}` : h``}`;
}

/**
 * One card per request: what is asked (add or remove which address), by whom, when, why, and where it
 * stands; `actions` adds the forms of the one who may act on it (grant, decline, withdraw).
 */
export function requestCards(campaign: Campaign, requests: readonly ContactRequest[], options: { unitName?: (code: string) => string; actions?: (r: ContactRequest) => Html } = {}): Html {
  return h`${requests.map((r) => h`<article class="card ${r.status === 'pending' ? 'pending' : r.status === 'approved' ? 'accepted' : 'rejected'}" aria-label="Đề nghị ${r.kind === 'add' ? 'thêm' : 'xóa'} ${r.person.email}">
<h3>${options.unitName ? h`${options.unitName(r.province)}: ` : h``}Đề nghị ${r.kind === 'add' ? 'thêm' : 'xóa'} địa chỉ</h3>
<p>${requestedPerson(r.person)}</p>
<p>Lý do: ${r.reason}</p>
<p class="muted">Gửi lúc ${campaign.formatLocal(new Date(r.at))} bởi ${r.by}</p>
<p>${requestState(campaign, r)}</p>
${options.actions?.(r) ?? h``}
</article>`)}`;
}

/** The fields of a person to add, as both the national office's form and a province's request ask them. */
export function personFields(typed: { email?: string; name?: string; role?: string; phone?: string }): Html {
  return h`<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="off" required maxlength="${FIELD_LIMITS.address}" value="${typed.email ?? ''}">
<label for="ten">Họ và tên</label>
<input type="text" id="ten" name="ten" required maxlength="${FIELD_LIMITS.personName}" value="${typed.name ?? ''}">
<label for="chuc-vu">Chức vụ, bộ phận</label>
<input type="text" id="chuc-vu" name="chuc-vu" required maxlength="${FIELD_LIMITS.personRole}" value="${typed.role ?? ''}">
<label for="dien-thoai">Điện thoại (không bắt buộc)</label>
<input type="tel" id="dien-thoai" name="dien-thoai" autocomplete="off" maxlength="${FIELD_LIMITS.phone}" value="${typed.phone ?? ''}">`;
}
