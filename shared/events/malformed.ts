// The error every event decoder throws for input it cannot use: handlers log it as one line and fail
// only that event (a batch item failure, or a dropped scheduled event), never deeper in the code.
import type { core } from 'zod/mini';

export class MalformedEvent extends Error {
  override readonly name = 'MalformedEvent';
}

/** The schema's complaints in one line: "detail.reportDate: Invalid string; time: Required". */
export function describeIssues(error: core.$ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
}
