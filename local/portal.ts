// The portal on the local stack: a Node HTTP server that turns each request into the function URL
// event the portal Lambda receives (the very handler module), plus the presigned-POST endpoint that
// checks the signed policy as S3 does before storing the upload in s3rver (see presigned-post.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { s3Client } from '../shared/adapters/clients.ts';
import { LOCAL_DEFAULTS } from '../shared/local-stack/defaults.ts';
import type { LocalServer } from './servers.ts';
import { checkPresignedPost, s3ErrorXml, storeCheckedPost, successRedirectUrl } from './presigned-post.ts';
import { readBody } from './http-body.ts';

/** Where browsers POST uploads on the local stack (the portal's origin, so no CORS is involved). */
export const LOCAL_UPLOAD_PATH = '/_s3-post/';
/** Larger bodies are refused unread (the policies allow 5 MB). */
const MAX_POST_BYTES = 16 * 1024 * 1024;

export interface LocalPortal {
  url: string;
  /** The environment the portal handler (and the mails' links) read. */
  env: Record<string, string>;
  close: () => Promise<void>;
}

type PortalHandler = (event: LambdaFunctionURLEvent) => Promise<APIGatewayProxyStructuredResultV2>;

function functionUrlEvent(request: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = (request.headers.cookie ?? '').split(';').map((c) => c.trim()).filter(Boolean);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies.length ? { cookies } : {}),
    requestContext: {
      accountId: 'anonymous', apiId: 'local', domainName: headers.host ?? 'localhost', domainPrefix: 'local',
      http: { method: request.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '' },
      requestId: `local-${now.getTime()}`, routeKey: '$default', stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

async function handleUpload(request: IncomingMessage, response: ServerResponse, bucket: string, env: NodeJS.ProcessEnv): Promise<void> {
  const body = await readBody(request, MAX_POST_BYTES);
  const xml = (status: number, code: string, message: string): void => {
    response.writeHead(status, { 'content-type': 'application/xml' }).end(s3ErrorXml(code, message));
  };
  if (!body) return xml(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
  let form: FormData;
  try {
    form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
  } catch {
    return xml(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  }
  const check = checkPresignedPost({
    bucket, form, now: new Date(),
    secretFor: (id) => (id === LOCAL_DEFAULTS.accessKeyId ? LOCAL_DEFAULTS.secretAccessKey : undefined),
  });
  if (!check.ok) return xml(check.status, check.code, check.message);
  const { etag } = await storeCheckedPost(s3Client(env), bucket, check);
  if (check.successRedirect) return void response.writeHead(303, { location: successRedirectUrl(check.successRedirect, bucket, check.key, etag) }).end();
  response.writeHead(check.successStatus).end();
}

/**
 * Starts the portal server with the functions' environment, to which it adds its own address (the
 * mails' buttons) and the upload endpoint; the handler module loads on the first request.
 */
export async function startLocalPortal(options: { host: string; port: number; bucket: string; env: NodeJS.ProcessEnv }): Promise<LocalPortal> {
  let handler: Promise<PortalHandler> | undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const work = request.method === 'POST' && path === `${LOCAL_UPLOAD_PATH}${options.bucket}`
      ? handleUpload(request, response, options.bucket, options.env)
      : (async () => {
        const body = await readBody(request, 1024 * 1024);
        if (!body) return void response.writeHead(413).end();
        handler ??= import('../lambdas/portal/handler.ts').then((m) => m.makeHandler(options.env));
        send(response, await (await handler)(functionUrlEvent(request, body)));
      })();
    work.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`local portal: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new Error(`Portal: port ${options.port} on ${options.host} is in use (choose another with --portal-port)`) : error));
    server.listen(options.port, options.host, () => resolve());
  });
  const url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  const env = { BHXH_PORTAL_URL: url, BHXH_UPLOAD_URL: `${url}${LOCAL_UPLOAD_PATH}${options.bucket}` };
  Object.assign(options.env, env);
  return {
    url: `${url}/`,
    env,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The portal as one of the local stack's servers (local/servers.ts). */
export const PORTAL_SERVER: LocalServer = {
  name: 'portal',
  start: (stack, port) => startLocalPortal({ host: LOCAL_DEFAULTS.host, port: port ?? LOCAL_DEFAULTS.portalPort, bucket: stack.bucket, env: stack.handlerEnv }),
};
