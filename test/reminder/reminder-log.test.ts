import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoReminderLog, reminderItemKey } from '../../shared/adapters/reminder-log.ts';
import { DIGEST_TARGET, type ReminderKey } from '../../shared/ports/index.ts';
import { evaluate, MemoryTable, testDocClient } from './memory-table.ts';

const CAMPAIGN_ID = '2023-12-late-payment';
const key: ReminderKey = { runDate: '2023-12-15', kind: 'deadline', target: '27', channel: 'mail' };
const PK = '2023-12-late-payment#REMINDER#2023-12-15';

describe('DynamoReminderLog', () => {
  let table: MemoryTable;
  let mock: ReturnType<MemoryTable['install']>;
  let now: number;
  let log: DynamoReminderLog;

  beforeEach(() => {
    table = new MemoryTable();
    mock = table.install();
    now = Date.parse('2023-12-15T11:30:05Z');
    log = new DynamoReminderLog(testDocClient(), {
      tableName: 'bhxh', campaignId: CAMPAIGN_ID, leaseMs: 60_000, clock: () => new Date(now),
    });
  });
  afterEach(() => mock.restore());

  it('keys items <campaign>#REMINDER#<runDate> / <kind>#<province>#<channel>, and the digest <kind>#DIGEST#<channel>', () => {
    expect(reminderItemKey(CAMPAIGN_ID, key)).toEqual({ pk: PK, sk: 'deadline#27#mail' });
    expect(reminderItemKey(CAMPAIGN_ID, { ...key, kind: 'nudge', target: DIGEST_TARGET })).toEqual({ pk: PK, sk: 'nudge#DIGEST#mail' });
    expect(reminderItemKey(CAMPAIGN_ID, { ...key, channel: 'zalo' })).toEqual({ pk: PK, sk: 'deadline#27#zalo' });
  });

  it('a reminder sent on one channel is still due on another', async () => {
    await log.claim(key, 'a1');
    await log.markSent(key, 'a1', { to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'], messageId: 'm-1' });
    expect(await log.claim({ ...key, channel: 'zalo' }, 'a1')).toEqual({ status: 'claimed' });
    expect(table.get(PK, 'deadline#27#zalo')).toMatchObject({ status: 'claimed', channel: 'zalo' });
  });

  describe('items written before the channel was in the key (mail)', () => {
    const legacy = (item: Record<string, unknown>) => table.put({ pk: PK, sk: 'deadline#27', type: 'reminder', ...item });

    it('a mail sent under the old key is never sent again', async () => {
      legacy({ status: 'sent', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'], sentAt: '2023-12-15T11:30:00.000Z', messageId: 'm-0' });
      expect(await log.claim(key, 'a2')).toEqual({ status: 'sent', sentAt: '2023-12-15T11:30:00.000Z', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'] });
      expect(table.get(PK, 'deadline#27#mail')).toBeUndefined();
      expect(await log.claim({ ...key, channel: 'zalo' }, 'a2')).toEqual({ status: 'claimed' });
    });

    it('a live old claim of another attempt is busy; an expired one is taken under the new key', async () => {
      legacy({ status: 'claimed', attemptId: 'old', leaseUntil: '2023-12-15T11:31:00.000Z' });
      expect(await log.claim(key, 'a2')).toEqual({ status: 'busy', leaseUntil: '2023-12-15T11:31:00.000Z' });
      now += 60_000;
      expect(await log.claim(key, 'a2')).toEqual({ status: 'claimed' });
      expect(table.get(PK, 'deadline#27#mail')).toMatchObject({ status: 'claimed', attemptId: 'a2' });
    });
  });

  it('claims with a conditional put carrying the attempt and its lease', async () => {
    expect(await log.claim(key, 'a1')).toEqual({ status: 'claimed' });
    const put = table.sent('Put')[0]!;
    expect(put.TableName).toBe('bhxh');
    expect(put.ConditionExpression).toContain('attribute_not_exists(pk)');
    expect(table.get(PK, 'deadline#27#mail')).toMatchObject({
      status: 'claimed', attemptId: 'a1', leaseUntil: '2023-12-15T11:31:05.000Z', runDate: '2023-12-15', kind: 'deadline', target: '27',
    });
  });

  it('a claim held by a live attempt is busy for another; the same attempt may claim again', async () => {
    await log.claim(key, 'a1');
    expect(await log.claim(key, 'a2')).toEqual({ status: 'busy', leaseUntil: '2023-12-15T11:31:05.000Z' });
    expect(await log.claim(key, 'a1')).toEqual({ status: 'claimed' });
  });

  it('an expired claim (a crashed attempt) is taken over', async () => {
    await log.claim(key, 'crashed');
    now += 60_001;
    expect(await log.claim(key, 'a2')).toEqual({ status: 'claimed' });
    expect(table.get(PK, 'deadline#27#mail')).toMatchObject({ attemptId: 'a2' });
  });

  it('a sent item is never claimed again, however old', async () => {
    await log.claim(key, 'a1');
    await log.markSent(key, 'a1', { to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'], messageId: 'm-1' });
    now += 86_400_000;
    expect(await log.claim(key, 'a2')).toEqual({ status: 'sent', sentAt: '2023-12-15T11:30:05.000Z', to: ['bhxh-27@example.gov.vn'], dates: ['2023-12-15'] });
    expect(table.get(PK, 'deadline#27#mail')).toMatchObject({ status: 'sent', messageId: 'm-1' });
  });

  it('release deletes only this attempt\'s claim, never a sent item or another attempt\'s claim', async () => {
    await log.claim(key, 'a1');
    await log.release(key, 'a2');
    expect(table.get(PK, 'deadline#27#mail')).toBeDefined();
    await log.release(key, 'a1');
    expect(table.get(PK, 'deadline#27#mail')).toBeUndefined();
    expect(await log.claim(key, 'a2')).toEqual({ status: 'claimed' });
    await log.markSent(key, 'a2', { to: ['x@example.gov.vn'], dates: ['2023-12-15'], messageId: 'm' });
    await log.release(key, 'a2');
    expect(table.get(PK, 'deadline#27#mail')).toMatchObject({ status: 'sent' });
  });

  it('other DynamoDB errors are not mistaken for a lost claim', async () => {
    mock.on(PutCommand).rejects(Object.assign(new Error('throughput'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(log.claim(key, 'a1')).rejects.toThrow('throughput');
  });
});

describe('the in-memory table\'s expression evaluator (used by these tests)', () => {
  it('evaluates the claim condition like DynamoDB', () => {
    const cond = 'attribute_not_exists(pk) OR (#status = :claimed AND (#leaseUntil < :now OR #attemptId = :attemptId))';
    const names = { '#status': 'status', '#leaseUntil': 'leaseUntil', '#attemptId': 'attemptId' };
    const values = { ':claimed': 'claimed', ':now': '2023-12-15T11:31:00Z', ':attemptId': 'a1' };
    expect(evaluate(cond, undefined, names, values)).toBe(true);
    expect(evaluate(cond, { pk: 'x', status: 'sent' }, names, values)).toBe(false);
    expect(evaluate(cond, { pk: 'x', status: 'claimed', leaseUntil: '2023-12-15T11:32:00Z', attemptId: 'a2' }, names, values)).toBe(false);
    expect(evaluate(cond, { pk: 'x', status: 'claimed', leaseUntil: '2023-12-15T11:30:00Z', attemptId: 'a2' }, names, values)).toBe(true);
    expect(evaluate(cond, { pk: 'x', status: 'claimed', leaseUntil: '2023-12-15T11:32:00Z', attemptId: 'a1' }, names, values)).toBe(true);
  });
});
