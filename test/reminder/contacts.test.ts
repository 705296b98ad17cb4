import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoContactDirectory, MissingSenderError, parseContactsCsv, saveContacts, StaticContactDirectory,
} from '../../shared/adapters/contacts.ts';
import { exampleContacts, exampleContactsCsv } from '../../shared/config/example-contacts.ts';
import { campaign } from './fakes.ts';

const LIST = campaign.config.provinceList.id;
import { MemoryTable, testDocClient } from './memory-table.ts';

const doc = testDocClient();

describe('DynamoContactDirectory', () => {
  let table: MemoryTable;
  let mock: ReturnType<MemoryTable['install']>;
  beforeEach(() => {
    table = new MemoryTable();
    mock = table.install();
  });
  afterEach(() => mock.restore());

  it('reads every contact with one Query on pk CONTACTS (paged), once per instance', async () => {
    await saveContacts(doc, 'bhxh', exampleContacts(campaign), LIST);
    table.put({ pk: '2023-12-late-payment#REPORT#2023-12-15', sk: 'P#01' });
    table.pageSize = 10;
    const directory = new DynamoContactDirectory(doc, { tableName: 'bhxh', provinceListId: LIST });
    expect(await directory.provinceEmails('27')).toEqual(['bhxh-27@example.gov.vn']);
    expect(await directory.provinceEmails('99')).toEqual([]);
    expect(await directory.nationalEmails()).toEqual(['ban-quan-ly-thu@example.gov.vn']);
    expect(await directory.sender()).toBe('bao-cao@example.gov.vn');
    const queries = table.sent('Query');
    expect(queries).toHaveLength(7); // 65 items in pages of 10: one logical Query, paged
    expect(queries.every((q) => (q.ExpressionAttributeValues as Record<string, string>)[':pk'] === 'CONTACTS#vn-63-provinces')).toBe(true);
    expect(mock.commandCalls(QueryCommand).length).toBe(7);
    // Cached: no further reads.
    await directory.provinceEmails('01');
    expect(table.sent('Query')).toHaveLength(7);
  });

  it('falls back to BHXH_SENDER (or the given fallback) without a SENDER item, and fails loudly with neither', async () => {
    table.put({ pk: 'CONTACTS#vn-63-provinces', sk: 'P#01', emails: ['a@example.gov.vn'] });
    expect(await new DynamoContactDirectory(doc, { tableName: 'bhxh', provinceListId: LIST, senderFallback: 'from@example.gov.vn' }).sender()).toBe('from@example.gov.vn');
    const saved = process.env.BHXH_SENDER;
    try {
      process.env.BHXH_SENDER = 'env@example.gov.vn';
      expect(await new DynamoContactDirectory(doc, { tableName: 'bhxh', provinceListId: LIST }).sender()).toBe('env@example.gov.vn');
      delete process.env.BHXH_SENDER;
      await expect(new DynamoContactDirectory(doc, { tableName: 'bhxh', provinceListId: LIST }).sender()).rejects.toBeInstanceOf(MissingSenderError);
    } finally {
      if (saved === undefined) delete process.env.BHXH_SENDER; else process.env.BHXH_SENDER = saved;
    }
  });

  it('an operator\'s change is seen by the next invocation (a new instance), without a deploy', async () => {
    await saveContacts(doc, 'bhxh', exampleContacts(campaign), LIST);
    await saveContacts(doc, 'bhxh', parseContactsCsv('27,van-thu@bhxh-bacninh.example.vn;giam-doc@bhxh-bacninh.example.vn\n', campaign).set, LIST);
    const directory = new DynamoContactDirectory(doc, { tableName: 'bhxh', provinceListId: LIST });
    expect(await directory.provinceEmails('27')).toEqual(['van-thu@bhxh-bacninh.example.vn', 'giam-doc@bhxh-bacninh.example.vn']);
    expect(await directory.provinceEmails('01')).toEqual(['bhxh-01@example.gov.vn']);
  });
});

describe('parseContactsCsv', () => {
  it('reads code,emails rows with a header, a BOM, ";"-separated addresses, NATIONAL and SENDER rows', () => {
    const csv = '\uFEFFMã tỉnh,Email\n1,a@x.gov.vn; b@x.gov.vn\n27,c@x.gov.vn\n\nNATIONAL,n1@x.gov.vn;n2@x.gov.vn\nsender,from@x.gov.vn\n';
    expect(parseContactsCsv(csv, campaign)).toEqual({
      set: {
        provinces: [{ province: '01', emails: ['a@x.gov.vn', 'b@x.gov.vn'] }, { province: '27', emails: ['c@x.gov.vn'] }],
        national: ['n1@x.gov.vn', 'n2@x.gov.vn'],
        sender: 'from@x.gov.vn',
      },
      errors: [],
    });
  });

  it('accepts a semicolon-separated export and quoted cells', () => {
    expect(parseContactsCsv('01;a@x.gov.vn;b@x.gov.vn\n02,"c@x.gov.vn;d@x.gov.vn"\n').set.provinces).toEqual([
      { province: '01', emails: ['a@x.gov.vn', 'b@x.gov.vn'] },
      { province: '02', emails: ['c@x.gov.vn', 'd@x.gov.vn'] },
    ]);
  });

  it('reports every bad row, naming it', () => {
    const { errors } = parseContactsCsv('code,emails\n01,not-an-address\n99,a@x.gov.vn\nHN,a@x.gov.vn\nSENDER,a@x.gov.vn;b@x.gov.vn\n', campaign);
    expect(errors).toEqual([
      'row 2: "not-an-address" is not an email address SES accepts (ASCII, one @, a domain with a dot)',
      'row 3: province code 99 is not in campaign 2023-12-late-payment',
      'row 4: "HN" is not a province code (two digits), NATIONAL or SENDER',
      'row 5: SENDER takes exactly one address',
    ]);
  });

  it.each([
    'nguyễn@bhxh.gov.vn', 'a@bhxh', 'a@@bhxh.gov.vn', 'a@b@bhxh.gov.vn', '.a@bhxh.gov.vn', 'a..b@bhxh.gov.vn', 'a.@bhxh.gov.vn',
    'a@bhxh..gov.vn', 'a@-bhxh.gov.vn', 'a@bhxh.gov.vn.', 'a@bảohiểm.vn', 'a<b>@bhxh.gov.vn', 'a@bhxh.gov.1', `${'a'.repeat(65)}@bhxh.gov.vn`,
  ])('refuses %j as SES would, naming the row', (address) => {
    expect(parseContactsCsv(`01,${address}\n`, campaign).errors).toEqual([
      `row 1: "${address}" is not an email address SES accepts (ASCII, one @, a domain with a dot)`,
    ]);
  });

  it.each(['a.b+tag@bhxh.gov.vn', 'bhxh-27@example.gov.vn', "o'neil@x.vn", 'a@xn--bohim-ola5d.vn', 'A_B@Sub-1.Example.COM'])(
    'accepts %j', (address) => {
      expect(parseContactsCsv(`01,${address}\n`, campaign)).toEqual({ set: { provinces: [{ province: '01', emails: [address] }] }, errors: [] });
    },
  );

  it('the bundled example CSV is the example contact set', () => {
    const csv = readFileSync(new URL('../../shared/config/contacts-example.csv', import.meta.url), 'utf8');
    expect(csv).toBe(exampleContactsCsv(campaign));
    expect(parseContactsCsv(csv, campaign)).toEqual({ set: exampleContacts(campaign), errors: [] });
    expect(exampleContacts(campaign).provinces).toHaveLength(63);
  });
});

describe('saveContacts (the local stack\'s seed, the NATIONAL and SENDER rows of an import)', () => {
  let table: MemoryTable;
  let mock: ReturnType<MemoryTable['install']>;
  beforeEach(() => {
    table = new MemoryTable();
    mock = table.install();
  });
  afterEach(() => mock.restore());

  it('writes the items the directory reads, in batches of 25', async () => {
    await saveContacts(doc, 'bhxh', parseContactsCsv(exampleContactsCsv(campaign), campaign).set, campaign.config.provinceList.id);
    expect(table.sent('BatchWrite')).toHaveLength(3);
    expect(table.get('CONTACTS#vn-63-provinces', 'P#27')).toEqual({ pk: 'CONTACTS#vn-63-provinces', sk: 'P#27', type: 'contact', province: '27', emails: ['bhxh-27@example.gov.vn'] });
    expect(table.get('CONTACTS#vn-63-provinces', 'NATIONAL')).toMatchObject({ emails: ['ban-quan-ly-thu@example.gov.vn'] });
    expect(table.get('CONTACTS#vn-63-provinces', 'SENDER')).toMatchObject({ email: 'bao-cao@example.gov.vn' });
  });
});

describe('StaticContactDirectory', () => {
  it('serves a contact set from memory', async () => {
    const d = new StaticContactDirectory({ provinces: [{ province: '01', emails: ['a@x.gov.vn'] }] }, 'from@x.gov.vn');
    expect(await d.provinceEmails('01')).toEqual(['a@x.gov.vn']);
    expect(await d.nationalEmails()).toEqual([]);
    expect(await d.sender()).toBe('from@x.gov.vn');
  });
});
