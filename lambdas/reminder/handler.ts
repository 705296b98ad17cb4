// Reminder Lambda: invoked daily by EventBridge Scheduler (18:30 Asia/Ho_Chi_Minh, and the nudge when
// the campaign enables it). Thin: decode the event (its time is the run's instant), run the use case,
// log. When part of the run is left undone (a failed send, a claim held by another attempt), it
// counts a failed run (the ReminderRunFailed alarm) and throws after the digest, so Lambda's async
// retry runs it again; the retry sends only the rest.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { handlerLogger, handlerMetrics, logPort } from '../../shared/adapters/logger.ts';
import { METRICS } from '../../shared/contract.ts';
import { isIncomplete, runReminders, type ReminderRunResult } from '../../shared/domain/reminder/run.ts';
import { decodeReminderSchedule } from '../../shared/events/schedule.ts';
import { reminderDepsFromEnv, type ReminderWiring } from '../../shared/wiring/reminder.ts';

const logger = handlerLogger('reminder');
const countMetric = handlerMetrics('reminder');

export class IncompleteReminderRun extends Error {
  constructor(readonly result: ReminderRunResult) {
    super('Reminder run incomplete: some mails are left to a retry');
    this.name = 'IncompleteReminderRun';
  }
}

/** The handler, with its wiring replaceable (tests shorten the mailer's backoff). */
export function makeHandler(options: Omit<ReminderWiring, 'logger' | 'attemptId'> & { env?: NodeJS.ProcessEnv } = {}) {
  const { env = process.env, ...wiring } = options;
  return async (event: unknown, context?: Context): Promise<ReminderRunResult> => {
    if (context) logger.addContext(context);
    if (env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel(env.POWERTOOLS_LOG_LEVEL as Parameters<Logger['setLogLevel']>[0]);
    let invocation: ReturnType<typeof decodeReminderSchedule>;
    try {
      invocation = decodeReminderSchedule(event);
    } catch (err) {
      logger.error('Unusable reminder event', { event, error: err instanceof Error ? err.message : String(err) });
      countMetric(METRICS.reminderRunFailed);
      throw err;
    }
    const { now, kind } = invocation;
    const deps = reminderDepsFromEnv(env, { ...wiring, logger: logPort(logger) });
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
    } catch (err) {
      countMetric(METRICS.reminderRunFailed);
      throw err;
    } finally {
      logger.removeKeys(['kind', 'scheduledTime', 'attemptId']);
    }
  };
}

export const handler = makeHandler();
