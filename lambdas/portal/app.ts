// The portal as one Hono app: a Request in, a Response out. The Lambda (function URL, handler.ts) and
// the local server (local/portal.ts) both serve this app; tests call its fetch directly.
// Around every route of the table: a body cap, security headers, no caching of pages, the Origin
// check on state-changing requests, the access check, and problems mapped to pages (or JSON on /api/).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { originAllowed } from '../../shared/domain/portal/auth.ts';
import {
  forbidden, htmlPage, HttpProblem, jsonBody, notFound, portalBase, sessionPrincipal, type NavItem, type PortalContext, type PortalDeps, type PortalEnv,
} from './context.ts';
import { problemBody } from './layout.ts';
import { API_PREFIX, PATHS } from './paths.ts';
import { ROUTES, type Audience } from './routes.ts';
import type { Principal, Role } from '../../shared/ports/portal.ts';
import type { MiddlewareHandler } from 'hono';

/** The largest request body read (sign-in forms and upload tickets are small; files go to the bucket). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export interface PortalAppOptions {
  /** The client's address as the server in front knows it (the per-client sign-in rate limit). */
  clientIp: (c: Context) => string;
  /** When a request arrives (tests pass a fixed instant). */
  clock?: () => Date;
}

const navFor = (role: Role): NavItem[] =>
  ROUTES.flatMap((r) => (r.nav?.role === role ? [{ href: r.path, label: r.nav.label }] : []));

const isApi = (c: PortalContext): boolean => c.req.path.startsWith(API_PREFIX);

/** Lets a route's audience in; a signed-out visitor of a known page is sent to sign in (401 on the API). */
const allow = (open: readonly Audience[]): MiddlewareHandler<PortalEnv> => async (c, next) => {
  const principal = await c.var.principal();
  if (open.includes(principal ? principal.role : 'signed-out')) return next();
  if (principal) throw forbidden();
  if (isApi(c)) return jsonBody(c, 401, { error: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.' });
  if (c.req.method === 'GET') return c.redirect(PATHS.signIn, 303);
  throw notFound();
};

async function problemResponse(c: PortalContext, problem: HttpProblem): Promise<Response> {
  if (isApi(c)) return jsonBody(c, problem.status, { error: problem.text });
  const principal: Principal | undefined = await c.var.principal().catch(() => undefined);
  return htmlPage(c, problem.status, { title: problem.title, principal, body: problemBody(problem.title, problem.text) });
}

export function createPortalApp(deps: PortalDeps, options: PortalAppOptions): Hono<PortalEnv> {
  const clock = options.clock ?? (() => new Date());
  const connect = ["'self'", ...(deps.uploadOrigin ? [deps.uploadOrigin] : [])];
  const app = new Hono<PortalEnv>();

  app.use(async (c, next) => {
    const now = clock();
    let principal: Promise<Principal | undefined> | undefined;
    c.set('deps', deps);
    c.set('now', now);
    c.set('clientIp', options.clientIp(c));
    c.set('navFor', navFor);
    c.set('principal', () => (principal ??= sessionPrincipal(deps, c.req.header('cookie'), now)));
    await next();
  });
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
      // Without JavaScript the upload form posts to the bucket itself.
      connectSrc: connect, formAction: connect, frameAncestors: ["'none'"], baseUri: ["'none'"],
    },
    // Links carry sign-in tokens: never leak a URL to another site. (Not no-referrer: Chromium then
    // sends "Origin: null" with form POSTs, which the Origin check must refuse.)
    referrerPolicy: 'same-origin',
  }));
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  app.use(bodyLimit({ maxSize: MAX_REQUEST_BYTES, onError: (c) => c.body(null, 413) }));
  // A state-changing request must come from the portal's own pages (hono/csrf checks form posts
  // only; the upload ticket is JSON).
  app.use(async (c, next) => {
    if (['POST', 'PUT', 'DELETE', 'PATCH'].includes(c.req.method) && !originAllowed(c.req.header('origin'), new URL(portalBase(c)).origin)) {
      throw new HttpProblem(403, 'Yêu cầu bị từ chối', 'Yêu cầu không đến từ trang của cổng báo cáo (kiểm tra nguồn gửi). Vui lòng mở lại cổng báo cáo rồi thử lại.');
    }
    await next();
  });

  for (const route of ROUTES) app.on(route.method, route.path, allow(route.open), route.handler);

  app.notFound(async (c) => {
    if (isApi(c) && !(await c.var.principal())) return jsonBody(c, 401, { error: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.' });
    return problemResponse(c, notFound());
  });
  app.onError(async (error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error);
    deps.log('error', 'Portal request failed', { path: c.req.path, error: error.message });
    return htmlPage(c, 500, { title: 'Lỗi hệ thống', body: problemBody('Lỗi hệ thống', 'Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.') });
  });
  return app;
}
