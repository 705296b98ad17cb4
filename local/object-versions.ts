// The versions of uploads: s3rver keeps one object per key, the versioned bucket on AWS keeps every
// version. The local stack assigns a version id to each upload under incoming/ and keeps an
// immutable copy of its bytes under <data dir>/versions/ before the upload is acknowledged; the
// intake message names that version, the parser reads it (GetObject with VersionId, served from
// here), and its submission record keeps the id. So a later upload of the same name never changes
// the bytes an earlier record was judged on.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from './durable-queue.ts';

export interface ObjectVersion {
  bucket: string;
  key: string;
  versionId: string;
  size: number;
  /** MD5 hex of the bytes. */
  eTag: string;
  contentType?: string;
  /** User metadata (x-amz-meta-*), names without the prefix. */
  metadata: Record<string, string>;
  lastModified: string;
}

const VERSION_ID = /^[0-9A-Za-z]{1,64}$/;

export class ObjectVersions {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A new id: sorts by time (hex milliseconds), then random; letters and digits only, as S3's. */
  newVersionId(): string {
    return `${Date.now().toString(16).padStart(12, '0')}${randomBytes(10).toString('hex')}`;
  }

  /** Keeps the bytes and their description, durably, before returning. */
  keep(version: ObjectVersion, bytes: Uint8Array): void {
    if (!VERSION_ID.test(version.versionId)) throw new Error(`Not a version id: ${version.versionId}`);
    writeFileDurably(join(this.dir, `${version.versionId}.bin`), bytes);
    writeFileDurably(join(this.dir, `${version.versionId}.json`), JSON.stringify(version));
  }

  /** The version of this object, or undefined (an unknown id, or one of another key). */
  get(bucket: string, key: string, versionId: string): { version: ObjectVersion; bytes: () => Buffer } | undefined {
    if (!VERSION_ID.test(versionId)) return undefined;
    const meta = join(this.dir, `${versionId}.json`);
    if (!existsSync(meta)) return undefined;
    const version = JSON.parse(readFileSync(meta, 'utf8')) as ObjectVersion;
    if (version.bucket !== bucket || version.key !== key) return undefined;
    return { version, bytes: () => readFileSync(join(this.dir, `${versionId}.bin`)) };
  }

  /** Every kept version, oldest first. */
  all(): ObjectVersion[] {
    return readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort()
      .map((f) => JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as ObjectVersion);
  }
}
