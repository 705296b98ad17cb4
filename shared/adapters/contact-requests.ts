// Provinces' contact-change requests on the table, beside the lists they would change (the portal may
// update items of that partition only, cdk/constructs/portal.ts):
//   pk "CONTACTS#<list>", sk "REQ#<code>#<id>"  {type: 'contact-request', id, province, kind, person,
//                                                reason, at, by, status, decision?}
// Each change of status is one UpdateItem conditional on the status it was read in, so a request is
// decided once. Mail's and the pages' reads of the partition skip these items (their sk is not P#…).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactPerson } from '../domain/contacts/people.ts';
import type { ContactDecision, ContactRequest, ContactRequestStatus } from '../domain/contacts/requests.ts';
import type { ContactRequestStore } from '../ports/contacts.ts';
import { contactsPartition, queryContactItems } from './contacts.ts';

const REQUEST_ATTRIBUTES = ['id', 'province', 'kind', 'person', 'reason', 'at', 'by', 'status', 'decision'] as const;
// What the portal's randomUUID makes: anything else is not looked up.
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PROVINCE_CODE = /^\d{2}$/;

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoContactRequests implements ContactRequestStore {
  constructor(private readonly doc: DynamoDBDocumentClient, private readonly options: { tableName: string; provinceListId: string }) {}

  private key(province: string, id: string): { pk: string; sk: string } {
    return { pk: contactsPartition(this.options.provinceListId), sk: `REQ#${province}#${id}` };
  }

  async create(request: ContactRequest): Promise<void> {
    const fields: Record<string, unknown> = { type: 'contact-request', ...request };
    const names = Object.keys(fields);
    await this.doc.send(new UpdateCommand({
      TableName: this.options.tableName,
      Key: this.key(request.province, request.id),
      UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
      ConditionExpression: 'attribute_not_exists(sk)',
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
    }));
  }

  async list(province?: string): Promise<ContactRequest[]> {
    if (province !== undefined && !PROVINCE_CODE.test(province)) return [];
    const items = await queryContactItems(this.doc, { ...this.options, attributes: REQUEST_ATTRIBUTES, skPrefix: province ? `REQ#${province}#` : 'REQ#' });
    return items.flatMap((item) => requestOf(item) ?? []);
  }

  async get(province: string, id: string): Promise<ContactRequest | undefined> {
    if (!PROVINCE_CODE.test(province) || !REQUEST_ID.test(id)) return undefined;
    const out = await this.doc.send(new GetCommand({ TableName: this.options.tableName, Key: this.key(province, id), ConsistentRead: true }));
    return out.Item ? requestOf(out.Item) : undefined;
  }

  async settle(
    province: string, id: string, from: { status: ContactRequestStatus; decidedAt?: string }, to: { status: ContactRequestStatus; decision?: ContactDecision },
  ): Promise<'written' | 'conflict'> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.options.tableName,
        Key: this.key(province, id),
        UpdateExpression: to.decision ? 'SET #status = :to, #decision = :decision' : 'SET #status = :to REMOVE #decision',
        ConditionExpression: from.decidedAt ? '#status = :from AND #decision.#at = :decidedAt' : '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', '#decision': 'decision', ...(from.decidedAt ? { '#at': 'at' } : {}) },
        ExpressionAttributeValues: {
          ':to': to.status, ':from': from.status, ...(to.decision ? { ':decision': to.decision } : {}), ...(from.decidedAt ? { ':decidedAt': from.decidedAt } : {}),
        },
      }));
      return 'written';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }
}

function requestOf(item: Record<string, unknown>): ContactRequest | undefined {
  if (typeof item.id !== 'string' || typeof item.province !== 'string' || (item.kind !== 'add' && item.kind !== 'remove')) return undefined;
  const decision = item.decision as ContactDecision | undefined;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return {
    id: item.id, province: item.province, kind: item.kind, person: item.person as ContactPerson, reason: text(item.reason),
    at: text(item.at), by: text(item.by), status: item.status as ContactRequestStatus, ...(decision ? { decision } : {}),
  };
}
