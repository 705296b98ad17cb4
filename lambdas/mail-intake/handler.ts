// Mail-intake Lambda: SQS (SNS notifications of SES's receipt rule, the raw message stored under
// mail/inbound/ of the one configured mail bucket: the report bucket, or the receiving region's) →
// mail-intake use case. A notification naming any other bucket or prefix is refused and logged. Partial batch failures: one mail that fails is retried
// (then parked in the DLQ) without holding up the others. Each record is decoded with its schema
// first: a malformed message is one log line and one failed item.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { handlerLogger, logPort } from '../../shared/adapters/logger.ts';
import { processInboundMail, type MailIntakeDeps } from '../../shared/domain/mail-intake/intake.ts';
import { MalformedEvent } from '../../shared/events/malformed.ts';
import { inboundMailFromRecord } from '../../shared/events/ses-received.ts';
import { mailBucketFromEnv, mailIntakeDepsFromEnv } from '../../shared/wiring/mail-intake.ts';

const logger = handlerLogger('mailIntake');

export function makeRecordHandler(deps: MailIntakeDeps, bucket: string) {
  return async (record: SQSRecord): Promise<void> => {
    let mail;
    try {
      mail = inboundMailFromRecord(record, bucket);
    } catch (error) {
      if (error instanceof MalformedEvent) logger.error('Malformed mail notification', { messageId: record.messageId, mailBucket: bucket, error: error.message });
      throw error;
    }
    if (!mail) {
      logger.info('Notification without a mail ignored', { messageId: record.messageId });
      return;
    }
    const outcome = await processInboundMail(deps, mail);
    logger.info('Mail processed', {
      key: mail.key, outcome: outcome.kind, province: outcome.record.province, uploads: outcome.record.uploads,
      ...(outcome.kind === 'refused' ? { reason: outcome.refusal.code, replied: outcome.record.replied } : {}),
    });
  };
}

/** The handler, reading its settings from `env` (Lambda: process.env; the local stack passes its own). */
export function makeHandler(env: NodeJS.ProcessEnv = process.env) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    if (env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel(env.POWERTOOLS_LOG_LEVEL as Parameters<Logger['setLogLevel']>[0]);
    // A processor per invocation: it holds the batch's failures, so invocations never share them.
    const processor = new BatchProcessor(EventType.SQS);
    const deps = mailIntakeDepsFromEnv(env, logPort(logger));
    return processPartialResponse(event, makeRecordHandler(deps, mailBucketFromEnv(env).name), processor, {
      context, throwOnFullBatchFailure: false,
    });
  };
}

export const handler = makeHandler();
