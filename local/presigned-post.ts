// A presigned POST checked as S3 checks it, in front of s3rver (whose POST handler ignores the
// policy): the form's SigV4 signature over the policy, the policy's expiry, every condition
// (exact fields, starts-with, content-length-range) and no field the policy does not cover. A form
// that passes is stored with PutObject, so the parser sees the same object-created event as from S3.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface PostCheckInput {
  bucket: string;
  /** The multipart form as the browser sent it. */
  form: FormData;
  now: Date;
  /** The secret of an access key id (the emulator's own credentials). */
  secretFor: (accessKeyId: string) => string | undefined;
}

export type PostCheck =
  | { ok: true; key: string; file: File; contentType?: string; metadata: Record<string, string>; successStatus: number; successRedirect?: string }
  | { ok: false; status: number; code: string; message: string };

type Condition = Record<string, unknown> | unknown[];

const refuse = (status: number, code: string, message: string): PostCheck => ({ ok: false, status, code, message });
const denied = (message: string): PostCheck => refuse(403, 'AccessDenied', message);

/** Fields that need no condition (S3: the signature and policy themselves, the file, x-ignore-*). */
const EXEMPT = new Set(['x-amz-signature', 'policy', 'file']);

export function checkPresignedPost({ bucket, form, now, secretFor }: PostCheckInput): PostCheck {
  const fields = new Map<string, string>();
  let file: File | undefined;
  for (const [name, value] of form.entries()) {
    const lower = name.toLowerCase();
    if (lower === 'file') {
      if (typeof value === 'string') return refuse(400, 'InvalidArgument', 'The file field must be a file');
      file = value;
      continue;
    }
    if (typeof value !== 'string') return refuse(400, 'InvalidArgument', `Field ${name} must be text`);
    if (fields.has(lower)) return refuse(400, 'InvalidArgument', `Field ${name} appears twice`);
    fields.set(lower, value);
  }
  if (!file) return refuse(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
  const policyText = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  const credential = fields.get('x-amz-credential');
  if (!policyText || !signature || !credential) return denied('Bucket POST must contain a policy, a signature and a credential.');
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') return refuse(400, 'InvalidArgument', 'Unsupported x-amz-algorithm');

  const [accessKeyId, shortDate, region, service, terminal] = credential.split('/');
  const secret = accessKeyId ? secretFor(accessKeyId) : undefined;
  if (!secret) return denied('The AWS Access Key Id you provided does not exist in our records.');
  if (!shortDate || !region || service !== 's3' || terminal !== 'aws4_request' || !(fields.get('x-amz-date') ?? '').startsWith(shortDate)) {
    return denied('Invalid credential scope.');
  }
  const expected = signPolicy(policyText, secret, shortDate, region);
  if (!sameHex(expected, signature)) return denied('The request signature we calculated does not match the signature you provided.');

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as typeof policy;
  } catch {
    return denied('Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : NaN;
  if (!Number.isFinite(expiration)) return denied('Invalid Policy: Policy missing expiration.');
  if (expiration <= now.getTime()) return denied('Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions)) return denied('Invalid Policy: Policy missing conditions.');

  // As S3 does: only what follows the last slash or backslash of the name the browser sent.
  const fileName = file.name.split(/[\\/]/).pop() ?? '';
  const key = (fields.get('key') ?? '').replace('${filename}', fileName);
  if (!key) return refuse(400, 'InvalidArgument', 'Bucket POST must contain a field named \'key\'.');
  const valueOf = (name: string): string | undefined => (name === 'bucket' ? bucket : name === 'key' ? key : fields.get(name));
  const covered = new Set<string>(['bucket']);

  for (const condition of policy.conditions as Condition[]) {
    const failure = checkCondition(condition, valueOf, file.size, covered);
    if (failure) return failure;
  }
  for (const name of fields.keys()) {
    if (EXEMPT.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    return denied(`Invalid according to Policy: Extra input fields: ${name}`);
  }
  const requestedStatus = Number(fields.get('success_action_status'));
  const redirect = fields.get('success_action_redirect');
  return {
    ok: true,
    key,
    file,
    ...(fields.get('content-type') ? { contentType: fields.get('content-type')! } : {}),
    // As S3 does: x-amz-meta-* form fields become the object's user metadata.
    metadata: Object.fromEntries([...fields].filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, value]) => [name.slice('x-amz-meta-'.length), value])),
    successStatus: [200, 201, 204].includes(requestedStatus) ? requestedStatus : 204,
    ...(redirect ? { successRedirect: redirect } : {}),
  };
}

function checkCondition(condition: Condition, valueOf: (name: string) => string | undefined, size: number, covered: Set<string>): PostCheck | undefined {
  const policyFailure = (): PostCheck => denied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
  if (!Array.isArray(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1) return denied('Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    const [name, expected] = entries[0]!;
    const lower = name.toLowerCase();
    covered.add(lower);
    return valueOf(lower) === String(expected) ? undefined : policyFailure();
  }
  const [operator, first, second] = condition;
  if (operator === 'content-length-range') {
    const min = Number(first);
    const max = Number(second);
    if (size > max) return refuse(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    if (size < min) return refuse(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
    return undefined;
  }
  if ((operator !== 'eq' && operator !== 'starts-with') || typeof first !== 'string' || !first.startsWith('$') || typeof second !== 'string') {
    return denied(`Invalid Policy: Invalid condition ${JSON.stringify(condition)}`);
  }
  const name = first.slice(1).toLowerCase();
  covered.add(name);
  const actual = valueOf(name);
  if (actual === undefined) return policyFailure();
  const ok = operator === 'eq' ? actual === second : actual.startsWith(second);
  return ok ? undefined : policyFailure();
}

/** SigV4 for a POST policy: the signing key of the date, region and s3, over the base64 policy. */
export function signPolicy(policyBase64: string, secret: string, shortDate: string, region: string): string {
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(shortDate).digest();
  for (const part of [region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(policyBase64).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The XML error body S3 answers with. */
export function s3ErrorXml(code: string, message: string): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escape(code)}</Code><Message>${escape(message)}</Message></Error>`;
}

/** Stores a checked upload in the emulator. */
export async function storeCheckedPost(s3: S3Client, bucket: string, check: Extract<PostCheck, { ok: true }>): Promise<{ etag: string }> {
  const { ETag } = await s3.send(new PutObjectCommand({
    Bucket: bucket,
    Key: check.key,
    Body: new Uint8Array(await check.file.arrayBuffer()),
    ...(check.contentType ? { ContentType: check.contentType } : {}),
    Metadata: check.metadata,
  }));
  return { etag: ETag ?? '""' };
}

/** Where S3 sends the browser after a POST with success_action_redirect: that URL with bucket, key and etag added. */
export function successRedirectUrl(redirect: string, bucket: string, key: string, etag: string): string {
  const url = new URL(redirect);
  url.searchParams.set('bucket', bucket);
  url.searchParams.set('key', key);
  url.searchParams.set('etag', etag);
  return url.toString();
}
