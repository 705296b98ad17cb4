// The blank official form: the page to choose a date (and, for the national office, a province), and
// the xlsx itself (shared/domain/form/official-form-xlsx.ts), optionally pre-filled with the latest
// accepted values (the download's name says whose).
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import { blankFormFileName, prefillFor } from '../../../../shared/domain/entry/submit.ts';
import { formatDateVi } from '../../../../shared/domain/format.ts';
import { h, raw, type Html } from '../../../../shared/domain/mail/html.ts';
import { dueDate } from '../../../../shared/domain/portal/dates.ts';
import { canViewProvince } from '../../../../shared/domain/portal/roles.ts';
import { CONTENT_TYPES } from '../../../../shared/domain/snapshot/keys.ts';
import { formTexts } from '../../../../shared/domain/snapshot/text.ts';
import { badRequest, forbidden, htmlPage, principalOf, requestedDate, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';

function formBody(campaign: Campaign, chosen: string, chooseProvince: boolean): Html {
  return h`<h1>Mẫu báo cáo</h1>
<div class="card">
<p>Tải mẫu báo cáo chính thức (Excel .xlsx) đã điền sẵn tên đơn vị và ngày báo cáo; chỉ cần điền 11 cột số liệu vào dòng tô màu rồi nộp. Mẫu in vừa một trang A4 khổ ngang.</p>
<form method="get" action="${PATHS.formDownload}">
${chooseProvince ? h`<label for="tinh">Tỉnh/Thành phố</label><select id="tinh" name="tinh">${campaign.provinces.map((p) => h`<option value="${p.code}">${p.name}</option>`)}</select>` : h``}
<label for="ngay">Ngày báo cáo</label>
<select id="ngay" name="ngay">${campaign.reportDates.map((d) => h`<option value="${d}"${d === chosen ? raw(' selected') : h``}>${formatDateVi(d)}</option>`)}</select>
<p class="check"><input type="checkbox" id="dien-san" name="dien-san" value="1"><label for="dien-san">Điền sẵn số liệu đã nhận gần nhất (sửa lại trước khi nộp)</label></p>
<p><button type="submit">Tải mẫu báo cáo</button></p>
</form>
</div>`;
}

export async function formPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const { campaign } = c.var.deps;
  return htmlPage(c, 200, {
    title: 'Mẫu báo cáo', principal, current: PATHS.form,
    body: formBody(campaign, dueDate(campaign, c.var.now), principal.role === 'national'),
  });
}

export async function formDownload(c: PortalContext): Promise<Response> {
  const { campaign } = c.var.deps;
  const principal = await principalOf(c);
  const date = requestedDate(c) ?? dueDate(campaign, c.var.now);
  const code = c.req.query('tinh') ?? (principal.role === 'province' ? principal.province : '');
  const province = campaign.province(code);
  if (!province) throw badRequest('Chọn một tỉnh, thành phố.');
  if (!canViewProvince(principal, code)) throw forbidden();
  const prefill = c.req.query('dien-san') === '1' ? prefillFor(await c.var.deps.reports.listReportsForProvince(code), date) : undefined;
  // exceljs is loaded on the first blank form a container serves, not at every cold start: most
  // portal requests are pages.
  const { officialFormXlsx } = await import('../../../../shared/domain/form/official-form-xlsx.ts');
  const bytes = await officialFormXlsx({
    province, reportDate: date, texts: formTexts(campaign.config), at: c.var.now,
    ...(prefill ? { values: prefill.values, prefilledFrom: prefill.from } : {}),
  });
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': CONTENT_TYPES.xlsx,
    'content-disposition': `attachment; filename="${blankFormFileName(code, date, prefill?.from)}"`,
  });
}
