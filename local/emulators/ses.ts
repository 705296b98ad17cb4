// The local SES: aws-ses-v2-local (its page lists the mail sent, JSON at /store), with its store
// kept on disk: each mail is appended (and fsynced) to <dir>/mail.jsonl as the emulator records it,
// before it answers the send, and the file is loaded back on start. So the mail page shows mail
// sent before a restart, and a crash loses no acknowledged mail. /clear-store empties the file too.
// Like SES, it takes nothing from a web page: a request that changes something (a send, /clear-store)
// with a browser's Origin other than its own page's is refused, and so is a body past what SES takes.
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const MAIL_FILE = 'mail.jsonl';

interface SesStore {
  emails: unknown[];
}

const require = createRequire(import.meta.url);

function appendDurably(file: string, line: string): void {
  appendFileSync(file, line, 'utf8');
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function loadMail(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // A line cut by a crash mid-append is not a mail: skipped.
  return text.split('\n').filter((l) => l.trim() !== '').flatMap((line) => {
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return [];
    }
  });
}

/** Binds the emulator's in-memory store (one per process) to the file. */
function persistStore(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, MAIL_FILE);
  const { getStoreReadonly } = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly: () => SesStore };
  const store = getStoreReadonly();
  const emails: unknown[] = loadMail(file);
  // The emulator only pushes sent mail, and clears by assigning a new array.
  const push = (...items: unknown[]): number => {
    for (const item of items) appendDurably(file, `${JSON.stringify(item)}\n`);
    return Array.prototype.push.apply(emails, items);
  };
  Object.defineProperty(emails, 'push', { value: push, enumerable: false });
  Object.defineProperty(store, 'emails', {
    configurable: true,
    enumerable: true,
    get: () => emails,
    set: (next: unknown[]) => {
      writeFileSync(file, next.map((m) => `${JSON.stringify(m)}\n`).join(''), 'utf8');
      emails.length = 0;
      Array.prototype.push.apply(emails, next);
    },
  });
}

/** SendRawEmail takes a message of 10 MB at most: base64 in a form body, plus a margin. */
export const MAX_SES_BODY_BYTES = Math.ceil((10 * 1024 * 1024 * 4) / 3) + 1024 * 1024;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Puts a door in front of the emulator's own request handler. */
function guard(server: Server): void {
  const inner = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const address = server.address();
    const own = address && typeof address === 'object' ? [`http://${address.address}:${address.port}`, `http://localhost:${address.port}`] : [];
    const changes = req.method !== 'GET' && req.method !== 'HEAD';
    const origin = req.headers.origin;
    if (changes && origin !== undefined && !own.includes(origin)) {
      res.writeHead(403, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ message: 'Cross-origin requests are refused' }));
      req.resume();
      return;
    }
    if (changes && Number(req.headers['content-length'] ?? 0) > MAX_SES_BODY_BYTES) {
      res.once('finish', () => req.destroy());
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ message: 'Request entity too large' }));
      return;
    }
    for (const listener of inner) listener.call(server, req, res);
  });
}

export async function startSesEmulator(host: string, port: number, dir: string): Promise<Server> {
  persistStore(dir);
  // CommonJS with `exports.default`: under ESM the module's default is the whole exports object.
  const loaded = await import('aws-ses-v2-local') as unknown as { default: unknown };
  const outer = loaded.default as { default?: unknown };
  const start = (typeof outer === 'function' ? outer : outer.default) as (config: { host: string; port: number }) => Promise<Server>;
  const server = await start({ host, port });
  // It resolves even when the listen failed (the port is taken): then there is no address.
  if (!server.address()) {
    server.close();
    throw new Error(`SES emulator: port ${port} on ${host} is in use (another \`npm start\`? choose another port)`);
  }
  guard(server);
  return server;
}
