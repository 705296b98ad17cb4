// The portal's tokens, sessions and rate counters on the shared table, keyed by the campaign and the
// SHA-256 of the secret (the secret itself is never stored):
//   token    pk PORTAL#<campaign>#TOKEN#<hash>    sk TOKEN     single use: usedAt set once, conditionally
//   session  pk PORTAL#<campaign>#SESSION#<hash>  sk SESSION
//   counter  pk PORTAL#<campaign>#RATE#<counter>  sk <window start>   hits added atomically
//   revoked  pk PORTAL#<campaign>#REVOKED#<hash of the address>  sk REVOKED   sessions and links made before revokedAt are void
// Every item carries `ttl` (epoch seconds) so DynamoDB's TTL removes it after it has expired.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { portalLinkIssuer } from '../domain/portal/auth.ts';
import { clip, FIELD_LIMITS } from '../domain/shown-text.ts';
import type { PortalLinks, PortalStore, Principal, SessionRecord, TokenRecord, TokenRedemption } from '../ports/portal.ts';

/** The table attribute DynamoDB's time-to-live reads (the CDK table names the same). */
export const TTL_ATTRIBUTE = 'ttl';

const epochSeconds = (iso: string | Date): number => Math.ceil(new Date(iso).getTime() / 1000);

function principalItem(principal: Principal): Record<string, string> {
  // The address of an unknown sign-in request is whatever was typed: bounded before it is stored.
  const address = clip(principal.address, FIELD_LIMITS.address);
  return principal.role === 'province'
    ? { role: 'province', address, province: clip(principal.province, 8) }
    : { role: 'national', address };
}

function principalOf(item: Record<string, unknown>): Principal | undefined {
  const address = typeof item.address === 'string' ? item.address : '';
  if (!address) return undefined;
  if (item.role === 'national') return { role: 'national', address };
  if (item.role === 'province' && typeof item.province === 'string') return { role: 'province', address, province: item.province };
  return undefined;
}

function tokenOf(hash: string, item: Record<string, unknown>): TokenRecord | undefined {
  const principal = principalOf(item);
  if (!principal) return undefined;
  return { hash, principal, purpose: item.purpose === 'mail' ? 'mail' : 'sign-in', issuedAt: String(item.issuedAt), expiresAt: String(item.expiresAt) };
}

export class DynamoPortalStore implements PortalStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly campaignId: string,
  ) {}

  private key(kind: 'TOKEN' | 'SESSION' | 'REVOKED', hash: string): { pk: string; sk: string } {
    return { pk: `PORTAL#${this.campaignId}#${kind}#${hash}`, sk: kind };
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.client.send(new PutCommand({
      TableName: this.tableName,
      Item: {
        ...this.key('TOKEN', token.hash), type: 'portal-token', ...principalItem(token.principal),
        purpose: token.purpose, issuedAt: token.issuedAt, expiresAt: token.expiresAt, [TTL_ATTRIBUTE]: epochSeconds(token.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  }

  async getToken(hash: string): Promise<(TokenRecord & { usedAt?: string }) | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key('TOKEN', hash), ConsistentRead: true }));
    const token = Item && tokenOf(hash, Item);
    if (!Item || !token) return undefined;
    return typeof Item.usedAt === 'string' ? { ...token, usedAt: Item.usedAt } : token;
  }

  async redeemToken(hash: string, now: Date): Promise<TokenRedemption> {
    try {
      const { Attributes } = await this.client.send(new UpdateCommand({
        TableName: this.tableName,
        Key: this.key('TOKEN', hash),
        UpdateExpression: 'SET usedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }));
      const token = Attributes && tokenOf(hash, Attributes);
      return token ? { status: 'ok', token } : { status: 'unknown' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = await this.getToken(hash);
      if (!held) return { status: 'unknown' };
      return { status: held.usedAt ? 'used' : 'expired' };
    }
  }

  async putSession(session: SessionRecord): Promise<void> {
    await this.client.send(new PutCommand({
      TableName: this.tableName,
      Item: {
        ...this.key('SESSION', session.hash), type: 'portal-session', ...principalItem(session.principal),
        createdAt: session.createdAt, expiresAt: session.expiresAt, [TTL_ATTRIBUTE]: epochSeconds(session.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  }

  async getSession(hash: string, now: Date): Promise<SessionRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key('SESSION', hash), ConsistentRead: true }));
    const principal = Item && principalOf(Item);
    // TTL deletion lags by up to days: an expired item is treated as gone.
    if (!Item || !principal || String(Item.expiresAt) <= now.toISOString()) return undefined;
    return { hash, principal, createdAt: String(Item.createdAt), expiresAt: String(Item.expiresAt) };
  }

  async deleteSession(hash: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key('SESSION', hash) }));
  }

  async revokeAddress(addressHash: string, at: Date, until: Date): Promise<void> {
    // Only ever moves forward: a late, older revocation does not shorten a newer one.
    await this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: this.key('REVOKED', addressHash),
      UpdateExpression: 'SET revokedAt = :at, #type = :type, #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(revokedAt) OR revokedAt < :at',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':at': at.toISOString(), ':type': 'portal-revocation', ':ttl': epochSeconds(until) },
    })).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  async revokedAt(addressHash: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key('REVOKED', addressHash), ConsistentRead: true }));
    return typeof Item?.revokedAt === 'string' ? Item.revokedAt : undefined;
  }

  async countRequest(counter: string, windowStart: Date, windowEnd: Date): Promise<number> {
    const { Attributes } = await this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: { pk: `PORTAL#${this.campaignId}#RATE#${counter}`, sk: windowStart.toISOString() },
      UpdateExpression: 'ADD hits :one SET #type = :type, #ttl = :ttl',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':type': 'portal-rate', ':ttl': epochSeconds(windowEnd) },
      ReturnValues: 'UPDATED_NEW',
    }));
    return Number(Attributes?.hits ?? 1);
  }
}

/** The mails' portal buttons when the portal's URL is configured (BHXH_PORTAL_URL), minted at sending time. */
export function portalLinksFromEnv(client: DynamoDBDocumentClient, tableName: string, campaignId: string, env: NodeJS.ProcessEnv = process.env): PortalLinks | undefined {
  const url = env.BHXH_PORTAL_URL;
  return url ? portalLinkIssuer(new DynamoPortalStore(client, tableName, campaignId), url, () => new Date()) : undefined;
}
