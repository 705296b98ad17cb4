// The local submission address: an SMTP server (smtp-server, from the nodemailer project) on
// loopback standing in for SES email receiving. Like the receipt rule's S3 action it stores the raw
// message under mail/inbound/ in the bucket, then puts the notification SES would publish (SNS, on
// the mail queue) through the durable mail queue to the very mail-intake handler. SPF, DKIM and DMARC
// cannot be checked here: mail-intake is told to decide by the contacts directory alone.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SMTPServer } from 'smtp-server';
import { s3Client } from '../shared/adapters/clients.ts';
import { MAIL_AUTHENTICATION_ENV, MAIL_INBOUND_PREFIX } from '../shared/contract.ts';
import { MAX_RAW_MAIL_BYTES } from '../shared/domain/mail-intake/intake.ts';
import { receivedNotificationBody } from '../shared/events/ses-received.ts';
import { LOCAL_DEFAULTS } from '../shared/local-stack/defaults.ts';
import type { LocalServer } from './servers.ts';
import type { LocalStack } from './stack.ts';
import { keepThreadingHeaders } from './ses-threading.ts';


export interface SmtpIntakeOptions {
  host: string;
  port: number;
  bucket: string;
  /** The handlers' environment: the S3 client, and what mail-intake is told (submission address, no SES verdicts). */
  env: NodeJS.ProcessEnv;
  /** The mail queue (SES → SNS → SQS on AWS): takes the notification body. */
  deliver: (body: string) => void;
  submissionAddress?: string;
  /** LOCAL-ONLY (demo, tests): a mail's header `X-BHXH-Received-At: <ISO-8601>` sets its receipt instant. */
  allowReceivedAtOverride?: boolean;
}

export const RECEIVED_AT_HEADER = 'X-BHXH-Received-At';

/** The claimed receipt instant of a raw message (its header block only), if valid. */
function claimedReceivedAt(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const block = head.slice(0, Math.max(0, head.search(/\r?\n\r?\n/)));
  const value = /^X-BHXH-Received-At:[ \t]*(\S+)/im.exec(block)?.[1];
  return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}

export interface SmtpIntake {
  host: string;
  port: number;
  submissionAddress: string;
  close(): Promise<void>;
}

/** An SES-like message id: what names the raw object under mail/inbound/. */
const sesMessageId = (): string => `${Date.now().toString(36)}${randomBytes(12).toString('hex')}`;

export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const submissionAddress = options.submissionAddress ?? LOCAL_DEFAULTS.submissionAddress;
  // What the CDK stack gives the Lambdas: the address replies are invited to; and the local-only switch.
  options.env.BHXH_SUBMISSION_ADDRESS = submissionAddress;
  options.env[MAIL_AUTHENTICATION_ENV] = 'contacts-only';
  keepThreadingHeaders();

  const server = new SMTPServer({
    name: 'bhxh-local',
    banner: 'BHXH local submission address (SPF, DKIM and DMARC are not checked here)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_RAW_MAIL_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === submissionAddress.toLowerCase()) return callback();
      const error = Object.assign(new Error(`Mailbox unavailable: only ${submissionAddress} receives mail here`), { responseCode: 550 });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the 40 MB SES accepts'), { responseCode: 552 }));
          return;
        }
        const id = sesMessageId();
        const key = `${MAIL_INBOUND_PREFIX}${id}`;
        const raw = Buffer.concat(chunks);
        const receivedAt = (options.allowReceivedAtOverride ? claimedReceivedAt(raw) : undefined) ?? new Date().toISOString();
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
        s3Client(options.env).send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: raw, ContentType: 'message/rfc822' })).then(() => {
          const body = receivedNotificationBody({
            bucket: options.bucket, key, sesMessageId: id, receivedAt, recipients: session.envelope.rcptTo.map((r) => r.address),
            ...(envelopeFrom !== undefined ? { envelopeFrom } : {}),
          });
          options.deliver(body);
          callback(null, `Queued as ${id}`);
        }, (error: unknown) => callback(error as Error));
      });
    },
  });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(error.code === 'EADDRINUSE' ? new Error(`SMTP: port ${options.port} on ${options.host} is in use (choose another with --smtp-port)`) : error);
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      server.on('error', () => {}); // a client's broken connection must not stop the stack
      resolve(server.server.address() as AddressInfo);
    });
  });
  return {
    host: options.host,
    port: address.port,
    submissionAddress,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The SMTP server as one of the local stack's servers (local/servers.ts): `ports.smtp`, default 2525. */
export const smtpIntakeServer: LocalServer = {
  name: 'smtp',
  async start(stack, port) {
    const smtp = await startSmtpIntake({
      host: LOCAL_DEFAULTS.host, port: port ?? LOCAL_DEFAULTS.smtpPort, bucket: stack.bucket, env: stack.handlerEnv,
      deliver: (body) => { stack.queues.mail.send(body); },
      allowReceivedAtOverride: stack.allowReceivedAtOverride,
    });
    return { url: `smtp://${smtp.host}:${smtp.port}`, close: () => smtp.close() };
  },
};

/** Where a started stack receives mail (from `stack.servers.smtp`). */
export function smtpOf(stack: Pick<LocalStack, 'servers'>): { host: string; port: number; submissionAddress: string } {
  const url = new URL(stack.servers.smtp ?? `smtp://${LOCAL_DEFAULTS.host}:${LOCAL_DEFAULTS.smtpPort}`);
  return { host: url.hostname, port: Number(url.port), submissionAddress: LOCAL_DEFAULTS.submissionAddress };
}
