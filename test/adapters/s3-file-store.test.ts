import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';

const s3 = mockClient(S3Client);
afterAll(() => s3.restore());

describe('S3FileStore.read', () => {
  it('refuses an object larger than the limit from its response headers, without reading the body', async () => {
    let read = false;
    let destroyed = false;
    s3.on(GetObjectCommand).resolves({
      ContentLength: 6_000_000,
      Body: { transformToByteArray: async () => { read = true; return new Uint8Array(); }, destroy: () => { destroyed = true; } } as never,
    });
    expect(await new S3FileStore(new S3Client({}), 'b').read('incoming/27/big.xlsx', 5_000_000)).toEqual({ tooLarge: 6_000_000 });
    expect(read).toBe(false);
    expect(destroyed).toBe(true);
  });

  it('reads an object within the limit, the version asked for', async () => {
    s3.reset();
    s3.on(GetObjectCommand, { Bucket: 'b', Key: 'k', VersionId: 'v1' }).resolves({
      ContentLength: 3, Body: { transformToByteArray: async () => new Uint8Array([1, 2, 3]) } as never,
    });
    expect(await new S3FileStore(new S3Client({}), 'b').read('k', 10, 'v1')).toEqual({ body: new Uint8Array([1, 2, 3]), metadata: {} });
  });
});
