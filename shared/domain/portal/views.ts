// The portal's pages, server-rendered in Vietnamese. Every piece of data is escaped where it is
// embedded (the h`` toolkit of the mails); no inline script or style, so the CSP can forbid both.
import type { Campaign } from '../campaign.ts';
import { formatBytes, formatDateVi, formatInteger } from '../format.ts';
import { h, raw, type Html } from '../mail/html.ts';
import { officeName } from '../mail/common.ts';
import type { Finding, StoredReport, SubmissionRecord } from '../report.ts';
import { submissionVerdict } from '../intake/emails.ts';
import { submittedFileName } from '../intake/origin.ts';
import { renderHtml } from '../messages/render.ts';
import type { ProvinceStatus, Snapshot } from '../snapshot/model.ts';
import { formTexts, LABELS, STATUS_LABEL } from '../snapshot/text.ts';
import type { PresignedUpload, Principal } from '../../ports/portal.ts';
import { CONFIRM_PATH } from './auth.ts';

export const PORTAL_TITLE = 'Cổng báo cáo chậm đóng BHXH';

export const PATHS = {
  signIn: '/',
  requestLink: '/dang-nhap',
  confirm: CONFIRM_PATH,
  signOut: '/dang-xuat',
  submit: '/nop-bao-cao',
  uploaded: '/nop-bao-cao/da-gui',
  history: '/lich-su',
  form: '/mau-bao-cao',
  formDownload: '/mau-bao-cao/tai-ve',
  national: '/toan-quoc',
  uploads: '/toan-quoc/cac-lan-nop',
  missing: '/toan-quoc/chua-nop',
  snapshotDownload: '/tai-ve/tong-hop',
  fileDownload: '/tai-ve/tep',
  uploadTicket: '/api/tai-len',
  verdict: '/api/ket-qua',
  live: '/api/toan-quoc',
  css: '/tai-nguyen/portal.css',
  js: '/tai-nguyen/portal.js',
} as const;

interface NavItem { href: string; label: string }

function navFor(principal: Principal | undefined): NavItem[] {
  if (!principal) return [];
  return principal.role === 'province'
    ? [{ href: PATHS.submit, label: 'Nộp báo cáo' }, { href: PATHS.history, label: 'Lịch sử' }, { href: PATHS.form, label: 'Mẫu báo cáo' }]
    : [{ href: PATHS.national, label: 'Hôm nay' }, { href: PATHS.uploads, label: 'Các lần nộp' }, { href: PATHS.missing, label: 'Chưa nộp' }];
}

export function whoLabel(campaign: Campaign, principal: Principal): string {
  if (principal.role === 'national') return `${principal.address} (Văn phòng toàn quốc)`;
  const province = campaign.province(principal.province);
  return `${principal.address} (${province ? officeName(province) : `tỉnh mã ${principal.province}`})`;
}

export interface PageOptions {
  title: string;
  principal?: Principal;
  campaign: Campaign;
  current?: string;
  body: Html;
  /** Reload the page after this many seconds (a result still coming, without JavaScript). */
  refreshSeconds?: number;
}

export function page({ title, principal, campaign, current, body, refreshSeconds }: PageOptions): string {
  const nav = navFor(principal);
  return `<!DOCTYPE html>\n${h`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds ? h`<meta http-equiv="refresh" content="${refreshSeconds}">` : h``}
<title>${title} - ${PORTAL_TITLE}</title>
<link rel="stylesheet" href="${PATHS.css}">
<script src="${PATHS.js}" defer></script>
</head>
<body>
<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header>
<a class="brand" href="/">${PORTAL_TITLE}</a>
${nav.length ? h`<nav aria-label="Chức năng"><ul>${nav.map((n) => h`<li><a href="${n.href}"${n.href === current ? raw(' aria-current="page"') : h``}>${n.label}</a></li>`)}</ul></nav>` : h``}
${principal ? h`<div class="who"><span>${whoLabel(campaign, principal)}</span><form method="post" action="${PATHS.signOut}"><button type="submit" class="link">Đăng xuất</button></form></div>` : h``}
</header>
<main id="noi-dung">
${body}
</main>
</body>
</html>`.html}\n`;
}

export const signInBody = (notice?: Html): Html => h`<h1>Đăng nhập</h1>
${notice ?? h``}
<div class="card">
<p>Nhập địa chỉ thư điện tử của đơn vị đã đăng ký với hệ thống. Hệ thống sẽ gửi một liên kết đăng nhập, dùng được một lần trong 15 phút.</p>
<form method="post" action="${PATHS.requestLink}">
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" required>
<p><button type="submit">Gửi liên kết đăng nhập</button></p>
</form>
</div>`;

export const linkSentBody = (): Html => h`<h1>Kiểm tra hộp thư</h1>
<div class="card" role="status">
<p>Nếu địa chỉ này đã được đăng ký, một liên kết đăng nhập vừa được gửi tới. Liên kết dùng được một lần, trong 15 phút.</p>
<p>Không nhận được thư? Kiểm tra thư mục thư rác, hoặc <a href="${PATHS.signIn}">gửi lại</a>.</p>
</div>`;

export const confirmBody = (token: string, who: string): Html => h`<h1>Đăng nhập</h1>
<div class="card">
<p>Đăng nhập với địa chỉ <b>${who}</b>.</p>
<form method="post" action="${PATHS.confirm}">
<input type="hidden" name="ma" value="${token}">
<button type="submit">Đăng nhập</button>
</form>
</div>`;

export const LINK_PROBLEMS = {
  used: { title: 'Liên kết đã được sử dụng', text: 'Liên kết đăng nhập này đã được dùng. Mỗi liên kết chỉ dùng được một lần.' },
  expired: { title: 'Liên kết đã hết hạn', text: 'Liên kết đăng nhập này đã hết hạn.' },
  unknown: { title: 'Liên kết không hợp lệ', text: 'Liên kết đăng nhập này không hợp lệ (có thể đã bị cắt khi sao chép).' },
  revoked: { title: 'Địa chỉ không còn được đăng ký', text: 'Địa chỉ của liên kết này không còn trong danh bạ của hệ thống.' },
} as const;

export const linkProblemBody = (problem: keyof typeof LINK_PROBLEMS): Html => h`<h1>${LINK_PROBLEMS[problem].title}</h1>
<div class="card rejected"><p>${LINK_PROBLEMS[problem].text}</p>
<p><a href="${PATHS.signIn}">Nhận liên kết đăng nhập mới</a></p></div>`;

export const problemBody = (title: string, text: string): Html => h`<h1>${title}</h1><div class="card rejected"><p>${text}</p>
<p><a href="/">Về trang chính</a></p></div>`;

const findingItem = (f: Finding): Html => h`<li>${f.cell ? h`<b>Ô ${f.cell}</b>: ` : h``}${f.message}</li>`;

export function fileNameOf(objectKey: string): string {
  return objectKey.slice(objectKey.lastIndexOf('/') + 1);
}

/** The pipeline's verdict on one upload, as the province reads it: the words of its mail (intake/emails.ts).
 *  `keeps` is the province's accepted report for the date, which a rejected file leaves in place. */
export function verdictView(campaign: Campaign, s: SubmissionRecord, keeps?: StoredReport): Html {
  const v = submissionVerdict(campaign, s, submittedFileName(s.objectKey, s.origin), keeps);
  return h`<div class="card ${v.outcome}">
<h2>${v.heading}</h2>
${renderHtml(v.blocks)}</div>`;
}

export interface SubmitPageInput {
  campaign: Campaign;
  province: string;
  dueDate: string | undefined;
  maxBytes: number;
  /** The presigned POST the form itself sends (when the page's script does not take over). */
  upload?: PresignedUpload;
  uploadHours?: number;
}

/** What a province reads when its file is over the limit (the page's script and the upload ticket both say it). */
export function tooLargeText(maxBytes: number): string {
  return `Tệp quá lớn: báo cáo ngày chỉ được tối đa ${formatBytes(maxBytes)}.`;
}

export function submitBody({ campaign, province, dueDate, maxBytes, upload, uploadHours }: SubmitPageInput): Html {
  const p = campaign.province(province);
  return h`<h1>Nộp báo cáo</h1>
<p>${p ? officeName(p) : province}${dueDate ? h`. Báo cáo ngày <b>${formatDateVi(dueDate)}</b>, hạn nộp ${campaign.formatLocal(campaign.deadline(dueDate))}.` : h``}</p>
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
export function uploadedBody(campaign: Campaign, key: string, latest: SubmissionRecord | undefined, keeps?: StoredReport): Html {
  return h`<h1>Nộp báo cáo</h1>
<div id="verdict" class="status" role="status" aria-live="polite">${latest ? verdictView(campaign, latest, keeps) : h`<div class="card pending"><p>Đã gửi tệp ${fileNameOf(key)}. Đang kiểm tra báo cáo… Trang sẽ tự tải lại sau vài giây.</p></div>`}</div>
<p><a href="${PATHS.submit}">Nộp tệp khác</a> · <a href="${PATHS.history}">Lịch sử</a></p>`;
}

/** A date's state in a province's history: a report's status, or not due yet (no report, deadline ahead). */
export type DateStatus = ProvinceStatus | 'not_due';
const DATE_STATUS_LABEL: Record<DateStatus, string> = { ...STATUS_LABEL, not_due: 'Chưa đến hạn' };
const statusTag = (status: DateStatus): Html => h`<span class="tag ${status}">${DATE_STATUS_LABEL[status]}</span>`;

export interface DateState { date: string; status: DateStatus; deadline: Date; submittedAt: string | null }

export function historyBody(campaign: Campaign, province: string, dates: DateState[], submissions: SubmissionRecord[], showProvince: boolean): Html {
  const p = campaign.province(province);
  return h`<h1>Lịch sử${showProvince && p ? h` - ${officeName(p)}` : h``}</h1>
<h2>Các ngày báo cáo</h2>
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table>
<tr><th scope="col">Ngày báo cáo</th><th scope="col">Tình trạng</th><th scope="col">Hạn nộp</th><th scope="col">Thời điểm nộp</th></tr>
${dates.map((d) => h`<tr><td>${formatDateVi(d.date)}</td><td>${statusTag(d.status)}</td><td>${campaign.formatLocal(d.deadline)}</td><td>${d.submittedAt ? campaign.formatLocal(new Date(d.submittedAt)) : ''}</td></tr>`)}
</table></div>
<h2>Các lần nộp (${submissions.length})</h2>
${submissions.length === 0 ? h`<p>Chưa có lần nộp nào.</p>` : submissionsTable(campaign, submissions, false)}`;
}

function submissionState(s: SubmissionRecord): Html {
  if (s.status === 'rejected') return h`<span class="tag rejected_only">Bị từ chối</span>`;
  return h`<span class="tag ${s.late ? 'late' : 'on_time'}">Đã nhận, ${s.late ? 'muộn' : 'đúng hạn'}</span>${s.superseded ? h` <span class="muted">(đã được thay bằng tệp gửi sau)</span>` : h``}`;
}

export function submissionsTable(campaign: Campaign, submissions: SubmissionRecord[], withProvince: boolean): Html {
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table>
<tr><th scope="col">Thời điểm nhận</th>${withProvince ? h`<th scope="col">Tỉnh/Thành phố</th>` : h``}<th scope="col">Tệp</th><th scope="col">Ngày báo cáo</th><th scope="col">Kết quả</th><th scope="col">Lỗi</th></tr>
${submissions.map((s) => h`<tr><td>${campaign.formatLocal(new Date(s.receivedAt))}</td>${withProvince ? h`<td>${campaign.province(s.province)?.name ?? s.province}</td>` : h``}<td><a href="${PATHS.fileDownload}?key=${encodeURIComponent(s.objectKey)}">${submittedFileName(s.objectKey, s.origin)}</a></td><td>${formatDateVi(s.reportDate)}</td><td>${submissionState(s)}</td><td>${s.errors.length ? h`<ul>${s.errors.map(findingItem)}</ul>` : h``}</td></tr>`)}
</table></div>`;
}

export function formBody(campaign: Campaign, chosen: string, province?: { code: string; choose: boolean }): Html {
  return h`<h1>Mẫu báo cáo</h1>
<div class="card">
<p>Tải mẫu báo cáo chính thức (Excel .xlsx) đã điền sẵn tên đơn vị và ngày báo cáo; chỉ cần điền 11 cột số liệu rồi nộp.</p>
<form method="get" action="${PATHS.formDownload}">
${province?.choose ? h`<label for="tinh">Tỉnh/Thành phố</label><select id="tinh" name="tinh">${campaign.provinces.map((p) => h`<option value="${p.code}">${p.name}</option>`)}</select>` : h``}
<label for="ngay">Ngày báo cáo</label>
<select id="ngay" name="ngay">${campaign.reportDates.map((d) => h`<option value="${d}"${d === chosen ? raw(' selected') : h``}>${formatDateVi(d)}</option>`)}</select>
<p><button type="submit">Tải mẫu báo cáo</button></p>
</form>
</div>`;
}

export function dateLinks(campaign: Campaign, base: string, current: string): Html {
  return h`<nav aria-label="Các ngày báo cáo"><ul class="dates">${campaign.reportDates.map((d) => h`<li><a href="${base}?ngay=${d}"${d === current ? raw(' aria-current="page"') : h``}>${formatDateVi(d)}</a></li>`)}</ul></nav>`;
}

/** The live part of the national page: counts and the province table (replaced as reports arrive). */
export function nationalLive(campaign: Campaign, snapshot: Snapshot): Html {
  const c = snapshot.counts;
  return h`<p>${snapshot.final ? h`<span class="tag on_time">Số liệu chính thức</span>` : h`<span class="tag late">Số liệu tạm thời</span>`} Cập nhật lúc ${campaign.formatLocal(new Date(snapshot.generatedAt))}. Hạn nộp ${campaign.formatLocal(new Date(snapshot.deadline))}.</p>
<ul class="counts" aria-label="Tổng hợp">
<li><b>${c.onTime + c.late}/${c.expected}</b>đã nộp</li>
<li><b>${c.onTime}</b>đúng hạn</li>
<li><b>${c.late}</b>muộn</li>
<li><b>${c.missing}</b>chưa nộp${c.rejectedOnly ? h` (${c.rejectedOnly} chỉ có tệp bị từ chối)` : h``}</li>
</ul>
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table id="province-table">
<caption>Báo cáo của các tỉnh, thành phố ngày ${formatDateVi(snapshot.date)}</caption>
<tr><th scope="col">${LABELS.index}</th><th scope="col">${LABELS.province}</th><th scope="col">${LABELS.status}</th><th scope="col">${LABELS.submittedAt}</th>${formTexts(campaign.config).columnLabels.map((l, i) => h`<th scope="col" title="${l}">${i + 1}</th>`)}</tr>
${snapshot.rows.map((r, i) => h`<tr data-province="${r.code}"><td>${i + 1}</td><th scope="row">${r.name}</th><td>${statusTag(r.status)}</td><td>${r.submittedAt ? campaign.formatLocal(new Date(r.submittedAt)) : ''}</td>${Array.from({ length: 11 }, (_, j) => h`<td class="num">${r.values ? formatInteger(r.values[j]!) : ''}</td>`)}</tr>`)}
<tr class="total"><td></td><th scope="row">${LABELS.total}</th><td></td><td></td>${snapshot.total.map((v) => h`<td class="num">${formatInteger(v)}</td>`)}</tr>
</table></div>
<p class="muted">Cột 1 đến 11: ${formTexts(campaign.config).columnLabels.map((l, i) => `${i + 1}. ${l}`).join('; ')}.</p>`;
}

export function trendChart(snapshot: Snapshot): Html {
  const points = snapshot.trend;
  if (points.length === 0) return h``;
  const max = Math.max(1, ...points.map((p) => p.reported));
  const barWidth = 28;
  const height = 120;
  const width = points.length * barWidth + 10;
  return h`<figure class="trend card"><figcaption>Số tỉnh, thành phố đã nộp theo ngày báo cáo</figcaption>
<svg viewBox="0 0 ${width} ${height + 30}" width="${width}" height="${height + 30}" role="img" aria-label="Biểu đồ số tỉnh đã nộp theo ngày">
${points.map((p, i) => {
    const barHeight = Math.round((p.reported / max) * height);
    return h`<g><title>${formatDateVi(p.date)}: ${p.reported} tỉnh</title><rect x="${i * barWidth + 5}" y="${height - barHeight}" width="${barWidth - 6}" height="${barHeight}"></rect><text x="${i * barWidth + 5}" y="${height + 12}">${p.date.slice(8)}</text><text x="${i * barWidth + 5}" y="${height + 26}">${p.reported}</text></g>`;
  })}
</svg>
<details><summary>Số liệu của biểu đồ</summary><div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table><tr><th scope="col">Ngày</th><th scope="col">Số tỉnh đã nộp</th><th scope="col">Cột 9 (số tiền chậm đóng đến ngày báo cáo)</th></tr>
${points.map((p) => h`<tr><td>${formatDateVi(p.date)}</td><td class="num">${p.reported}</td><td class="num">${p.total ? formatInteger(p.total[8]!) : ''}</td></tr>`)}</table></div></details>
</figure>`;
}

export function downloadsView(date: string, available: boolean): Html {
  if (!available) return h`<p class="muted">Bảng tổng hợp của ngày này chưa được tạo.</p>`;
  const formats: Array<[string, string]> = [['xlsx', 'Excel (.xlsx)'], ['csv', 'CSV'], ['json', 'JSON'], ['html', 'HTML']];
  return h`<p>Tải bảng tổng hợp: ${formats.map(([f, label], i) => h`${i ? ' · ' : ''}<a href="${PATHS.snapshotDownload}?ngay=${date}&amp;dinh-dang=${f}">${label}</a>`)}</p>`;
}

export function missingBody(campaign: Campaign, snapshot: Snapshot, contacts: ReadonlyMap<string, readonly string[]>): Html {
  const rows = snapshot.rows.filter((r) => r.status === 'missing' || r.status === 'rejected_only');
  return h`<h1>Chưa nộp - ngày ${formatDateVi(snapshot.date)}</h1>
${dateLinks(campaign, PATHS.missing, snapshot.date)}
<p>${rows.length} tỉnh, thành phố chưa có báo cáo được nhận (hạn nộp ${campaign.formatLocal(new Date(snapshot.deadline))}).</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng (cuộn ngang được)"><table>
<tr><th scope="col">Mã</th><th scope="col">Tỉnh/Thành phố</th><th scope="col">Tình trạng</th><th scope="col">Địa chỉ liên hệ</th></tr>
${rows.map((r) => h`<tr><td>${r.code}</td><th scope="row">${r.name}</th><td>${statusTag(r.status)}</td><td>${(contacts.get(r.code) ?? []).map((a, i) => h`${i ? ', ' : ''}<a href="mailto:${a}">${a}</a>`)}</td></tr>`)}
</table></div>`;
}
