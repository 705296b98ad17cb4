// A real DynamoDB API (dynalite, in process, on a free port) holding one table of the stack's
// definition, for adapter tests that need conditions and paging as DynamoDB does them.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamo-table.ts';

export interface DynaliteTable {
  doc: DynamoDBDocumentClient;
  stop: () => Promise<void>;
}

export async function startDynaliteTable(tableName: string): Promise<DynaliteTable> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new CreateTableCommand({ TableName: tableName, ...structuredClone(TABLE_DEFINITION) } as never));
  const doc = DynamoDBDocumentClient.from(client);
  return {
    doc,
    stop: async () => {
      doc.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
