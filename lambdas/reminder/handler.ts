// Reminder Lambda: invoked daily by EventBridge Scheduler (18:30 Asia/Ho_Chi_Minh, and the nudge when
// the campaign enables it). Thin: decode the event (its time is the run's instant), run the use case,
// log. When part of the run is left undone (a failed send, a claim held by another attempt), it
// throws after the digest, so Lambda's async retry runs it again; the retry sends only the rest.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { isIncomplete, runReminders, type ReminderRunResult, type RunLogger } from '../../shared/domain/reminder/run.ts';
import { reminderDepsFromEnv, type ReminderWiring } from './deps.ts';
import { decodeReminderEvent } from './event.ts';

const logger = new Logger({ serviceName: 'bhxh-reminder' });

const runLogger: RunLogger = {
  info: (message, attributes) => logger.info(message, attributes ?? {}),
  warn: (message, attributes) => logger.warn(message, attributes ?? {}),
  error: (message, attributes) => logger.error(message, attributes ?? {}),
};

export class IncompleteReminderRun extends Error {
  constructor(readonly result: ReminderRunResult) {
    super('Reminder run incomplete: some mails are left to a retry');
    this.name = 'IncompleteReminderRun';
  }
}

/** The handler, with its wiring replaceable (tests shorten the mailer's backoff). */
export function makeHandler(wiring: Omit<ReminderWiring, 'logger' | 'attemptId'> = {}) {
  return async (event: unknown, context?: Context): Promise<ReminderRunResult> => {
    if (context) logger.addContext(context);
    if (wiring.env?.POWERTOOLS_LOG_LEVEL) logger.setLogLevel(wiring.env.POWERTOOLS_LOG_LEVEL as Parameters<Logger['setLogLevel']>[0]);
    let invocation: ReturnType<typeof decodeReminderEvent>;
    try {
      invocation = decodeReminderEvent(event);
    } catch (err) {
      logger.error('Unusable reminder event', { event, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    const { now, kind } = invocation;
    const deps = reminderDepsFromEnv({ ...wiring, logger: runLogger });
    logger.appendKeys({ kind, scheduledTime: now.toISOString(), attemptId: deps.attemptId });
    try {
      const result = await runReminders(deps, { now, kind });
      if (isIncomplete(result)) {
        logger.error('Reminder run incomplete: failing the invocation so it is retried', {
          failed: result.skipped.filter((s) => s.reason === 'failed' || s.reason === 'in-progress').map((s) => s.province),
          digest: result.digest?.status ?? null,
        });
        throw new IncompleteReminderRun(result);
      }
      return result;
    } finally {
      logger.removeKeys(['kind', 'scheduledTime', 'attemptId']);
    }
  };
}

export const handler = makeHandler();
