// A province sees its own addresses and the record of their changes, and asks the national office to add
// or remove one (with a reason); it sees its requests and may withdraw one still waiting. It never edits
// the list itself: an address on it can sign in and submit the unit's numbers (docs/contacts.md).
import { randomUUID } from 'node:crypto';
import { auditTrail } from '../../../../shared/domain/contacts/changes.ts';
import { askForChange, requestsInOrder, withdrawRequest, type ContactRequest } from '../../../../shared/domain/contacts/requests.ts';
import { announcesRequest, contactRequestMessage } from '../../../../shared/domain/contacts/request-message.ts';
import { officeName } from '../../../../shared/domain/mail/common.ts';
import { mailChannel } from '../../../../shared/domain/messages/channel.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { FIELD_LIMITS } from '../../../../shared/domain/shown-text.ts';
import type { ProvinceContactList } from '../../../../shared/ports/contacts.ts';
import { htmlPage, portalBase, principalOf, provinceOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { auditTable, peopleTable, personFields, problemText, requestCards } from '../../views/contacts.ts';

const SHOWN_DECIDED = 10;

interface RequestForm { kind?: string; email?: string; name?: string; role?: string; phone?: string; reason?: string }

function withdrawForm(r: ContactRequest): Html {
  if (r.status !== 'pending') return h``;
  return h`<form method="post" action="${PATHS.ownContactsWithdraw}"><input type="hidden" name="ma" value="${r.id}">
<button type="submit" class="secondary">Rút đề nghị</button></form>`;
}

function addForm(form: RequestForm): Html {
  const typed = form.kind === 'add' ? form : {};
  return h`<form method="post" action="${PATHS.ownContactsRequest}" class="card">
<h3>Đề nghị thêm địa chỉ</h3>
<input type="hidden" name="loai" value="them">
${personFields(typed)}
<label for="ly-do-them">Lý do</label>
<textarea id="ly-do-them" name="ly-do" rows="3" required maxlength="${FIELD_LIMITS.reason}">${typed.reason ?? ''}</textarea>
<p><button type="submit">Gửi đề nghị thêm</button></p>
</form>`;
}

function removeForm(list: ProvinceContactList, form: RequestForm): Html {
  if (list.people.length === 0) return h``;
  const typed = form.kind === 'remove' ? form : {};
  return h`<form method="post" action="${PATHS.ownContactsRequest}" class="card">
<h3>Đề nghị xóa địa chỉ</h3>
<input type="hidden" name="loai" value="xoa">
<label for="email-xoa">Địa chỉ cần xóa</label>
<select id="email-xoa" name="email" required>${list.people.map((p) => h`<option value="${p.email}"${typed.email === p.email ? h` selected` : h``}>${p.email}${p.name ? h` (${p.name})` : h``}</option>`)}</select>
<label for="ly-do-xoa">Lý do</label>
<textarea id="ly-do-xoa" name="ly-do" rows="3" required maxlength="${FIELD_LIMITS.reason}">${typed.reason ?? ''}</textarea>
<p><button type="submit">Gửi đề nghị xóa</button></p>
</form>`;
}

function body(c: PortalContext, view: { unit: string; list: ProvinceContactList; national: readonly string[]; requests: ContactRequest[] }, notice?: Html, form: RequestForm = {}): Html {
  const { campaign } = c.var.deps;
  // Every waiting request, and the latest decided ones (the record of changes keeps the rest).
  const ordered = requestsInOrder(view.requests);
  const shown = ordered.slice(0, ordered.filter((r) => r.status === 'pending').length + SHOWN_DECIDED);
  return h`<h1>Địa chỉ liên hệ của đơn vị</h1>
${notice ?? h``}
<p>Các địa chỉ dưới đây nhận thư của hệ thống (xác nhận, nhắc nộp) và đăng nhập được để nộp báo cáo của ${view.unit}.</p>
${peopleTable(view.list.people)}
<h2>Đề nghị thay đổi</h2>
<p>Danh sách do Ban Quản lý Thu quản lý: khi có cán bộ mới hoặc một người chuyển công tác, hãy gửi đề nghị thêm hoặc xóa địa chỉ kèm lý do. Thay đổi có hiệu lực khi được duyệt; địa chỉ bị xóa không đăng nhập được nữa.</p>
${addForm(form)}
${removeForm(view.list, form)}
${view.national.length ? h`<p>Cần trao đổi thêm, hãy gửi thư tới ${view.national.map((a, i) => h`${i ? ', ' : ''}<a href="mailto:${a}">${a}</a>`)}.</p>` : h``}
<h2>Các đề nghị của đơn vị</h2>
${shown.length ? requestCards(campaign, shown, { actions: withdrawForm }) : h`<p>Đơn vị chưa gửi đề nghị nào.</p>`}
<h2>Lịch sử thay đổi</h2>
${auditTable(campaign, auditTrail({ provinces: [view.list] }))}`;
}

async function pageData(c: PortalContext, code: string) {
  const { deps } = c.var;
  const [registry, requests] = await Promise.all([deps.contactChanges.registry.list(), deps.contactChanges.requests.list(code)]);
  const list = registry.provinces.find((p) => p.province === code) ?? { province: code, people: [], version: 0, changes: [] };
  return { unit: officeName(deps.campaign.province(code)!), list, national: registry.national, requests };
}

const NOTICES: Record<string, string> = {
  gui: 'Đã gửi đề nghị. Ban Quản lý Thu sẽ xem xét; kết quả hiện ở mục “Các đề nghị của đơn vị”.',
  rut: 'Đã rút đề nghị.',
};

export async function ownContactsPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const code = provinceOf(principal);
  const done = NOTICES[c.req.query('da') ?? ''];
  const notice = done ? h`<div class="card accepted" role="status"><p>${done}</p></div>` : undefined;
  return htmlPage(c, 200, { title: 'Địa chỉ liên hệ', principal, current: PATHS.ownContacts, body: body(c, await pageData(c, code), notice) });
}

function refusal(problems: readonly string[]): Html {
  return h`<div class="card rejected" role="alert"><p>Chưa gửi được:</p><ul>${problems.map((p) => h`<li>${p}</li>`)}</ul></div>`;
}

export async function askContactChange(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const code = provinceOf(principal);
  const fields = new URLSearchParams(await c.req.text());
  const kind = fields.get('loai') === 'xoa' ? 'remove' : 'add';
  const form: RequestForm = {
    kind, email: fields.get('email') ?? '', name: fields.get('ten') ?? '', role: fields.get('chuc-vu') ?? '', phone: fields.get('dien-thoai') ?? '', reason: fields.get('ly-do') ?? '',
  };
  const { deps } = c.var;
  const result = await askForChange(deps.contactChanges, {
    id: randomUUID(), province: code, kind, by: principal.address, now: c.var.now,
    input: { email: form.email, name: form.name, role: form.role, phone: form.phone }, reason: form.reason,
  });
  if (result.status === 'stored') {
    deps.log('info', 'Contact change requested', { province: code, kind, request: result.request.id, by: principal.address });
    await announce(c, result.request);
    return c.redirect(`${PATHS.ownContacts}?da=gui`, 303);
  }
  const body400 = body(c, await pageData(c, code), refusal(result.problems.map(problemText)), form);
  return htmlPage(c, 400, { title: 'Địa chỉ liên hệ', principal, current: PATHS.ownContacts, body: body400 });
}

/** Mails the national office that a request waits (a province's first of the day); a failure is logged, the request stays. */
async function announce(c: PortalContext, request: ContactRequest): Promise<void> {
  const { deps } = c.var;
  try {
    const [all, book] = await Promise.all([deps.contactChanges.requests.list(request.province), deps.contacts()]);
    if (book.national.length === 0 || !announcesRequest(deps.campaign, request, all)) return;
    const unit = officeName(deps.campaign.province(request.province)!);
    const message = contactRequestMessage(deps.campaign, request, unit, `${portalBase(c)}${PATHS.contacts}?tinh=${request.province}`);
    await mailChannel(deps.mailer).send([...book.national], { message });
  } catch (error) {
    deps.log('warn', 'Contact request not announced by mail', { province: request.province, request: request.id, error: error instanceof Error ? error.message : String(error) });
  }
}

export async function withdrawContactChange(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const code = provinceOf(principal);
  const fields = new URLSearchParams(await c.req.text());
  const result = await withdrawRequest(c.var.deps.contactChanges, { province: code, id: fields.get('ma') ?? '', by: principal.address, now: c.var.now });
  if (result.status === 'withdrawn') return c.redirect(`${PATHS.ownContacts}?da=rut`, 303);
  const problem = result.status === 'unknown' ? 'Không tìm thấy đề nghị này trong các đề nghị của đơn vị.' : 'Đề nghị này đã được xử lý, không rút được nữa.';
  return htmlPage(c, 400, { title: 'Địa chỉ liên hệ', principal, current: PATHS.ownContacts, body: body(c, await pageData(c, code), refusal([problem])) });
}
