// Synthesizes the pipeline app the way `cdk synth` does (cdk.json's context, plus overrides), once per
// call: call it at the top of a test file, not per test (a synth takes seconds).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createPipelineApp, PROJECT_ROOT, type PipelineApp } from '../../cdk/pipeline-app.ts';

export interface SynthOptions {
  /** Context on top of cdk.json's and the trial values (TRIAL_CONTEXT). */
  context?: Record<string, unknown>;
  /** Run esbuild for the three handlers (slow; the CLI synth test does it). Default false. */
  bundle?: boolean;
  /** An account and region, as the CLI provides from a profile; default environment-agnostic. */
  env?: { account: string; region: string };
}

export interface SynthResult extends PipelineApp {
  template: Template;
}

export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/** A declared trial stack with the example values spelled out: what these tests synthesize. */
export const TRIAL_CONTEXT: Record<string, unknown> = {
  'bhxh:allowExample': 'true',
  'bhxh:campaignFile': 'shared/config/campaign-2023-12.json',
  'bhxh:senderAddress': 'bao-cao@example.gov.vn',
  'bhxh:submissionAddress': 'nop-bao-cao@example.gov.vn',
};

export function synthPipeline(options: SynthOptions = {}): SynthResult {
  // The built-in CloudFormation schema validation adds ~10 s per synth; the CLI synth test keeps it
  // meaningful coverage-wise (and it only warns). cdk-nag is run explicitly where a test wants it.
  process.env.CDK_VALIDATION = 'false';
  if (options.env) {
    process.env.CDK_DEFAULT_ACCOUNT = options.env.account;
    process.env.CDK_DEFAULT_REGION = options.env.region;
  } else {
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
  }
  const context = {
    ...cdkJsonContext(),
    ...TRIAL_CONTEXT,
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    ...options.context,
  };
  const pipeline = createPipelineApp({ context, nag: false });
  return { ...pipeline, template: Template.fromStack(pipeline.stack) };
}

/** Every resource of a type, as [logicalId, resource]. */
export function resourcesOfType(template: Template, type: string): Array<[string, { Properties?: Record<string, unknown>; [key: string]: unknown }]> {
  return Object.entries(template.findResources(type));
}

export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

/** Every policy statement in the template, with the resource it belongs to. */
export function allStatements(template: Template): Array<{ owner: string; type: string; statement: PolicyStatementJson }> {
  const result: Array<{ owner: string; type: string; statement: PolicyStatementJson }> = [];
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    const documents: unknown[] = [];
    for (const key of ['PolicyDocument', 'KeyPolicy', 'AssumeRolePolicyDocument']) if (props[key]) documents.push(props[key]);
    for (const inline of (props.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? []) documents.push(inline.PolicyDocument);
    for (const document of documents) {
      for (const statement of ((document as { Statement?: PolicyStatementJson[] }).Statement ?? [])) {
        result.push({ owner: id, type: resource.Type, statement });
      }
    }
  }
  return result;
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  const actions = statement.Action ?? [];
  return Array.isArray(actions) ? actions : [actions];
}

/** Statements of the one IAM::Policy attached to a role whose logical id starts with the prefix. */
export function roleStatements(template: Template, rolePrefix: string): PolicyStatementJson[] {
  const policies = resourcesOfType(template, 'AWS::IAM::Policy').filter(([, policy]) =>
    ((policy.Properties?.Roles as Array<{ Ref: string }>) ?? []).some((role) => role.Ref.startsWith(rolePrefix)));
  return policies.flatMap(([, policy]) => (policy.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

/** Renders a CloudFormation value (Fn::Join, Ref, Fn::GetAtt) as text, e.g. "${ReportBucket.Arn}/incoming/*". */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    if ('Ref' in v) return `\${${String(v.Ref)}}`;
    if ('Fn::GetAtt' in v) return `\${${(v['Fn::GetAtt'] as string[]).join('.')}}`;
  }
  return value === undefined ? '' : JSON.stringify(value);
}

export function resourcesOf(statement: PolicyStatementJson): string[] {
  const resources = statement.Resource ?? [];
  return (Array.isArray(resources) ? resources : [resources]).map(render);
}
