// Snapshot slot state in the one table: pk <campaign id>#SNAPSHOT#<date|latest>, sk STATE. Conditional writes make
// a stale aggregator run unable to commit over a newer one (see shared/domain/snapshot/publish.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SnapshotSlotState, SnapshotStateStore } from '../ports/index.ts';
import { campaignScope } from './dynamo-table.ts';

export const snapshotStateKey = (campaignId: string, slot: string) => ({ pk: `${campaignScope(campaignId)}SNAPSHOT#${slot}`, sk: 'STATE' });

export class DynamoSnapshotState implements SnapshotStateStore {
  constructor(private readonly client: DynamoDBDocumentClient, private readonly tableName: string, private readonly campaignId: string) {}

  async get(slot: string): Promise<SnapshotSlotState | undefined> {
    const { Item } = await this.client.send(new GetCommand({
      TableName: this.tableName, Key: snapshotStateKey(this.campaignId, slot), ConsistentRead: true,
    }));
    if (!Item) return undefined;
    return {
      slot,
      version: String(Item.version),
      token: String(Item.token),
      written: Item.written === true,
      date: String(Item.date),
      final: Item.final === true,
      generatedAt: String(Item.generatedAt),
    };
  }

  async claim(state: Omit<SnapshotSlotState, 'written'>): Promise<boolean> {
    return conditional(this.client.send(new PutCommand({
      TableName: this.tableName,
      Item: { ...snapshotStateKey(this.campaignId, state.slot), type: 'snapshot-state', ...state, written: false, dirty: false },
      // Versions are fixed-width strings: string order is version order. An equal version may be
      // re-claimed (a run repairing files it may have overwritten, or redoing a crashed run's work).
      ConditionExpression: 'attribute_not_exists(pk) OR version <= :version',
      ExpressionAttributeValues: { ':version': state.version },
    })));
  }

  async commit(slot: string, token: string): Promise<boolean> {
    return conditional(this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: snapshotStateKey(this.campaignId, slot),
      UpdateExpression: 'SET written = :true',
      ConditionExpression: '#token = :token AND dirty = :false',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':true': true, ':false': false, ':token': token },
    })));
  }

  async markDirty(slot: string, token: string): Promise<boolean> {
    return conditional(this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: snapshotStateKey(this.campaignId, slot),
      UpdateExpression: 'SET dirty = :true',
      ConditionExpression: '#token = :token AND written = :false',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':true': true, ':false': false, ':token': token },
    })));
  }
}

async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    // By class, or by name (a second copy of the SDK in a bundle, or a test double).
    if (error instanceof ConditionalCheckFailedException || (error as Error | undefined)?.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
