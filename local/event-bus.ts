// A minimal EventBridge PutEvents endpoint, so the parser's unmodified EventBridgePublisher runs
// locally: the stack points AWS_ENDPOINT_URL_EVENTBRIDGE here. It speaks the AWS JSON 1.1 protocol
// for one operation (X-Amz-Target: AWSEvents.PutEvents), turns each entry into the event EventBridge
// would deliver to a rule's target, and hands it to the targets whose pattern matches (source and
// detail-type, the only fields our rules use). Anything else is refused, as an unknown operation.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';

export type BusEvent = EventBridgeEvent<string, unknown>;

export interface EventRule {
  name: string;
  source: readonly string[];
  detailType: readonly string[];
  /** Called once per matching event; must not throw (the router queues and retries on its own). */
  target: (event: BusEvent) => void;
}

export interface EventBusOptions {
  host: string;
  port: number;
  region: string;
  rules: EventRule[];
  /** Events no rule matched (EventBridge drops them; we say so). */
  onUnmatched?: (event: BusEvent) => void;
}

export interface LocalEventBus {
  url: string;
  close(): Promise<void>;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  /** Epoch seconds in the JSON protocol. */
  Time?: number | string;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the delivered event of one PutEvents entry, or says why the entry is refused. */
export function toBusEvent(entry: PutEventsEntry, region: string): BusEvent | { errorCode: string; errorMessage: string } {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
    return { errorCode: 'InvalidArgument', errorMessage: 'Parameters Source, DetailType and Detail are required' };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed' };
  }
  const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000)
    : typeof entry.Time === 'string' ? new Date(entry.Time) : new Date();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '000000000000',
    // EventBridge events carry whole seconds.
    time: (Number.isNaN(time.getTime()) ? new Date() : time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: entry.Resources ?? [],
    detail,
  };
}

export function matches(rule: Pick<EventRule, 'source' | 'detailType'>, event: BusEvent): boolean {
  return rule.source.includes(event.source) && rule.detailType.includes(event['detail-type']);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEventBus(options: EventBusOptions): Promise<LocalEventBus> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      reply(res, 400, { __type: 'UnknownOperationException', message: `The local event bus only serves AWSEvents.PutEvents (got ${String(target)})` });
      return;
    }
    let entries: PutEventsEntry[];
    try {
      const body = JSON.parse(await readBody(req)) as { Entries?: PutEventsEntry[] };
      entries = Array.isArray(body.Entries) ? body.Entries : [];
    } catch (error) {
      reply(res, 400, { __type: 'SerializationException', message: (error as Error).message });
      return;
    }
    if (entries.length < 1 || entries.length > 10) {
      reply(res, 400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries' });
      return;
    }
    const results = entries.map((entry) => {
      const event = toBusEvent(entry, options.region);
      if ('errorCode' in event) return { ErrorCode: event.errorCode, ErrorMessage: event.errorMessage };
      const rules = options.rules.filter((rule) => matches(rule, event));
      if (rules.length === 0) options.onUnmatched?.(event);
      for (const rule of rules) rule.target(event);
      return { EventId: event.id };
    });
    reply(res, 200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, { __type: 'InternalException', message: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
