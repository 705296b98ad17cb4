// Per-date national totals in the one table: pk <campaign id>#TOTALS, sk <date> (one partition per campaign, a
// small item per date with each province's values), so a
// snapshot's trend reads every earlier date with one Query. Column totals are kept as decimal strings
// (exact beyond 2^53). A conditional Put on the version keeps an older computation from overwriting a
// newer one (see shared/domain/snapshot/publish.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { COLUMN_COUNT } from '../domain/report.ts';
import type { DateTotals, DateTotalsStore } from '../ports/index.ts';
import { campaignScope } from './dynamo-table.ts';

export const dateTotalsPartition = (campaignId: string): string => `${campaignScope(campaignId)}TOTALS`;

export class DynamoDateTotals implements DateTotalsStore {
  private readonly pk: string;

  constructor(private readonly client: DynamoDBDocumentClient, private readonly tableName: string, campaignId: string) {
    this.pk = dateTotalsPartition(campaignId);
  }

  async listBefore(date: string): Promise<DateTotals[]> {
    const totals: DateTotals[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :date',
        ExpressionAttributeValues: { ':pk': this.pk, ':date': date },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }));
      for (const item of page.Items ?? []) {
        const parsed = toTotals(item);
        // An unreadable item is left out: the trend then Queries that date's reports instead.
        if (parsed) totals.push(parsed);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return totals;
  }

  async put(totals: DateTotals): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: this.pk, sk: totals.date,
          type: 'date-totals',
          date: totals.date,
          reported: totals.reported,
          total: totals.total.map((v) => v.toString()),
          byProvince: totals.byProvince,
          ...(totals.late ? { late: [...totals.late] } : {}),
          version: totals.version,
        },
        // An equal version is the same reports (a retry, an overlapping run): rewriting it is harmless.
        ConditionExpression: 'attribute_not_exists(pk) OR version <= :version',
        ExpressionAttributeValues: { ':version': totals.version },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error | undefined)?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

function toTotals(item: Record<string, unknown>): DateTotals | undefined {
  const total = item.total;
  if (typeof item.sk !== 'string' || typeof item.version !== 'string' || !Array.isArray(total) || total.length !== COLUMN_COUNT) return undefined;
  if (!total.every((v) => typeof v === 'string' && /^-?\d+$/.test(v))) return undefined;
  const reported = Number(item.reported);
  if (!Number.isSafeInteger(reported) || reported < 0) return undefined;
  // Items written before per-province values were kept have none: that date's reports are Queried instead.
  const byProvince = item.byProvince;
  if (typeof byProvince !== 'object' || byProvince === null) return undefined;
  const entries = Object.entries(byProvince).map(([code, v]) => [code, Array.isArray(v) ? v.map(Number) : []] as const);
  if (!entries.every(([, v]) => v.length === COLUMN_COUNT && v.every(Number.isSafeInteger))) return undefined;
  const late = Array.isArray(item.late) && item.late.every((c) => typeof c === 'string') ? { late: item.late } : {};
  return { date: item.sk, reported, total: total.map((v: string) => BigInt(v)), byProvince: Object.fromEntries(entries), ...late, version: item.version };
}
