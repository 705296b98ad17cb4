// The reminder log's conditional writes against a DynamoDB emulator (dynalite, in memory), so the
// claim/lease expressions are checked by a real expression engine, not only by the test table.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynaliteTable, type DynaliteTable } from '../support/dynalite-table.ts';
import { DynamoContactDirectory, saveContacts } from '../../shared/adapters/contacts.ts';
import { DynamoMailLog } from '../../shared/adapters/mail-log.ts';
import { DynamoReminderLog } from '../../shared/adapters/reminder-log.ts';
import { exampleContacts } from '../../shared/config/example-contacts.ts';
import { campaign } from './fakes.ts';

const TABLE = 'bhxh-reminder-log-test';
let table: DynaliteTable;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  doc = table.doc;
});

afterAll(async () => {
  await table?.stop();
});

describe('DynamoReminderLog on dynalite', () => {
  it('claim, busy, expiry take-over, sent forever, release', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const log = new DynamoReminderLog(doc, { tableName: TABLE, campaignId: campaign.id, leaseMs: 60_000, clock: () => new Date(now) });
    const key = { runDate: '2023-12-15', kind: 'deadline', target: '27', channel: 'mail' };
    expect(await log.claim(key, 'a1')).toEqual({ status: 'claimed' });
    expect(await log.claim(key, 'a2')).toEqual({ status: 'busy', leaseUntil: '2026-01-01T00:01:00.000Z' });
    expect(await log.claim(key, 'a1')).toEqual({ status: 'claimed' });
    now += 61_000;
    expect(await log.claim(key, 'a2')).toEqual({ status: 'claimed' });
    await log.release(key, 'a1'); // no longer a1's: kept
    expect(await log.claim(key, 'a3')).toMatchObject({ status: 'busy' });
    await log.release(key, 'a2');
    expect(await log.claim(key, 'a3')).toEqual({ status: 'claimed' });
    await log.markSent(key, 'a3', { to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'], messageId: 'm1' });
    now += 86_400_000;
    expect(await log.claim(key, 'a4')).toEqual({ status: 'sent', sentAt: '2026-01-01T00:01:01.000Z', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'] });
    await log.release(key, 'a3');
    expect(await log.claim(key, 'a4')).toMatchObject({ status: 'sent' });
    const { Items } = await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': '2023-12-late-payment#REMINDER#2023-12-15' } }));
    expect(Items).toEqual([expect.objectContaining({ pk: '2023-12-late-payment#REMINDER#2023-12-15', sk: 'deadline#27#mail', status: 'sent', messageId: 'm1' })]);
  });

  it('concurrent attempts: exactly one wins a claim', async () => {
    const log = new DynamoReminderLog(doc, { tableName: TABLE, campaignId: campaign.id });
    const key = { runDate: '2023-12-16', kind: 'deadline', target: '01', channel: 'mail' };
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => log.claim(key, `attempt-${i}`)));
    expect(outcomes.filter((o) => o.status === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'busy')).toHaveLength(7);
  });

  it('contacts round-trip: saved items are read back by one Query', async () => {
    await saveContacts(doc, TABLE, exampleContacts(campaign), campaign.config.provinceList.id);
    const directory = new DynamoContactDirectory(doc, { tableName: TABLE, provinceListId: campaign.config.provinceList.id });
    expect(await directory.provinceEmails('96')).toEqual(['bhxh-96@example.gov.vn']);
    expect(await directory.nationalEmails()).toEqual(['ban-quan-ly-thu@example.gov.vn']);
    expect(await directory.sender()).toBe('bao-cao@example.gov.vn');
  });

  it('received mail is kept per campaign: two campaigns on one table never list each other\'s mail', async () => {
    const older = new DynamoMailLog(doc, TABLE, '2023-12-late-payment');
    const newer = new DynamoMailLog(doc, TABLE, '2026-12-late-payment');
    const mail = {
      key: 'mail/inbound/ses-1', sesMessageId: 'ses-1', receivedAt: '2026-12-07T02:00:00.000Z', date: '2026-12-07',
      from: 'bhxh-24@example.gov.vn', subject: 'Báo cáo', status: 'accepted' as const, province: '24', uploads: ['incoming/24/a.xlsx'], replied: false,
    };
    await newer.record(mail);
    await older.record({ ...mail, sesMessageId: 'ses-2', key: 'mail/inbound/ses-2', status: 'refused', reason: 'no-attachment', uploads: [], replied: true });
    expect((await newer.listForDate('2026-12-07')).map((m) => m.sesMessageId)).toEqual(['ses-1']);
    expect((await older.listForDate('2026-12-07')).map((m) => [m.sesMessageId, m.reason])).toEqual([['ses-2', 'no-attachment']]);
    expect(await older.get('2026-12-07', mail.receivedAt, 'ses-1')).toBeUndefined();
    expect(await newer.get('2026-12-07', mail.receivedAt, 'ses-1')).toMatchObject({ province: '24', uploads: ['incoming/24/a.xlsx'] });
  });
});
