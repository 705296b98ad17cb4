// The received-mail log on the shared table:
//   pk "<campaign id>#MAIL#<local date>"  sk "<receivedAt>#<SES message id>"   one item per received mail
// A mail is judged under the active campaign, so its log lives in that campaign's scope.
// The digest reads a date's mail with one Query.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InboundMailRecord, MailLog } from '../ports/index.ts';
import { campaignScope } from './dynamo-table.ts';

export const mailLogPartition = (campaignId: string, date: string): string => `${campaignScope(campaignId)}MAIL#${date}`;
export const mailLogKey = (campaignId: string, date: string, receivedAt: string, sesMessageId: string) => ({
  pk: mailLogPartition(campaignId, date), sk: `${receivedAt}#${sesMessageId}`,
});

const FIELDS = ['key', 'sesMessageId', 'receivedAt', 'date', 'from', 'subject', 'messageId', 'status', 'reason', 'detail', 'province', 'uploads', 'replied', 'unanswered'] as const;

function toRecord(item: Record<string, unknown>): InboundMailRecord {
  const r = Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined && item[f] !== null).map((f) => [f, item[f]])) as unknown as InboundMailRecord;
  return { ...r, uploads: Array.isArray(item.uploads) ? item.uploads.map(String) : [], replied: item.replied === true };
}

export class DynamoMailLog implements MailLog {
  constructor(private readonly doc: DynamoDBDocumentClient, private readonly tableName: string, private readonly campaignId: string) {}

  async get(date: string, receivedAt: string, sesMessageId: string): Promise<InboundMailRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: mailLogKey(this.campaignId, date, receivedAt, sesMessageId), ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  }

  async record(mail: InboundMailRecord): Promise<void> {
    const item: Record<string, unknown> = { ...mailLogKey(this.campaignId, mail.date, mail.receivedAt, mail.sesMessageId), type: 'mail' };
    for (const f of FIELDS) if (mail[f] !== undefined) item[f] = mail[f];
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async listForDate(date: string): Promise<InboundMailRecord[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': mailLogPartition(this.campaignId, date) },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map(toRecord);
  }
}
