// The provinces' waiting contact-change requests on the national office's contacts pages, each with
// the forms that grant or decline it; granting applies the change as the office's own (recorded, and a
// removed address loses its sessions), naming the request in the record.
import { decideRequest, requestsInOrder, type ContactRequest, type DecideResult } from '../../../../shared/domain/contacts/requests.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { FIELD_LIMITS } from '../../../../shared/domain/shown-text.ts';
import { badRequest, htmlPage, principalOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { problemText, requestCards } from '../../views/contacts.ts';

// Enough for a day's work on one page; a unit's page shows all of its own (at most MAX_PENDING_PER_PROVINCE).
const SHOWN_PENDING = 20;

function decideForms(r: ContactRequest): Html {
  const hidden = h`<input type="hidden" name="tinh" value="${r.province}"><input type="hidden" name="ma" value="${r.id}">`;
  return h`<div class="actions">
<form method="post" action="${PATHS.contactsDecide}">${hidden}<input type="hidden" name="quyet-dinh" value="duyet">
<button type="submit">Duyệt: ${r.kind === 'add' ? 'thêm' : 'xóa'} địa chỉ</button></form>
<form method="post" action="${PATHS.contactsDecide}">${hidden}<input type="hidden" name="quyet-dinh" value="khong-duyet">
<label for="ghi-chu-${r.id}">Lý do không duyệt (không bắt buộc)</label>
<input type="text" id="ghi-chu-${r.id}" name="ghi-chu" maxlength="${FIELD_LIMITS.reason}">
<p><button type="submit" class="secondary">Không duyệt</button></p></form>
</div>`;
}

/** The waiting requests (of one unit, or of all), oldest first so the longest waiting is seen first. */
export function pendingRequestsSection(c: PortalContext, requests: readonly ContactRequest[], unitName?: (code: string) => string): Html {
  const pending = requestsInOrder(requests).filter((r) => r.status === 'pending').reverse();
  if (pending.length === 0) return h``;
  const shown = pending.slice(0, SHOWN_PENDING);
  return h`<section aria-labelledby="de-nghi-cho-duyet">
<h2 id="de-nghi-cho-duyet">Đề nghị đang chờ duyệt (${pending.length})</h2>
<p>Đơn vị đề nghị thêm hoặc xóa địa chỉ của mình. Khi duyệt, thay đổi được thực hiện và ghi vào lịch sử; địa chỉ bị xóa mất ngay các phiên đăng nhập.</p>
${requestCards(c.var.deps.campaign, shown, { ...(unitName ? { unitName } : {}), actions: decideForms })}
${pending.length > shown.length ? h`<p>Còn ${pending.length - shown.length} đề nghị khác đang chờ: duyệt xong các đề nghị trên để thấy tiếp, hoặc mở trang của từng đơn vị.</p>` : h``}
</section>`;
}

function problemsOf(result: DecideResult): string[] {
  switch (result.status) {
    case 'unknown': return ['Không tìm thấy đề nghị này của đơn vị.'];
    case 'already-decided': return ['Đề nghị này đã được xử lý (hoặc đơn vị đã rút) trước đó: không thay đổi gì thêm.'];
    case 'refused': return ['Không thực hiện được thay đổi, đề nghị vẫn chờ duyệt:', ...result.problems.map(problemText)];
    case 'conflict': return ['Danh sách vừa được người khác thay đổi: vui lòng xem lại rồi duyệt lại.'];
    default: return [];
  }
}

export async function decideContactRequest(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const form = new URLSearchParams(await c.req.text());
  const { deps } = c.var;
  const code = form.get('tinh') ?? '';
  if (!deps.campaign.province(code)) throw badRequest(`Không có đơn vị mã ${code} trong đợt báo cáo này.`);
  const decision = form.get('quyet-dinh');
  if (decision !== 'duyet' && decision !== 'khong-duyet') throw badRequest('Chưa chọn duyệt hay không duyệt.');
  const result = await decideRequest(deps.contactChanges, {
    province: code, id: form.get('ma') ?? '', approve: decision === 'duyet', note: form.get('ghi-chu') ?? '',
    by: { role: 'national', address: principal.address }, now: c.var.now,
  });
  if (result.status === 'approved' || result.status === 'declined') {
    deps.log('info', 'Contact request decided', { province: code, request: result.request.id, status: result.request.status, by: principal.address });
    return c.redirect(`${PATHS.contacts}?tinh=${code}&da=${decision}`, 303);
  }
  deps.log('warn', 'Contact request not decided', { province: code, outcome: result.status, by: principal.address });
  const notice = h`<div class="card rejected" role="alert"><ul>${problemsOf(result).map((p) => h`<li>${p}</li>`)}</ul>
<p><a href="${PATHS.contacts}?tinh=${code}">Xem danh sách và các đề nghị của đơn vị</a></p></div>`;
  return htmlPage(c, 400, { title: 'Đề nghị thay đổi địa chỉ', principal, current: PATHS.contacts, body: h`<h1>Đề nghị thay đổi địa chỉ</h1>${notice}` });
}
