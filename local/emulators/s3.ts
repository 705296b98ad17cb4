// The local S3: s3rver (path-style, bucket created on start) behind a small front server that
// keeps the promises s3rver does not:
// - keys s3rver cannot store safely are refused with S3's 400 error (local/emulators/safe-keys.ts),
//   both at the door and inside its file store (form uploads carry the key in the body);
// - writes to one key are handled one at a time (s3rver writes the object file in place, so two
//   concurrent uploads of a key would mix), and an upload under the versioned prefix gets a version
//   id (`x-amz-version-id`, as a versioned bucket answers) and an immutable copy of its bytes,
//   taken, with its intake message, before the upload is acknowledged (`onCreated`, synchronous);
// - GET/HEAD with `versionId` are answered from those copies;
// - what S3 would refuse a web page is refused: a write or preflight carrying a browser's Origin
//   (presigned POSTs go through the portal's policy door, local/presigned-post.ts, not here);
// - a body past what the pipeline takes (an upload, a raw mail) plus a margin is refused, by its
//   declared length before it is read, and while it streams otherwise (EntityTooLarge);
// - any error is caught, logged and answered (500 InternalError); the process stays up.
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver from 's3rver';
import { MAIL_INBOUND_PREFIX, RECEIVED_AT_METADATA } from '../../shared/contract.ts';
import { MAX_UPLOAD_BYTES } from '../../shared/domain/limits.ts';
import { MAX_RAW_MAIL_BYTES } from '../../shared/domain/mail-intake/intake.ts';
import type { CreatedObject } from '../intake-message.ts';
import type { ObjectVersions } from '../object-versions.ts';
import { closeServer, listen } from './listen.ts';
import { keyProblem, s3ErrorXml } from './safe-keys.ts';
import { readBody } from '../http-body.ts';

/** What a body may carry beyond the largest thing the pipeline takes (headers of a form, metadata). */
const BODY_MARGIN_BYTES = 1024 * 1024;

/** The largest body a write to `key` may have: a raw mail under mail/inbound/, else an upload's limit; plus the margin. */
export function maxBodyBytes(key: string): number {
  return (key.startsWith(MAIL_INBOUND_PREFIX) ? MAX_RAW_MAIL_BYTES : MAX_UPLOAD_BYTES) + BODY_MARGIN_BYTES;
}

export interface S3EmulatorOptions {
  host: string;
  port: number;
  /** s3rver's folder. */
  directory: string;
  bucket: string;
  /** Uploads under this prefix get versions and are announced to `onCreated`. */
  versionedPrefix: string;
  versions: ObjectVersions;
  /** LOCAL-ONLY: take the event time from the x-amz-meta-bhxh-received-at header of the upload. */
  allowReceivedAtOverride: boolean;
  /** Called before the upload is acknowledged; must store what it needs synchronously. A throw fails the upload (500). */
  onCreated: (object: CreatedObject) => void;
  log: (line: string) => void;
}

export interface S3Emulator {
  url: string;
  /** Runs `work` while no write to this key is in progress (the reconciliation on start uses it). */
  withKeyLock<T>(bucket: string, key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface InFlightUpload {
  versionId: string;
  body?: Buffer;
  headers: IncomingMessage['headers'];
}

interface S3rverEvent {
  Records: Array<{ eventName: string; eventTime: string; requestParameters?: { sourceIPAddress?: string }; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }>;
}

const require = createRequire(import.meta.url);

interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: unknown;
}

interface FileStorePrototype {
  getResourcePath: (...args: unknown[]) => string;
  putMetadata: (bucket: string, key: string, metadata: unknown, md5: string) => Promise<void>;
  putObject: (object: StoredObject) => Promise<{ size: number; md5: string }>;
  guarded?: boolean;
}

/**
 * Two repairs to s3rver 3.7.1's file store: it refuses unsafe keys itself too (a form upload names
 * its key in the body, past the door's check), and it stores an object without leaving a write
 * stream's error unhandled (which ended the process: a file name too long, a folder in the way)
 * and without answering before the bytes are written: written aside, then renamed into place.
 */
function repairFileStore(): void {
  const store = (require('s3rver/lib/stores/filesystem.js') as { prototype: FileStorePrototype }).prototype;
  const S3Error = require('s3rver/lib/models/error.js') as new (code: string, message: string, detail?: object) => Error;
  if (store.guarded) return;
  const resourcePath = store.getResourcePath;
  store.getResourcePath = function guarded(this: unknown, ...args: unknown[]): string {
    const key = args[1];
    const problem = typeof key === 'string' && key !== '' ? keyProblem(key) : undefined;
    if (problem) throw new S3Error(problem.code, problem.message, { Key: key as string });
    return resourcePath.apply(this, args);
  };
  store.putObject = async function putObject(this: FileStorePrototype, object: StoredObject) {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const aside = `${objectPath}.${process.pid}.writing`;
    await pipeline(
      Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content,
      new Transform({ transform(chunk: Buffer, _encoding, done) { md5.update(chunk); size += chunk.length; done(null, chunk); } }),
      createWriteStream(aside),
    );
    const hex = md5.digest('hex');
    // The metadata first, the object last: a crash in between leaves no half-stored object to list.
    await this.putMetadata(object.bucket, object.key, object.metadata, hex);
    await rename(aside, objectPath);
    return { size, md5: hex };
  };
  const putMetadata = store.putMetadata;
  // s3rver writes metadata.json and the md5 in place: a crash mid-write left a truncated JSON file
  // that made every later listing of the bucket fail. Each is written aside and renamed instead.
  store.putMetadata = async function atomicPutMetadata(this: FileStorePrototype, bucket, key, metadata, md5) {
    const asideStore = Object.create(this) as FileStorePrototype;
    const renames: Array<[string, string]> = [];
    asideStore.getResourcePath = (...args: unknown[]): string => {
      const path = this.getResourcePath(...args);
      const aside = `${path}.${process.pid}.writing`;
      renames.push([aside, path]);
      return aside;
    };
    await putMetadata.call(asideStore, bucket, key, metadata, md5);
    for (const [from, to] of renames) await rename(from, to).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error; });
  };
  store.guarded = true;
}

function reply(res: ServerResponse, status: number, code: string, message: string, detail: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-error-code': code });
  res.end(s3ErrorXml(code, message, detail));
}

/** The request again, its body from memory, for s3rver (which reads headers, url, method and the stream). */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = Readable.from([body], { objectMode: false });
  return Object.assign(stream, {
    headers: req.headers, rawHeaders: req.rawHeaders, method: req.method, url: req.url,
    httpVersion: req.httpVersion, httpVersionMajor: req.httpVersionMajor, httpVersionMinor: req.httpVersionMinor,
    socket: req.socket, connection: req.socket, complete: true, aborted: false, trailers: {}, rawTrailers: [],
  }) as unknown as IncomingMessage;
}

function userMetadata(headers: IncomingMessage['headers']): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  return metadata;
}

export async function startS3Emulator(options: S3EmulatorOptions): Promise<S3Emulator> {
  repairFileStore();
  const s3rver = new S3rver({
    address: options.host,
    port: options.port,
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: [{ name: options.bucket }],
  });
  // Our own server around s3rver's app (its run() leaves a failed listen unhandled).
  await s3rver.configureBuckets();
  const s3rverCallback = s3rver.callback();
  const locks = new Map<string, Promise<void>>();
  const inFlight = new Map<string, InFlightUpload>();

  const withKeyLock = async <T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> => {
    const name = `${bucket}/${key}`;
    const before = locks.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const chained = before.then(() => mine);
    locks.set(name, chained);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (locks.get(name) === chained) locks.delete(name);
    }
  };

  // s3rver emits this after storing an object and before answering the request.
  s3rver.on('event', (event: S3rverEvent) => {
    for (const record of event.Records ?? []) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const bucket = record.s3.bucket.name;
      const { key } = record.s3.object;
      if (bucket !== options.bucket || !key.startsWith(options.versionedPrefix)) continue;
      const upload = inFlight.get(`${bucket}/${key}`);
      const eTag = record.s3.object.eTag ?? '';
      let bytes = upload?.body;
      if (!bytes || createHash('md5').update(bytes).digest('hex') !== eTag) {
        // Not a plain PUT (a form upload, a copy, a multipart upload): the stored file, complete by now.
        const parts = key.split('/');
        const last = parts.pop()!;
        bytes = readFileSync(join(options.directory, bucket, ...parts, `${last}._S3rver_object`));
      }
      const headers = upload?.headers ?? {};
      const claimed = options.allowReceivedAtOverride ? headers[`x-amz-meta-${RECEIVED_AT_METADATA}`] : undefined;
      const eventTime = typeof claimed === 'string' && !Number.isNaN(Date.parse(claimed)) ? new Date(claimed).toISOString() : record.eventTime;
      const versionId = upload?.versionId ?? options.versions.newVersionId();
      options.versions.keep({
        bucket, key, versionId, size: bytes.length, eTag: createHash('md5').update(bytes).digest('hex'),
        ...(typeof headers['content-type'] === 'string' ? { contentType: headers['content-type'] } : {}),
        metadata: userMetadata(headers), lastModified: new Date().toISOString(),
      }, bytes);
      options.onCreated({
        bucket, key, size: bytes.length, eTag, versionId, eventTime, eventName: record.eventName,
        ...(record.requestParameters?.sourceIPAddress ? { sourceIp: record.requestParameters.sourceIPAddress } : {}),
      });
    }
  });

  const serveVersion = (req: IncomingMessage, res: ServerResponse, bucket: string, key: string, versionId: string): void => {
    const found = options.versions.get(bucket, key, versionId);
    if (!found) {
      reply(res, 404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
      return;
    }
    const { version } = found;
    const body = req.method === 'HEAD' ? undefined : found.bytes();
    res.writeHead(200, {
      'content-type': version.contentType ?? 'application/octet-stream',
      'content-length': String(version.size),
      etag: `"${version.eTag}"`,
      'last-modified': new Date(version.lastModified).toUTCString(),
      'x-amz-version-id': version.versionId,
      ...Object.fromEntries(Object.entries(version.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
    });
    res.end(body);
  };

  /** Answers EntityTooLarge, then drops the connection: the rest of the body is never read. */
  const refuseTooLarge = (req: IncomingMessage, res: ServerResponse, limit: number): void => {
    res.setHeader('connection', 'close');
    res.once('finish', () => req.destroy());
    reply(res, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${limit} bytes here).`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.once('finish', () => {
      if (res.statusCode >= 500) options.log(`S3 emulator failed ${req.method} ${req.url?.slice(0, 200)} (${res.statusCode}); the stack carries on`);
    });
    // The path as sent: a URL parser would resolve its dot segments, hiding them from the check.
    const raw = req.url ?? '/';
    const query = raw.indexOf('?');
    const path = query === -1 ? raw : raw.slice(0, query);
    const url = new URL(query === -1 ? '/' : `/${raw.slice(query)}`, 'http://local');
    const [, rawBucket = '', ...rawKey] = path.split('/');
    let bucket: string;
    let key: string;
    try {
      bucket = decodeURIComponent(rawBucket);
      key = decodeURIComponent(rawKey.join('/'));
    } catch {
      reply(res, 400, 'InvalidURI', 'Couldn\'t parse the specified URI.');
      return;
    }
    if (key !== '') {
      const problem = keyProblem(key);
      if (problem) {
        options.log(`S3 refused ${req.method} of an unsafe key (${problem.code}): ${key.slice(0, 120)}${key.length > 120 ? '…' : ''}`);
        reply(res, 400, problem.code, problem.message, { Key: key.slice(0, 1100) });
        req.resume();
        return;
      }
    }
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (req.headers.origin !== undefined && !reading) {
      options.log(`S3 refused a browser's cross-origin ${req.method} from ${String(req.headers.origin).slice(0, 100)}`);
      reply(res, 403, 'AccessDenied', 'Access Denied');
      req.resume();
      return;
    }
    const limit = maxBodyBytes(key);
    if (!reading && Number(req.headers['content-length'] ?? 0) > limit) {
      refuseTooLarge(req, res, limit);
      return;
    }
    const versionId = url.searchParams.get('versionId');
    if (key !== '' && versionId !== null && (req.method === 'GET' || req.method === 'HEAD')) {
      serveVersion(req, res, bucket, key, versionId);
      return;
    }
    const writes = key !== '' && (req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE');
    if (!writes) {
      s3rverCallback(req, res);
      return;
    }
    await withKeyLock(bucket, key, async () => {
      const plainPut = req.method === 'PUT' && !url.searchParams.has('uploadId') && !req.headers['x-amz-copy-source'];
      let forward = req;
      const upload: InFlightUpload = { versionId: options.versions.newVersionId(), headers: req.headers };
      if (plainPut) {
        const body = await readBody(req, limit);
        if (!body) {
          refuseTooLarge(req, res, limit);
          return;
        }
        upload.body = body;
        forward = replay(req, body);
      }
      if (key.startsWith(options.versionedPrefix) && bucket === options.bucket && req.method !== 'DELETE') {
        res.setHeader('x-amz-version-id', upload.versionId);
      }
      inFlight.set(`${bucket}/${key}`, upload);
      try {
        await new Promise<void>((resolve) => {
          res.once('close', resolve);
          s3rverCallback(forward, res);
        });
      } finally {
        inFlight.delete(`${bucket}/${key}`);
      }
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`S3 emulator error on ${req.method} ${req.url?.slice(0, 200)}: ${(error as Error)?.stack ?? String(error)}`);
      reply(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
    });
  });
  // A client that goes away mid-request is not an error of the stack.
  server.on('clientError', (_error, socket) => socket.destroy());
  const address = await listen(server, options.port, options.host, 'S3 emulator');
  return {
    url: `http://${options.host}:${address.port}`,
    withKeyLock,
    close: () => closeServer(server),
  };
}
