// A province submits its report: the upload page (the form posts to the bucket; the page's script
// asks for a ticket and polls the verdict), the page S3 sends the browser to, and their two APIs.
import { formatBytes, formatDateVi } from '../../../../shared/domain/format.ts';
import { MAX_UPLOAD_BYTES } from '../../../../shared/domain/limits.ts';
import { officeName } from '../../../../shared/domain/mail/common.ts';
import { h, type Html } from '../../../../shared/domain/mail/html.ts';
import { standing } from '../../../../shared/domain/entry/standing.ts';
import { sameAsLatest } from '../../../../shared/domain/entry/submit.ts';
import { dueDate } from '../../../../shared/domain/portal/dates.ts';
import { canReadObject, canSubmit } from '../../../../shared/domain/portal/roles.ts';
import { NO_SCRIPT_FORM_SECONDS, newUploadFolder, UPLOAD_FORM_SECONDS, uploadKey } from '../../../../shared/domain/portal/uploads.ts';
import type { Campaign } from '../../../../shared/domain/campaign.ts';
import type { StoredReport, SubmissionRecord } from '../../../../shared/domain/report.ts';
import type { PresignedUpload, Principal } from '../../../../shared/ports/portal.ts';
import {
  badRequest, forbidden, htmlPage, HttpProblem, jsonBody, portalBase, principalOf, provinceOf, type PortalContext, type PortalDeps,
} from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { standingView } from '../../views/standing.ts';
import { fileNameOf, tooLargeText, verdictView } from '../../views/submissions.ts';
import { provinceSubmissions } from './history.ts';

interface SubmitPageInput {
  campaign: Campaign;
  province: string;
  dueDate: string | undefined;
  maxBytes: number;
  /** The presigned POST the form itself sends (when the page's script does not take over). */
  upload?: PresignedUpload;
  uploadHours?: number;
  /** Where the province stands (the due date, earlier dates missing, the last verdict). */
  standing?: Html;
}

function submitBody({ campaign, province, dueDate, maxBytes, upload, uploadHours, standing }: SubmitPageInput): Html {
  const p = campaign.province(province);
  return h`<h1>Nộp báo cáo</h1>
<p>${p ? officeName(p) : province}${dueDate ? h`. Báo cáo ngày <b>${formatDateVi(dueDate)}</b>, hạn nộp ${campaign.formatLocal(campaign.deadline(dueDate))}.` : h``}</p>
${standing ?? h``}
<h2>Tải tệp báo cáo lên</h2>
<form id="upload-form" class="card" data-ticket-url="${PATHS.uploadTicket}" data-max-bytes="${maxBytes}" data-too-large="${tooLargeText(maxBytes)}"${upload ? h` method="post" action="${upload.url}" enctype="multipart/form-data"` : h``}>
${upload ? Object.entries(upload.fields).map(([name, value]) => h`<input type="hidden" name="${name}" value="${value}">`) : h``}
<div id="drop-zone" class="drop">
<label for="report-file">Tệp báo cáo</label>
<input type="file" id="report-file" name="file" accept=".xlsx,.xls,.ods,.csv" required aria-describedby="file-help">
<p id="file-help" class="muted">Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV, tối đa ${formatBytes(maxBytes)}. Có thể kéo thả tệp vào khung này.</p>
<p id="chosen"></p>
</div>
<button type="submit">Nộp báo cáo</button>
${upload && uploadHours ? h`<noscript><p class="muted">Nếu trang này đã mở quá ${uploadHours} giờ, hãy tải lại trang trước khi nộp.</p></noscript>` : h``}
</form>
<div id="verdict" class="status" role="status" aria-live="polite"></div>
<p class="muted">Cần mẫu trống? <a href="${PATHS.form}">Tải mẫu báo cáo</a>. Kết quả các lần nộp có trong <a href="${PATHS.history}">Lịch sử</a>.</p>`;
}

/** The result of a form upload: the verdict once the pipeline has it, until then a note (the page reloads itself). */
function uploadedBody(campaign: Campaign, key: string, latest: SubmissionRecord | undefined, keeps?: StoredReport): Html {
  return h`<h1>Nộp báo cáo</h1>
<div id="verdict" class="status" role="status" aria-live="polite">${latest ? verdictView(campaign, latest, keeps) : h`<div class="card pending"><p>Đã gửi tệp ${fileNameOf(key)}. Đang kiểm tra báo cáo… Trang sẽ tự tải lại sau vài giây.</p></div>`}</div>
<p><a href="${PATHS.submit}">Nộp tệp khác</a> · <a href="${PATHS.history}">Lịch sử</a></p>`;
}

export async function submitPage(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const principal = await principalOf(c);
  const province = provinceOf(principal);
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  // The form itself posts to the bucket (the page's script takes over where it runs): S3 names the
  // object after the chosen file and sends the browser to the result page.
  const [upload, reports, submissions] = await Promise.all([
    deps.files.presignUpload({
      key: `${newUploadFolder(province, now)}\${filename}`, prefix: `incoming/${province}/`, maxBytes,
      expiresSeconds: NO_SCRIPT_FORM_SECONDS, redirect: `${portalBase(c)}${PATHS.uploaded}`,
    }),
    deps.reports.listReportsForProvince(province),
    provinceSubmissions(deps, province),
  ]);
  const due = dueDate(deps.campaign, now);
  const where = standing(deps.campaign, reports, submissions, due, now);
  const repeat = where.due.kind === 'not_received' && sameAsLatest(reports, due) !== undefined;
  return htmlPage(c, 200, {
    title: 'Nộp báo cáo', principal, current: PATHS.submit,
    body: submitBody({
      campaign: deps.campaign, province, dueDate: due, maxBytes, upload, uploadHours: NO_SCRIPT_FORM_SECONDS / 3600,
      standing: standingView(deps.campaign, where, repeat),
    }),
  });
}

/** The upload a verdict request names: one the principal may read, under incoming/. */
function uploadKeyOf(principal: Principal, c: PortalContext): string {
  const key = c.req.query('key') ?? '';
  if (!key.startsWith('incoming/') || !canReadObject(principal, key)) throw forbidden();
  return key;
}

async function latestSubmission(deps: PortalDeps, key: string): Promise<SubmissionRecord | undefined> {
  const records = await deps.submissions.listForObject(key);
  return records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).at(-1);
}

/** For a rejected upload: the accepted report of its date, which the verdict says is kept. */
async function keptReport(deps: PortalDeps, s: SubmissionRecord | undefined): Promise<StoredReport | undefined> {
  if (s?.status !== 'rejected') return undefined;
  return (await deps.reports.listReportsForProvince(s.province)).find((r) => r.reportDate === s.reportDate);
}

/** Where S3 sends the browser after a form upload: the verdict, or a page that reloads itself until it is in. */
export async function uploadedPage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const key = uploadKeyOf(principal, c);
  const latest = await latestSubmission(c.var.deps, key);
  const keeps = await keptReport(c.var.deps, latest);
  return htmlPage(c, 200, {
    title: 'Kết quả nộp báo cáo', principal, current: PATHS.submit,
    ...(latest ? {} : { refreshSeconds: 3 }), body: uploadedBody(c.var.deps.campaign, key, latest, keeps),
  });
}

export async function uploadTicket(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const principal = await principalOf(c);
  const province = provinceOf(principal);
  if (!canSubmit(principal, province)) throw forbidden();
  let input: { fileName?: unknown; size?: unknown };
  try {
    input = JSON.parse(await c.req.text()) as typeof input;
  } catch {
    throw badRequest('Dữ liệu gửi lên không đọc được.');
  }
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  if (typeof input?.fileName !== 'string' || !input.fileName) throw badRequest('Thiếu tên tệp.');
  if (typeof input.size === 'number' && input.size > maxBytes) throw new HttpProblem(413, 'Tệp quá lớn', tooLargeText(maxBytes));
  const key = uploadKey(province, input.fileName, now);
  const upload = await deps.files.presignUpload({ key, prefix: `incoming/${province}/`, maxBytes, expiresSeconds: UPLOAD_FORM_SECONDS });
  return jsonBody(c, 200, { ...upload, key, verdictUrl: `${PATHS.verdict}?key=${encodeURIComponent(key)}` });
}

export async function verdictApi(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const latest = await latestSubmission(c.var.deps, uploadKeyOf(principal, c));
  if (!latest) return jsonBody(c, 200, { done: false });
  return jsonBody(c, 200, { done: true, status: latest.status, html: verdictView(c.var.deps.campaign, latest, await keptReport(c.var.deps, latest)).html });
}
