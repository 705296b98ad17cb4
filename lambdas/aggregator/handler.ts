// Aggregator Lambda: "ReportAccepted" events arrive through the aggregation queue in batches (a
// batching window), and each report date in a batch is rebuilt once, however many uploads it holds:
// a burst costs one rebuild, not one per upload. On the schedule after the deadlines it publishes
// the final snapshot of every due date that has none yet. Thin: decode the event (its time is the
// snapshot's instant, never the wall clock), run the use case, log. A failed date's messages are
// reported as batch item failures (retried, then the queue's DLQ); a failed scheduled run throws
// so Lambda's async retries take over.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handlerLogger, handlerMetrics, logPort } from '../../shared/adapters/logger.ts';
import { METRICS } from '../../shared/contract.ts';
import { publishDueFinalSnapshots, publishSnapshot, type PublishResult } from '../../shared/domain/snapshot/publish.ts';
import { MalformedEvent } from '../../shared/events/malformed.ts';
import { decodeQueuedReportAccepted } from '../../shared/events/report-accepted.ts';
import { aggregatorDepsFromEnv, type AggregatorWiring } from '../../shared/wiring/aggregator.ts';
import { decodeAggregatorEvent } from './event.ts';

const logger = handlerLogger('aggregator');
const countMetric = handlerMetrics('aggregator');

export interface AggregatorResult {
  kind: 'report-accepted' | 'final-snapshot' | 'ignored';
  results: PublishResult[];
}

function isSqsEvent(event: unknown): event is SQSEvent {
  const records = (event as { Records?: Array<{ eventSource?: string }> })?.Records;
  return Array.isArray(records) && records.every((r) => r.eventSource === 'aws:sqs');
}

export function makeHandler(options: Omit<AggregatorWiring, 'log'> & { env?: NodeJS.ProcessEnv } = {}) {
  const { env = process.env, ...wiring } = options;
  async function fromQueue(event: SQSEvent): Promise<SQSBatchResponse & AggregatorResult> {
    // The newest event of each date gives that rebuild its instant.
    const byDate = new Map<string, { at: Date; messageIds: string[] }>();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let decoded;
      try {
        decoded = decodeQueuedReportAccepted(record);
      } catch (error) {
        // Never processable: failed, so it reaches the queue's DLQ (alarmed) instead of vanishing.
        logger.error('Malformed queued event: not a ReportAccepted', { messageId: record.messageId, error: errorText(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const entry = byDate.get(decoded.reportDate) ?? { at: decoded.at, messageIds: [] };
      if (decoded.at > entry.at) entry.at = decoded.at;
      entry.messageIds.push(record.messageId);
      byDate.set(decoded.reportDate, entry);
    }
    const deps = aggregatorDepsFromEnv(env, { ...wiring, log: logPort(logger) });
    const results: PublishResult[] = [];
    for (const [reportDate, { at, messageIds }] of byDate) {
      if (!deps.campaign.isReportDate(reportDate)) {
        logger.warn('ReportAccepted for a date outside the campaign; nothing to publish', { reportDate });
        continue;
      }
      try {
        const result = await publishSnapshot(deps, reportDate, { final: false, at });
        logger.info('Snapshot run done', { ...result, events: messageIds.length });
        results.push(result);
      } catch (error) {
        logger.error('Snapshot run failed; its events will be retried', { reportDate, error: String(error) });
        batchItemFailures.push(...messageIds.map((itemIdentifier) => ({ itemIdentifier })));
      }
    }
    return { kind: 'report-accepted', results, batchItemFailures };
  }

  return async (event: unknown, context?: Context): Promise<AggregatorResult | (SQSBatchResponse & AggregatorResult)> => {
    if (context) logger.addContext(context);
    if (env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel(env.POWERTOOLS_LOG_LEVEL as Parameters<Logger['setLogLevel']>[0]);
    if (isSqsEvent(event)) return fromQueue(event);
    let decoded;
    try {
      decoded = decodeAggregatorEvent(event);
    } catch (error) {
      // A malformed event will never succeed: log it and drop it rather than retry it for hours.
      if (error instanceof MalformedEvent) {
        logger.error('Ignoring an event the aggregator does not understand', { error: error.message });
        return { kind: 'ignored', results: [] };
      }
      throw error;
    }
    if (decoded.kind === 'report-accepted') {
      // ReportAccepted reaches the aggregator only through the aggregation queue (in batches).
      logger.error('Ignoring a ReportAccepted event not delivered by the aggregation queue', { reportDate: decoded.reportDate });
      return { kind: 'ignored', results: [] };
    }
    const deps = aggregatorDepsFromEnv(env, { ...wiring, log: logPort(logger) });
    const results = await publishDueFinalSnapshots(deps, decoded.at);
    // The "no snapshot after a deadline" alarm counts these against the schedule's attempts.
    countMetric(METRICS.finalSnapshotRunCompleted);
    logger.info('Final-snapshot run done', { time: decoded.at.toISOString(), dates: results.map((r) => `${r.date}:${r.outcome}`) });
    return { kind: 'final-snapshot', results };
  };
}

export const handler = makeHandler();

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
