// Where the local stack listens by default: shared by `npm start` and the CLI (which talks to these
// when no endpoint variable is set), in a module of its own so the CLI does not load the emulators.
export const LOCAL_DEFAULTS = {
  host: '127.0.0.1',
  s3Port: 4569,
  dynamodbPort: 4567,
  sesPort: 8005,
  portalPort: 8080,
  /** SMTP of the local submission address (SES email receiving stands in for it on AWS). */
  smtpPort: 2525,
  submissionAddress: 'nop-bao-cao@example.gov.vn',
  bucket: 'bhxh-reports',
  table: 'bhxh-reports',
  dataDir: '.local',
  region: 'us-east-1',
  /** The credentials s3rver checks (dynalite and the SES emulator accept any). */
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
} as const;

/** The environment that points the SDK (and so the handlers and the CLI) at a local stack. */
export function localStackEnv(endpoints: { s3: string; dynamodb: string; ses: string }, region: string = LOCAL_DEFAULTS.region): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ACCESS_KEY_ID: LOCAL_DEFAULTS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_DEFAULTS.secretAccessKey,
    AWS_REGION: region,
  };
}
