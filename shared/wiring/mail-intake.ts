// Wires the mail-intake use case to AWS from the environment (the local stack sets the same variables):
//   BHXH_TABLE_NAME          the shared table (contacts, the received-mail log)
//   BHXH_BUCKET_NAME         the report bucket (raw mail read, attachments written to incoming/)
//   BHXH_MAIL_BUCKET_NAME    where SES stores the raw mail, when receiving is in another region (else the report bucket)
//   BHXH_MAIL_BUCKET_REGION  that bucket's region
//   BHXH_SUBMISSION_ADDRESS  the submission address (refusals answer from it)
//   BHXH_MAIL_AUTHENTICATION "contacts-only" locally: no SPF/DKIM/DMARC verdicts, contacts decide
//   BHXH_SENDER              the From: address when the table has no SENDER contact
//   BHXH_CAMPAIGN_FILE       the campaign (else the bundled default)
import { dynamoDocumentClient, requiredEnv, s3Client, sesClient } from '../adapters/clients.ts';
import { DynamoContactDirectory } from '../adapters/contacts.ts';
import { DynamoMailLog } from '../adapters/mail-log.ts';
import { S3FileStore } from '../adapters/s3-file-store.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { currentCampaign } from '../config/campaign.ts';
import { MAIL_AUTHENTICATION_ENV } from '../contract.ts';
import type { MailIntakeDeps } from '../domain/mail-intake/intake.ts';
import type { Log } from '../ports/index.ts';

/** The one bucket (and its region, when not this one) whose mail/inbound/ mail-intake reads; any other is refused. */
export function mailBucketFromEnv(env: NodeJS.ProcessEnv): { name: string; region?: string } {
  const name = env.BHXH_MAIL_BUCKET_NAME;
  if (!name) return { name: requiredEnv('BHXH_BUCKET_NAME', env) };
  return { name, region: requiredEnv('BHXH_MAIL_BUCKET_REGION', env) };
}

export function mailIntakeDepsFromEnv(env: NodeJS.ProcessEnv, log: Log): MailIntakeDeps {
  const tableName = requiredEnv('BHXH_TABLE_NAME', env);
  const campaign = currentCampaign(env);
  const contacts = new DynamoContactDirectory(dynamoDocumentClient(env), {
    tableName, provinceListId: campaign.config.provinceList.id, ...(env.BHXH_SENDER ? { senderFallback: env.BHXH_SENDER } : {}),
  });
  const mailBucket = mailBucketFromEnv(env);
  return {
    campaign,
    files: new S3FileStore(s3Client(env), requiredEnv('BHXH_BUCKET_NAME', env)),
    ...(mailBucket.region ? { rawMail: new S3FileStore(s3Client(env, mailBucket.region), mailBucket.name) } : {}),
    contacts,
    mailer: new SesMailer(sesClient(env), () => contacts.sender()),
    mailLog: new DynamoMailLog(dynamoDocumentClient(env), tableName, campaign.id),
    ...(env.BHXH_SUBMISSION_ADDRESS ? { submissionAddress: env.BHXH_SUBMISSION_ADDRESS } : {}),
    checkAuthentication: env[MAIL_AUTHENTICATION_ENV] !== 'contacts-only',
    log: (level, message, detail) => log[level](message, detail),
  };
}
