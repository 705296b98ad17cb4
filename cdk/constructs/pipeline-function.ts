// One handler of the pipeline: a NodejsFunction bundled locally by esbuild (no Docker), its own
// log group with a retention, and its own role that starts empty (callers add what it uses).
import path from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_BANNER, BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, FUNCTION_NODE_OPTIONS } from '../bundling.ts';

/** The newest Node.js runtime this aws-cdk-lib offers (nodejs20.x is deprecated). */
export const PIPELINE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface PipelineFunctionProps {
  /** lambdas/<handlerName>/handler.ts, exporting `handler`. */
  handlerName: 'parser' | 'reminder' | 'aggregator' | 'portal' | 'mail-intake';
  description: string;
  projectRoot: string;
  /** Campaign JSON on the build machine, copied into the bundle as /var/task/<campaignFileName>. */
  campaignFile: string;
  campaignFileName: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize: number;
  logRetention: logs.RetentionDays;
}

export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { projectRoot } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });

    // Our own role instead of the default one, which carries the AWS-managed AWSLambdaBasicExecutionRole
    // (logs:CreateLogGroup etc. on every log group of the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handlerName}: only what the handler uses`,
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));

    const campaignSource = path.relative(projectRoot, props.campaignFile);
    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: path.join(projectRoot, 'lambdas', props.handlerName, 'handler.ts'),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: PIPELINE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        BHXH_CAMPAIGN_FILE: `/var/task/${props.campaignFileName}`,
        // The bundle ships source maps; this makes stack traces point at the TypeScript.
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The code is ESM (import attributes, top-level await are allowed).
        format: OutputFormat.ESM,
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: BUNDLE_BANNER,
        target: BUNDLE_TARGET,
        // Bundle the AWS SDK too: the version we test against, not whatever the runtime ships.
        externalModules: [],
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp ${shellQuote(path.posix.join(inputDir, toPosix(campaignSource)))} ${shellQuote(path.posix.join(outputDir, props.campaignFileName))}`,
          ],
        },
      },
    });
  }

  /** Adds a statement to this function's role (and only this one). */
  allow(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
