// Parser Lambda: SQS (S3 ObjectCreated for incoming/) → intake use case, with partial batch
// failures so one bad message is retried (then parked in the DLQ) without blocking the others.
// Each record is decoded with its schema first: a malformed message is one log line and one failed item.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { handlerLogger, logPort } from '../../shared/adapters/logger.ts';
import { processUpload, type IntakeDeps } from '../../shared/domain/intake/process-upload.ts';
import { MalformedEvent } from '../../shared/events/malformed.ts';
import { uploadsFromIntakeRecord } from '../../shared/events/s3-notification.ts';
import { intakeDepsFromEnv } from '../../shared/wiring/intake.ts';

const logger = handlerLogger('parser');

export function makeRecordHandler(deps: IntakeDeps) {
  return async (record: SQSRecord): Promise<void> => {
    let uploads;
    try {
      uploads = uploadsFromIntakeRecord(record);
    } catch (error) {
      if (error instanceof MalformedEvent) logger.error('Malformed intake message', { messageId: record.messageId, error: error.message });
      throw error;
    }
    for (const upload of uploads) {
      const outcome = await processUpload(deps, upload);
      if (outcome.kind === 'duplicate') {
        logger.info('Duplicate delivery ignored', { key: upload.key, sequencer: upload.sequencer });
      } else if (outcome.kind === 'folder-marker') {
        // Logged by the use case: the console's "Create folder" object, not an upload.
      } else {
        logger.info('Upload processed', {
          key: upload.key, status: outcome.kind, province: outcome.province,
          errors: outcome.verdict.errors.map((e) => e.code), warnings: outcome.verdict.warnings.map((w) => w.code),
          notified: outcome.notified, ...(outcome.mailError ? { mailError: outcome.mailError } : {}),
          ...(outcome.kind === 'accepted' ? { reportDate: outcome.reportDate, current: outcome.current, late: outcome.late } : {}),
        });
      }
    }
  };
}

/** The handler, reading its settings from `env` (Lambda: process.env; the local stack passes its own). */
export function makeHandler(env: NodeJS.ProcessEnv = process.env) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    if (env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel(env.POWERTOOLS_LOG_LEVEL as Parameters<Logger['setLogLevel']>[0]);
    // A processor per invocation: it holds the batch's failures, so invocations never share them.
    const processor = new BatchProcessor(EventType.SQS);
    // A batch in which every message failed is reported like any other, so SQS retries exactly those.
    return processPartialResponse(event, makeRecordHandler(intakeDepsFromEnv(env, logPort(logger))), processor, { context, throwOnFullBatchFailure: false });
  };
}

export const handler = makeHandler();
