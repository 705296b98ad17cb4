// Who receives mail: data on the shared table that the operator changes without a deploy. Kept per
// province list (a code means another unit on another list: 24 was Bắc Giang, is now Bắc Ninh), so
// campaigns on the same list share them. <list> is the campaign file's provinceList.id.
//   pk "CONTACTS#<list>", sk "P#<code>"  {emails: string[]}   a province's addresses
//   pk "CONTACTS#<list>", sk "NATIONAL"  {emails: string[]}   the national office (digest recipients)
//   pk "CONTACTS#<list>", sk "SENDER"    {email: string}      the From: address (else env BHXH_SENDER)
// Read with one Query on that pk, cached by the instance (make one per invocation).
// Also: the CSV `bhxh contacts import FILE` reads (cli/commands/contacts.ts shows and records the change).
import { BatchWriteCommand, QueryCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import type { Campaign } from '../domain/campaign.ts';
import { isSesAddress } from '../domain/mail/address.ts';
import { clip, FIELD_LIMITS } from '../domain/shown-text.ts';
import type { Contact, ContactDirectory } from '../ports/index.ts';

/** The partition of a province list's contacts. */
export const contactsPartition = (provinceListId: string): string => `CONTACTS#${provinceListId}`;

/**
 * The items of a province list's contacts partition (every page), with only `attributes` (and `sk`)
 * read: mail needs the addresses, the contacts pages the people and the record, the requests theirs.
 * `skPrefix` narrows the query to one kind of item (e.g. "REQ#").
 */
export async function queryContactItems(
  doc: DynamoDBDocumentClient, query: { tableName: string; provinceListId: string; attributes: readonly string[]; skPrefix?: string },
): Promise<Array<Record<string, unknown>>> {
  const names = Object.fromEntries(['sk', ...query.attributes].map((a, i) => [`#a${i}`, a]));
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({
      TableName: query.tableName,
      KeyConditionExpression: query.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': contactsPartition(query.provinceListId), ...(query.skPrefix ? { ':prefix': query.skPrefix } : {}) },
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: names,
      ConsistentRead: true,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every contact the system knows: what the table holds and what a CSV import writes. */
export interface ContactSet {
  provinces: Contact[];
  national?: string[];
  sender?: string;
}

export class MissingSenderError extends Error {
  constructor() {
    super('No sender address: set the SENDER contact item or the BHXH_SENDER environment variable');
    this.name = 'MissingSenderError';
  }
}

/** A directory over a contact set held in memory (tests, the CLI, the local stack). */
export class StaticContactDirectory implements ContactDirectory {
  private readonly byProvince: Map<string, string[]>;

  constructor(private readonly set: ContactSet, private readonly senderFallback?: string) {
    this.byProvince = new Map(set.provinces.map((c) => [c.province, c.emails]));
  }

  provinceEmails(province: string): Promise<string[]> {
    return Promise.resolve([...(this.byProvince.get(province) ?? [])]);
  }

  nationalEmails(): Promise<string[]> {
    return Promise.resolve([...(this.set.national ?? [])]);
  }

  provincesOfAddress(address: string): Promise<string[]> {
    const wanted = address.trim().toLowerCase();
    return Promise.resolve(this.set.provinces.filter((c) => c.emails.some((e) => e.toLowerCase() === wanted)).map((c) => c.province));
  }

  sender(): Promise<string> {
    const sender = this.set.sender || this.senderFallback;
    return sender ? Promise.resolve(sender) : Promise.reject(new MissingSenderError());
  }
}

export interface DynamoContactDirectoryOptions {
  tableName: string;
  /** The campaign's provinceList.id. */
  provinceListId: string;
  /** The From: address when the table has no SENDER item; defaults to env BHXH_SENDER. */
  senderFallback?: string;
}

export class DynamoContactDirectory implements ContactDirectory {
  private loaded: Promise<StaticContactDirectory> | undefined;

  constructor(private readonly doc: DynamoDBDocumentClient, private readonly options: DynamoContactDirectoryOptions) {}

  /** Every contact item of the list: one Query (paged), done once per instance. */
  async load(): Promise<ContactSet> {
    const set: ContactSet = { provinces: [] };
    // Only what mail needs: not the people or the record of changes (shared/adapters/contact-registry.ts).
    const items = await queryContactItems(this.doc, { tableName: this.options.tableName, provinceListId: this.options.provinceListId, attributes: ['emails', 'email'] });
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('P#')) set.provinces.push({ province: sk.slice(2), emails: stringList(item.emails) });
      else if (sk === 'NATIONAL') set.national = stringList(item.emails);
      else if (sk === 'SENDER' && typeof item.email === 'string' && item.email) set.sender = item.email;
    }
    return set;
  }

  private directory(): Promise<StaticContactDirectory> {
    this.loaded ??= this.load().then(
      (set) => new StaticContactDirectory(set, this.options.senderFallback ?? (process.env.BHXH_SENDER || undefined)),
      (err: unknown) => {
        this.loaded = undefined; // do not cache a failure
        throw err;
      },
    );
    return this.loaded;
  }

  async provinceEmails(province: string): Promise<string[]> {
    return (await this.directory()).provinceEmails(province);
  }

  async nationalEmails(): Promise<string[]> {
    return (await this.directory()).nationalEmails();
  }

  async sender(): Promise<string> {
    return (await this.directory()).sender();
  }

  async provincesOfAddress(address: string): Promise<string[]> {
    return (await this.directory()).provincesOfAddress(address);
  }
}

/** A list attribute as strings (a list, a string set, or one string). */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s.length > 0);
  if (value instanceof Set) return [...value].map(String);
  if (typeof value === 'string' && value) return [value];
  return [];
}

/** The table items of a contact set. */
export function contactItems(set: ContactSet, provinceListId: string): Array<Record<string, unknown>> {
  const pk = contactsPartition(provinceListId);
  const items: Array<Record<string, unknown>> = set.provinces.map((c) => ({
    pk, sk: `P#${c.province}`, type: 'contact', province: c.province, emails: c.emails,
  }));
  if (set.national) items.push({ pk, sk: 'NATIONAL', type: 'contact', emails: set.national });
  if (set.sender) items.push({ pk, sk: 'SENDER', type: 'contact', email: set.sender });
  return items;
}

/** Writes (upserts) a contact set: provinces in the set are replaced, others are left as they are. */
export async function saveContacts(doc: DynamoDBDocumentClient, tableName: string, set: ContactSet, provinceListId: string): Promise<void> {
  const items = contactItems(set, provinceListId);
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, Array<Record<string, unknown>>> | undefined = {
      [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; requests && Object.keys(requests).length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > 8) throw new Error('Contacts import: DynamoDB kept items unprocessed');
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      }
      const out: BatchWriteCommandOutput = await doc.send(new BatchWriteCommand({ RequestItems: requests }));
      requests = out.UnprocessedItems;
    }
  }
}

const SPECIAL = new Set(['NATIONAL', 'SENDER']);
// A cell quoted in an error: bounded, so a hostile file cannot flood the terminal (the CLI escapes controls).
const quoted = (cell: string): string => clip(cell, FIELD_LIMITS.address);
/** Addresses a province (or the national office) may have: keeps every contact item small. */
export const MAX_ADDRESSES_PER_ROW = 50;

export interface ParsedContacts {
  set: ContactSet;
  /** Problems, one per line, naming the CSV row; nothing should be written when there is one. */
  errors: string[];
}

/**
 * Reads a contacts CSV: one row per province, "code,email;email;…". A header row is skipped; a
 * code typed as 1 digit (Excel drops leading zeros) is padded. Rows whose code is NATIONAL (the
 * national office, digest recipients) or SENDER (the From: address, one) are understood too. With a
 * campaign, codes are checked against its provinces. An empty email cell clears a province's list.
 */
export function parseContactsCsv(text: string | Uint8Array, campaign?: Campaign): ParsedContacts {
  const errors: string[] = [];
  let rows: string[][];
  try {
    rows = parse(typeof text === 'string' ? text : Buffer.from(text), {
      bom: true, delimiter: ',', relax_column_count: true, skip_empty_lines: true, trim: true,
    });
  } catch (err) {
    return { set: { provinces: [] }, errors: [`CSV could not be read: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const provinces = new Map<string, string[]>();
  const national: string[] = [];
  let sender: string | undefined;
  let sawNational = false;
  rows.forEach((fields, index) => {
    const line = index + 1;
    // A semicolon-separated export ("01;a@x.vn;b@x.vn") arrives as one field: split it.
    const cells = fields.length === 1 && fields[0]!.includes(';') && !fields[0]!.split(';')[0]!.includes('@')
      ? [fields[0]!.split(';')[0]!, fields[0]!.split(';').slice(1).join(';')]
      : fields;
    const first = (cells[0] ?? '').trim();
    if (first === '' && cells.every((c) => c.trim() === '')) return;
    const code = /^\d{1,2}$/.test(first) ? first.padStart(2, '0') : first.toUpperCase();
    if (!/^\d{2}$/.test(code) && !SPECIAL.has(code)) {
      if (index === 0) return; // a header row
      errors.push(`row ${line}: "${quoted(first)}" is not a province code (two digits), NATIONAL or SENDER`);
      return;
    }
    const emails: string[] = [];
    for (const token of cells.slice(1).flatMap((c) => c.split(/[;\s]+/)).filter((t) => t.length > 0)) {
      if (isSesAddress(token)) emails.push(token);
      else errors.push(`row ${line}: "${quoted(token)}" is not an email address SES accepts (ASCII, one @, a domain with a dot)`);
    }
    if (code === 'NATIONAL') {
      sawNational = true;
      national.push(...emails);
    } else if (code === 'SENDER') {
      if (emails.length !== 1) errors.push(`row ${line}: SENDER takes exactly one address`);
      else if (sender && sender !== emails[0]) errors.push(`row ${line}: a second SENDER address`);
      else sender = emails[0];
    } else {
      if (campaign && !campaign.province(code)) {
        errors.push(`row ${line}: province code ${code} is not in campaign ${campaign.id}`);
        return;
      }
      provinces.set(code, [...(provinces.get(code) ?? []), ...emails]);
    }
  });
  const unique = (list: string[]): string[] => [...new Set(list)];
  for (const [code, list] of [...provinces.entries(), ['NATIONAL', national] as const]) {
    if (unique(list).length > MAX_ADDRESSES_PER_ROW) errors.push(`${code}: ${unique(list).length} addresses, at most ${MAX_ADDRESSES_PER_ROW} are allowed`);
  }
  const set: ContactSet = {
    provinces: [...provinces.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([province, emails]) => ({ province, emails: unique(emails) })),
    ...(sawNational ? { national: unique(national) } : {}),
    ...(sender ? { sender } : {}),
  };
  return { set, errors };
}
