// The portal as one function: a request in, a response out. The Lambda handler (function URL event)
// and the local server both translate to and from these shapes; everything else lives here, behind
// the ports (store, files, contacts, reports), so the whole portal is tested as plain functions.
import { randomBytes } from 'node:crypto';
import type { Campaign } from '../campaign.ts';
import { formatDateVi } from '../format.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';
import { h } from '../mail/html.ts';
import type { StoredReport, SubmissionRecord } from '../report.ts';
import { CONTENT_TYPES, downloadName, snapshotKey, type SnapshotFormat } from '../snapshot/keys.ts';
import { formTexts } from '../snapshot/text.ts';
import { loadSnapshot } from '../snapshot/load.ts';
import type { Snapshot } from '../snapshot/model.ts';
import type { DateTotalsStore, Mailer, ReportRepository, SnapshotStateStore } from '../../ports/index.ts';
import type { ContactBook, PortalFiles, PortalStore, Principal, SubmissionReader } from '../../ports/portal.ts';
import {
  checkSignInRate, clearedSessionCookie, endSession, inspectToken, issueToken, originAllowed, principalFor,
  sessionCookie, sessionFor, sessionIdFromCookies, signInWithToken,
} from './auth.ts';
import { PORTAL_CSS, PORTAL_JS } from './assets.ts';
import { signInMessage } from '../messages/sign-in.ts';
import { mailChannel } from '../messages/channel.ts';
import { canReadObject, canSubmit, canViewNational, canViewProvince } from './roles.ts';
import {
  confirmBody, dateLinks, downloadsView, fileNameOf, formBody, historyBody, linkProblemBody, linkSentBody,
  missingBody, nationalLive, page, PATHS, problemBody, signInBody, submissionsTable, submitBody, tooLargeText, trendChart, uploadedBody,
  verdictView, whoLabel, type DateState,
} from './views.ts';

export interface PortalRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** Cookie headers (a function URL event lists cookies apart). */
  cookies: readonly string[];
  body: string;
  /** The client's address (for the per-client rate limit). */
  clientIp: string;
  /** When the request arrived. */
  now: Date;
}

export interface PortalResponse {
  status: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string | Uint8Array;
}

export interface PortalDeps {
  campaign: Campaign;
  store: PortalStore;
  contacts: () => Promise<ContactBook>;
  reports: Pick<ReportRepository, 'listReportsForDate' | 'listReportsForProvince'>;
  submissions: SubmissionReader;
  snapshots: Pick<SnapshotStateStore, 'get'>;
  totals?: DateTotalsStore;
  files: PortalFiles;
  mailer: Mailer;
  /** The portal's public URL (a custom domain in front); else taken from the request's Host. */
  portalUrl?: string;
  /** Where browsers POST uploads (for the Content-Security-Policy). */
  uploadOrigin?: string;
  maxUploadBytes?: number;
  /** How often the national page polls (ms). */
  livePollMs?: number;
  log: (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void;
}

/** How long a presigned upload form stays valid. */
export const UPLOAD_FORM_SECONDS = 600;
/** How long the page's own form (the one that works without JavaScript) may be used after the page loaded. */
export const NO_SCRIPT_FORM_SECONDS = 3600;

class HttpProblem extends Error {
  constructor(readonly status: number, readonly title: string, readonly text: string) { super(title); }
}
const forbidden = (): HttpProblem => new HttpProblem(403, 'Không có quyền truy cập', 'Tài khoản của bạn không được xem hoặc làm việc này.');
const notFound = (): HttpProblem => new HttpProblem(404, 'Không tìm thấy trang', 'Địa chỉ này không có trong cổng báo cáo.');
const badRequest = (text: string): HttpProblem => new HttpProblem(400, 'Yêu cầu không hợp lệ', text);

/** The portal's own base URL (no trailing slash). */
export function portalBase(deps: Pick<PortalDeps, 'portalUrl'>, request: Pick<PortalRequest, 'headers'>): string {
  if (deps.portalUrl) return deps.portalUrl.replace(/\/+$/, '');
  const proto = request.headers['x-forwarded-proto'] ?? 'https';
  return `${proto}://${request.headers.host ?? 'localhost'}`;
}

function securityHeaders(deps: PortalDeps): Record<string, string> {
  const connect = ["'self'", ...(deps.uploadOrigin ? [deps.uploadOrigin] : [])].join(' ');
  // Without JavaScript the upload form posts to the bucket itself.
  return {
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; form-action ${connect}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    // Links carry sign-in tokens: never leak a URL to another site. (Not no-referrer: Chromium then
    // sends "Origin: null" with form POSTs, which the Origin check must refuse.)
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function htmlResponse(deps: PortalDeps, status: number, html: string, extra: Partial<PortalResponse> = {}): PortalResponse {
  return { status, headers: { ...securityHeaders(deps), 'content-type': 'text/html; charset=utf-8', ...extra.headers }, body: html, ...(extra.cookies ? { cookies: extra.cookies } : {}) };
}

function jsonResponse(deps: PortalDeps, status: number, value: unknown): PortalResponse {
  return { status, headers: { ...securityHeaders(deps), 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

function redirect(deps: PortalDeps, location: string, cookies?: string[]): PortalResponse {
  return { status: 303, headers: { ...securityHeaders(deps), location }, body: '', ...(cookies ? { cookies } : {}) };
}

const homeOf = (principal: Principal): string => (principal.role === 'province' ? PATHS.submit : PATHS.national);

/** The report date due now: today's when it is a report date, else the nearest one (before or after the campaign). */
export function dueDate(campaign: Campaign, now: Date): string {
  const today = campaign.localDate(now);
  if (campaign.isReportDate(today)) return today;
  const dates = campaign.reportDates;
  return today < dates[0]! ? dates[0]! : dates[dates.length - 1]!;
}

/** The national landing date: the date now due in the campaign, else the latest date with a report. */
export async function landingDate(deps: Pick<PortalDeps, 'campaign' | 'reports'>, now: Date): Promise<string> {
  const { campaign } = deps;
  const today = campaign.localDate(now);
  if (campaign.isReportDate(today)) return today;
  // Every date, not only past ones: a played or replayed day can hold reports ahead of the clock.
  for (const date of [...campaign.reportDates].reverse()) {
    if ((await deps.reports.listReportsForDate(date)).length > 0) return date;
  }
  return dueDate(campaign, now);
}

function requestedDate(campaign: Campaign, query: URLSearchParams): string | undefined {
  const date = query.get('ngay');
  if (date === null) return undefined;
  if (!campaign.isReportDate(date)) throw badRequest(`Ngày ${date} không phải ngày báo cáo của đợt ${campaign.config.title}.`);
  return date;
}

function parseForm(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

/** A file name safe as the last part of an object key: no folders, no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
  const limited = cleaned.length > 120 ? cleaned.slice(cleaned.length - 120) : cleaned;
  return limited && limited !== '.' && limited !== '..' ? limited : 'bao-cao';
}

/** One portal upload's own folder under the province's prefix, so its verdict is found by key. */
export function uploadFolder(province: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `incoming/${province}/${stamp}-${randomBytes(4).toString('hex')}/`;
}

export function uploadKey(province: string, fileName: string, now: Date): string {
  return `${uploadFolder(province, now)}${safeFileName(fileName)}`;
}

export async function handlePortalRequest(deps: PortalDeps, request: PortalRequest): Promise<PortalResponse> {
  try {
    return await route(deps, request);
  } catch (error) {
    if (error instanceof HttpProblem) {
      if (request.path.startsWith('/api/')) return jsonResponse(deps, error.status, { error: error.text });
      const principal = await currentPrincipal(deps, request).catch(() => undefined);
      return htmlResponse(deps, error.status, page({ title: error.title, campaign: deps.campaign, principal, body: problemBody(error.title, error.text) }));
    }
    deps.log('error', 'Portal request failed', { path: request.path, error: error instanceof Error ? error.message : String(error) });
    return htmlResponse(deps, 500, page({ title: 'Lỗi hệ thống', campaign: deps.campaign, body: problemBody('Lỗi hệ thống', 'Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.') }));
  }
}

async function currentPrincipal(deps: PortalDeps, request: PortalRequest): Promise<Principal | undefined> {
  return (await sessionFor(deps.store, sessionIdFromCookies(request.cookies), request.now))?.principal;
}

async function route(deps: PortalDeps, request: PortalRequest): Promise<PortalResponse> {
  const { method, path } = request;
  if (method === 'GET' && path === PATHS.css) return asset(PORTAL_CSS, 'text/css; charset=utf-8');
  if (method === 'GET' && path === PATHS.js) return asset(PORTAL_JS, 'text/javascript; charset=utf-8');
  if (method === 'POST' || method === 'PUT' || method === 'DELETE' || method === 'PATCH') {
    const origin = new URL(portalBase(deps, request)).origin;
    if (!originAllowed(request.headers.origin, origin)) {
      throw new HttpProblem(403, 'Yêu cầu bị từ chối', 'Yêu cầu không đến từ trang của cổng báo cáo (kiểm tra nguồn gửi). Vui lòng mở lại cổng báo cáo rồi thử lại.');
    }
  }
  // Pages anyone may open.
  if (path === PATHS.signIn && method === 'GET') {
    const principal = await currentPrincipal(deps, request);
    if (principal) return redirect(deps, homeOf(principal));
    return htmlResponse(deps, 200, page({ title: 'Đăng nhập', campaign: deps.campaign, body: signInBody() }));
  }
  if (path === PATHS.requestLink && method === 'POST') return requestLink(deps, request);
  if (path === PATHS.confirm && method === 'GET') return confirmPage(deps, request);
  if (path === PATHS.confirm && method === 'POST') return confirmSignIn(deps, request);
  if (path === PATHS.signOut && method === 'POST') {
    await endSession(deps.store, sessionIdFromCookies(request.cookies));
    return redirect(deps, PATHS.signIn, [clearedSessionCookie(isSecure(deps, request))]);
  }

  const principal = await currentPrincipal(deps, request);
  if (!principal) {
    if (path.startsWith('/api/')) return jsonResponse(deps, 401, { error: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.' });
    if (method === 'GET' && KNOWN_PAGES.has(path)) return redirect(deps, PATHS.signIn);
    throw notFound();
  }
  const ctx: Ctx = { deps, request, principal };
  const handler = ROUTES[`${method} ${path}`];
  if (!handler) throw notFound();
  return handler(ctx);
}

const KNOWN_PAGES = new Set<string>([
  PATHS.submit, PATHS.uploaded, PATHS.history, PATHS.form, PATHS.formDownload, PATHS.national, PATHS.uploads, PATHS.missing,
  PATHS.snapshotDownload, PATHS.fileDownload,
]);

interface Ctx { deps: PortalDeps; request: PortalRequest; principal: Principal }

const ROUTES: Record<string, (ctx: Ctx) => PortalResponse | Promise<PortalResponse>> = {
  [`GET ${PATHS.submit}`]: submitPage,
  [`GET ${PATHS.uploaded}`]: uploadedPage,
  [`POST ${PATHS.uploadTicket}`]: uploadTicket,
  [`GET ${PATHS.verdict}`]: verdictApi,
  [`GET ${PATHS.history}`]: historyPage,
  [`GET ${PATHS.form}`]: formPage,
  [`GET ${PATHS.formDownload}`]: formDownload,
  [`GET ${PATHS.national}`]: nationalPage,
  [`GET ${PATHS.live}`]: nationalLiveApi,
  [`GET ${PATHS.uploads}`]: uploadsPage,
  [`GET ${PATHS.missing}`]: missingPage,
  [`GET ${PATHS.snapshotDownload}`]: snapshotDownload,
  [`GET ${PATHS.fileDownload}`]: fileDownload,
};

function asset(body: string, contentType: string): PortalResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' },
    body,
  };
}

const isSecure = (deps: PortalDeps, request: PortalRequest): boolean => portalBase(deps, request).startsWith('https://');

async function requestLink(deps: PortalDeps, request: PortalRequest): Promise<PortalResponse> {
  const email = (parseForm(request.body).get('email') ?? '').trim();
  const answer = (): PortalResponse => htmlResponse(deps, 200, page({ title: 'Kiểm tra hộp thư', campaign: deps.campaign, body: linkSentBody() }));
  if (!email || email.length > 254) {
    return htmlResponse(deps, 400, page({ title: 'Đăng nhập', campaign: deps.campaign, body: signInBody(h`<div class="card rejected" role="alert"><p>Vui lòng nhập một địa chỉ email.</p></div>`) }));
  }
  const rate = await checkSignInRate(deps.store, email, request.clientIp, request.now);
  if (!rate.allowed && rate.scope === 'client') {
    return htmlResponse(deps, 429, page({ title: 'Quá nhiều yêu cầu', campaign: deps.campaign, body: problemBody('Quá nhiều yêu cầu', 'Có quá nhiều yêu cầu đăng nhập từ máy này. Vui lòng thử lại sau 15 phút.') }));
  }
  if (!rate.allowed) {
    deps.log('warn', 'Sign-in requests over the per-address limit; no mail sent', {});
    return answer();
  }
  const principal = principalFor(await deps.contacts(), email);
  if (!principal) return answer();
  const token = await issueToken(deps.store, principal, 'sign-in', request.now);
  const link = `${portalBase(deps, request)}${PATHS.confirm}?ma=${token}`;
  try {
    await mailChannel(deps.mailer).send([principal.address], { message: signInMessage(deps.campaign, whoLabel(deps.campaign, principal), link) });
  } catch (error) {
    // The answer stays the same (it must not tell who is registered); the operator sees the failure.
    deps.log('error', 'Sign-in mail could not be sent', { error: error instanceof Error ? error.message : String(error) });
  }
  return answer();
}

async function confirmPage(deps: PortalDeps, request: PortalRequest): Promise<PortalResponse> {
  const token = request.query.get('ma') ?? '';
  const state = await inspectToken(deps.store, token, request.now);
  if (state.status !== 'ok') return linkProblem(deps, state.status);
  return htmlResponse(deps, 200, page({ title: 'Đăng nhập', campaign: deps.campaign, body: confirmBody(token, state.token.principal.address) }));
}

function linkProblem(deps: PortalDeps, problem: 'used' | 'expired' | 'unknown' | 'revoked'): PortalResponse {
  const status = problem === 'unknown' ? 404 : problem === 'revoked' ? 403 : 410;
  return htmlResponse(deps, status, page({ title: 'Không đăng nhập được', campaign: deps.campaign, body: linkProblemBody(problem) }));
}

async function confirmSignIn(deps: PortalDeps, request: PortalRequest): Promise<PortalResponse> {
  const token = parseForm(request.body).get('ma') ?? '';
  const result = await signInWithToken(deps.store, await deps.contacts(), token, request.now);
  if (result.status !== 'ok') return linkProblem(deps, result.status);
  return redirect(deps, homeOf(result.session.principal), [sessionCookie(result.sessionId, isSecure(deps, request))]);
}

function provinceOf(principal: Principal): string {
  if (principal.role !== 'province') throw forbidden();
  return principal.province;
}

async function submitPage({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  const province = provinceOf(principal);
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  // The form itself posts to the bucket (the page's script takes over where it runs): S3 names the
  // object after the chosen file and sends the browser to the result page.
  const upload = await deps.files.presignUpload({
    key: `${uploadFolder(province, request.now)}\${filename}`, prefix: `incoming/${province}/`, maxBytes,
    expiresSeconds: NO_SCRIPT_FORM_SECONDS, redirect: `${portalBase(deps, request)}${PATHS.uploaded}`,
  });
  return htmlResponse(deps, 200, page({
    title: 'Nộp báo cáo', campaign: deps.campaign, principal, current: PATHS.submit,
    body: submitBody({ campaign: deps.campaign, province, dueDate: dueDate(deps.campaign, request.now), maxBytes, upload, uploadHours: NO_SCRIPT_FORM_SECONDS / 3600 }),
  }));
}

/** Where S3 sends the browser after a form upload: the verdict, or a page that reloads itself until it is in. */
async function uploadedPage({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  provinceOf(principal); // a province's page: the national office submits nothing
  const key = uploadKeyOf(principal, request.query);
  const latest = await latestSubmission(deps, key);
  const keeps = await keptReport(deps, latest);
  return htmlResponse(deps, 200, page({
    title: 'Kết quả nộp báo cáo', campaign: deps.campaign, principal, current: PATHS.submit,
    ...(latest ? {} : { refreshSeconds: 3 }), body: uploadedBody(deps.campaign, key, latest, keeps),
  }));
}

/** The upload a verdict request names: one the principal may read, under incoming/. */
function uploadKeyOf(principal: Principal, query: URLSearchParams): string {
  const key = query.get('key') ?? '';
  if (!key.startsWith('incoming/') || !canReadObject(principal, key)) throw forbidden();
  return key;
}

/** For a rejected upload: the accepted report of its date, which the verdict says is kept. */
async function keptReport(deps: PortalDeps, s: SubmissionRecord | undefined): Promise<StoredReport | undefined> {
  if (s?.status !== 'rejected') return undefined;
  return (await deps.reports.listReportsForProvince(s.province)).find((r) => r.reportDate === s.reportDate);
}

async function latestSubmission(deps: PortalDeps, key: string): Promise<SubmissionRecord | undefined> {
  const records = await deps.submissions.listForObject(key);
  return records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).at(-1);
}

async function uploadTicket({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  const province = provinceOf(principal);
  if (!canSubmit(principal, province)) throw forbidden();
  let input: { fileName?: unknown; size?: unknown };
  try {
    input = JSON.parse(request.body) as typeof input;
  } catch {
    throw badRequest('Dữ liệu gửi lên không đọc được.');
  }
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  if (typeof input.fileName !== 'string' || !input.fileName) throw badRequest('Thiếu tên tệp.');
  if (typeof input.size === 'number' && input.size > maxBytes) {
    throw new HttpProblem(413, 'Tệp quá lớn', tooLargeText(maxBytes));
  }
  const key = uploadKey(province, input.fileName, request.now);
  const upload = await deps.files.presignUpload({ key, prefix: `incoming/${province}/`, maxBytes, expiresSeconds: UPLOAD_FORM_SECONDS });
  return jsonResponse(deps, 200, { ...upload, key, verdictUrl: `${PATHS.verdict}?key=${encodeURIComponent(key)}` });
}

async function verdictApi({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  const latest = await latestSubmission(deps, uploadKeyOf(principal, request.query));
  if (!latest) return jsonResponse(deps, 200, { done: false });
  return jsonResponse(deps, 200, { done: true, status: latest.status, html: verdictView(deps.campaign, latest, await keptReport(deps, latest)).html });
}

/** Every submission of one province in the campaign, newest first (one Query per report date). */
async function provinceSubmissions(deps: PortalDeps, province: string): Promise<SubmissionRecord[]> {
  const perDate = await Promise.all(deps.campaign.reportDates.map((d) => deps.submissions.listForDate(d)));
  return perDate.flat().filter((s) => s.province === province).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** Each campaign date of one province: on time, late, only rejected files, missing, or not due yet. */
export function dateStates(campaign: Campaign, reports: readonly StoredReport[], submissions: readonly SubmissionRecord[], now: Date): DateState[] {
  const byDate = new Map(reports.map((r) => [r.reportDate, r]));
  return campaign.reportDates.map((date) => {
    const report = byDate.get(date);
    const rejected = submissions.some((s) => s.reportDate === date && s.status === 'rejected');
    const deadline = campaign.deadline(date);
    return {
      date,
      status: report ? (report.late ? 'late' : 'on_time') : rejected ? 'rejected_only' : deadline > now ? 'not_due' : 'missing',
      deadline,
      submittedAt: report?.receivedAt ?? null,
    };
  });
}

async function historyPage({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  const { campaign } = deps;
  const province = request.query.get('tinh') ?? (principal.role === 'province' ? principal.province : '');
  if (!campaign.province(province)) {
    if (principal.role === 'national') throw badRequest('Chọn một tỉnh, thành phố (tham số tinh).');
    throw notFound();
  }
  if (!canViewProvince(principal, province)) throw forbidden();
  const [reports, submissions] = await Promise.all([deps.reports.listReportsForProvince(province), provinceSubmissions(deps, province)]);
  const dates = dateStates(campaign, reports, submissions, request.now);
  return htmlResponse(deps, 200, page({
    title: 'Lịch sử', campaign, principal, current: PATHS.history,
    body: historyBody(campaign, province, dates, submissions, principal.role === 'national'),
  }));
}

function formPage({ deps, request, principal }: Ctx): PortalResponse {
  return htmlResponse(deps, 200, page({
    title: 'Mẫu báo cáo', campaign: deps.campaign, principal, current: PATHS.form,
    body: formBody(deps.campaign, dueDate(deps.campaign, request.now), principal.role === 'national' ? { code: '', choose: true } : undefined),
  }));
}

async function formDownload({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  const { campaign } = deps;
  const date = requestedDate(campaign, request.query) ?? dueDate(campaign, request.now);
  const code = principal.role === 'province' ? (request.query.get('tinh') ?? principal.province) : (request.query.get('tinh') ?? '');
  const province = campaign.province(code);
  if (!province) throw badRequest('Chọn một tỉnh, thành phố.');
  if (!canViewProvince(principal, code)) throw forbidden();
  // SheetJS is loaded on the first blank form a container serves, not at every cold start: most
  // portal requests are pages.
  const { blankReportForm } = await import('../form/official-form.ts');
  return {
    status: 200,
    headers: {
      ...securityHeaders(deps),
      'content-type': CONTENT_TYPES.xlsx,
      'content-disposition': `attachment; filename="mau-bao-cao-${code}-${date}.xlsx"`,
    },
    body: blankReportForm(province, formatDateVi(date), formTexts(campaign.config)),
  };
}

async function snapshotOf(deps: PortalDeps, date: string, now: Date): Promise<Snapshot> {
  const state = await deps.snapshots.get(date);
  const { snapshot } = await loadSnapshot(deps, date, { final: Boolean(state?.final), at: now });
  return snapshot;
}

function requireNational(principal: Principal): void {
  if (!canViewNational(principal)) throw forbidden();
}

function liveVersion(snapshot: Snapshot): string {
  return `${snapshot.final ? 1 : 0}|${snapshot.rows.map((r) => `${r.status}${r.submittedAt ?? ''}`).join(',')}`;
}

async function nationalPage({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  requireNational(principal);
  const { campaign } = deps;
  const date = requestedDate(campaign, request.query) ?? await landingDate(deps, request.now);
  const [snapshot, state] = await Promise.all([snapshotOf(deps, date, request.now), deps.snapshots.get(date)]);
  const body = h`<h1>Báo cáo ngày ${formatDateVi(date)}</h1>
${dateLinks(campaign, PATHS.national, date)}
${downloadsView(date, Boolean(state))}
<div id="live" data-live-url="${PATHS.live}?ngay=${date}" data-version="${liveVersion(snapshot)}" data-interval="${deps.livePollMs ?? 3000}">${nationalLive(campaign, snapshot)}</div>
${trendChart(snapshot)}`;
  return htmlResponse(deps, 200, page({ title: `Báo cáo ngày ${formatDateVi(date)}`, campaign, principal, current: PATHS.national, body }));
}

async function nationalLiveApi({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  requireNational(principal);
  const date = requestedDate(deps.campaign, request.query) ?? await landingDate(deps, request.now);
  const snapshot = await snapshotOf(deps, date, request.now);
  return jsonResponse(deps, 200, { version: liveVersion(snapshot), html: nationalLive(deps.campaign, snapshot).html });
}

async function uploadsPage({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  requireNational(principal);
  const { campaign } = deps;
  const date = requestedDate(campaign, request.query) ?? await landingDate(deps, request.now);
  const submissions = (await deps.submissions.listForDate(date)).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const body = h`<h1>Các lần nộp - ngày ${formatDateVi(date)}</h1>
${dateLinks(campaign, PATHS.uploads, date)}
<p>${submissions.length} lần nộp cho ngày báo cáo này.</p>
${submissionsTable(campaign, submissions, true)}`;
  return htmlResponse(deps, 200, page({ title: 'Các lần nộp', campaign, principal, current: PATHS.uploads, body }));
}

async function missingPage({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  requireNational(principal);
  const { campaign } = deps;
  const date = requestedDate(campaign, request.query) ?? await landingDate(deps, request.now);
  const [snapshot, contacts] = await Promise.all([snapshotOf(deps, date, request.now), deps.contacts()]);
  const emails = new Map(contacts.provinces.map((c) => [c.province, c.emails]));
  return htmlResponse(deps, 200, page({ title: 'Chưa nộp', campaign, principal, current: PATHS.missing, body: missingBody(campaign, snapshot, emails) }));
}

const SNAPSHOT_FORMATS: readonly SnapshotFormat[] = ['xlsx', 'csv', 'json', 'html'];

async function snapshotDownload({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  requireNational(principal);
  const date = requestedDate(deps.campaign, request.query);
  const format = request.query.get('dinh-dang') as SnapshotFormat;
  if (!date || !SNAPSHOT_FORMATS.includes(format)) throw badRequest('Thiếu ngày hoặc định dạng tệp.');
  return redirect(deps, await deps.files.presignDownload(snapshotKey(deps.campaign.id, date, format), downloadName(date, format)));
}

async function fileDownload({ deps, request, principal }: Ctx): Promise<PortalResponse> {
  const key = request.query.get('key') ?? '';
  if (!key || !canReadObject(principal, key)) throw forbidden();
  return redirect(deps, await deps.files.presignDownload(key, fileNameOf(key)));
}
