// The bucket as the portal's browsers reach it: presigned POSTs (the policy S3 enforces: this exact
// key under the province's prefix, at most the size limit, until it expires) and presigned GETs; and
// the one file the portal writes itself, the entry form's.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ORIGIN_METADATA } from '../domain/intake/origin.ts';
import type { PortalFiles, PresignedUpload } from '../ports/portal.ts';

export const DOWNLOAD_LINK_SECONDS = 300;

/** The form fields every portal upload carries, each fixed by the policy: the submission log's origin. */
export const PORTAL_UPLOAD_FIELDS = { [`x-amz-meta-${ORIGIN_METADATA}`]: 'portal' } as const;

export interface S3PortalFilesOptions {
  bucket: string;
  /** Where browsers POST instead of the bucket's own endpoint (the local stack's policy checker). */
  uploadUrl?: string;
}

/** The conditions of an upload's policy: what S3 refuses to write when the form differs. */
export function uploadConditions(prefix: string, maxBytes: number): Array<[string, string, string] | [string, number, number]> {
  return [
    ['starts-with', '$key', prefix],
    ['content-length-range', 1, maxBytes],
  ];
}

export class S3PortalFiles implements PortalFiles {
  constructor(private readonly client: S3Client, private readonly options: S3PortalFilesOptions) {}

  async presignUpload(input: { key: string; prefix: string; maxBytes: number; expiresSeconds: number; redirect?: string }): Promise<PresignedUpload> {
    if (!input.key.startsWith(input.prefix)) throw new Error(`Upload key ${input.key} is outside ${input.prefix}`);
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.options.bucket,
      Key: input.key,
      Conditions: uploadConditions(input.prefix, input.maxBytes) as never,
      Fields: { ...PORTAL_UPLOAD_FIELDS, ...(input.redirect ? { success_action_redirect: input.redirect } : {}) },
      Expires: input.expiresSeconds,
    });
    return { url: this.options.uploadUrl ?? url, fields };
  }

  async putUpload(input: { key: string; prefix: string; body: Uint8Array; contentType: string; metadata: Readonly<Record<string, string>> }): Promise<void> {
    if (!input.key.startsWith(input.prefix)) throw new Error(`Upload key ${input.key} is outside ${input.prefix}`);
    await this.client.send(new PutObjectCommand({
      Bucket: this.options.bucket, Key: input.key, Body: input.body, ContentType: input.contentType, Metadata: { ...input.metadata },
    }));
  }

  async presignDownload(key: string, filename: string): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    }), { expiresIn: DOWNLOAD_LINK_SECONDS });
  }
}
