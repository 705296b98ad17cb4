// A campaign's AWS bill, estimated from what the replay measured and the stack's sizes.
import { PARSER_MEMORY_MB, REMINDER_MEMORY_MB, AGGREGATOR_MEMORY_MB } from '../cdk/sizes.ts';

/** List prices assumed (USD), us-east-1, arm64 Lambda, on-demand DynamoDB; ap-southeast-1 is ~10-20 % higher. */
export const PRICES = {
  region: 'us-east-1 (list prices)',
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  sqsRequest: 0.4 / 1e6,
  eventBridgeEvent: 1 / 1e6,
  sesMessage: 0.1 / 1000,
};

export interface CampaignMeasure {
  uploads: number;
  reminderRuns: number;
  mails: number;
  durations: { parserMs: number; aggregatorMs: number; reminderMs: number };
}

export function estimateCost(m: CampaignMeasure) {
  const gbSeconds = (count: number, ms: number, memoryMb: number) => count * (ms / 1000) * (memoryMb / 1024);
  const aggregatorRuns = m.uploads + 42; // one per accepted upload, plus the two daily final runs
  const lambda = PRICES.lambdaGbSecond * (
    gbSeconds(m.uploads, m.durations.parserMs, PARSER_MEMORY_MB)
    + gbSeconds(aggregatorRuns, m.durations.aggregatorMs, AGGREGATOR_MEMORY_MB)
    + gbSeconds(m.reminderRuns, m.durations.reminderMs, REMINDER_MEMORY_MB))
    + PRICES.lambdaRequest * (m.uploads + aggregatorRuns + m.reminderRuns);
  // Per upload: report (2 WRU), submission (2), notified mark (1); reads: dedupe, history, contacts.
  // Per aggregator run: the date's reports and the trend (up to 21 queries of ≤ 63 items ≈ 8 RRU each), state items.
  const dynamo = PRICES.dynamoWriteUnit * (m.uploads * 5 + aggregatorRuns * 4 + m.mails * 2)
    + PRICES.dynamoReadUnit * (m.uploads * 4 + aggregatorRuns * 21 * 8 + m.reminderRuns * 21 * 8);
  const s3 = PRICES.s3Put * (m.uploads + aggregatorRuns * 8) + PRICES.s3Get * (m.uploads + m.reminderRuns);
  const messaging = PRICES.sqsRequest * m.uploads * 3 + PRICES.eventBridgeEvent * m.uploads + PRICES.sesMessage * m.mails;
  const parts = { lambda, dynamodb: dynamo, s3, 'sqs+events+ses': messaging };
  return { parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}
