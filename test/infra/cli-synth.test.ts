// `npx cdk synth` as an operator runs it, but offline and without AWS credentials: the app, local
// esbuild bundling (no Docker), the campaign file copied into each bundle, and cdk-nag (registered in
// cdk/pipeline-app.ts: an unacknowledged finding fails the synth).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';
import { TRIAL_CONTEXT } from './synth.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(path.join(tmpdir(), 'bhxh-cdk-synth-'));
let summary = '';
let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(AWS_|CDK_DEFAULT_)/.test(name)) delete env[name];
  }
  Object.assign(env, {
    // No credentials from anywhere, and no waiting on an instance-metadata endpoint that is not there.
    AWS_CONFIG_FILE: path.join(outdir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(outdir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    // The built-in CloudFormation schema validation only warns, and doubles the time; skipped here.
    CDK_VALIDATION: 'false',
  });
  const trial = Object.entries(TRIAL_CONTEXT).flatMap(([key, value]) => ['-c', `${key}=${String(value)}`]);
  const synth = await run('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir, ...trial], { cwd: PROJECT_ROOT, env, maxBuffer: 32 * 1024 * 1024 });
  summary = synth.stderr;
  template = JSON.parse(readFileSync(path.join(outdir, 'BhxhReportPipeline.template.json'), 'utf8')) as typeof template;
}, 240_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('npx cdk synth, offline, no credentials', () => {
  it('prints what it will deploy, and that it is a trial stack', () => {
    expect(summary).toContain('Deploying stack BhxhReportPipeline');
    expect(summary).toContain('TRIAL STACK: example values allowed');
    expect(summary).toMatch(/campaign +2023-12-late-payment \(shared\/config\/campaign-2023-12\.json\)/);
    expect(summary).toContain('report dates     11/12/2023 to 31/12/2023 (21), times in Asia/Ho_Chi_Minh');
    expect(summary).toContain('submission       nop-bao-cao@example.gov.vn');
  });

  it('writes the stack template', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::Lambda::Function').length).toBeGreaterThanOrEqual(3);
    expect(types).toContain('AWS::Scheduler::Schedule');
  });

  it('bundles each handler as minified ESM with a source map and the campaign file', () => {
    const campaign = readFileSync(path.join(PROJECT_ROOT, 'shared/config/campaign-2023-12.json'), 'utf8');
    const handlers = Object.values(template.Resources).filter((r) =>
      r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Environment ?? {}).includes('BHXH_CAMPAIGN_FILE'));
    expect(handlers).toHaveLength(5); // parser, reminder, aggregator, portal, mail-intake
    for (const fn of handlers) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const assetDir = path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(readdirSync(assetDir).sort()).toEqual(['campaign-2023-12.json', 'index.mjs', 'index.mjs.map']);
      expect(readFileSync(path.join(assetDir, 'campaign-2023-12.json'), 'utf8')).toBe(campaign);
      const code = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
      expect(code.startsWith('import { createRequire as __bhxhCreateRequire }')).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*as handler/);
      // Minified: few, long lines.
      expect(code.split('\n').length).toBeLessThan(code.length / 200);
    }
  });

  it('each bundle loads as an ES module (CommonJS dependencies resolved) and exports handler', async () => {
    const handlers = Object.values(template.Resources).filter((r) =>
      r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Environment ?? {}).includes('BHXH_CAMPAIGN_FILE'));
    for (const fn of handlers) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const entry = path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
      const module = (await import(pathToFileURL(entry).href)) as { handler?: unknown };
      expect(typeof module.handler, entry).toBe('function');
    }
  });
});
