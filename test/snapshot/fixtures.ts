// Shared test data for the snapshot tests: reports, submissions and in-memory fakes of the ports.
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import type {
  DateTotals, DateTotalsStore, FileStore, SnapshotSlotState, SnapshotStateStore,
} from '../../shared/ports/index.ts';

export function values(seed: number): number[] {
  // A consistent row: parts never exceed totals, counts and amounts zero together.
  const units = 100 + seed;
  const amount = units * 1_000_003;
  return [units, amount, units - 10, amount - 10_000_030, 5 + seed, 3, 2, units - 5, amount - 5_000_015, units - 20, amount - 20_000_060];
}

export function report(province: string, reportDate: string, receivedAt: string, opts: Partial<StoredReport> = {}): StoredReport {
  return {
    province, reportDate, values: values(Number(province)), receivedAt, sequencer: '0055AA', late: false,
    objectKey: `incoming/${province}/bao-cao.xlsx`, warnings: [], ...opts,
  };
}

export function rejected(province: string, reportDate: string, receivedAt: string): SubmissionRecord {
  return {
    province, reportDate, receivedAt, sequencer: '01', objectKey: `incoming/${province}/x.xlsx`, status: 'rejected',
    late: false, superseded: false, values: null, warnings: [], errors: [{ code: 'negative', message: 'Ô âm' }],
  };
}

/** An in-memory bucket. `hook` runs before every call (tests use it to interleave runs). */
export class MemoryFileStore implements FileStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  hook: () => Promise<void> = async () => {};
  async read(key: string, maxBytes: number) {
    await this.hook();
    const o = this.objects.get(key);
    if (!o) throw Object.assign(new Error(`NoSuchKey ${key}`), { name: 'NoSuchKey' });
    return o.body.byteLength > maxBytes ? { tooLarge: o.body.byteLength } : { body: o.body };
  }
  async write(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.hook();
    this.objects.set(key, { body: typeof body === 'string' ? new TextEncoder().encode(body) : body, contentType });
  }
  text(key: string): string | undefined {
    const o = this.objects.get(key);
    return o ? new TextDecoder().decode(o.body) : undefined;
  }
}

/** The conditional-write semantics of the DynamoDB adapter, in memory. */
export class MemorySnapshotState implements SnapshotStateStore {
  readonly items = new Map<string, SnapshotSlotState & { dirty: boolean }>();
  hook: () => Promise<void> = async () => {};
  async get(slot: string) {
    await this.hook();
    const item = this.items.get(slot);
    if (!item) return undefined;
    const { dirty: _dirty, ...state } = item;
    return state;
  }
  async claim(state: Omit<SnapshotSlotState, 'written'>) {
    await this.hook();
    const held = this.items.get(state.slot);
    if (held && held.version > state.version) return false;
    this.items.set(state.slot, { ...state, written: false, dirty: false });
    return true;
  }
  async commit(slot: string, token: string) {
    await this.hook();
    const held = this.items.get(slot);
    if (!held || held.token !== token || held.dirty) return false;
    held.written = true;
    return true;
  }
  async markDirty(slot: string, token: string) {
    await this.hook();
    const held = this.items.get(slot);
    if (!held || held.token !== token || held.written) return false;
    held.dirty = true;
    return true;
  }
}

/** A report table in memory: latest upload wins, as the DynamoDB adapter does. */
export class MemoryReports {
  readonly byDate = new Map<string, Map<string, StoredReport>>();
  readonly submissions: SubmissionRecord[] = [];
  hook: () => Promise<void> = async () => {};
  put(r: StoredReport): boolean {
    const day = this.byDate.get(r.reportDate) ?? new Map<string, StoredReport>();
    this.byDate.set(r.reportDate, day);
    const held = day.get(r.province);
    if (held && held.receivedAt > r.receivedAt) return false;
    day.set(r.province, r);
    return true;
  }
  async listReportsForDate(date: string): Promise<StoredReport[]> {
    await this.hook();
    return [...(this.byDate.get(date)?.values() ?? [])].map((r) => ({ ...r }));
  }
  async listForDate(date: string): Promise<SubmissionRecord[]> {
    await this.hook();
    return this.submissions.filter((s) => s.reportDate === date);
  }
}

/** Per-date totals in memory, with the adapter's conditional write (an older version never overwrites). */
export class MemoryDateTotals implements DateTotalsStore {
  readonly items = new Map<string, DateTotals>();
  /** Dates asked for by listBefore, one entry per call (each is one Query on DynamoDB). */
  readonly lists: string[] = [];
  hook: () => Promise<void> = async () => {};
  async listBefore(date: string): Promise<DateTotals[]> {
    await this.hook();
    this.lists.push(date);
    return [...this.items.values()].filter((t) => t.date < date).map((t) => ({ ...t, total: [...t.total] }));
  }
  async put(totals: DateTotals): Promise<boolean> {
    await this.hook();
    const held = this.items.get(totals.date);
    if (held && held.version > totals.version) return false;
    this.items.set(totals.date, { ...totals, total: [...totals.total] });
    return true;
  }
}
