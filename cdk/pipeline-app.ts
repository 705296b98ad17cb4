// Builds the CDK app: the pipeline stack (and, with bhxh:receivingRegion, the mail-receiving stack in
// that region, deployed first), its configuration from context, and cdk-nag's AwsSolutions checks
// (an unsuppressed finding is an error annotation, which fails `cdk synth`/`cdk deploy`).
import { fileURLToPath } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEYS, DEFAULT_STACK_NAME, readPipelineConfig, type PipelineConfig } from './config.ts';
import { deploymentSummary } from './deploy-guard.ts';
import { receivingNames } from './receiving-names.ts';
import { MailReceivingStack } from './receiving-stack.ts';
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
  /** The mail-receiving stack, when bhxh:receivingRegion names another region than the stack's. */
  receivingStack?: MailReceivingStack;
  config: PipelineConfig;
}

export function createPipelineApp(options: PipelineAppOptions = {}): PipelineApp {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stackName = String(app.node.tryGetContext(CONTEXT_KEYS.stackName) ?? '') || DEFAULT_STACK_NAME;
  // Environment-agnostic unless a region (context, or the CLI's profile) or account is known:
  // synth needs neither credentials nor network.
  const region = String(app.node.tryGetContext(CONTEXT_KEYS.region) ?? '') || process.env.CDK_DEFAULT_REGION;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const config = readPipelineConfig(app.node, PROJECT_ROOT, { ...(options.today ? { today: options.today } : {}), ...(region ? { region } : {}) });
  // The config reader refuses a receiving region without a main region.
  const receiving = config.receivingRegion && region ? receivingNames(stackName, region, config.receivingRegion) : undefined;
  const stack = new ReportPipelineStack(app, stackName, {
    description: 'BHXH daily late-payment report pipeline: intake, checks, reminders, national snapshot',
    ...(region || account ? { env: { region, account } } : {}),
    config,
    projectRoot: PROJECT_ROOT,
    ...(receiving ? { receiving } : {}),
  });
  const receivingStack = receiving ? new MailReceivingStack(app, receiving.stackName, {
    description: `BHXH report pipeline: SES email receiving for the submission address, for the stack ${stackName} in ${receiving.mainRegion}`,
    env: { region: receiving.region, account },
    names: receiving,
    submissionAddress: config.submissionAddress,
    retentionDays: config.uploadRetentionDays,
    alarmEmails: config.alarmEmails,
  }) : undefined;
  // The main stack's subscription needs the topic and its dead-letter queue to exist.
  if (receivingStack) stack.addStackDependency(receivingStack, 'the mail queue subscribes to the receiving region\'s topic');
  options.report?.(deploymentSummary({
    stackName, region, campaignFile: config.campaignSetting, campaign: config.campaign, senderAddress: config.senderAddress,
    submissionAddress: config.submissionAddress, ...(config.portalUrl ? { portalUrl: config.portalUrl } : {}),
    alarmEmails: config.alarmEmails, sesSandbox: config.sesSandbox, allowExample: config.allowExample,
    ...(receiving ? { receiving: { region: receiving.region, stackName: receiving.stackName } } : {}),
  }));
  for (const tagged of receivingStack ? [stack, receivingStack] : [stack]) {
    Tags.of(tagged).add('project', 'bhxh-late-payment-report');
    Tags.of(tagged).add('campaign', config.campaign.id);
  }
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, ...(receivingStack ? { receivingStack } : {}), config };
}
