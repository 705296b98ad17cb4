// "Nhập số liệu": a province types its 11 numbers. The page checks them as the clerk types (the
// bundled check), the server checks them again with the same code, then writes the official form
// with the values in to incoming/<code>/ (origin: the entry form), and the verdict follows the one
// path of every upload. "Giống hôm qua" confirms the latest report's values before sending them.
import * as z from 'zod/mini';
import { fieldName } from '../../../../shared/domain/entry/fields.ts';
import { prefillFor, prepareEntry, previousReport, sameAsLatest } from '../../../../shared/domain/entry/submit.ts';
import { formatInteger } from '../../../../shared/domain/format.ts';
import { dueDate } from '../../../../shared/domain/portal/dates.ts';
import { canSubmit } from '../../../../shared/domain/portal/roles.ts';
import { uploadKey } from '../../../../shared/domain/portal/uploads.ts';
import { COLUMN_COUNT, type StoredReport } from '../../../../shared/domain/report.ts';
import { CONTENT_TYPES } from '../../../../shared/domain/snapshot/keys.ts';
import { badRequest, forbidden, htmlPage, principalOf, provinceOf, requestedDate, type PortalContext } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { entryBody, sameAsLatestBody, type EntryPageInput } from '../../views/entry.ts';

/** What the entry form posts: the date and the 11 fields as typed (bounded: the check reads at most a few dozen characters). */
const entryPost = z.object({
  ngay: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  fields: z.array(z.string().check(z.maxLength(200))).check(z.length(COLUMN_COUNT)),
});

async function provinceReports(c: PortalContext, province: string): Promise<StoredReport[]> {
  return c.var.deps.reports.listReportsForProvince(province);
}

function pageInput(c: PortalContext, province: string, date: string, reports: readonly StoredReport[]): Omit<EntryPageInput, 'raw'> {
  const { campaign } = c.var.deps;
  const previous = previousReport(reports, date);
  const current = reports.find((r) => r.reportDate === date);
  const repeat = sameAsLatest(reports, date);
  return {
    campaign, province, date, dueDate: dueDate(campaign, c.var.now),
    ...(previous ? { previous } : {}), ...(current ? { current } : {}), ...(repeat && !current ? { sameAsLatest: repeat } : {}),
  };
}

export async function entryPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const province = provinceOf(principal);
  const { campaign } = c.var.deps;
  const date = requestedDate(c) ?? dueDate(campaign, c.var.now);
  const reports = await provinceReports(c, province);
  const prefill = prefillFor(reports, date);
  const raw = prefill ? prefill.values.map((v) => formatInteger(v)) : Array.from({ length: COLUMN_COUNT }, () => '');
  return htmlPage(c, 200, {
    title: 'Nhập số liệu', principal, current: PATHS.entry, scripts: [PATHS.entryJs],
    body: entryBody({ ...pageInput(c, province, date, reports), raw, ...(prefill ? { prefill } : {}) }),
  });
}

export async function entrySubmit(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const principal = await principalOf(c);
  const province = provinceOf(principal);
  if (!canSubmit(principal, province)) throw forbidden();
  const body = await c.req.parseBody();
  const parsed = entryPost.safeParse({ ngay: body.ngay, fields: Array.from({ length: COLUMN_COUNT }, (_, i) => body[fieldName(i + 1)] ?? '') });
  if (!parsed.success) throw badRequest('Dữ liệu gửi lên không đọc được. Vui lòng mở lại trang Nhập số liệu rồi thử lại.');
  const { ngay: date, fields: raw } = parsed.data;
  if (!deps.campaign.isReportDate(date)) throw badRequest(`Ngày ${date} không phải ngày báo cáo của đợt ${deps.campaign.config.title}.`);
  const reports = await provinceReports(c, province);
  const outcome = await prepareEntry({ campaign: deps.campaign, province, reportDate: date, raw, reports, at: now });
  if (outcome.status === 'invalid') {
    return htmlPage(c, 400, {
      title: 'Nhập số liệu', principal, current: PATHS.entry, scripts: [PATHS.entryJs],
      body: entryBody({ ...pageInput(c, province, date, reports), raw, check: outcome.check }),
    });
  }
  const key = uploadKey(province, outcome.fileName, now);
  await deps.files.putUpload({ key, prefix: `incoming/${province}/`, body: outcome.bytes, contentType: CONTENT_TYPES.xlsx, metadata: outcome.metadata });
  deps.log('info', 'Entry form written for the parser', { province, reportDate: date, key });
  return c.redirect(`${PATHS.uploaded}?key=${encodeURIComponent(key)}`, 303);
}

/** "Giống hôm qua": the latest report's values for the date, shown for confirmation; confirming posts them to the entry form, checked like any entry. */
export async function sameAsLatestPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const province = provinceOf(principal);
  const { campaign } = c.var.deps;
  const date = requestedDate(c) ?? dueDate(campaign, c.var.now);
  const from = sameAsLatest(await provinceReports(c, province), date);
  if (!from) throw badRequest('Chưa có báo cáo nào trước ngày này đã được nhận để gửi lại. Vui lòng nhập số liệu.');
  return htmlPage(c, 200, { title: 'Giống hôm qua', principal, current: PATHS.entry, body: sameAsLatestBody(campaign, date, from) });
}
