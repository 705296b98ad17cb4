// The reminder-sent items on the shared table: exactly-once reminder and digest mails.
//
// Item: pk "<campaign id>#REMINDER#<runDate>", sk "<kind>#<province code | DIGEST>#<channel>", with
//   status "claimed": attemptId, leaseUntil (ISO, UTC)  - an attempt is sending it now
//   status "sent":    to, dates, messageId, sentAt       - it went out; never send again
// The protocol is claim -> send -> mark sent (see shared/domain/reminder/run.ts for the crash
// windows). A claim is a conditional put that succeeds when there is no item, or when the item is an
// expired claim (a crashed attempt) or this attempt's own claim; a "sent" item always wins. Only
// single-item conditional writes and a consistent read are used (no transactions, no TTL), which
// DynamoDB and dynalite both support. Lease expiry is operational bookkeeping between attempts, so it
// uses the wall clock (injectable), unlike the domain, which takes every instant from the event.
// Items written before the channel joined the key ("<kind>#<target>") are mail items: a mail claim
// reads that key too, so a run retried across the deploy never mails twice. Such items only exist for
// the run date of the deploy; the read can go once every live run date postdates it.
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient, type GetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { ReminderClaim, ReminderKey, ReminderLog } from '../ports/index.ts';
import { campaignScope } from './dynamo-table.ts';

export interface DynamoReminderLogOptions {
  tableName: string;
  campaignId: string;
  /** How long a claim protects an unfinished send. Longer than one send with the mailer's retries. Default 2 min. */
  leaseMs?: number;
  clock?: () => Date;
}

export const DEFAULT_LEASE_MS = 2 * 60 * 1000;

export function reminderItemKey(campaignId: string, key: ReminderKey): { pk: string; sk: string } {
  return { pk: `${campaignScope(campaignId)}REMINDER#${key.runDate}`, sk: `${key.kind}#${key.target}#${key.channel}` };
}

/** The key of a mail item written before the channel was part of the key. */
export function legacyMailItemKey(campaignId: string, key: ReminderKey): { pk: string; sk: string } | undefined {
  return key.channel === 'mail' ? { pk: `${campaignScope(campaignId)}REMINDER#${key.runDate}`, sk: `${key.kind}#${key.target}` } : undefined;
}

/** The attributes every reminder item carries besides its state. */
function reminderItem(campaignId: string, key: ReminderKey) {
  return { ...reminderItemKey(campaignId, key), type: 'reminder', runDate: key.runDate, kind: key.kind, target: key.target, channel: key.channel };
}

/** What a stored item says to a claimer: sent (never again), or held by another attempt. */
function itemClaim(item: NonNullable<GetCommandOutput['Item']>): ReminderClaim {
  if (item.status === 'sent') {
    return {
      status: 'sent',
      sentAt: String(item.sentAt ?? ''),
      to: Array.isArray(item.to) ? item.to.map(String) : [],
      dates: Array.isArray(item.dates) ? item.dates.map(String) : [],
    };
  }
  return { status: 'busy', leaseUntil: String(item.leaseUntil ?? '') };
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

export class DynamoReminderLog implements ReminderLog {
  private readonly tableName: string;
  private readonly campaignId: string;
  private readonly leaseMs: number;
  private readonly clock: () => Date;

  constructor(private readonly doc: DynamoDBDocumentClient, options: DynamoReminderLogOptions) {
    this.tableName = options.tableName;
    this.campaignId = options.campaignId;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.clock = options.clock ?? (() => new Date());
  }

  async claim(key: ReminderKey, attemptId: string): Promise<ReminderClaim> {
    const legacy = await this.legacyClaim(key, attemptId);
    if (legacy) return legacy;
    // Two rounds at most: a claim released between our put and our read lets us try once more.
    for (let round = 0; round < 2; round++) {
      const now = this.clock();
      try {
        await this.doc.send(new PutCommand({
          TableName: this.tableName,
          Item: {
            ...reminderItem(this.campaignId, key),
            status: 'claimed',
            attemptId,
            claimedAt: now.toISOString(),
            leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND (#leaseUntil < :now OR #attemptId = :attemptId))',
          ExpressionAttributeNames: { '#status': 'status', '#leaseUntil': 'leaseUntil', '#attemptId': 'attemptId' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.toISOString(), ':attemptId': attemptId },
        }));
        return { status: 'claimed' };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const { Item: item } = await this.doc.send(new GetCommand({
        TableName: this.tableName,
        Key: reminderItemKey(this.campaignId, key),
        ConsistentRead: true,
      }));
      if (!item) continue;
      return itemClaim(item);
    }
    return { status: 'busy', leaseUntil: '' };
  }

  /** A pre-channel mail item that still decides: sent, or a live claim of another attempt. */
  private async legacyClaim(key: ReminderKey, attemptId: string): Promise<ReminderClaim | undefined> {
    const legacyKey = legacyMailItemKey(this.campaignId, key);
    if (!legacyKey) return undefined;
    const { Item: item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: legacyKey, ConsistentRead: true }));
    if (!item) return undefined;
    if (item.status === 'sent') return itemClaim(item);
    const live = item.status === 'claimed' && String(item.leaseUntil ?? '') >= this.clock().toISOString() && item.attemptId !== attemptId;
    return live ? itemClaim(item) : undefined;
  }

  async markSent(key: ReminderKey, attemptId: string, detail: { to: string[]; dates: string[]; messageId: string }): Promise<void> {
    // Unconditional: the mail is out, whoever holds the claim now must see "sent".
    await this.doc.send(new PutCommand({
      TableName: this.tableName,
      Item: {
        ...reminderItem(this.campaignId, key),
        status: 'sent',
        attemptId,
        to: detail.to,
        dates: detail.dates,
        messageId: detail.messageId,
        sentAt: this.clock().toISOString(),
      },
    }));
  }

  async release(key: ReminderKey, attemptId: string): Promise<void> {
    try {
      await this.doc.send(new DeleteCommand({
        TableName: this.tableName,
        Key: reminderItemKey(this.campaignId, key),
        ConditionExpression: '#status = :claimed AND #attemptId = :attemptId',
        ExpressionAttributeNames: { '#status': 'status', '#attemptId': 'attemptId' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':attemptId': attemptId },
      }));
    } catch (err) {
      // Not ours any more (taken over, or sent): nothing to release.
      if (!isConditionFailure(err)) throw err;
    }
  }
}
