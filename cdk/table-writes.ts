// Which items of the shared table each function may write: the partition keys (dynamodb:LeadingKeys)
// of the items its adapters write, in this campaign's scope. A code-execution flaw in a spreadsheet
// or MIME parser then cannot forge a session, rewrite contacts or another function's state.
import * as iam from 'aws-cdk-lib/aws-iam';
import { campaignScope, submissionPartition } from '../shared/adapters/dynamo-table.ts';
import { dateTotalsPartition } from '../shared/adapters/date-totals.ts';
import { mailLogPartition } from '../shared/adapters/mail-log.ts';
import { reminderItemKey } from '../shared/adapters/reminder-log.ts';
import { snapshotStateKey } from '../shared/adapters/snapshot-state.ts';

export type TableWriter = 'parser' | 'reminder' | 'aggregator' | 'mailIntake';

/** The single-use links a mail's portal button carries (shared/adapters/portal-store.ts). */
const mailLinkTokens = (campaignId: string): string => `PORTAL#${campaignId}#TOKEN#*`;

export function writableItems(campaignId: string): Record<TableWriter, string[]> {
  return {
    // Reports and submission records; the receipts' portal buttons.
    parser: [`${campaignScope(campaignId)}REPORT#*`, submissionPartition(campaignId, '*'), mailLinkTokens(campaignId)],
    // Exactly-once reminder claims; the reminders' and digest's portal buttons.
    reminder: [reminderItemKey(campaignId, { runDate: '*', kind: '', target: '', channel: '' }).pk, mailLinkTokens(campaignId)],
    // Snapshot slots and per-date totals.
    aggregator: [snapshotStateKey(campaignId, '*').pk, dateTotalsPartition(campaignId)],
    // The received-mail log.
    mailIntake: [mailLogPartition(campaignId, '*')],
  };
}

/** Put, Update and Delete on the table, for items whose partition key matches `leadingKeys` only. */
export function writeOnly(sid: string, tableArn: string, leadingKeys: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    resources: [tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } },
  });
}
