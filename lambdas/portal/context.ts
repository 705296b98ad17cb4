// What every portal handler works with: the dependencies (ports), the request's context (clock,
// client, principal), the problems a handler throws, and the responses it returns.
import type { Context } from 'hono';
import type { Campaign } from '../../shared/domain/campaign.ts';
import type { ContactChangeDeps } from '../../shared/domain/contacts/changes.ts';
import type { ContactRequestStore } from '../../shared/ports/contacts.ts';
import type { DateTotalsStore, Mailer, ReportRepository, SnapshotStateStore } from '../../shared/ports/index.ts';
import type { ContactBook, PortalFiles, PortalStore, Principal, Role, SubmissionReader } from '../../shared/ports/portal.ts';
import { sessionFor, sessionIdFromCookies } from '../../shared/domain/portal/auth.ts';
import { page, type PageOptions } from './layout.ts';

export interface PortalDeps {
  campaign: Campaign;
  store: PortalStore;
  contacts: () => Promise<ContactBook>;
  /** The contact lists as the national office edits them, what a removed address loses, and the provinces' requests. */
  contactChanges: ContactChangeDeps & { requests: ContactRequestStore };
  reports: Pick<ReportRepository, 'listReportsForDate' | 'listReportsForProvince'>;
  submissions: SubmissionReader;
  snapshots: Pick<SnapshotStateStore, 'get'>;
  totals?: DateTotalsStore;
  files: PortalFiles;
  mailer: Mailer;
  /** The portal's public URL (bhxh:portalUrl, else the function URL): the base of every link; never the request's Host. */
  portalUrl: string;
  /** Sends the sign-in mail after the answer (a server that can); else the answer waits SIGN_IN_ANSWER_MS. */
  afterAnswer?: (task: () => Promise<void>) => void;
  /** Where browsers POST uploads (for the Content-Security-Policy). */
  uploadOrigin?: string;
  maxUploadBytes?: number;
  /** How often the national page polls (ms). */
  livePollMs?: number;
  log: (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void;
}

/** A navigation entry of the header (from the route table, for the principal's role). */
export interface NavItem { href: string; label: string }

/** The Hono environment of the portal: what middleware puts on each request's context. */
export interface PortalEnv {
  Variables: {
    deps: PortalDeps;
    /** When the request arrived (the one clock of a request). */
    now: Date;
    /** The client's address (the per-client sign-in rate limit). */
    clientIp: string;
    /** The navigation for a role (derived from the route table). */
    navFor: (role: Role) => NavItem[];
    /** The signed-in principal, read from the store at the first call of a request (undefined: signed out). */
    principal: () => Promise<Principal | undefined>;
  };
}

export type PortalContext = Context<PortalEnv>;
export type PortalHandler = (c: PortalContext) => Response | Promise<Response>;

/** A problem shown to the person as a page (or a JSON error on the API): a status, a title, a sentence. */
export class HttpProblem extends Error {
  constructor(readonly status: 400 | 403 | 404 | 413 | 429, readonly title: string, readonly text: string) { super(title); }
}
export const forbidden = (): HttpProblem => new HttpProblem(403, 'Không có quyền truy cập', 'Tài khoản của bạn không được xem hoặc làm việc này.');
export const notFound = (): HttpProblem => new HttpProblem(404, 'Không tìm thấy trang', 'Địa chỉ này không có trong cổng báo cáo.');
export const badRequest = (text: string): HttpProblem => new HttpProblem(400, 'Yêu cầu không hợp lệ', text);

/** The session's principal of a request's Cookie header. */
export async function sessionPrincipal(deps: PortalDeps, cookieHeader: string | undefined, now: Date): Promise<Principal | undefined> {
  return (await sessionFor(deps.store, deps.contacts, sessionIdFromCookies([cookieHeader ?? '']), now))?.principal;
}

/** The principal of a route that only signed-in people reach (the route table's check ran before). */
export async function principalOf(c: PortalContext): Promise<Principal> {
  const principal = await c.var.principal();
  if (!principal) throw new Error('a signed-in route reached without a principal');
  return principal;
}

/** The portal's own base URL (no trailing slash): configuration, never the request's Host. */
export function portalBase(c: PortalContext): string {
  return c.var.deps.portalUrl.replace(/\/+$/, '');
}

export const isSecure = (c: PortalContext): boolean => portalBase(c).startsWith('https://');

/** An HTML page in the portal's layout; the navigation is the principal's. */
export function htmlPage(c: PortalContext, status: 200 | 400 | 403 | 404 | 410 | 413 | 429 | 500, options: Omit<PageOptions, 'campaign' | 'nav'> & { principal?: Principal | undefined }): Response {
  const { principal, ...rest } = options;
  const html = page({ ...rest, campaign: c.var.deps.campaign, ...(principal ? { principal, nav: c.var.navFor(principal.role) } : {}) });
  return c.body(html, status, { 'content-type': 'text/html; charset=utf-8' });
}

export function jsonBody(c: PortalContext, status: 200 | 400 | 401 | 403 | 404 | 413 | 429, value: unknown): Response {
  return c.body(JSON.stringify(value), status, { 'content-type': 'application/json; charset=utf-8' });
}

/** A report date asked for in the query (ngay=…): a date of the campaign, else a 400. */
export function requestedDate(c: PortalContext): string | undefined {
  const { campaign } = c.var.deps;
  const date = c.req.query('ngay');
  if (date === undefined) return undefined;
  if (!campaign.isReportDate(date)) throw badRequest(`Ngày ${date} không phải ngày báo cáo của đợt ${campaign.config.title}.`);
  return date;
}

/** A province's page: the principal's province (the route table lets only provinces in). */
export function provinceOf(principal: Principal): string {
  if (principal.role !== 'province') throw forbidden();
  return principal.province;
}
