// `npx cdk synth` with bhxh:receivingRegion, offline and without credentials: the CLI writes both
// templates, each for its own region, the main stack after the receiving one, and the summary says
// where SES receives. Only the receiving stack is selected (it has no Lambda to bundle), so this stays
// fast; the pipeline stack's bundles are the subject of cli-synth.test.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';
import { TRIAL_CONTEXT } from './synth.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(path.join(tmpdir(), 'bhxh-cdk-synth-receiving-'));
let summary = '';

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(AWS_|CDK_DEFAULT_)/.test(name)) delete env[name];
  Object.assign(env, {
    AWS_CONFIG_FILE: path.join(outdir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(outdir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_VALIDATION: 'false',
  });
  const context = { ...TRIAL_CONTEXT, 'bhxh:region': 'ap-southeast-1', 'bhxh:receivingRegion': 'us-east-1' };
  const flags = Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${String(value)}`]);
  const synth = await run('npx', ['cdk', 'synth', 'BhxhReportPipelineMailReceiving', '--exclusively', '--quiet', '--no-notices', '--output', outdir, ...flags],
    { cwd: PROJECT_ROOT, env, maxBuffer: 32 * 1024 * 1024 });
  summary = synth.stderr;
}, 240_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('npx cdk synth -c bhxh:receivingRegion=us-east-1', () => {
  it('prints where SES receives, and that its stack goes first', () => {
    expect(summary).toContain('Deploying stack BhxhReportPipeline to ap-southeast-1');
    expect(summary).toContain('  receiving        SES in us-east-1 (stack BhxhReportPipelineMailReceiving, deployed first); its topic feeds the mail queue in ap-southeast-1');
  });

  it('writes both stacks, each in its region, the pipeline depending on the receiving stack', () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; environment?: string; dependencies?: string[] }>;
    };
    expect(manifest.artifacts.BhxhReportPipelineMailReceiving?.environment).toBe('aws://unknown-account/us-east-1');
    expect(manifest.artifacts.BhxhReportPipeline?.environment).toBe('aws://unknown-account/ap-southeast-1');
    expect(manifest.artifacts.BhxhReportPipeline?.dependencies).toContain('BhxhReportPipelineMailReceiving');
    const template = JSON.parse(readFileSync(path.join(outdir, 'BhxhReportPipelineMailReceiving.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(expect.arrayContaining(['AWS::SES::ReceiptRule', 'AWS::S3::Bucket', 'AWS::SNS::Topic']));
  });
});
