// What the local stack creates on start when missing: the table (TABLE_DEFINITION, as the CDK
// stack's) and, when the table holds no contacts, the example addresses.
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONTACTS_PK, saveContacts } from '../shared/adapters/contacts.ts';
import { TABLE_DEFINITION } from '../shared/adapters/dynamo-table.ts';
import { exampleContacts } from '../shared/config/example-contacts.ts';
import type { Campaign } from '../shared/domain/campaign.ts';

export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(structuredClone({ TableName: table, ...TABLE_DEFINITION }) as never));
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Table ${table} did not become ACTIVE`);
}

export async function seedExampleContacts(doc: DynamoDBDocumentClient, table: string, campaign: Campaign): Promise<void> {
  const existing = await doc.send(new QueryCommand({
    TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': CONTACTS_PK }, Limit: 1,
  }));
  if (!existing.Items?.length) await saveContacts(doc, table, exampleContacts(campaign));
}
