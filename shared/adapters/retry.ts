// One retry policy for everything that retries with exponential backoff (the mailer's sends; the
// local stack's stand-ins for SQS redelivery and Lambda's async retries).
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How to wait (tests pass one that records instead); the default is a timer. */
  sleep?: (ms: number) => Promise<void>;
}

/** The longest wait before attempt `attempt + 1`: base · 2^(attempt-1), capped. */
export function backoffCeilingMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
