// The contact registry on the table: the province items of shared/adapters/contacts.ts
// (pk "CONTACTS#<list>", sk "P#<code>") with, besides `emails` (what every Lambda reads):
//   people   [{email, name, role, phone?}]   who reads each address
//   version  number                          bumped by each change (the write is conditional on it)
//   changes  [ContactAuditEntry]             the record of every change: who, when, before → after
// The change and its record are one conditional UpdateItem on one item, so neither can be written
// without the other (no transaction needed; the local stack's dynalite has none). An item holds
// about a thousand changes before DynamoDB's 400 KB item limit.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedPerson, type ContactAuditEntry, type ContactPerson } from '../domain/contacts/people.ts';
import type { ContactRegistry, ContactRegistryView, ProvinceContactList } from '../ports/contacts.ts';
import { contactsPartition, queryContactItems, stringList } from './contacts.ts';

export interface DynamoContactRegistryOptions {
  tableName: string;
  provinceListId: string;
}

export class DynamoContactRegistry implements ContactRegistry {
  constructor(private readonly doc: DynamoDBDocumentClient, private readonly options: DynamoContactRegistryOptions) {}

  async list(): Promise<ContactRegistryView> {
    const view: ContactRegistryView = { provinces: [], national: [] };
    const items = await queryContactItems(this.doc, { ...this.options, attributes: ['emails', 'email', 'people', 'version', 'changes'] });
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('P#')) view.provinces.push(provinceList(sk.slice(2), item));
      else if (sk === 'NATIONAL') view.national = stringList(item.emails);
      else if (sk === 'SENDER' && typeof item.email === 'string') view.sender = item.email;
    }
    view.provinces.sort((a, b) => a.province.localeCompare(b.province));
    return view;
  }

  async replaceProvince(province: string, version: number, after: ContactPerson[], entry: ContactAuditEntry): Promise<'written' | 'conflict'> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: contactsPartition(this.options.provinceListId), sk: `P#${province}` },
        UpdateExpression: 'SET #type = :type, province = :province, emails = :emails, people = :people, version = :next, '
          + 'changes = list_append(if_not_exists(changes, :none), :entry)',
        // An item written by an import before people were recorded has no version: it is version 0.
        ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :version',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'contact', ':province': province, ':emails': after.map((p) => p.email), ':people': after,
          ':next': version + 1, ':none': [], ':entry': [entry], ...(version === 0 ? {} : { ':version': version }),
        },
      }));
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return 'conflict';
      throw error;
    }
  }
}

function provinceList(province: string, item: Record<string, unknown>): ProvinceContactList {
  // Bounded on reading too: an item written before the limits (or by hand) shows no longer or stranger text than a form could store.
  const known = new Map((Array.isArray(item.people) ? item.people as ContactPerson[] : []).filter((p) => typeof p?.email === 'string').map((p) => [p.email, boundedPerson(p)]));
  // `emails` is what mail goes to: the people list follows it (an import may have set emails alone).
  const people = stringList(item.emails).map((email) => known.get(email.toLowerCase()) ?? known.get(email) ?? { email: email.toLowerCase(), name: '', role: '' });
  return {
    province,
    people,
    version: typeof item.version === 'number' ? item.version : 0,
    changes: Array.isArray(item.changes) ? item.changes as ContactAuditEntry[] : [],
  };
}
