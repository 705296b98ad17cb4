// Contacts changed one address at a time: checked, recorded (who, when, before → after), and a removed
// address loses its access. On dynalite, so the conditional write and list_append are a real engine's.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoContactRegistry } from '../../shared/adapters/contact-registry.ts';
import { DynamoContactDirectory, saveContacts } from '../../shared/adapters/contacts.ts';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamo-table.ts';
import { addAddress, applyImport, auditTrail, mayEditProvince, removeAddress } from '../../shared/domain/contacts/changes.ts';
import { checkPerson, diffContacts, type ContactActor } from '../../shared/domain/contacts/people.ts';

const LIST = 'vn-34-units-2025';
const national: ContactActor = { role: 'national', address: 'ban-thu@bhxh.gov.vn' };
let server: Server;
let doc: DynamoDBDocumentClient;
let table = 0;
let registry: DynamoContactRegistry;
let ended: string[];
const deps = () => ({ registry, endAccess: (address: string) => { ended.push(address); return Promise.resolve(); } });
const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute));
const add = (province: string, input: Record<string, string>, minute = 0) =>
  addAddress(deps(), { province, input, by: national, now: at(minute), knownProvince: true });

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  doc = DynamoDBDocumentClient.from(client);
});

beforeEach(async () => {
  const name = `contacts-${++table}`;
  await doc.send(new CreateTableCommand({ TableName: name, ...structuredClone(TABLE_DEFINITION) } as never));
  registry = new DynamoContactRegistry(doc, { tableName: name, provinceListId: LIST });
  ended = [];
});

afterAll(async () => {
  doc?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const tableName = () => `contacts-${table}`;

describe('what a person types for an address', () => {
  it('is checked and tidied: lower-case address, spaces folded, invisible characters gone, phone optional', () => {
    expect(checkPerson({ email: ' Van-Thu@BHXH.gov.vn ', name: '  Nguyễn\u202e  Văn A ', role: 'Phòng Quản lý thu', phone: '0912 345 678' })).toEqual({
      person: { email: 'van-thu@bhxh.gov.vn', name: 'Nguyễn Văn A', role: 'Phòng Quản lý thu', phone: '0912 345 678' },
    });
    expect(checkPerson({ email: 'x@bhxh.gov.vn', name: 'A B', role: 'Kế toán' })).toEqual({ person: { email: 'x@bhxh.gov.vn', name: 'A B', role: 'Kế toán' } });
    expect(checkPerson({ email: 'không-phải@', name: '', role: 'x'.repeat(101), phone: 'gọi tôi' })).toEqual({ problems: [
      { field: 'email', code: 'not-an-address' }, { field: 'name', code: 'missing' }, { field: 'role', code: 'too-long' }, { field: 'phone', code: 'not-a-phone' },
    ] });
  });

  it('only the national office and the operator edit; a province asks', () => {
    expect(mayEditProvince(national)).toBe(true);
    expect(mayEditProvince({ role: 'operator', address: 'cli:ops' })).toBe(true);
    expect(mayEditProvince({ role: 'province', address: 'a@b.vn' })).toBe(false);
  });
});

describe('adding and removing one address', () => {
  it('records each change with who, when, before and after; mail goes to the new list at once', async () => {
    expect(await add('24', { email: 'a@bhxh-bacninh.gov.vn', name: 'Trần Thị A', role: 'Văn thư' }, 1)).toMatchObject({ status: 'done' });
    expect(await add('24', { email: 'b@bhxh-bacninh.gov.vn', name: 'Lê Văn B', role: 'Phòng Thu', phone: '+84 912 000 111' }, 2)).toMatchObject({ status: 'done' });
    const removed = await removeAddress(deps(), { province: '24', email: 'A@bhxh-bacninh.gov.vn', by: national, now: at(3) });
    expect(removed).toMatchObject({ status: 'done', entry: { action: 'remove', email: 'a@bhxh-bacninh.gov.vn' } });
    expect(ended).toEqual(['a@bhxh-bacninh.gov.vn']);

    const view = await registry.list();
    expect(view.provinces).toEqual([expect.objectContaining({
      province: '24', version: 3, people: [{ email: 'b@bhxh-bacninh.gov.vn', name: 'Lê Văn B', role: 'Phòng Thu', phone: '+84 912 000 111' }],
    })]);
    expect(auditTrail(view).map((e) => [e.at, e.by.address, e.action, e.before.map((p) => p.email), e.after.map((p) => p.email)])).toEqual([
      ['2026-12-05T09:03:00.000Z', 'ban-thu@bhxh.gov.vn', 'remove', ['a@bhxh-bacninh.gov.vn', 'b@bhxh-bacninh.gov.vn'], ['b@bhxh-bacninh.gov.vn']],
      ['2026-12-05T09:02:00.000Z', 'ban-thu@bhxh.gov.vn', 'add', ['a@bhxh-bacninh.gov.vn'], ['a@bhxh-bacninh.gov.vn', 'b@bhxh-bacninh.gov.vn']],
      ['2026-12-05T09:01:00.000Z', 'ban-thu@bhxh.gov.vn', 'add', [], ['a@bhxh-bacninh.gov.vn']],
    ]);
    // The Lambdas' directory reads the same item, without the people or the record.
    const directory = new DynamoContactDirectory(doc, { tableName: tableName(), provinceListId: LIST });
    expect(await directory.provinceEmails('24')).toEqual(['b@bhxh-bacninh.gov.vn']);
  });

  it('refuses an address already listed here or for another province, and one not listed', async () => {
    await add('24', { email: 'a@bhxh.gov.vn', name: 'A', role: 'R' });
    expect(await add('24', { email: 'A@bhxh.gov.vn', name: 'A', role: 'R' })).toEqual({ status: 'refused', problems: [{ field: 'email', code: 'already-listed' }] });
    expect(await add('22', { email: 'a@bhxh.gov.vn', name: 'A', role: 'R' })).toEqual({ status: 'refused', problems: [{ field: 'email', code: 'listed-elsewhere' }] });
    expect(await removeAddress(deps(), { province: '24', email: 'z@bhxh.gov.vn', by: national, now: at(5) }))
      .toEqual({ status: 'refused', problems: [{ field: 'email', code: 'not-listed' }] });
    expect(ended).toEqual([]);
  });

  it('writes nothing over a change made meanwhile (the version it was read from is gone)', async () => {
    await add('24', { email: 'a@bhxh.gov.vn', name: 'A', role: 'R' });
    const entry = { at: at(9).toISOString(), by: national, province: '24', action: 'add' as const, before: [], after: [] };
    expect(await registry.replaceProvince('24', 0, [], entry)).toBe('conflict');
    expect((await registry.list()).provinces[0]!.people).toHaveLength(1);
  });

  it('takes over a list written by an older import (no version, no people), keeping its addresses', async () => {
    await saveContacts(doc, tableName(), { provinces: [{ province: '24', emails: ['cu@bhxh.gov.vn'] }] }, LIST);
    expect((await registry.list()).provinces[0]).toMatchObject({ version: 0, people: [{ email: 'cu@bhxh.gov.vn', name: '', role: '' }] });
    expect(await add('24', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'R' })).toMatchObject({ status: 'done' });
    expect((await registry.list()).provinces[0]!.people.map((p) => p.email)).toEqual(['cu@bhxh.gov.vn', 'moi@bhxh.gov.vn']);
  });
});

describe('an import', () => {
  it('shows only what changes, keeps the people of addresses that stay, records it, and ends removed addresses\' access', async () => {
    await add('24', { email: 'a@bhxh.gov.vn', name: 'Trần Thị A', role: 'Văn thư' });
    await add('24', { email: 'b@bhxh.gov.vn', name: 'Lê Văn B', role: 'Thu' });
    await add('22', { email: 'q@bhxh.gov.vn', name: 'Q', role: 'Thu' });
    const incoming = { provinces: [{ province: '24', emails: ['a@bhxh.gov.vn', 'c@bhxh.gov.vn'] }, { province: '22', emails: ['q@bhxh.gov.vn'] }] };
    const view = await registry.list();
    const current = { provinces: view.provinces.map((p) => ({ province: p.province, emails: p.people.map((x) => x.email) })), national: [] };
    expect(diffContacts(current, { ...incoming, national: ['n@bhxh.gov.vn'], sender: 'bao-cao@bhxh.gov.vn' })).toEqual({
      provinces: [{ province: '24', added: ['c@bhxh.gov.vn'], removed: ['b@bhxh.gov.vn'] }],
      national: { added: ['n@bhxh.gov.vn'], removed: [] },
      sender: { before: null, after: 'bao-cao@bhxh.gov.vn' },
    });
    const result = await applyImport(deps(), incoming, { role: 'operator', address: 'cli:ops' }, at(30));
    expect(result).toMatchObject({ status: 'done', entries: [{ province: '24', action: 'import', by: { address: 'cli:ops' } }] });
    expect(ended).toEqual(['b@bhxh.gov.vn']);
    const after = (await registry.list()).provinces.find((p) => p.province === '24')!;
    expect(after.people).toEqual([{ email: 'a@bhxh.gov.vn', name: 'Trần Thị A', role: 'Văn thư' }, { email: 'c@bhxh.gov.vn', name: '', role: '' }]);
  });
});
