// A small in-memory stand-in for the shared DynamoDB table behind aws-sdk-client-mock: it evaluates
// the condition and key-condition expressions the adapters use (comparisons, AND/OR/NOT, parentheses,
// attribute_exists, attribute_not_exists, begins_with, BETWEEN), so conditional writes behave as on
// DynamoDB and state survives across handler invocations.
import {
  BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand,
  type BatchWriteCommandInput, type DeleteCommandInput, type GetCommandInput, type PutCommandInput, type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

export class ConditionalCheckFailed extends Error {
  constructor() {
    super('The conditional request failed');
    this.name = 'ConditionalCheckFailedException';
  }
}

function tokenize(expr: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|,|<>|<=|>=|=|<|>|[#:]?[A-Za-z_][A-Za-z0-9_.]*)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < expr.length && (m = re.exec(expr))) tokens.push(m[1]!);
  if (re.lastIndex < expr.trimEnd().length) throw new Error(`cannot tokenize expression at: ${expr.slice(re.lastIndex)}`);
  return tokens;
}

export function evaluate(expr: string, item: Item | undefined, names: Names, values: Values): boolean {
  const tokens = tokenize(expr);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++]!;
  const expect = (t: string) => { if (next() !== t) throw new Error(`expected ${t} in ${expr}`); };
  const path = (t: string): string => (t.startsWith('#') ? (names?.[t] ?? (() => { throw new Error(`unknown name ${t}`); })()) : t);
  const operand = (): unknown => {
    const t = next();
    if (t.startsWith(':')) {
      if (!values || !(t in values)) throw new Error(`unknown value ${t}`);
      return values[t];
    }
    return item?.[path(t)];
  };
  const compare = (a: unknown, op: string, b: unknown): boolean => {
    if (a === undefined || b === undefined) return op === '<>' ? a !== b : false;
    switch (op) {
      case '=': return JSON.stringify(a) === JSON.stringify(b);
      case '<>': return JSON.stringify(a) !== JSON.stringify(b);
      case '<': return (a as string) < (b as string);
      case '<=': return (a as string) <= (b as string);
      case '>': return (a as string) > (b as string);
      case '>=': return (a as string) >= (b as string);
      default: throw new Error(`unknown operator ${op}`);
    }
  };
  const primary = (): boolean => {
    const t = peek();
    if (t === '(') { next(); const v = or(); expect(')'); return v; }
    if (t === 'NOT') { next(); return !primary(); }
    if (t === 'attribute_exists' || t === 'attribute_not_exists') {
      next(); expect('('); const p = path(next()); expect(')');
      const exists = item !== undefined && item[p] !== undefined;
      return t === 'attribute_exists' ? exists : !exists;
    }
    if (t === 'begins_with') {
      next(); expect('('); const a = operand(); expect(','); const b = operand(); expect(')');
      return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
    }
    const a = operand();
    const op = next();
    if (op === 'BETWEEN') {
      const lo = operand(); expect('AND'); const hi = operand();
      return compare(a, '>=', lo) && compare(a, '<=', hi);
    }
    return compare(a, op, operand());
  };
  const and = (): boolean => { let v = primary(); while (peek() === 'AND') { next(); const r = primary(); v = v && r; } return v; };
  const or = (): boolean => { let v = and(); while (peek() === 'OR') { next(); const r = and(); v = v || r; } return v; };
  const result = or();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${expr}`);
  return result;
}

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryTable {
  readonly items = new Map<string, Item>();
  /** Forces Query pagination, to exercise LastEvaluatedKey handling. */
  pageSize = 1000;
  readonly calls: Array<{ command: string; input: Record<string, unknown> }> = [];

  private key(k: Item): string {
    return `${String(k.pk)}\u0000${String(k.sk)}`;
  }

  put(item: Item): void {
    this.items.set(this.key(item), clone(item));
  }

  get(pk: string, sk: string): Item | undefined {
    return this.items.get(this.key({ pk, sk }));
  }

  /** Installs the table behind a mocked DynamoDBDocumentClient; returns the mock. */
  install() {
    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(PutCommand).callsFake((input: PutCommandInput) => {
      this.calls.push({ command: 'Put', input });
      const existing = this.items.get(this.key(input.Item!));
      if (input.ConditionExpression && !evaluate(input.ConditionExpression, existing, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
        throw new ConditionalCheckFailed();
      }
      this.put(input.Item!);
      return {};
    });
    mock.on(GetCommand).callsFake((input: GetCommandInput) => {
      this.calls.push({ command: 'Get', input });
      const item = this.items.get(this.key(input.Key!));
      return item ? { Item: clone(item) } : {};
    });
    mock.on(DeleteCommand).callsFake((input: DeleteCommandInput) => {
      this.calls.push({ command: 'Delete', input });
      const existing = this.items.get(this.key(input.Key!));
      if (input.ConditionExpression && !evaluate(input.ConditionExpression, existing, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
        throw new ConditionalCheckFailed();
      }
      this.items.delete(this.key(input.Key!));
      return {};
    });
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
      this.calls.push({ command: 'BatchWrite', input });
      for (const requests of Object.values(input.RequestItems ?? {}) as Array<Array<{ PutRequest?: { Item: Item } }>>) {
        for (const r of requests) if (r.PutRequest) this.put(r.PutRequest.Item);
      }
      return { UnprocessedItems: {} };
    });
    mock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      this.calls.push({ command: 'Query', input });
      const [hash, range] = input.IndexName ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
      let matches = [...this.items.values()]
        .filter((item) => item[hash] !== undefined)
        .filter((item) => evaluate(input.KeyConditionExpression!, item, input.ExpressionAttributeNames, input.ExpressionAttributeValues))
        .sort((a, b) => String(a[range]).localeCompare(String(b[range])));
      if (input.ScanIndexForward === false) matches.reverse();
      const startKey = input.ExclusiveStartKey;
      const start = startKey ? matches.findIndex((m) => this.key(m) === this.key(startKey)) + 1 : 0;
      const limit = Math.min(input.Limit ?? Infinity, this.pageSize);
      matches = matches.slice(start);
      const page = matches.slice(0, limit);
      const more = matches.length > page.length;
      return { Items: page.map(clone), ...(more ? { LastEvaluatedKey: { pk: page.at(-1)!.pk, sk: page.at(-1)!.sk } } : {}) };
    });
    return mock;
  }

  /** Commands of one kind sent so far. */
  sent(command: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.command === command).map((c) => c.input);
  }
}

/** A document client for the mock to intercept (never reaches the network). */
export function testDocClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }));
}
