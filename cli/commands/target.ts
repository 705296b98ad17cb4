// Which stack a command talks to. The SDK's standard endpoint variables decide (AWS_ENDPOINT_URL_S3,
// AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SES, or AWS_ENDPOINT_URL): `npm start` prints them.
// With none set and no deployed stack asked for (--aws, or BHXH_TARGET=aws), the CLI talks to the
// local stack's defaults (127.0.0.1:4569/4567/8005, access key S3RVER). Against AWS, the usual
// credential chain and region apply, and --bucket/--table (or BHXH_BUCKET_NAME/BHXH_TABLE_NAME) name
// the deployed stack's bucket and table; or --stack NAME (BHXH_STACK) reads them from that
// CloudFormation stack's outputs (BucketName, TableName), and implies --aws.
import { type Command, Option } from 'commander';
import { LOCAL_DEFAULTS, localStackEnv } from '../../shared/local-stack/defaults.ts';
import { terminal } from '../../shared/domain/shown-text.ts';

export interface TargetOptions {
  bucket?: string;
  table?: string;
  dataDir?: string;
  aws?: boolean;
  stack?: string;
  json?: boolean;
}

export interface Target {
  bucket: string;
  table: string;
  /** The local stack's data directory (its dead-letter list); undefined against AWS. */
  dataDir: string | undefined;
  /** Where the commands send S3 requests, for messages. */
  s3Endpoint: string;
  local: boolean;
}

const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SES'];

/** The options every stack-facing command takes. */
export function withTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('--bucket <name>', 'the report bucket').env('BHXH_BUCKET_NAME').default(LOCAL_DEFAULTS.bucket))
    .addOption(new Option('--table <name>', 'the DynamoDB table').env('BHXH_TABLE_NAME').default(LOCAL_DEFAULTS.table))
    .addOption(new Option('--data-dir <dir>', 'the local stack\'s data directory (its dead-letter list)').env('BHXH_DATA_DIR'))
    .option('--aws', 'talk to the deployed stack on AWS (credentials and region from the usual AWS configuration)')
    .addOption(new Option('--stack <name>', 'a deployed stack: read its bucket and table from its outputs (implies --aws)').env('BHXH_STACK'))
    .option('--json', 'print one JSON object (machine-readable)');
}

/**
 * Resolves the target and sets the environment the SDK clients read (call it before any client is
 * made: shared/adapters/clients.ts makes each one once per process).
 */
export async function useTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const aws = Boolean(options.aws) || Boolean(options.stack) || env.BHXH_TARGET === 'aws';
  const endpointsSet = ENDPOINT_VARIABLES.some((name) => env[name]);
  if (!aws && !endpointsSet) {
    const host = LOCAL_DEFAULTS.host;
    Object.assign(env, localStackEnv({
      s3: `http://${host}:${LOCAL_DEFAULTS.s3Port}`,
      dynamodb: `http://${host}:${LOCAL_DEFAULTS.dynamodbPort}`,
      ses: `http://${host}:${LOCAL_DEFAULTS.sesPort}`,
    }));
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
  }
  if (aws) {
    for (const name of ENDPOINT_VARIABLES) delete env[name];
  } else {
    env.AWS_REGION ||= LOCAL_DEFAULTS.region;
  }
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';
  const outputs = options.stack ? await stackOutputs(options.stack) : {};
  const bucket = outputs.BucketName || options.bucket || LOCAL_DEFAULTS.bucket;
  const table = outputs.TableName || options.table || LOCAL_DEFAULTS.table;
  env.BHXH_BUCKET_NAME = bucket;
  env.BHXH_TABLE_NAME = table;
  // Mail links: the stack's outputs, else what is set (the banner's exports), else the local defaults.
  if (outputs.PortalUrl) env.BHXH_PORTAL_URL = outputs.PortalUrl;
  if (outputs.SubmissionAddress) env.BHXH_SUBMISSION_ADDRESS = outputs.SubmissionAddress;
  if (!aws) {
    env.BHXH_PORTAL_URL ||= `http://${LOCAL_DEFAULTS.host}:${LOCAL_DEFAULTS.portalPort}`;
    env.BHXH_SUBMISSION_ADDRESS ||= LOCAL_DEFAULTS.submissionAddress;
  }
  return {
    bucket,
    table,
    dataDir: aws ? undefined : (options.dataDir || LOCAL_DEFAULTS.dataDir),
    s3Endpoint: aws ? 'AWS' : (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || ''),
    local: !aws,
  };
}

/** A deployed stack's outputs by key (the national office's role may DescribeStacks on it). */
async function stackOutputs(stackName: string): Promise<Record<string, string>> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const { Stacks } = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  if (!outputs.BucketName || !outputs.TableName) throw new UsageError(`stack ${stackName} has no BucketName/TableName outputs`);
  return outputs;
}

/** Exit codes of the stack-facing commands (parse keeps its own contract). */
export const EXIT = { ok: 0, failed: 1, usage: 2, error: 3 } as const;

/** Runs a command body; an unreachable stack or an AWS error becomes one readable line and exit code 3. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { $metadata?: unknown; cause?: unknown };
    const text = String(e?.message ?? error);
    const refused = /ECONNREFUSED/.test(text) || /ECONNREFUSED/.test(String((e?.cause as Error | undefined)?.message ?? '')) || e?.code === 'ECONNREFUSED';
    if (refused) {
      process.stderr.write(terminal`error: cannot reach the stack (${text}): is \`npm start\` running, on these ports?\n`);
    } else if (e?.name === 'UsageError' || e?.name === 'CampaignFileError') {
      // Our own messages, some of several lines (a campaign file's problems): each line escaped.
      process.stderr.write(`error: ${text.split('\n').map((line) => terminal`${line}`).join('\n')}\n`);
      process.exitCode = EXIT.usage;
      return;
    } else {
      process.stderr.write(terminal`error: ${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${text}\n`);
    }
    process.exitCode = EXIT.error;
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Reads a file named on the command line; a missing or unreadable one is a usage error. */
export async function readInputFile(file: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** A province code as typed ("1" is "01", Excel drops the zero), checked against the campaign. */
export async function provinceCodeOption(value: string): Promise<string> {
  const { currentCampaign } = await import('../../shared/config/campaign.ts');
  const code = /^\d{1,2}$/.test(value) ? value.padStart(2, '0') : value;
  if (!currentCampaign().province(code)) throw new UsageError(`${value} is not a province code of the campaign`);
  return code;
}

/** A YYYY-MM-DD option value, or a usage error. */
export function isoDateOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`not a date (YYYY-MM-DD): ${value}`);
  }
  return value;
}
