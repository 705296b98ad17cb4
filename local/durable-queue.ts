// Delivery and retry: a queue kept on disk, standing in for SQS (the intake and aggregation queues)
// and for Lambda's asynchronous event queue (the schedules). One JSON file a message under
// <data dir>/queues/<name>/, written (and fsynced) before the sender is answered, removed only
// when the consumer has handled the message or it has been parked in the dead-letter list. So a
// message survives a crash at any point and is delivered again on the next start, with its receive
// count: at-least-once, as SQS. A failed message becomes visible again after a backoff (the
// visibility timeout) until maxReceiveCount, then it is parked. Messages are handed to the
// consumer in batches (batchSize, after a batching window), `concurrency` batches at a time.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface QueuedMessage {
  messageId: string;
  body: string;
  /** Epoch milliseconds. */
  sentTimestamp: number;
  /** Deliveries so far, this one included while it is being handled. */
  receiveCount: number;
}

export interface QueueSettings {
  batchSize: number;
  batchingWindowMs: number;
  maxReceiveCount: number;
  concurrency: number;
  /** Backoff before a failed message is visible again: base × 2^(receives-1), capped. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

export interface QueueOptions extends QueueSettings {
  name: string;
  /** The directory the messages are kept in. */
  dir: string;
  /** Hands a batch to its function; resolves with the error of each message that failed. */
  consume: (batch: QueuedMessage[]) => Promise<Map<string, string>>;
  /** Keeps a message that failed its last receive (the dead-letter queue). */
  park: (message: QueuedMessage, error: string) => Promise<void>;
}

/** One delivery's outcome, for the console and the tests. */
export interface Delivery {
  queue: string;
  message: QueuedMessage;
  ok: boolean;
  /** Set when this was the last receive and the message is parked. */
  parked?: boolean;
  error?: string;
}

/** Writes a file so that a crash leaves either the old content or the new, never a torn one. */
export function writeFileDurably(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The same through fs.promises, off the event loop: for the queue's own bookkeeping, where no sender waits. */
async function writeFileDurablyAsync(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

export class DurableQueue extends EventEmitter<{ delivery: [Delivery] }> {
  private readonly ready: QueuedMessage[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private windowTimer: NodeJS.Timeout | undefined;
  private running = 0;
  private waiting = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private counter = 0;
  private started = false;

  /** Loads the messages an earlier run left on disk; nothing is delivered before start(). */
  constructor(private readonly options: QueueOptions) {
    super();
    mkdirSync(options.dir, { recursive: true });
    this.ready.push(...this.stored());
  }

  /** Starts delivering (what an earlier run left first, in sending order). */
  start(): void {
    this.started = true;
    this.pump();
  }

  get name(): string {
    return this.options.name;
  }

  /** Messages on disk (waiting, being handled or waiting to be retried). */
  stored(): QueuedMessage[] {
    const messages: QueuedMessage[] = [];
    for (const file of readdirSync(this.options.dir).filter((f) => f.endsWith('.json')).sort()) {
      try {
        const message = JSON.parse(readFileSync(join(this.options.dir, file), 'utf8')) as QueuedMessage;
        Object.defineProperty(message, 'file', { value: join(this.options.dir, file), enumerable: false });
        messages.push(message);
      } catch {
        // A file torn by a crash cannot be: it is written aside and renamed. Anything else is not ours.
      }
    }
    return messages;
  }

  /** Stores a message before returning (the sender is answered after this), then queues it. */
  send(body: string): QueuedMessage {
    const message: QueuedMessage = { messageId: randomUUID(), body, sentTimestamp: Date.now(), receiveCount: 0 };
    // The name sorts in sending order, so a restart delivers in the order they were sent.
    const seq = `${String(message.sentTimestamp).padStart(14, '0')}-${String(this.counter++).padStart(6, '0')}`;
    Object.defineProperty(message, 'file', { value: join(this.options.dir, `${seq}-${message.messageId}.json`), enumerable: false });
    writeFileDurably(this.fileOf(message), JSON.stringify(message));
    this.makeVisible(message);
    return message;
  }

  /** Resolves when nothing is waiting, running or waiting to be retried. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops delivering and waits for the running batches. What is not handled stays on disk for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    this.ready.length = 0;
    this.waiting = 0;
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    this.settleIdle();
  }

  private fileOf(message: QueuedMessage): string {
    return (message as QueuedMessage & { file: string }).file;
  }

  isIdle(): boolean {
    return this.ready.length === 0 && this.running === 0 && this.waiting === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private makeVisible(message: QueuedMessage): void {
    if (this.closed) return;
    this.ready.push(message);
    this.pump();
  }

  private pump(): void {
    if (this.closed || !this.started) return;
    while (this.running < this.options.concurrency && this.ready.length > 0) {
      const full = this.ready.length >= this.options.batchSize;
      if (!full && this.options.batchingWindowMs > 0) {
        // The event source gathers messages for the window before invoking with a partial batch.
        this.windowTimer ??= setTimeout(() => {
          this.windowTimer = undefined;
          this.drain();
        }, this.options.batchingWindowMs);
        return;
      }
      this.dispatch(this.ready.splice(0, this.options.batchSize));
    }
  }

  private drain(): void {
    if (this.closed) return;
    while (this.running < this.options.concurrency && this.ready.length > 0) this.dispatch(this.ready.splice(0, this.options.batchSize));
  }

  private dispatch(batch: QueuedMessage[]): void {
    this.running++;
    void this.deliver(batch).finally(() => {
      this.running--;
      this.pump();
      this.settleIdle();
    });
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    await Promise.all(batch.map((message) => {
      message.receiveCount++;
      return writeFileDurablyAsync(this.fileOf(message), JSON.stringify(message));
    }));
    let failures: Map<string, string>;
    try {
      failures = await this.options.consume(batch);
    } catch (error) {
      failures = new Map(batch.map((m) => [m.messageId, errorText(error)]));
    }
    for (const message of batch) await this.settle(message, failures.get(message.messageId));
  }

  private async settle(message: QueuedMessage, error: string | undefined): Promise<void> {
    if (error === undefined) {
      await rm(this.fileOf(message), { force: true });
      this.emit('delivery', { queue: this.name, message, ok: true });
      return;
    }
    if (message.receiveCount < this.options.maxReceiveCount) {
      this.emit('delivery', { queue: this.name, message, ok: false, error });
      if (this.closed) return;
      const delay = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** (message.receiveCount - 1));
      this.waiting++;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting--;
        this.makeVisible(message);
        this.settleIdle();
      }, delay);
      this.timers.add(timer);
      return;
    }
    try {
      await this.options.park(message, error);
      await rm(this.fileOf(message), { force: true });
    } finally {
      this.emit('delivery', { queue: this.name, message, ok: false, parked: true, error });
    }
  }
}

/** "Name: message" of an error; for the batch utility's wrapper, the record's own error. */
export function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string; recordErrors?: unknown[] };
  if (Array.isArray(e?.recordErrors) && e.recordErrors.length > 0) return errorText(e.recordErrors[0]);
  return e?.message ? `${e.name ?? 'Error'}: ${e.message}` : String(error);
}
