// The AWS clients the intake handlers (parser, mail-intake) use, mocked with aws-sdk-client-mock, and
// the environment the stack gives them: one setup for the handler tests.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll } from 'vitest';

/** Sets the variables now (before a handler module loads: its logger reads the level once), restored after the file. */
export function useEnv(env: Record<string, string>): void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) { saved[k] = process.env[k]; process.env[k] = v; }
  afterAll(() => { for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } });
}

export type ContactItems = { Items: Array<Record<string, unknown>> };

/** The four clients; `reset()` (in a beforeEach) answers as an empty table with these contacts, and sends succeed. */
export function intakeMocks(contacts: ContactItems, provinceListId = 'vn-63-provinces') {
  const mocks = {
    dynamo: mockClient(DynamoDBDocumentClient),
    s3: mockClient(S3Client),
    ses: mockClient(SESClient),
    events: mockClient(EventBridgeClient),
  };
  const reset = (): void => {
    const { dynamo, s3, ses, events } = mocks;
    dynamo.reset(); s3.reset(); ses.reset(); events.reset();
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(QueryCommand, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CONTACTS#${provinceListId}` } }).resolves(contacts);
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'mail-1' });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    s3.on(PutObjectCommand).resolves({});
  };
  return { ...mocks, reset };
}
