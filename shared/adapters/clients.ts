// AWS SDK clients, made once per environment (on Lambda: once per container, from process.env).
// Endpoints follow the SDK's standard variables (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB,
// AWS_ENDPOINT_URL_SES, …). An environment other than process.env (the local stack passes its own
// to the handlers, the tests theirs) is read here and given to the clients explicitly, so the very
// same code reaches the emulators without rewriting process.env.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

type Env = NodeJS.ProcessEnv;

interface Clients {
  documentClient?: DynamoDBDocumentClient;
  s3?: S3Client;
  s3ByRegion?: Map<string, S3Client>;
  ses?: SESClient;
  eventBridge?: EventBridgeClient;
}

const byEnv = new WeakMap<Env, Clients>();

function clientsOf(env: Env): Clients {
  let clients = byEnv.get(env);
  if (!clients) byEnv.set(env, clients = {});
  return clients;
}

/** What the SDK would read from the environment itself, taken from `env` when it is not process.env. */
function baseConfig(env: Env, endpointVariable: string): { endpoint?: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } } {
  if (env === process.env) return {};
  const endpoint = env[endpointVariable] || env.AWS_ENDPOINT_URL;
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? {
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
    } : {}),
  };
}

export function dynamoDocumentClient(env: Env = process.env): DynamoDBDocumentClient {
  const clients = clientsOf(env);
  clients.documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient(baseConfig(env, 'AWS_ENDPOINT_URL_DYNAMODB')), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return clients.documentClient;
}

/** The S3 client of the environment's region, or of `region` (a bucket in another region, e.g. received mail). */
export function s3Client(env: Env = process.env, region?: string): S3Client {
  const clients = clientsOf(env);
  if (region) {
    clients.s3ByRegion ??= new Map();
    let client = clients.s3ByRegion.get(region);
    if (!client) clients.s3ByRegion.set(region, client = newS3Client(env, region));
    return client;
  }
  clients.s3 ??= newS3Client(env);
  return clients.s3;
}

function newS3Client(env: Env, region?: string): S3Client {
  return new S3Client({
    ...baseConfig(env, 'AWS_ENDPOINT_URL_S3'),
    ...(region ? { region } : {}),
    // An emulator (s3rver) is addressed by path, not by bucket sub-domain.
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL),
    // s3rver stores streamed uploads corrupted when the SDK adds its default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function sesClient(env: Env = process.env): SESClient {
  const clients = clientsOf(env);
  clients.ses ??= new SESClient(baseConfig(env, 'AWS_ENDPOINT_URL_SES'));
  return clients.ses;
}

export function eventBridgeClient(env: Env = process.env): EventBridgeClient {
  const clients = clientsOf(env);
  clients.eventBridge ??= new EventBridgeClient(baseConfig(env, 'AWS_ENDPOINT_URL_EVENTBRIDGE'));
  return clients.eventBridge;
}

/** Reads a required setting from the environment, failing loudly at start-up when it is missing. */
export function requiredEnv(name: string, env: Env = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}
