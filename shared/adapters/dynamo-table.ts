// The one DynamoDB table: reports and the submission log. Every partition key of a campaign's data
// starts with the campaign id (<c> below), so two campaigns in one table never read each other's items.
// Keys (pk/sk strings, GSI gsi1):
//   report      pk <c>#REPORT#<date>        sk P#<code>                  gsi1 <c>#PROVINCE#<code> / REPORT#<date>
//   submission  pk <c>#UPLOAD#<object key>  sk SEQ#<sequencer (padded)>  gsi1 <c>#SUBMISSIONS#<date> / P#<code>#<receivedAt>
//   (also: snapshot state, snapshot-state.ts; date totals, date-totals.ts; reminders, reminder-log.ts)
// Hot paths are Queries: a date's reports (aggregator, reminder), a province's history (warnings),
// a date's submissions (status, digest).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand, PutCommand, QueryCommand, UpdateCommand,
  type DynamoDBDocumentClient, type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { StoredReport, SubmissionRecord, ValueSource } from '../domain/report.ts';
import type { ReportRepository, SubmissionLog, UploadRef } from '../ports/index.ts';

export const GSI1 = 'gsi1';

/** S3 sequencers are hex strings of varying length: left-pad so string order is event order. */
export function sequencerKey(sequencer: string): string {
  return sequencer.toUpperCase().padStart(32, '0');
}

/** The start of every partition key of a campaign's items: "<campaign id>#". */
export const campaignScope = (campaignId: string): string => `${campaignId}#`;

/** The partition of an object key's submissions in a campaign (every upload of that key). */
export const submissionPartition = (campaignId: string, objectKey: string): string => `${campaignScope(campaignId)}UPLOAD#${objectKey}`;

/** The key of an upload's submission item (one per campaign, S3 object key and event sequencer). */
export function submissionItemKey(campaignId: string, objectKey: string, sequencer: string): { pk: string; sk: string } {
  return { pk: submissionPartition(campaignId, objectKey), sk: `SEQ#${sequencerKey(sequencer)}` };
}
/** A submission's `notified` while a delivery holds the claim to mail the province. */
const NOTIFYING = 'sending';

/** Runs a Query to the end, page by page. */
async function queryAll<T>(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function toReport(item: Record<string, unknown>): StoredReport {
  return {
    province: item.province as string,
    reportDate: item.reportDate as string,
    values: (item.values as number[]).map(Number),
    receivedAt: item.receivedAt as string,
    sequencer: item.sequencer as string,
    ...(typeof item.firstReceivedAt === 'string' ? { firstReceivedAt: item.firstReceivedAt } : {}),
    late: Boolean(item.late),
    objectKey: item.objectKey as string,
    warnings: (item.warnings as StoredReport['warnings']) ?? [],
  };
}

function toSubmission(item: Record<string, unknown>): SubmissionRecord {
  return {
    province: item.province as string,
    reportDate: item.reportDate as string,
    receivedAt: item.receivedAt as string,
    sequencer: item.sequencer as string,
    objectKey: item.objectKey as string,
    status: item.status as SubmissionRecord['status'],
    late: Boolean(item.late),
    superseded: Boolean(item.superseded),
    values: (item.values as number[] | null | undefined)?.map(Number) ?? null,
    warnings: (item.warnings as SubmissionRecord['warnings']) ?? [],
    errors: (item.errors as SubmissionRecord['errors']) ?? [],
    origin: (item.origin as SubmissionRecord['origin']) ?? 's3',
    ...(typeof item.mailMessageId === 'string' ? { mailMessageId: item.mailMessageId } : {}),
    ...(typeof item.mailError === 'string' ? { mailError: item.mailError } : {}),
    ...(item.notified === NOTIFYING ? { mailUnconfirmed: true as const } : {}),
    ...(isValueSource(item.source) ? { source: item.source } : {}),
  };
}

function isValueSource(value: unknown): value is ValueSource {
  return typeof value === 'object' && value !== null && typeof (value as ValueSource).row === 'number';
}

export class DynamoReportTable implements ReportRepository, SubmissionLog {
  private readonly scope: string;

  constructor(private readonly client: DynamoDBDocumentClient, private readonly tableName: string, private readonly campaignId: string) {
    this.scope = campaignScope(campaignId);
  }

  private reportKey(reportDate: string, province: string): { pk: string; sk: string } {
    return { pk: `${this.scope}REPORT#${reportDate}`, sk: `P#${province}` };
  }

  private uploadKey(upload: UploadRef): { pk: string; sk: string } {
    return submissionItemKey(this.campaignId, upload.key, upload.sequencer);
  }

  async putIfNewer(report: StoredReport): Promise<boolean> {
    const order = `${report.receivedAt}#${sequencerKey(report.sequencer)}`;
    try {
      await this.client.send(new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.reportKey(report.reportDate, report.province),
          gsi1pk: `${this.scope}PROVINCE#${report.province}`,
          gsi1sk: `REPORT#${report.reportDate}`,
          type: 'report',
          ...report,
          uploadOrder: order,
        },
        // Newest upload wins: S3 event time, then sequencer; an equal order is the same upload (a retry).
        ConditionExpression: 'attribute_not_exists(pk) OR uploadOrder <= :order',
        ExpressionAttributeValues: { ':order': order },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async noteFirstUpload(province: string, reportDate: string, firstReceivedAt: string, late: boolean): Promise<void> {
    try {
      await this.client.send(new UpdateCommand({
        TableName: this.tableName,
        Key: this.reportKey(reportDate, province),
        UpdateExpression: 'SET firstReceivedAt = :first, late = :late',
        // ISO-8601 UTC instants compare as strings; an item without the attribute predates it (receivedAt stands in).
        ConditionExpression: 'attribute_exists(pk) AND ((attribute_exists(firstReceivedAt) AND firstReceivedAt > :first) '
          + 'OR (attribute_not_exists(firstReceivedAt) AND receivedAt > :first))',
        ExpressionAttributeValues: { ':first': firstReceivedAt, ':late': late },
      }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async getReport(province: string, reportDate: string): Promise<StoredReport | undefined> {
    const { Item } = await this.client.send(new GetCommand({
      TableName: this.tableName, Key: this.reportKey(reportDate, province), ConsistentRead: true,
    }));
    return Item ? toReport(Item) : undefined;
  }

  async listReportsForDate(reportDate: string): Promise<StoredReport[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.reportKey(reportDate, '').pk },
      ConsistentRead: true,
    });
    return items.map(toReport);
  }

  async previousReport(province: string, reportDate: string): Promise<StoredReport | undefined> {
    const { Items } = await this.client.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :before',
      ExpressionAttributeValues: {
        ':pk': `${this.scope}PROVINCE#${province}`,
        ':from': 'REPORT#',
        // Dates sort as strings; anything strictly before this date.
        ':before': `REPORT#${reportDate}`,
      },
      ScanIndexForward: false,
      Limit: 2,
    }));
    const earlier = (Items ?? []).map(toReport).filter((r) => r.reportDate < reportDate);
    return earlier[0];
  }

  async listReportsForProvince(province: string): Promise<StoredReport[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `${this.scope}PROVINCE#${province}`, ':prefix': 'REPORT#' },
    });
    return items.map(toReport);
  }

  async record(submission: SubmissionRecord, upload: UploadRef): Promise<void> {
    // A re-delivery rewrites the same item with the same content; `notified` is kept as it was.
    await this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: this.uploadKey(upload),
      UpdateExpression: 'SET #type = :type, gsi1pk = :gpk, gsi1sk = :gsk, province = :province, reportDate = :date, '
        + 'receivedAt = :receivedAt, sequencer = :sequencer, objectKey = :key, versionId = :version, #size = :size, '
        + '#status = :status, late = :late, superseded = :superseded, #values = :values, warnings = :warnings, '
        + '#errors = :errors, origin = :origin, mailMessageId = :mailMessageId, #source = :source, notified = if_not_exists(notified, :false)',
      ExpressionAttributeNames: {
        '#type': 'type', '#size': 'size', '#status': 'status', '#values': 'values', '#errors': 'errors', '#source': 'source',
      },
      ExpressionAttributeValues: {
        ':type': 'submission',
        ':gpk': `${this.scope}SUBMISSIONS#${submission.reportDate}`,
        ':gsk': `P#${submission.province}#${submission.receivedAt}`,
        ':province': submission.province,
        ':date': submission.reportDate,
        ':receivedAt': submission.receivedAt,
        ':sequencer': submission.sequencer,
        ':key': submission.objectKey,
        ':version': upload.versionId ?? null,
        ':size': upload.size,
        ':status': submission.status,
        ':late': submission.late,
        ':superseded': submission.superseded,
        ':values': submission.values,
        ':warnings': submission.warnings,
        ':errors': submission.errors,
        ':origin': submission.origin ?? 's3',
        ':mailMessageId': submission.mailMessageId ?? null,
        ':source': submission.source ?? null,
        ':false': false,
      },
    }));
  }

  // `notified`: false (recorded), 'sending' (claimed by a delivery), true (sent).
  async wasNotified(upload: UploadRef): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({
      TableName: this.tableName, Key: this.uploadKey(upload), ConsistentRead: true, ProjectionExpression: 'notified',
    }));
    return Item?.notified === true || Item?.notified === NOTIFYING;
  }

  claimNotification(upload: UploadRef): Promise<boolean> {
    return this.moveNotified(upload, false, NOTIFYING);
  }

  async releaseNotification(upload: UploadRef): Promise<void> {
    await this.moveNotified(upload, NOTIFYING, false);
  }

  /** Sets `notified` to `to` when it is `from`; false when it is not. */
  private async moveNotified(upload: UploadRef, from: boolean | string, to: boolean | string): Promise<boolean> {
    try {
      await this.client.send(new UpdateCommand({
        TableName: this.tableName,
        Key: this.uploadKey(upload),
        UpdateExpression: 'SET notified = :to',
        ConditionExpression: 'notified = :from',
        ExpressionAttributeValues: { ':to': to, ':from': from },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markNotified(upload: UploadRef, mailError?: string): Promise<void> {
    await this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: this.uploadKey(upload),
      UpdateExpression: mailError ? 'SET notified = :true, mailError = :mailError' : 'SET notified = :true',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true, ...(mailError ? { ':mailError': mailError } : {}) },
    }));
  }

  async listForDate(reportDate: string): Promise<SubmissionRecord[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `${this.scope}SUBMISSIONS#${reportDate}` },
    });
    return items.map(toSubmission);
  }

  async listForProvinceOnDate(reportDate: string, province: string): Promise<SubmissionRecord[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `${this.scope}SUBMISSIONS#${reportDate}`, ':prefix': `P#${province}#` },
    });
    return items.map(toSubmission);
  }

  /** Every recorded delivery of one object key. */
  async listForObject(objectKey: string): Promise<SubmissionRecord[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': submissionPartition(this.campaignId, objectKey) },
      ConsistentRead: true,
    });
    return items.map(toSubmission);
  }
}

/** The table's key schema, for the local stack and tests that create it (the CDK stack mirrors it). */
export const TABLE_DEFINITION = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [{
    IndexName: GSI1,
    KeySchema: [
      { AttributeName: 'gsi1pk', KeyType: 'HASH' },
      { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }],
  BillingMode: 'PAY_PER_REQUEST',
} as const;
