// The one object the portal writes itself, the entry form's: only under the province's prefix, with
// the metadata that tells the parser where it came from.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3PortalFiles } from '../../shared/adapters/portal-files.ts';
import { ENTRY_METADATA } from '../../shared/domain/entry/submit.ts';

const s3 = mockClient(S3Client);
const files = new S3PortalFiles(new S3Client({ region: 'ap-southeast-1' }), { bucket: 'bhxh-reports' });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeEach(() => { s3.reset(); s3.on(PutObjectCommand).resolves({}); });

describe('the entry form\'s file', () => {
  it('is written at its key with the entry form\'s origin', async () => {
    const body = new Uint8Array([80, 75, 3, 4]);
    await files.putUpload({ key: 'incoming/27/20231215T080000Z-0a1b2c3d/nhap.xlsx', prefix: 'incoming/27/', body, contentType: XLSX_TYPE, metadata: ENTRY_METADATA });
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Bucket: 'bhxh-reports', Key: 'incoming/27/20231215T080000Z-0a1b2c3d/nhap.xlsx', ContentType: XLSX_TYPE, Metadata: { 'bhxh-origin': 'entry-form' } });
  });

  it('is never written outside the province\'s prefix', async () => {
    await expect(files.putUpload({ key: 'incoming/30/x.xlsx', prefix: 'incoming/27/', body: new Uint8Array(1), contentType: XLSX_TYPE, metadata: {} })).rejects.toThrow(/outside/);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
