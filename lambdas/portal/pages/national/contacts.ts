// The national office keeps every province's addresses: the list of units, one unit's people with the
// forms that add and remove an address (a removal asks to be confirmed), the provinces' waiting requests
// (contact-requests.ts), and the record of changes.
import { addAddress, auditTrail, removeAddress, type ContactChangeResult } from '../../../../shared/domain/contacts/changes.ts';
import type { ContactActor } from '../../../../shared/domain/contacts/people.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { officeName } from '../../../../shared/domain/mail/common.ts';
import type { ProvinceContactList } from '../../../../shared/ports/contacts.ts';
import type { ContactRequest } from '../../../../shared/domain/contacts/requests.ts';
import { badRequest, htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { auditTable, peopleTable, personFields, problemText } from '../../views/contacts.ts';
import { pendingRequestsSection } from './contact-requests.ts';

const RECENT_CHANGES = 30;

function unitOf(c: PortalContext, code: string | undefined) {
  const province = code ? c.var.deps.campaign.province(code) : undefined;
  if (code !== undefined && !province) throw badRequest(`Không có đơn vị mã ${code} trong đợt báo cáo này.`);
  return province;
}

const listOf = (lists: readonly ProvinceContactList[], code: string): ProvinceContactList =>
  lists.find((l) => l.province === code) ?? { province: code, people: [], version: 0, changes: [] };

function overviewBody(c: PortalContext, lists: readonly ProvinceContactList[], requests: readonly ContactRequest[]): Html {
  const { campaign } = c.var.deps;
  const name = (code: string): string => campaign.province(code)?.name ?? code;
  return h`<h1>Địa chỉ liên hệ của các đơn vị</h1>
<p>Địa chỉ của một đơn vị là nơi nhận thư của hệ thống và là địa chỉ được đăng nhập, nộp báo cáo thay đơn vị. Chọn một đơn vị để thêm hoặc xóa địa chỉ.</p>
${pendingRequestsSection(c, requests, name)}
<div class="table-wrap" tabindex="0" role="region" aria-label="Các đơn vị (cuộn ngang được)"><table>
<tr><th scope="col">Mã</th><th scope="col">Tỉnh/Thành phố</th><th scope="col">Số địa chỉ</th><th scope="col">Thay đổi gần nhất</th></tr>
${campaign.provinces.map((p) => {
    const list = listOf(lists, p.code);
    const last = list.changes.at(-1);
    return h`<tr><td>${p.code}</td><th scope="row"><a href="${PATHS.contacts}?tinh=${p.code}">${p.name}</a></th><td>${list.people.length}</td><td>${last ? campaign.formatLocal(new Date(last.at)) : ''}</td></tr>`;
  })}
</table></div>
<h2>Các thay đổi gần đây</h2>
${auditTable(campaign, auditTrail({ provinces: lists }).slice(0, RECENT_CHANGES), name)}`;
}

interface UnitForm { email?: string; name?: string; role?: string; phone?: string }

function unitBody(c: PortalContext, code: string, list: ProvinceContactList, requests: readonly ContactRequest[], notice?: Html, form: UnitForm = {}): Html {
  const { campaign } = c.var.deps;
  const province = campaign.province(code)!;
  const removeButton = (p: { email: string }): Html => h`<a class="button" href="${PATHS.contacts}?tinh=${code}&amp;xoa=${encodeURIComponent(p.email)}">Xóa</a>`;
  return h`<p><a href="${PATHS.contacts}">← Tất cả đơn vị</a></p>
<h1>Địa chỉ liên hệ: ${officeName(province)}</h1>
${notice ?? h``}
${peopleTable(list.people, removeButton)}
${pendingRequestsSection(c, requests)}
<div class="card">
<h2>Thêm địa chỉ</h2>
<form method="post" action="${PATHS.contactsAdd}">
<input type="hidden" name="tinh" value="${code}">
${personFields(form)}
<p><button type="submit">Thêm địa chỉ</button></p>
</form>
</div>
<h2>Lịch sử thay đổi</h2>
${auditTable(campaign, auditTrail({ provinces: [list] }))}`;
}

function confirmRemovalBody(c: PortalContext, code: string, email: string): Html {
  const province = c.var.deps.campaign.province(code)!;
  return h`<h1>Xóa địa chỉ ${email}?</h1>
<div class="card rejected">
<p>Địa chỉ <b>${email}</b> sẽ bị xóa khỏi danh sách của ${officeName(province)}: địa chỉ này không nhận thư của hệ thống nữa, các phiên đăng nhập và liên kết chưa dùng của địa chỉ này bị hủy ngay.</p>
<form method="post" action="${PATHS.contactsRemove}">
<input type="hidden" name="tinh" value="${code}">
<input type="hidden" name="email" value="${email}">
<p><button type="submit">Xóa địa chỉ</button> <a href="${PATHS.contacts}?tinh=${code}">Không xóa</a></p>
</form>
</div>`;
}

const DONE: Record<string, string> = {
  them: 'Đã thêm địa chỉ.',
  xoa: 'Đã xóa địa chỉ; các phiên đăng nhập của địa chỉ đó đã bị hủy.',
  duyet: 'Đã duyệt đề nghị: thay đổi đã được thực hiện và ghi vào lịch sử.',
  'khong-duyet': 'Đã ghi nhận không duyệt đề nghị; đơn vị thấy kết quả trên trang của mình.',
};

export async function contactsPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const province = unitOf(c, c.req.query('tinh'));
  const [{ provinces }, requests] = await Promise.all([c.var.deps.contactChanges.registry.list(), c.var.deps.contactChanges.requests.list(province?.code)]);
  if (!province) return htmlPage(c, 200, { title: 'Địa chỉ liên hệ', principal, current: PATHS.contacts, body: overviewBody(c, provinces, requests) });
  const list = listOf(provinces, province.code);
  const removing = c.req.query('xoa');
  if (removing !== undefined && list.people.some((p) => p.email === removing)) {
    return htmlPage(c, 200, { title: 'Xóa địa chỉ', principal, current: PATHS.contacts, body: confirmRemovalBody(c, province.code, removing) });
  }
  const done = DONE[c.req.query('da') ?? ''];
  const notice = done ? h`<div class="card accepted" role="status"><p>${done}</p></div>` : undefined;
  return htmlPage(c, 200, { title: 'Địa chỉ liên hệ', principal, current: PATHS.contacts, body: unitBody(c, province.code, list, requests, notice) });
}

async function formOf(c: PortalContext): Promise<URLSearchParams> {
  return new URLSearchParams(await c.req.text());
}

async function answer(c: PortalContext, code: string, result: ContactChangeResult, done: 'them' | 'xoa', form: UnitForm): Promise<Response> {
  if (result.status === 'done') {
    c.var.deps.log('info', 'Contacts changed', { province: code, action: result.entry.action, by: result.entry.by.address });
    return c.redirect(`${PATHS.contacts}?tinh=${code}&da=${done}`, 303);
  }
  const principal = await principalOf(c);
  const [{ provinces }, requests] = await Promise.all([c.var.deps.contactChanges.registry.list(), c.var.deps.contactChanges.requests.list(code)]);
  const problems = result.status === 'refused' ? result.problems.map(problemText)
    : result.status === 'conflict' ? ['Danh sách vừa được người khác thay đổi: đây là danh sách mới nhất, vui lòng xem lại rồi thực hiện lại.']
      : ['Không có đơn vị này trong đợt báo cáo.'];
  const notice = h`<div class="card rejected" role="alert"><p>Chưa lưu được thay đổi:</p><ul>${problems.map((p) => h`<li>${p}</li>`)}</ul></div>`;
  return htmlPage(c, 400, {
    title: 'Địa chỉ liên hệ', principal, current: PATHS.contacts, body: unitBody(c, code, listOf(provinces, code), requests, notice, form),
  });
}

function actorOf(principal: { role: string; address: string }): ContactActor {
  return { role: principal.role === 'national' ? 'national' : 'province', address: principal.address };
}

export async function addContact(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const form = await formOf(c);
  const province = unitOf(c, form.get('tinh') ?? '')!;
  const input = { email: form.get('email') ?? '', name: form.get('ten') ?? '', role: form.get('chuc-vu') ?? '', phone: form.get('dien-thoai') ?? '' };
  const result = await addAddress(c.var.deps.contactChanges, { province: province.code, input, by: actorOf(principal), now: c.var.now, knownProvince: true });
  return answer(c, province.code, result, 'them', input);
}

export async function removeContact(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const form = await formOf(c);
  const province = unitOf(c, form.get('tinh') ?? '')!;
  const result = await removeAddress(c.var.deps.contactChanges, { province: province.code, email: form.get('email') ?? '', by: actorOf(principal), now: c.var.now });
  return answer(c, province.code, result, 'xoa', {});
}
