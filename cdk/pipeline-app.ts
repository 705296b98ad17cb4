// Builds the CDK app: the one stack, its configuration from context, and cdk-nag's AwsSolutions
// checks (an unsuppressed finding is an error annotation, which fails `cdk synth`/`cdk deploy`).
import { fileURLToPath } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEYS, DEFAULT_STACK_NAME, readPipelineConfig, type PipelineConfig } from './config.ts';
import { deploymentSummary } from './deploy-guard.ts';
import { ReportPipelineStack } from './stack.ts';

/** The repository root (cdk/..): lambdas/, package-lock.json, shared/config/. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface PipelineAppOptions {
  /** Context for a test; under the CDK CLI, context comes from cdk.json and `-c`. */
  context?: Record<string, unknown>;
  outdir?: string;
  /** Apply cdk-nag's AwsSolutions pack (default true). */
  nag?: boolean;
  /** Where the summary of what will be deployed goes (the CLI app: stderr); default: nowhere. */
  report?: (summary: string) => void;
  /** Today, YYYY-MM-DD (a campaign over before it is refused); default the build machine's date. */
  today?: string;
}

export interface PipelineApp {
  app: App;
  stack: ReportPipelineStack;
  config: PipelineConfig;
}

export function createPipelineApp(options: PipelineAppOptions = {}): PipelineApp {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = readPipelineConfig(app.node, PROJECT_ROOT, options.today ? { today: options.today } : {});
  const stackName = String(app.node.tryGetContext(CONTEXT_KEYS.stackName) ?? '') || DEFAULT_STACK_NAME;
  // Environment-agnostic unless a region (context, or the CLI's profile) or account is known:
  // synth needs neither credentials nor network.
  const region = String(app.node.tryGetContext(CONTEXT_KEYS.region) ?? '') || process.env.CDK_DEFAULT_REGION;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const stack = new ReportPipelineStack(app, stackName, {
    description: 'BHXH daily late-payment report pipeline: intake, checks, reminders, national snapshot',
    ...(region || account ? { env: { region, account } } : {}),
    config,
    projectRoot: PROJECT_ROOT,
  });
  options.report?.(deploymentSummary({
    stackName, region, campaignFile: config.campaignSetting, campaign: config.campaign, senderAddress: config.senderAddress,
    submissionAddress: config.submissionAddress, ...(config.portalUrl ? { portalUrl: config.portalUrl } : {}),
    alarmEmails: config.alarmEmails, sesSandbox: config.sesSandbox, allowExample: config.allowExample,
  }));
  Tags.of(stack).add('project', 'bhxh-late-payment-report');
  Tags.of(stack).add('campaign', config.campaign.id);
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config };
}
