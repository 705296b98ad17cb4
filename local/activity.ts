// Activity: one line per delivery for the console (handled, retried, parked), and for an upload
// the verdict its submission record holds.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeS3Key } from '../shared/events/s3-notification.ts';
import { submissionItemKey } from '../shared/adapters/dynamo-table.ts';
import { currentCampaign } from '../shared/config/campaign.ts';
import { findingCount } from '../shared/domain/findings.ts';
import type { Finding } from '../shared/domain/report.ts';
import { terminal } from '../shared/domain/shown-text.ts';
import type { LocalFunctionName } from './functions.ts';

/** What the stack reports for each delivery, for the console and the tests. */
export interface Activity {
  fn: LocalFunctionName;
  /** The queue it came from (intake, aggregation, or the function's asynchronous event queue). */
  queue: string;
  subject: string;
  /** This delivery's receive count. */
  attempt: number;
  ok: boolean;
  /** Set when this was the last attempt and the event is parked. */
  parked?: boolean;
  error?: string;
  /** The intake message (parser only): which upload, which version, it announced. */
  upload?: { key: string; versionId?: string; sequencer: string; receivedAt: string };
}

interface NotificationBody {
  Records?: Array<{ eventTime: string; s3: { object: { key: string; versionId?: string; sequencer: string } } }>;
}

/** The upload an intake message announces. */
export function announcedUpload(body: string): Activity['upload'] | undefined {
  try {
    const record = (JSON.parse(body) as NotificationBody).Records?.[0];
    if (!record) return undefined;
    const { key, versionId, sequencer } = record.s3.object;
    return { key: decodeS3Key(key), ...(versionId ? { versionId } : {}), sequencer, receivedAt: record.eventTime };
  } catch {
    return undefined;
  }
}

/** A one-line description of a queued event for people. */
export function subjectOf(fn: LocalFunctionName, body: string): string {
  const upload = fn === 'parser' ? announcedUpload(body) : undefined;
  if (upload) return upload.key;
  if (fn === 'mailIntake') {
    // The SNS envelope of SES's receipt notification: name the stored raw message.
    const key = /\\"objectKey\\":\\"([^"\\]+)\\"/.exec(body)?.[1];
    return key ? `mail ${key}` : 'mail';
  }
  try {
    const event = JSON.parse(body) as { 'detail-type'?: string; detail?: unknown; kind?: string; time?: string };
    if (event['detail-type']) return `${event['detail-type']} ${JSON.stringify(event.detail)}`;
    if (event.kind) return `${event.kind} ${event.time ?? ''}`.trim();
  } catch {
    // Not JSON: shown as is.
  }
  return body.slice(0, 120);
}

/** A line for the console: what a delivery did (for an upload, the verdict recorded in the table). Keys,
 *  errors and cell texts are escaped: an S3 key may hold ESC or a line break. */
export async function describeActivity(activity: Activity, doc: DynamoDBDocumentClient, table: string): Promise<string> {
  const head = terminal`${activity.fn.padEnd(10)} ${activity.subject}`;
  if (!activity.ok) {
    return activity.parked
      ? `${head}${terminal`: FAILED ${activity.attempt} times, parked in the dead-letter list (bhxh status): ${activity.error}`}`
      : `${head}${terminal`: attempt ${activity.attempt} failed, will retry: ${activity.error}`}`;
  }
  if (activity.fn !== 'parser' || !activity.upload) return `${head}: done`;
  try {
    const { Item } = await doc.send(new GetCommand({
      TableName: table, Key: submissionItemKey(currentCampaign().id, activity.upload.key, activity.upload.sequencer),
    }));
    if (!Item) return `${head}: done`;
    const version = activity.upload.versionId ? terminal` (version ${activity.upload.versionId})` : '';
    if (Item.status === 'accepted') {
      return `${head}${version}${terminal`: accepted, province ${String(Item.province)}, report date ${String(Item.reportDate)}, `}`
        + `${Item.late ? 'LATE' : 'on time'}${Item.superseded ? ' (an upload received later holds this date)' : ''}`;
    }
    const errors = Array.isArray(Item.errors) ? Item.errors as Finding[] : [];
    return `${head}${version}${terminal`: REJECTED (${findingCount(errors)} errors) ${errors[0]?.message ?? ''}`}`;
  } catch {
    return `${head}: done`;
  }
}
