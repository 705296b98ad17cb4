// Parser Lambda: SQS (S3 ObjectCreated for incoming/) → intake use case, with partial batch
// failures so one bad message is retried (then parked in the DLQ) without blocking the others.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  dynamoDocumentClient, eventBridgeClient, requiredEnv, s3Client, sesClient,
} from '../../shared/adapters/clients.ts';
import { DynamoContactDirectory } from '../../shared/adapters/contacts.ts';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';
import { SesMailer } from '../../shared/adapters/ses-mailer.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { processUpload, type IntakeDeps } from '../../shared/domain/intake/process-upload.ts';
import { uploadsFromMessageBody } from './s3-event.ts';

const logger = new Logger({ serviceName: 'parser' });

/** Wires the use case to AWS from the environment (clients and campaign are made once per container). */
export function intakeDepsFromEnv(env: NodeJS.ProcessEnv = process.env): IntakeDeps {
  const table = new DynamoReportTable(dynamoDocumentClient(env), requiredEnv('BHXH_TABLE_NAME', env));
  // Contacts are read fresh for each batch, so an operator's change applies without a deploy.
  const contacts = new DynamoContactDirectory(dynamoDocumentClient(env), {
    tableName: requiredEnv('BHXH_TABLE_NAME', env), ...(env.BHXH_SENDER ? { senderFallback: env.BHXH_SENDER } : {}),
  });
  return {
    campaign: currentCampaign(env),
    reports: table,
    submissions: table,
    files: new S3FileStore(s3Client(env), requiredEnv('BHXH_BUCKET_NAME', env)),
    events: new EventBridgePublisher(eventBridgeClient(env), env.BHXH_EVENT_BUS_NAME || 'default'),
    mailer: new SesMailer(sesClient(env), () => contacts.sender()),
    contacts,
    log: (level, message, detail) => logger[level](message, detail ?? {}),
    ...(env.BHXH_SUBMISSION_ADDRESS ? { submissionAddress: env.BHXH_SUBMISSION_ADDRESS } : {}),
  };
}

export function makeRecordHandler(deps: IntakeDeps) {
  return async (record: SQSRecord): Promise<void> => {
    for (const upload of uploadsFromMessageBody(record.body)) {
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
    return processPartialResponse(event, makeRecordHandler(intakeDepsFromEnv(env)), processor, { context, throwOnFullBatchFailure: false });
  };
}

export const handler = makeHandler();
