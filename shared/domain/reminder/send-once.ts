// One message of a reminder run, sent at most once across attempts: claim -> send -> mark sent, and
// the claim released when the send fails (see run.ts for the crash windows, and
// shared/adapters/reminder-log.ts for the log itself).
import type { Log, ReminderKey, ReminderLog } from '../../ports/index.ts';

export type SendOnceOutcome =
  | { status: 'sent'; messageId: string }
  /** An earlier attempt of the same run sent it: never again. */
  | { status: 'already-sent'; to: string[]; sentAt: string }
  /** Another live attempt holds the claim: left to a retry. */
  | { status: 'in-progress'; leaseUntil: string }
  /** The send failed; the claim was given back so a retry sends at once. */
  | { status: 'failed'; error: string };

export interface SendOnceInput {
  reminderLog: ReminderLog;
  attemptId: string;
  log: Log;
  key: ReminderKey;
  /** Recorded with "sent". */
  to: string[];
  dates: string[];
  /** What the log lines call it ("Reminder", "Digest"), and their attributes. */
  what: string;
  context: Record<string, unknown>;
  send: () => Promise<{ messageIds: string[] }>;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export async function sendOnce(input: SendOnceInput): Promise<SendOnceOutcome> {
  const { reminderLog, attemptId, log, key, what, context } = input;
  let claimed = false;
  try {
    const claim = await reminderLog.claim(key, attemptId);
    if (claim.status === 'sent') return { status: 'already-sent', to: claim.to, sentAt: claim.sentAt };
    if (claim.status === 'busy') {
      log.warn(`${what} claimed by another attempt: left to a retry`, { ...context, leaseUntil: claim.leaseUntil });
      return { status: 'in-progress', leaseUntil: claim.leaseUntil };
    }
    claimed = true;
    const messageId = (await input.send()).messageIds.join(' ');
    claimed = false;
    try {
      await reminderLog.markSent(key, attemptId, { to: input.to, dates: input.dates, messageId });
    } catch (err) {
      // The message is out; only the record is missing. A retry would send again after the lease.
      log.error(`${what} sent but not recorded as sent`, { ...context, messageId, error: errorText(err) });
    }
    return { status: 'sent', messageId };
  } catch (err) {
    log.error(`${what} failed`, { ...context, error: errorText(err) });
    if (claimed) {
      try {
        await reminderLog.release(key, attemptId);
      } catch (releaseErr) {
        log.warn('Could not release a reminder claim; it expires with its lease', { ...key, error: errorText(releaseErr) });
      }
    }
    return { status: 'failed', error: errorText(err) };
  }
}
