// Sends mail through SES as raw MIME (so the digest can carry the xlsx), retrying throttling and
// transient failures with exponential backoff. SES in sandbox allows about one message a second.
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage, Mailer } from '../ports/index.ts';
import { backoffCeilingMs, sleepMs, type RetryPolicy } from './retry.ts';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 5_000 };

const RETRYABLE = new Set([
  'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'ServiceUnavailable',
  'InternalFailure', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError',
]);

export function isRetryableSesError(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e?.$retryable) return true;
  if (RETRYABLE.has(e?.name ?? '') || RETRYABLE.has(e?.code ?? '')) return true;
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return status === 429 || status >= 500 || /ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket hang up/i.test(String((error as Error)?.message));
}

/**
 * RFC 3834: every mail of the pipeline says it was sent by a machine (a reply to a mail, "auto-replied";
 * anything else, "auto-generated"), and asks Exchange not to answer it with an out-of-office.
 */
export function automaticHeaders(message: Pick<MailMessage, 'inReplyTo' | 'autoSubmitted'>): Record<string, string> {
  return {
    'Auto-Submitted': message.autoSubmitted ?? (message.inReplyTo ? 'auto-replied' : 'auto-generated'),
    'X-Auto-Response-Suppress': 'All',
  };
}

/** Builds the raw MIME message (UTF-8, text + HTML alternatives, attachments). */
export async function composeRaw(from: string, message: MailMessage): Promise<Uint8Array> {
  const composer = new MailComposer({
    from,
    headers: automaticHeaders(message),
    to: message.to,
    subject: message.subject,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references?.length ? { references: message.references } : {}),
    text: message.text,
    html: message.html,
    textEncoding: 'base64',
    attachments: message.attachments?.map((a) => ({
      filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content),
    })),
  });
  const raw: Buffer = await new Promise((resolve, reject) => {
    composer.compile().build((error, built) => (error ? reject(error) : resolve(built)));
  });
  return new Uint8Array(raw);
}

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: () => Promise<string> | string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const raw = await composeRaw(await this.from(), message);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.client.send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
        return { messageId: result.MessageId ?? '' };
      } catch (error) {
        if (attempt >= this.retry.attempts || !isRetryableSesError(error)) throw error;
        const ceiling = backoffCeilingMs(this.retry, attempt);
        await (this.retry.sleep ?? sleepMs)(ceiling / 2 + Math.random() * (ceiling / 2));
      }
    }
  }
}
