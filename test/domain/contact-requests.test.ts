// A province's contact-change requests and the national office's decisions, on dynalite (the adapters'
// conditional writes are a real engine's): checked like the change itself, decided once, applied through
// addAddress/removeAddress so the record names the request, and a granted removal ends the address's access.
// Also: the bounds and cleaning of typed contact fields, and the one paged query of the partition.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoContactRegistry } from '../../shared/adapters/contact-registry.ts';
import { DynamoContactRequests } from '../../shared/adapters/contact-requests.ts';
import { contactsPartition, DynamoContactDirectory, parseContactsCsv, queryContactItems } from '../../shared/adapters/contacts.ts';
import { addAddress, applyImport, auditTrail } from '../../shared/domain/contacts/changes.ts';
import { boundedPerson, checkPerson, type ContactActor } from '../../shared/domain/contacts/people.ts';
import { askForChange, decideRequest, MAX_PENDING_PER_PROVINCE, withdrawRequest } from '../../shared/domain/contacts/requests.ts';
import { startDynaliteTable, type DynaliteTable } from '../support/dynalite-table.ts';

const LIST = 'vn-34-units-2025';
const TABLE = 'contact-requests';
const national: ContactActor = { role: 'national', address: 'ban-thu@bhxh.gov.vn' };
const CLERK = 'van-thu@bhxh-bacninh.gov.vn';
let dynamo: DynaliteTable;
let registry: DynamoContactRegistry;
let requests: DynamoContactRequests;
let ended: string[];
let list = 0;
let ids = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute));
const nextId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const deps = () => ({ registry, requests, endAccess: (address: string) => { ended.push(address); return Promise.resolve(); } });
const ask = (kind: 'add' | 'remove', input: Record<string, string>, reason = 'Cán bộ mới nhận nhiệm vụ', province = '24') =>
  askForChange(deps(), { id: nextId(), province, kind, by: CLERK, now: at(10), input, reason });

beforeAll(async () => {
  dynamo = await startDynaliteTable(TABLE);
});
afterAll(async () => {
  await dynamo?.stop();
});
beforeEach(async () => {
  // Each test on its own province list (its own partition) of the one table.
  const options = { tableName: TABLE, provinceListId: `${LIST}-${++list}` };
  registry = new DynamoContactRegistry(dynamo.doc, options);
  requests = new DynamoContactRequests(dynamo.doc, options);
  ended = [];
  await addAddress(deps(), { province: '24', input: { email: CLERK, name: 'Văn thư', role: 'Văn phòng' }, by: national, now: at(0), knownProvince: true });
});

describe('a province asks for a change', () => {
  it('stores an add request, checked like the change itself, and the list does not change until it is granted', async () => {
    const stored = await ask('add', { email: ' Moi@BHXH-bacninh.gov.vn ', name: 'Nguyễn\u202e Thị\tMới', role: 'Phòng Thu', phone: '+84 (0)912.345.678' });
    expect(stored).toMatchObject({ status: 'stored', request: {
      province: '24', kind: 'add', status: 'pending', by: CLERK, at: '2026-12-05T09:10:00.000Z', reason: 'Cán bộ mới nhận nhiệm vụ',
      person: { email: 'moi@bhxh-bacninh.gov.vn', name: 'Nguyễn Thị Mới', role: 'Phòng Thu', phone: '+84 (0)912.345.678' },
    } });
    expect(await requests.list('24')).toEqual([(stored as { request: unknown }).request]);
    expect((await registry.list()).provinces[0]!.people.map((p) => p.email)).toEqual([CLERK]);
  });

  it('refuses what could not be granted, every problem at once', async () => {
    await addAddress(deps(), { province: '22', input: { email: 'khac@bhxh.gov.vn', name: 'K', role: 'R' }, by: national, now: at(1), knownProvince: true });
    expect(await ask('add', { email: 'khac@bhxh.gov.vn', name: 'K', role: 'R' }, '  ')).toEqual({ status: 'refused', problems: [
      { field: 'reason', code: 'missing' }, { field: 'email', code: 'listed-elsewhere' },
    ] });
    expect(await ask('add', { email: CLERK, name: 'x'.repeat(101), role: 'R', phone: '0912 345 678 ext 9' }, 'y'.repeat(501))).toEqual({ status: 'refused', problems: [
      { field: 'reason', code: 'too-long' }, { field: 'name', code: 'too-long' }, { field: 'phone', code: 'not-a-phone' },
    ] });
    // Only one of its own addresses can be asked away.
    expect(await ask('remove', { email: 'khac@bhxh.gov.vn' })).toEqual({ status: 'refused', problems: [{ field: 'email', code: 'not-listed' }] });
    expect(await requests.list()).toEqual([]);
  });

  it('refuses the same change twice while it waits, and more than the cap of waiting requests', async () => {
    expect(await ask('remove', { email: CLERK })).toMatchObject({ status: 'stored' });
    expect(await ask('remove', { email: CLERK.toUpperCase() })).toEqual({ status: 'refused', problems: [{ field: 'request', code: 'already-requested' }] });
    for (let i = 1; i < MAX_PENDING_PER_PROVINCE; i++) expect(await ask('add', { email: `n${i}@bhxh.gov.vn`, name: 'N', role: 'R' })).toMatchObject({ status: 'stored' });
    expect(await ask('add', { email: 'one-more@bhxh.gov.vn', name: 'N', role: 'R' })).toEqual({ status: 'refused', problems: [{ field: 'request', code: 'too-many-pending' }] });
  });
});

describe('the national office decides', () => {
  it('grants an add: the address is listed, the record names the request, and it cannot be decided again', async () => {
    const { request } = await ask('add', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'Thu' }) as { request: { id: string } };
    const granted = await decideRequest(deps(), { province: '24', id: request.id, approve: true, by: national, now: at(20) });
    expect(granted).toMatchObject({ status: 'approved', request: { status: 'approved', decision: { at: '2026-12-05T09:20:00.000Z', by: national.address } } });
    const view = await registry.list();
    expect(view.provinces[0]!.people.map((p) => p.email)).toEqual([CLERK, 'moi@bhxh.gov.vn']);
    expect(auditTrail(view)[0]).toMatchObject({ action: 'add', email: 'moi@bhxh.gov.vn', by: national, request: { id: request.id, by: CLERK }, before: [{ email: CLERK }] });
    for (const approve of [true, false]) {
      expect(await decideRequest(deps(), { province: '24', id: request.id, approve, by: national, now: at(21) })).toMatchObject({ status: 'already-decided' });
    }
    expect(await withdrawRequest(deps(), { province: '24', id: request.id, by: CLERK, now: at(22) })).toMatchObject({ status: 'already-decided' });
    expect((await registry.list()).provinces[0]!.version).toBe(2);
  });

  it('grants a removal: the address goes and loses its sessions and links', async () => {
    const { request } = await ask('remove', { email: CLERK }, 'Chuyển công tác') as { request: { id: string } };
    expect(await decideRequest(deps(), { province: '24', id: request.id, approve: true, by: national, now: at(20) })).toMatchObject({ status: 'approved' });
    expect((await registry.list()).provinces[0]!.people).toEqual([]);
    expect(ended).toEqual([CLERK]);
  });

  it('declines with a note, changing nothing; a forged id or another province\'s request is not found', async () => {
    const { request } = await ask('add', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'Thu' }) as { request: { id: string } };
    expect(await decideRequest(deps(), { province: '22', id: request.id, approve: true, by: national, now: at(20) })).toEqual({ status: 'unknown' });
    expect(await decideRequest(deps(), { province: '24', id: `${request.id}x`, approve: true, by: national, now: at(20) })).toEqual({ status: 'unknown' });
    expect(await decideRequest(deps(), { province: '24', id: '../P#24', approve: true, by: national, now: at(20) })).toEqual({ status: 'unknown' });
    expect(await withdrawRequest(deps(), { province: '22', id: request.id, by: 'khac@bhxh.gov.vn', now: at(20) })).toEqual({ status: 'unknown' });
    const declined = await decideRequest(deps(), { province: '24', id: request.id, approve: false, note: ' Chưa có quyết định\u0007 điều động ', by: national, now: at(21) });
    expect(declined).toMatchObject({ status: 'declined', request: { status: 'declined', decision: { note: 'Chưa có quyết định điều động' } } });
    expect((await requests.get('24', request.id))?.status).toBe('declined');
    expect((await registry.list()).provinces[0]!.people.map((p) => p.email)).toEqual([CLERK]);
  });

  it('a grant that can no longer be made leaves the request waiting, with the reason', async () => {
    const { request } = await ask('add', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'Thu' }) as { request: { id: string } };
    // Meanwhile the address was given to another province.
    await addAddress(deps(), { province: '22', input: { email: 'moi@bhxh.gov.vn', name: 'M', role: 'R' }, by: national, now: at(15), knownProvince: true });
    expect(await decideRequest(deps(), { province: '24', id: request.id, approve: true, by: national, now: at(20) }))
      .toEqual({ status: 'refused', problems: [{ field: 'email', code: 'listed-elsewhere' }] });
    expect(await requests.get('24', request.id)).toMatchObject({ status: 'pending' });
    expect((await requests.get('24', request.id))?.decision).toBeUndefined();
    expect(await decideRequest(deps(), { province: '24', id: request.id, approve: false, by: national, now: at(21) })).toMatchObject({ status: 'declined' });
  });

  it('a store failure while granting leaves the request waiting, not granted without its change', async () => {
    const { request } = await ask('add', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'Thu' }) as { request: { id: string } };
    const failing = { ...deps(), registry: { list: () => registry.list(), replaceProvince: () => Promise.reject(new Error('ProvisionedThroughputExceededException')) } };
    await expect(decideRequest(failing, { province: '24', id: request.id, approve: true, by: national, now: at(20) })).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(await requests.get('24', request.id)).toMatchObject({ status: 'pending' });
    expect(await decideRequest(deps(), { province: '24', id: request.id, approve: true, by: national, now: at(21) })).toMatchObject({ status: 'approved' });
  });

  it('two decisions at once: exactly one is applied', async () => {
    const { request } = await ask('add', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'Thu' }) as { request: { id: string } };
    const both = await Promise.all([true, false].map((approve) => decideRequest(deps(), { province: '24', id: request.id, approve, by: national, now: at(20) })));
    expect(both.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['already-decided']));
    expect(both.filter((r) => r.status === 'approved' || r.status === 'declined')).toHaveLength(1);
    const listed = (await registry.list()).provinces[0]!.people.some((p) => p.email === 'moi@bhxh.gov.vn');
    expect(listed).toBe((await requests.get('24', request.id))?.status === 'approved');
  });
});

describe('contact fields as stored', () => {
  it('phones as people write them are taken; letters, too few or too many digits are not', () => {
    for (const phone of ['0912 345 678', '+84 (24) 3825 1234', '024.3825.1234', '0912-345-678']) {
      expect(checkPerson({ email: 'a@b.vn', name: 'A', role: 'R', phone })).toMatchObject({ person: { phone } });
    }
    for (const phone of ['gọi tôi', '1234567', '+84 1234 5678 9012 34', '0912 345 678 ext 9', '(0)'.repeat(11)]) {
      expect(checkPerson({ email: 'a@b.vn', name: 'A', role: 'R', phone })).toEqual({ problems: [{ field: 'phone', code: 'not-a-phone' }] });
    }
  });

  it('an import keeps the people of staying addresses cleaned and within the limits, even if an older item was not', async () => {
    const pk = contactsPartition(`${LIST}-${list}`);
    await dynamo.doc.send(new PutCommand({ TableName: TABLE, Item: {
      pk, sk: 'P#24', type: 'contact', province: '24', emails: [CLERK], version: 5,
      people: [{ email: CLERK, name: `Tên\u202e${'x'.repeat(300)}`, role: 'Văn\u0000thư', phone: '0912 345 678' }],
    } }));
    const result = await applyImport(deps(), { provinces: [{ province: '24', emails: [CLERK, 'moi@bhxh.gov.vn'] }] }, { role: 'operator', address: 'cli:ops' }, at(30));
    expect(result.status).toBe('done');
    const [kept, added] = (await registry.list()).provinces[0]!.people;
    expect(kept!.name).toHaveLength(100);
    expect(kept!.name.startsWith('Tênxxx')).toBe(true);
    expect(kept!.name.endsWith('…')).toBe(true);
    expect(kept).toMatchObject({ role: 'Văn thư', phone: '0912 345 678' });
    expect(added).toEqual({ email: 'moi@bhxh.gov.vn', name: '', role: '' });
    expect(boundedPerson({ email: ' A@B.VN ', name: 42, role: 'R\u2066', phone: '' })).toEqual({ email: 'a@b.vn', name: '', role: 'R' });
  });

  it('the CLI import quotes a hostile cell bounded; a list read back is bounded even when an item was not', async () => {
    const { errors } = parseContactsCsv(`24,${'x'.repeat(10_000)}\u202e@\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.length).toBeLessThan(450);
    expect(errors[0]).toContain("…\" is not an email address");
    await dynamo.doc.send(new PutCommand({ TableName: TABLE, Item: {
      pk: contactsPartition(`${LIST}-${list}`), sk: 'P#22', emails: ['a@bhxh.gov.vn'], people: [{ email: 'a@bhxh.gov.vn', name: 'A\u202e'.repeat(400), role: 'R' }],
    } }));
    const read = (await registry.list()).provinces.find((p) => p.province === '22')!.people[0]!;
    expect(read.name).toBe(`${'A'.repeat(99)}…`);
  });
});

describe('the contacts partition', () => {
  it('is read by one paged query that returns only the attributes asked for; requests are items of it that mail skips', async () => {
    await ask('add', { email: 'moi@bhxh.gov.vn', name: 'Mới', role: 'Thu' });
    const options = { tableName: TABLE, provinceListId: `${LIST}-${list}` };
    const items = await queryContactItems(dynamo.doc, { ...options, attributes: ['emails'] });
    expect(items.map((i) => Object.keys(i).sort())).toEqual([['emails', 'sk'], ['sk']]);
    expect((await queryContactItems(dynamo.doc, { ...options, attributes: ['status'], skPrefix: 'REQ#' })).map((i) => i.status)).toEqual(['pending']);
    const directory = new DynamoContactDirectory(dynamo.doc, options);
    expect(await directory.load()).toEqual({ provinces: [{ province: '24', emails: [CLERK] }] });
  });

  it('pages through more items than one answer holds', async () => {
    const options = { tableName: TABLE, provinceListId: `${LIST}-${list}` };
    const pk = contactsPartition(options.provinceListId);
    // About 60 KB each: dynalite, like DynamoDB, answers at most 1 MB per page.
    for (let i = 0; i < 20; i++) {
      await dynamo.doc.send(new PutCommand({ TableName: TABLE, Item: { pk, sk: `P#${String(30 + i)}`, emails: [`p${i}@bhxh.gov.vn`], changes: ['x'.repeat(60_000)] } }));
    }
    let pages = 0;
    const counting = { send: (command: never) => { pages++; return dynamo.doc.send(command); } } as unknown as typeof dynamo.doc;
    const items = await queryContactItems(counting, { ...options, attributes: ['emails', 'changes'] });
    expect(items).toHaveLength(21);
    expect(pages).toBeGreaterThan(1);
    expect((await new DynamoContactDirectory(dynamo.doc, options).load()).provinces).toHaveLength(21);
  });
});
