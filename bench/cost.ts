// A campaign's AWS bill, estimated from what the replay measured and the stack's sizes, at a region's prices.
import { PARSER_MEMORY_MB, REMINDER_MEMORY_MB, AGGREGATOR_MEMORY_MB } from '../cdk/sizes.ts';

/** Per-request list prices (USD) of the services a campaign uses: arm64 Lambda, on-demand DynamoDB. */
export interface PriceList {
  region: string;
  lambdaGbSecond: number;
  lambdaRequest: number;
  dynamoWriteUnit: number;
  dynamoReadUnit: number;
  s3Put: number;
  s3Get: number;
  sqsRequest: number;
  eventBridgeEvent: number;
  sesMessage: number;
}

/**
 * The list prices assumed, per region, as AWS's public price pages gave them in 2025 (after DynamoDB's
 * November 2024 on-demand cut); they could not be re-read from the build machine: check before quoting.
 * ap-southeast-1 (Singapore) differs from us-east-1 only in DynamoDB (about 14 % dearer); Lambda, S3
 * requests, SQS, EventBridge and SES cost the same per request there.
 */
export const PRICE_LISTS = {
  'us-east-1': {
    region: 'us-east-1',
    lambdaGbSecond: 0.0000133334,
    lambdaRequest: 0.2 / 1e6,
    dynamoWriteUnit: 0.625 / 1e6,
    dynamoReadUnit: 0.125 / 1e6,
    s3Put: 0.005 / 1000,
    s3Get: 0.0004 / 1000,
    sqsRequest: 0.4 / 1e6,
    eventBridgeEvent: 1 / 1e6,
    sesMessage: 0.1 / 1000,
  },
  'ap-southeast-1': {
    region: 'ap-southeast-1',
    lambdaGbSecond: 0.0000133334,
    lambdaRequest: 0.2 / 1e6,
    dynamoWriteUnit: 0.7116 / 1e6,
    dynamoReadUnit: 0.1425 / 1e6,
    s3Put: 0.005 / 1000,
    s3Get: 0.0004 / 1000,
    sqsRequest: 0.4 / 1e6,
    eventBridgeEvent: 1 / 1e6,
    sesMessage: 0.1 / 1000,
  },
} as const satisfies Record<string, PriceList>;
export type PricedRegion = keyof typeof PRICE_LISTS;

/** The region the stack is deployed to (docs/deploy.md). */
export const PRICES: PriceList = PRICE_LISTS['ap-southeast-1'];

export interface CampaignMeasure {
  uploads: number;
  reminderRuns: number;
  mails: number;
  durations: { parserMs: number; aggregatorMs: number; reminderMs: number };
}

export function estimateCost(m: CampaignMeasure, prices: PriceList = PRICES) {
  const gbSeconds = (count: number, ms: number, memoryMb: number) => count * (ms / 1000) * (memoryMb / 1024);
  const aggregatorRuns = m.uploads + 42; // one per accepted upload, plus the two daily final runs
  const lambda = prices.lambdaGbSecond * (
    gbSeconds(m.uploads, m.durations.parserMs, PARSER_MEMORY_MB)
    + gbSeconds(aggregatorRuns, m.durations.aggregatorMs, AGGREGATOR_MEMORY_MB)
    + gbSeconds(m.reminderRuns, m.durations.reminderMs, REMINDER_MEMORY_MB))
    + prices.lambdaRequest * (m.uploads + aggregatorRuns + m.reminderRuns);
  // Per upload: report (2 WRU), submission (2), notified mark (1); reads: dedupe, history, contacts.
  // Per aggregator run: the date's reports and the trend (up to 21 queries of ≤ 63 items ≈ 8 RRU each), state items.
  const dynamo = prices.dynamoWriteUnit * (m.uploads * 5 + aggregatorRuns * 4 + m.mails * 2)
    + prices.dynamoReadUnit * (m.uploads * 4 + aggregatorRuns * 21 * 8 + m.reminderRuns * 21 * 8);
  const s3 = prices.s3Put * (m.uploads + aggregatorRuns * 8) + prices.s3Get * (m.uploads + m.reminderRuns);
  const messaging = prices.sqsRequest * m.uploads * 3 + prices.eventBridgeEvent * m.uploads + prices.sesMessage * m.mails;
  const parts = { lambda, dynamodb: dynamo, s3, 'sqs+events+ses': messaging };
  return { parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}
