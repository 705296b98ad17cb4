// The report bucket behind the FileStore port.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../ports/index.ts';

export class S3FileStore implements FileStore {
  constructor(private readonly client: S3Client, private readonly bucket: string) {}

  async read(key: string, maxBytes: number, versionId?: string) {
    // Ask the size first so an oversized upload is refused without being downloaded.
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    const size = head.ContentLength ?? 0;
    if (size > maxBytes) return { tooLarge: size };
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    const body = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    // The object may have been replaced between the two calls: check again what actually came.
    if (body.byteLength > maxBytes) return { tooLarge: body.byteLength };
    return { body };
  }

  async write(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
