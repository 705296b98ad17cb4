// Aggregator Lambda: on each "ReportAccepted" event, rebuilds that date's national snapshot; on the
// schedule after the deadlines, publishes the final snapshot of every due date that has none yet.
// Thin: decode the event (its time is the snapshot's instant, never the wall clock), run the use
// case, log. Errors propagate so Lambda's async retries (then the DLQ) take over.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { publishDueFinalSnapshots, publishSnapshot, type PublishResult } from '../../shared/domain/snapshot/publish.ts';
import { aggregatorDepsFromEnv, type AggregatorWiring } from './deps.ts';
import { BadAggregatorEvent, decodeAggregatorEvent } from './event.ts';

const logger = new Logger({ serviceName: 'bhxh-aggregator' });

export interface AggregatorResult {
  kind: 'report-accepted' | 'final-snapshot' | 'ignored';
  results: PublishResult[];
}

export function makeHandler(wiring: Omit<AggregatorWiring, 'log'> = {}) {
  return async (event: unknown, context?: Context): Promise<AggregatorResult> => {
    if (context) logger.addContext(context);
    let decoded;
    try {
      decoded = decodeAggregatorEvent(event);
    } catch (error) {
      // A malformed event will never succeed: log it and drop it rather than retry it for hours.
      if (error instanceof BadAggregatorEvent) {
        logger.error('Ignoring an event the aggregator does not understand', { error: error.message });
        return { kind: 'ignored', results: [] };
      }
      throw error;
    }
    const deps = aggregatorDepsFromEnv({ ...wiring, log: (message, data) => logger.info(message, data ?? {}) });
    if (decoded.kind === 'report-accepted') {
      if (!deps.campaign.isReportDate(decoded.reportDate)) {
        logger.warn('ReportAccepted for a date outside the campaign; nothing to publish', { reportDate: decoded.reportDate });
        return { kind: 'ignored', results: [] };
      }
      const result = await publishSnapshot(deps, decoded.reportDate, { final: false, at: decoded.at });
      logger.info('Snapshot run done', { ...result, province: decoded.province });
      return { kind: 'report-accepted', results: [result] };
    }
    const results = await publishDueFinalSnapshots(deps, decoded.at);
    logger.info('Final-snapshot run done', { time: decoded.at.toISOString(), dates: results.map((r) => `${r.date}:${r.outcome}`) });
    return { kind: 'final-snapshot', results };
  };
}

export const handler = makeHandler();
