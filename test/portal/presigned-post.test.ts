// The presigned POST: the policy document AWS enforces (this key, under the province's prefix, at
// most 5 MB, until it expires), and the local check that plays S3's part in front of s3rver.
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3PortalFiles } from '../../shared/adapters/portal-files.ts';
import { MAX_UPLOAD_BYTES } from '../../shared/domain/limits.ts';
import { checkPresignedPost, type PostCheck } from '../../local/presigned-post.ts';

const client = new S3Client({ region: 'ap-southeast-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' } });
const files = new S3PortalFiles(client, { bucket: 'bhxh-reports' });
const KEY = 'incoming/27/20231215T080000Z-0a1b2c3d/bao-cao.xlsx';

async function presigned() {
  return files.presignUpload({ key: KEY, prefix: 'incoming/27/', maxBytes: MAX_UPLOAD_BYTES, expiresSeconds: 600 });
}

function form(fields: Record<string, string>, size: number, name = 'bao-cao.xlsx'): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([new Uint8Array(size)]), name);
  return f;
}

const messageOf = (result: PostCheck): string => (result.ok ? 'accepted' : result.message);

const check = (fields: Record<string, string>, size: number, now = new Date(), extra?: (f: FormData) => void) => {
  const f = form(fields, size);
  extra?.(f);
  return checkPresignedPost({ bucket: 'bhxh-reports', form: f, now, secretFor: (id) => (id === 'AKIDEXAMPLE' ? 'secret-example' : undefined) });
};

describe('the upload policy AWS enforces', () => {
  it('fixes the key under the province\'s prefix, the size limit and the expiry, signed with SigV4', async () => {
    const before = Date.now();
    const { url, fields } = await presigned();
    expect(url).toBe('https://bhxh-reports.s3.ap-southeast-1.amazonaws.com/');
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toEqual(expect.arrayContaining([
      ['starts-with', '$key', 'incoming/27/'],
      ['content-length-range', 1, 5 * 1024 * 1024],
      { key: KEY },
      { bucket: 'bhxh-reports' },
      { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
      { 'x-amz-meta-bhxh-origin': 'portal' },
    ]));
    expect(fields['x-amz-meta-bhxh-origin']).toBe('portal');
    const expires = Date.parse(policy.expiration) - before;
    expect(expires).toBeGreaterThan(590_000);
    expect(expires).toBeLessThan(610_000);
    expect(fields['X-Amz-Credential']).toMatch(/^AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/s3\/aws4_request$/);
    expect(fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to presign a key outside the prefix', async () => {
    await expect(files.presignUpload({ key: 'incoming/30/x.xlsx', prefix: 'incoming/27/', maxBytes: 10, expiresSeconds: 60 })).rejects.toThrow(/outside/);
  });
});

describe('the local policy check (what S3 does with the form)', () => {
  it('accepts the form as presigned, for the exact key', async () => {
    const { fields } = await presigned();
    expect(check(fields, 1000)).toMatchObject({ ok: true, key: KEY, successStatus: 204, metadata: { 'bhxh-origin': 'portal' } });
  });

  it('refuses a form whose origin field was changed (the submission log could be made to lie)', async () => {
    const { fields } = await presigned();
    expect(messageOf(check({ ...fields, 'x-amz-meta-bhxh-origin': 'mail' }, 1000))).toMatch(/Policy Condition failed/);
  });

  it('refuses another key, even under the same prefix, and any other prefix', async () => {
    const { fields } = await presigned();
    expect(check({ ...fields, key: 'incoming/27/other.xlsx' }, 10)).toMatchObject({ ok: false, status: 403, code: 'AccessDenied' });
    expect(check({ ...fields, key: 'incoming/30/x.xlsx' }, 10)).toMatchObject({ ok: false, status: 403 });
    expect(check({ ...fields, key: 'summaries/latest/tong-hop-toan-quoc.json' }, 10)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a file over the limit and an empty one', async () => {
    const { fields } = await presigned();
    expect(check(fields, MAX_UPLOAD_BYTES + 1)).toMatchObject({ ok: false, status: 400, code: 'EntityTooLarge' });
    expect(check(fields, MAX_UPLOAD_BYTES)).toMatchObject({ ok: true });
    expect(check(fields, 0)).toMatchObject({ ok: false, code: 'EntityTooSmall' });
  });

  it('refuses an expired policy, a rewritten policy, a wrong signature, an unknown key id and an extra field', async () => {
    const { fields } = await presigned();
    expect(messageOf(check(fields, 10, new Date(Date.now() + 601_000)))).toContain('Policy expired');
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    policy.conditions = policy.conditions.filter((c) => !Array.isArray(c));
    expect(messageOf(check({ ...fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') }, MAX_UPLOAD_BYTES * 2))).toContain('signature');
    expect(check({ ...fields, 'X-Amz-Signature': '0'.repeat(64) }, 10)).toMatchObject({ ok: false, status: 403 });
    expect(check({ ...fields, 'X-Amz-Credential': fields['X-Amz-Credential']!.replace('AKIDEXAMPLE', 'OTHER') }, 10)).toMatchObject({ ok: false, status: 403 });
    expect(messageOf(check({ ...fields, 'Content-Type': 'text/html' }, 10))).toContain('Extra input fields: content-type');
    expect(check({ ...fields, 'x-ignore-note': 'fine' }, 10)).toMatchObject({ ok: true });
  });

  it('refuses a form without its file or with the fields twice', async () => {
    const { fields } = await presigned();
    const noFile = new FormData();
    for (const [k, v] of Object.entries(fields)) noFile.append(k, v);
    expect(checkPresignedPost({ bucket: 'bhxh-reports', form: noFile, now: new Date(), secretFor: () => 'secret-example' })).toMatchObject({ ok: false, status: 400 });
    expect(check(fields, 10, new Date(), (f) => f.append('key', 'incoming/27/again.xlsx'))).toMatchObject({ ok: false, status: 400 });
  });
});
