// Portal Lambda behind a function URL: the portal app (app.ts) served through Hono's AWS Lambda
// adapter, which turns the function URL event into a Request and the Response back (cookies apart,
// binary bodies base64-encoded). The local server serves the same app (local/portal.ts).
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { createPortalApp } from './app.ts';
import { portalDepsFromEnv } from './deps.ts';

const logger = new Logger({ serviceName: 'portal' });

/** The portal app with its settings from `env` (Lambda: process.env; the local stack passes its own). */
export function portalApp(env: NodeJS.ProcessEnv = process.env, clientIp: (c: Context) => string = (c) => getConnInfo(c).remote.address ?? '', fallbackUrl = '') {
  return createPortalApp(portalDepsFromEnv((level, message, detail) => logger[level](message, detail ?? {}), env, fallbackUrl), { clientIp });
}

/** The function URL's own domain (AWS routes by it; a client cannot choose it): the links' base when no bhxh:portalUrl is set. */
const functionUrlOf = (event: unknown): string => `https://${(event as { requestContext?: { domainName?: string } }).requestContext?.domainName ?? ''}`;

let lambda: ReturnType<typeof handle> | undefined;
/** The app is built at the first invocation (its settings read then), not at import. */
export const handler: ReturnType<typeof handle> = (event, context) => (lambda ??= handle(portalApp(process.env, undefined, functionUrlOf(event))))(event, context);
