// Portal Lambda behind a function URL: the event becomes a PortalRequest, the portal answers, the
// answer becomes the function URL's response (binary bodies base64-encoded).
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { handlePortalRequest, type PortalDeps, type PortalRequest, type PortalResponse } from '../../shared/domain/portal/app.ts';
import { portalDepsFromEnv } from './deps.ts';

const logger = new Logger({ serviceName: 'portal' });

export function requestFromEvent(event: LambdaFunctionURLEvent, now: Date): PortalRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath || '/',
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    cookies: event.cookies ?? (headers.cookie ? [headers.cookie] : []),
    body,
    clientIp: event.requestContext.http.sourceIp,
    now,
  };
}

export function resultFromResponse(response: PortalResponse): APIGatewayProxyStructuredResultV2 {
  const binary = typeof response.body !== 'string';
  return {
    statusCode: response.status,
    headers: response.headers,
    ...(response.cookies?.length ? { cookies: response.cookies } : {}),
    body: binary ? Buffer.from(response.body).toString('base64') : response.body as string,
    isBase64Encoded: binary,
  };
}

/** The handler, reading its settings from `env` (Lambda: process.env; the local stack passes its own). */
export function makeHandler(env: NodeJS.ProcessEnv = process.env) {
  let deps: PortalDeps | undefined;
  return async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    // The function URL's own domain (AWS routes by it; a client cannot choose it) when no bhxh:portalUrl is set.
    deps ??= portalDepsFromEnv((level, message, detail) => logger[level](message, detail ?? {}), env, `https://${event.requestContext.domainName}`);
    const response = await handlePortalRequest(deps, requestFromEvent(event, new Date()));
    return resultFromResponse(response);
  };
}

export const handler = makeHandler();
