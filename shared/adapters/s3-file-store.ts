// The report bucket behind the FileStore port.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../ports/index.ts';

export class S3FileStore implements FileStore {
  constructor(private readonly client: S3Client, private readonly bucket: string) {}

  async read(key: string, maxBytes: number, versionId?: string) {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    // The response headers give the size before the body is read: an oversized object is never downloaded.
    if ((object.ContentLength ?? 0) > maxBytes) {
      (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { tooLarge: object.ContentLength! };
    }
    const body = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    if (body.byteLength > maxBytes) return { tooLarge: body.byteLength };
    return { body, metadata: object.Metadata ?? {} };
  }

  async write(key: string, body: Uint8Array | string, contentType: string, metadata?: Record<string, string>): Promise<void> {
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...(metadata ? { Metadata: metadata } : {}),
    }));
  }
}
