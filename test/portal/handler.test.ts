// The portal Lambda: a function URL event through Hono's AWS Lambda adapter to the same app, and the
// answer back in the function URL's shape (headers, status, text body). Only answers that need no
// table or bucket are asked for: the adapter is what is under test here.
import { describe, expect, it } from 'vitest';
import { handler } from '../../lambdas/portal/handler.ts';

process.env.BHXH_TABLE_NAME ??= 'bhxh-test';
process.env.BHXH_BUCKET_NAME ??= 'bhxh-test';
process.env.BHXH_PORTAL_URL = 'https://portal.example';

function event(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Parameters<typeof handler>[0] {
  return {
    version: '2.0', routeKey: '$default', rawPath, rawQueryString: '', headers: { host: 'abc.lambda-url.ap-southeast-1.on.aws', ...headers },
    requestContext: {
      accountId: 'anonymous', apiId: 'abc', domainName: 'abc.lambda-url.ap-southeast-1.on.aws', domainPrefix: 'abc',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, authentication: null, authorizer: {},
    },
    body: body ? Buffer.from(body).toString('base64') : null,
    isBase64Encoded: Boolean(body),
  };
}

describe('the portal Lambda behind its function URL', () => {
  it('serves the app: an asset with its type and caching, security headers included', async () => {
    const result = await handler(event('GET', '/tai-nguyen/portal.css'), {} as never) as { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(result.headers['cache-control']).toBe('public, max-age=3600');
    expect(result.headers['x-content-type-options']).toBe('nosniff');
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toContain('box-sizing');
  });

  it('refuses a POST from another origin before touching anything, with a page in Vietnamese', async () => {
    const result = await handler(event('POST', '/dang-nhap', { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, 'email=a%40b.vn'), {} as never) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(403);
    expect(result.body).toContain('Yêu cầu bị từ chối');
  });
});
