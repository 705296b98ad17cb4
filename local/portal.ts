// The portal on the local stack: a Node HTTP server that serves the portal Lambda's own app (its
// handler module, through Hono's Node adapter), plus the presigned-POST endpoint that checks the
// signed policy as S3 does before storing the upload in s3rver (see presigned-post.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
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
  let portal: Promise<ReturnType<typeof getRequestListener>> | undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const work = request.method === 'POST' && path === `${LOCAL_UPLOAD_PATH}${options.bucket}`
      ? handleUpload(request, response, options.bucket, options.env)
      : (async () => {
        portal ??= import('../lambdas/portal/handler.ts')
          .then((m) => getRequestListener(m.portalApp(options.env, (c) => getConnInfo(c).remote.address ?? '').fetch));
        await (await portal)(request, response);
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
