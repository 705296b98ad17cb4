// Each function writes only its own items of the shared table: the synthesized write statements of
// every role carry dynamodb:LeadingKeys, evaluated here against the keys each adapter writes and
// against the keys a compromised function would want (a session, the contacts, another's state).
import { describe, expect, it } from 'vitest';
import { submissionItemKey } from '../../shared/adapters/dynamo-table.ts';
import { mailLogKey } from '../../shared/adapters/mail-log.ts';
import { reminderItemKey } from '../../shared/adapters/reminder-log.ts';
import { snapshotStateKey } from '../../shared/adapters/snapshot-state.ts';
import { contactsPartition } from '../../shared/adapters/contacts.ts';
import { dateTotalsPartition } from '../../shared/adapters/date-totals.ts';
import { actionsOf, roleStatements, synthPipeline, type PolicyStatementJson } from './synth.ts';

const { template, config } = synthPipeline({ context: { 'bhxh:submissionAddress': 'nop-bao-cao@bhxh.example.vn' } });
const c = config.campaign.id;
const WRITES = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/;
const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Whether the role may write an item with partition key `pk` (Allow statements with their LeadingKeys conditions). */
function mayWrite(statements: PolicyStatementJson[], pk: string): boolean {
  return statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => WRITES.test(a))).some((s) => {
    const condition = (s.Condition as Record<string, Record<string, string[]>> | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    return condition === undefined || condition.some((p) => glob(p).test(pk));
  });
}

const ITEMS = {
  report: `${c}#REPORT#2023-12-15`,
  submission: submissionItemKey(c, 'incoming/27/x.xlsx', '0001').pk,
  mailLink: `PORTAL#${c}#TOKEN#abc`,
  session: `PORTAL#${c}#SESSION#abc`,
  revocation: `PORTAL#${c}#REVOKED#abc`,
  contacts: contactsPartition(config.campaign.config.provinceList.id),
  reminder: reminderItemKey(c, { runDate: '2023-12-15', kind: 'deadline', target: '27', channel: 'mail' }).pk,
  snapshot: snapshotStateKey(c, 'latest').pk,
  totals: dateTotalsPartition(c),
  mail: mailLogKey(c, '2023-12-15', '2023-12-15T09:00:00Z', 'x').pk,
  otherCampaignReport: `other-campaign#REPORT#2023-12-15`,
  keyInsideAnotherKey: `PORTAL#${c}#SESSION#${c}#REPORT#x#UPLOAD#y#MAIL#z`,
};
type Item = keyof typeof ITEMS;

const roles: Array<[string, Item[]]> = [
  ['ParserRole', ['report', 'submission', 'mailLink']],
  ['ReminderRole', ['reminder', 'mailLink']],
  ['AggregatorRole', ['snapshot', 'totals']],
  ['MailIntakeRole', ['mail']],
];

describe('each function writes only its own items (dynamodb:LeadingKeys)', () => {
  for (const [role, own] of roles) {
    it(`${role}: writes ${own.join(', ')}; nothing else`, () => {
      const statements = roleStatements(template, role);
      const writeStatements = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => WRITES.test(a)));
      expect(writeStatements.length).toBeGreaterThan(0);
      for (const s of writeStatements) expect(s.Condition).toHaveProperty(['ForAllValues:StringLike', 'dynamodb:LeadingKeys']);
      for (const item of Object.keys(ITEMS) as Item[]) expect([item, mayWrite(statements, ITEMS[item])]).toEqual([item, own.includes(item)]);
    });
  }
});
