// The local dead-letter list: what the AWS stack parks in its DLQs (intake DLQ, invocation DLQ), the
// local stack appends to <data dir>/dead-letters.jsonl, one JSON object a line. Nothing is dropped
// silently: `bhxh status` lists these, and they survive a restart (like an SQS queue would).
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const DEAD_LETTER_FILE = 'dead-letters.jsonl';

export interface DeadLetter {
  /** When it was parked (wall clock: operational bookkeeping, not domain time). */
  parkedAt: string;
  /** The local function that kept failing: parser, aggregator or reminder. */
  function: string;
  attempts: number;
  /** The last error, "Name: message". */
  error: string;
  /** A one-line description for people, e.g. the object key. */
  subject: string;
  /** The event as it was delivered (so it can be replayed by hand). */
  event: unknown;
}

export function deadLetterPath(dataDir: string): string {
  return join(dataDir, DEAD_LETTER_FILE);
}

export async function parkDeadLetter(dataDir: string, letter: DeadLetter): Promise<void> {
  const file = deadLetterPath(dataDir);
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(letter)}\n`, 'utf8');
}

/** Every parked failure, oldest first; none when the file does not exist. Unreadable lines are kept as such. */
export async function readDeadLetters(dataDir: string): Promise<DeadLetter[]> {
  let text: string;
  try {
    text = await readFile(deadLetterPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    try {
      return JSON.parse(line) as DeadLetter;
    } catch {
      return { parkedAt: '', function: '?', attempts: 0, error: 'unreadable line in the dead-letter file', subject: line.slice(0, 120), event: null };
    }
  });
}
