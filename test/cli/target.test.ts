import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { useTarget } from '../../cli/commands/target.ts';

const cloudFormation = mockClient(CloudFormationClient);
afterAll(() => cloudFormation.restore());

describe('which stack the CLI talks to', () => {
  it('defaults to the local stack on loopback', async () => {
    const env: NodeJS.ProcessEnv = {};
    const target = await useTarget({}, env);
    expect(target).toMatchObject({ bucket: 'bhxh-reports', table: 'bhxh-reports', local: true });
    expect(env.AWS_ENDPOINT_URL_S3).toBe('http://127.0.0.1:4569');
  });

  it('reads the bucket and table of a deployed stack from its outputs, and drops local endpoints', async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'BhxhReportPipeline' }).resolves({
      Stacks: [{
        StackName: 'BhxhReportPipeline', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
        Outputs: [{ OutputKey: 'BucketName', OutputValue: 'bhxh-reportbucket-abc' }, { OutputKey: 'TableName', OutputValue: 'bhxh-table-xyz' }],
      }],
    });
    const env: NodeJS.ProcessEnv = { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' };
    const target = await useTarget({ stack: 'BhxhReportPipeline' }, env);
    expect(target).toMatchObject({ bucket: 'bhxh-reportbucket-abc', table: 'bhxh-table-xyz', local: false, s3Endpoint: 'AWS' });
    expect(env.AWS_ENDPOINT_URL_S3).toBeUndefined();
    expect(env.BHXH_BUCKET_NAME).toBe('bhxh-reportbucket-abc');
  });

  it('refuses a stack without the outputs it needs', async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Other' }).resolves({ Stacks: [{ StackName: 'Other', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }] });
    await expect(useTarget({ stack: 'Other' }, {})).rejects.toThrow(/no BucketName\/TableName/);
  });
});
