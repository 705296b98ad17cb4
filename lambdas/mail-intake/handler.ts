// Mail-intake Lambda: SQS (SNS notifications of SES's receipt rule, the raw message stored under
// mail/inbound/) → mail-intake use case. Partial batch failures: one mail that fails is retried
// (then parked in the DLQ) without holding up the others.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamoDocumentClient, requiredEnv, s3Client, sesClient } from '../../shared/adapters/clients.ts';
import { DynamoContactDirectory } from '../../shared/adapters/contacts.ts';
import { DynamoMailLog } from '../../shared/adapters/mail-log.ts';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';
import { SesMailer } from '../../shared/adapters/ses-mailer.ts';
import { currentCampaign } from '../../shared/config/campaign.ts';
import { processInboundMail, type MailIntakeDeps } from '../../shared/domain/mail-intake/intake.ts';
import { AUTHENTICATION_ENV, inboundMailFromMessageBody } from './event.ts';

const logger = new Logger({ serviceName: 'mail-intake' });


export function mailIntakeDepsFromEnv(env: NodeJS.ProcessEnv = process.env): MailIntakeDeps {
  const tableName = requiredEnv('BHXH_TABLE_NAME', env);
  const contacts = new DynamoContactDirectory(dynamoDocumentClient(env), { tableName, ...(env.BHXH_SENDER ? { senderFallback: env.BHXH_SENDER } : {}) });
  return {
    campaign: currentCampaign(env),
    files: new S3FileStore(s3Client(env), requiredEnv('BHXH_BUCKET_NAME', env)),
    contacts,
    mailer: new SesMailer(sesClient(env), () => contacts.sender()),
    mailLog: new DynamoMailLog(dynamoDocumentClient(env), tableName),
    ...(env.BHXH_SUBMISSION_ADDRESS ? { submissionAddress: env.BHXH_SUBMISSION_ADDRESS } : {}),
    checkAuthentication: env[AUTHENTICATION_ENV] !== 'contacts-only',
    log: (level, message, detail) => logger[level](message, detail ?? {}),
  };
}

export function makeRecordHandler(deps: MailIntakeDeps, bucket: string) {
  return async (record: SQSRecord): Promise<void> => {
    const mail = inboundMailFromMessageBody(record.body, bucket);
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
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, makeRecordHandler(mailIntakeDepsFromEnv(env), requiredEnv('BHXH_BUCKET_NAME', env)), processor, {
      context, throwOnFullBatchFailure: false,
    });
  };
}

export const handler = makeHandler();
