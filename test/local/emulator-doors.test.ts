// The local stack refuses what S3 and SES would: a web page's cross-origin writes (to the S3 port
// and the SES store), bodies past the upload limit plus a margin; and it answers others while a
// large body streams in.
import { request } from 'node:http';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../local/emulators/s3.ts';
import { MAX_SES_BODY_BYTES } from '../../local/emulators/ses.ts';
import { startTestStack, type TestStack } from '../e2e/support.ts';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.dispose(); });

async function exists(key: string): Promise<boolean> {
  try {
    await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** A raw HTTP request (so the test sets Origin and Content-Length as a browser or an attacker would). */
function raw(url: string, options: { method: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('local S3: what S3 refuses a web page', () => {
  it('a cross-origin form POST cannot overwrite the national summary', async () => {
    const boundary = '----x';
    const form = [
      `--${boundary}`, 'Content-Disposition: form-data; name="key"', '', 'summaries/latest/tong-hop.html',
      `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="x.html"', 'Content-Type: text/html', '', '<h1>giả mạo</h1>',
      `--${boundary}--`, '',
    ].join('\r\n');
    const answer = await raw(`${stack.endpoints.s3}/${stack.bucket}`, {
      method: 'POST', headers: { origin: 'http://evil.example', 'content-type': `multipart/form-data; boundary=${boundary}` }, body: form,
    });
    expect(answer.status).toBe(403);
    expect(await exists('summaries/latest/tong-hop.html')).toBe(false);
  });

  it('a cross-origin PUT or preflight is refused; the SDK (no Origin) still writes', async () => {
    const put = await raw(`${stack.endpoints.s3}/${stack.bucket}/summaries/latest/x.html`, { method: 'PUT', headers: { origin: 'http://evil.example' }, body: 'x' });
    expect(put.status).toBe(403);
    const preflight = await raw(`${stack.endpoints.s3}/${stack.bucket}/incoming/27/x.xlsx`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'PUT' } });
    expect(preflight.status).toBe(403);
    await stack.put('summaries/test/ok.txt', new TextEncoder().encode('ok'));
    expect(await exists('summaries/test/ok.txt')).toBe(true);
  });

  it('a body declared past the limit is refused before it is read; one that streams past it is cut off', async () => {
    const declared = await raw(`${stack.endpoints.s3}/${stack.bucket}/incoming/27/big.xlsx`, {
      method: 'PUT', headers: { 'content-length': String(maxBodyBytes('incoming/27/big.xlsx') + 1) },
    }).catch(() => ({ status: 0, text: '' }));
    expect([400, 0]).toContain(declared.status);
    if (declared.status) expect(declared.text).toContain('EntityTooLarge');
    expect(maxBodyBytes('mail/inbound/x')).toBeGreaterThan(40 * 1024 * 1024);
    expect(maxBodyBytes('incoming/27/x')).toBeLessThan(8 * 1024 * 1024);
  });

  it('answers others while a large body streams in slowly', async () => {
    await stack.put('summaries/test/small.txt', new TextEncoder().encode('nhỏ'));
    const url = new URL(`${stack.endpoints.s3}/${stack.bucket}/incoming/27/slow.xlsx`);
    const slow = request(url, { method: 'PUT', headers: { 'transfer-encoding': 'chunked' } });
    slow.on('error', () => {});
    slow.write(Buffer.alloc(256 * 1024));
    const object = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'summaries/test/small.txt' }));
    expect(await object.Body!.transformToString()).toBe('nhỏ');
    expect(slow.writableEnded).toBe(false); // answered while the upload is still open
    slow.destroy();
  });
});

describe('local SES: the mail store is not a web page\'s to empty', () => {
  it('a cross-site POST /clear-store is refused and the mail is kept; the emulator\'s own page may', async () => {
    await stack.put('incoming/27/x.xlsx', new TextEncoder().encode('không phải bảng tính'));
    await stack.idle();
    const before = (await stack.mails()).length;
    expect(before).toBeGreaterThan(0);
    const refused = await raw(`${stack.endpoints.ses}/clear-store`, { method: 'POST', headers: { origin: 'http://evil.example' } });
    expect(refused.status).toBe(403);
    expect((await stack.mails()).length).toBe(before);
    const tooLarge = await raw(`${stack.endpoints.ses}/`, { method: 'POST', headers: { 'content-length': String(MAX_SES_BODY_BYTES + 1) } }).catch(() => ({ status: 0, text: '' }));
    expect([413, 0]).toContain(tooLarge.status);
    const own = await raw(`${stack.endpoints.ses}/clear-store`, { method: 'POST', headers: { origin: stack.endpoints.ses } });
    expect(own.status).toBe(200);
  });
});
