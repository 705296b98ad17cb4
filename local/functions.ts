// The functions as Lambda runs them: the very handler modules deployed to AWS, each made with the
// environment the CDK stack gives it (plus the emulators' endpoints), passed in, never written to
// process.env. A queue or a schedule invokes them with the event and a Lambda context.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

export type LocalFunctionName = 'parser' | 'aggregator' | 'reminder' | 'mailIntake';

export interface LocalHandlers {
  parser: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  aggregator: (event: unknown, context: Context) => Promise<unknown>;
  reminder: (event: unknown, context: Context) => Promise<unknown>;
  mailIntake: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
}

/** The handlers, made once for `env` (loaded on first use: the SDK and the domain load lazily). */
export function localHandlers(env: NodeJS.ProcessEnv): () => Promise<LocalHandlers> {
  let loaded: Promise<LocalHandlers> | undefined;
  return () => loaded ??= Promise.all([
    import('../lambdas/parser/handler.ts'),
    import('../lambdas/aggregator/handler.ts'),
    import('../lambdas/reminder/handler.ts'),
    import('../lambdas/mail-intake/handler.ts'),
  ]).then(([parser, aggregator, reminder, mailIntake]) => ({
    parser: parser.makeHandler(env),
    aggregator: aggregator.makeHandler({ env }),
    reminder: reminder.makeHandler({ env }),
    mailIntake: mailIntake.makeHandler(env),
  }));
}

/** Invokes a function with an SQS batch; resolves with the error of each record that failed. */
export async function invokeWithBatch(
  handler: (event: SQSEvent, context: Context) => Promise<unknown>, fn: LocalFunctionName, event: SQSEvent,
): Promise<Map<string, string>> {
  const response = await handler(event, lambdaContext(fn)) as Partial<SQSBatchResponse> | undefined;
  const failed = new Map<string, string>();
  for (const { itemIdentifier } of response?.batchItemFailures ?? []) {
    failed.set(itemIdentifier, `${fn} reported the message as failed (its log: npm start -- --verbose)`);
  }
  return failed;
}

/** Invokes a function with one event, as an asynchronous invoke does (a throw is a failed attempt). */
export async function invokeAsync(handler: (event: unknown, context: Context) => Promise<unknown>, fn: LocalFunctionName, body: string): Promise<Map<string, string>> {
  await handler(JSON.parse(body), lambdaContext(fn));
  return new Map();
}
