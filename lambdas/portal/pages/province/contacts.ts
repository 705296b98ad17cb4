// A province sees its own addresses and the record of their changes, and asks the national office for a
// change: it does not edit them itself (docs/deploy.md, "Contacts": an address can submit the unit's numbers).
import { auditTrail } from '../../../../shared/domain/contacts/changes.ts';
import { officeName } from '../../../../shared/domain/mail/common.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import type { ProvinceContactList } from '../../../../shared/ports/contacts.ts';
import { htmlPage, principalOf, provinceOf, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { auditTable, peopleTable } from '../../views/contacts.ts';

function requestLinks(national: readonly string[], unit: string): Html {
  if (national.length === 0) return h`<p>Liên hệ Ban Quản lý Thu, Bảo hiểm xã hội Việt Nam.</p>`;
  const subject = encodeURIComponent(`Đề nghị thay đổi địa chỉ liên hệ - ${unit}`);
  const body = encodeURIComponent('Đề nghị thêm (hoặc xóa) địa chỉ:\nEmail:\nHọ và tên:\nChức vụ, bộ phận:\nĐiện thoại:\n');
  return h`<ul>${national.map((a) => h`<li><a href="mailto:${a}?subject=${subject}&amp;body=${body}">${a}</a></li>`)}</ul>`;
}

function body(unit: string, list: ProvinceContactList, national: readonly string[], campaign: Parameters<typeof auditTable>[0]): Html {
  return h`<h1>Địa chỉ liên hệ của đơn vị</h1>
<p>Các địa chỉ dưới đây nhận thư của hệ thống (xác nhận, nhắc nộp) và đăng nhập được để nộp báo cáo của ${unit}.</p>
${peopleTable(list.people)}
<div class="card">
<h2>Đề nghị thay đổi</h2>
<p>Danh sách do Ban Quản lý Thu quản lý. Khi có cán bộ mới, hoặc một người chuyển công tác, hãy gửi đề nghị thêm hoặc xóa địa chỉ (họ và tên, chức vụ, email, điện thoại) tới:</p>
${requestLinks(national, unit)}
<p>Sau khi địa chỉ được thêm, cán bộ mới đăng nhập bằng chính địa chỉ đó. Địa chỉ bị xóa không đăng nhập được nữa.</p>
</div>
<h2>Lịch sử thay đổi</h2>
${auditTable(campaign, auditTrail({ provinces: [list] }))}`;
}

export async function ownContactsPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const code = provinceOf(principal);
  const { deps } = c.var;
  const view = await deps.contactChanges.registry.list();
  const list = view.provinces.find((p) => p.province === code) ?? { province: code, people: [], version: 0, changes: [] };
  const unit = officeName(deps.campaign.province(code)!);
  return htmlPage(c, 200, { title: 'Địa chỉ liên hệ', principal, current: PATHS.ownContacts, body: body(unit, list, view.national, deps.campaign) });
}
