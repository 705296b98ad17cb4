// An in-memory contact registry for the portal's page tests: the same versioned writes and audit
// entries as the table's (shared/adapters/contact-registry.ts), and the contact book the sign-in reads.
import type { ContactAuditEntry, ContactPerson } from '../../shared/domain/contacts/people.ts';
import type { ContactDecision, ContactRequest, ContactRequestStatus } from '../../shared/domain/contacts/requests.ts';
import type { ContactRegistry, ContactRegistryView, ContactRequestStore, ProvinceContactList } from '../../shared/ports/contacts.ts';

export class MemoryContactRegistry implements ContactRegistry {
  private readonly lists = new Map<string, ProvinceContactList>();
  readonly ended: string[] = [];

  constructor(provinces: ReadonlyArray<{ province: string; emails: readonly string[] }>, readonly national: string[] = []) {
    for (const p of provinces) {
      this.lists.set(p.province, { province: p.province, people: p.emails.map((email) => ({ email, name: '', role: '' })), version: 0, changes: [] });
    }
  }

  list(): Promise<ContactRegistryView> {
    return Promise.resolve({ provinces: [...this.lists.values()].map((l) => structuredClone(l)).sort((a, b) => a.province.localeCompare(b.province)), national: [...this.national] });
  }

  replaceProvince(province: string, version: number, after: ContactPerson[], entry: ContactAuditEntry): Promise<'written' | 'conflict'> {
    const current = this.lists.get(province) ?? { province, people: [], version: 0, changes: [] };
    if (current.version !== version) return Promise.resolve('conflict');
    this.lists.set(province, { province, people: structuredClone(after), version: version + 1, changes: [...current.changes, structuredClone(entry)] });
    return Promise.resolve('written');
  }

  /** What the sign-in and the mails read: each province's addresses, and the national office's. */
  book(): { provinces: Array<{ province: string; emails: string[] }>; national: string[] } {
    return { provinces: [...this.lists.values()].map((l) => ({ province: l.province, emails: l.people.map((p) => p.email) })), national: [...this.national] };
  }
}

/** Provinces' change requests in memory, with the table's conditional moves (shared/adapters/contact-requests.ts). */
export class MemoryContactRequests implements ContactRequestStore {
  readonly items = new Map<string, ContactRequest>();

  create(request: ContactRequest): Promise<void> {
    const key = `${request.province}#${request.id}`;
    if (this.items.has(key)) return Promise.reject(new Error(`request ${key} exists`));
    this.items.set(key, structuredClone(request));
    return Promise.resolve();
  }

  list(province?: string): Promise<ContactRequest[]> {
    return Promise.resolve([...this.items.values()].filter((r) => province === undefined || r.province === province).map((r) => structuredClone(r)));
  }

  get(province: string, id: string): Promise<ContactRequest | undefined> {
    const found = this.items.get(`${province}#${id}`);
    return Promise.resolve(found ? structuredClone(found) : undefined);
  }

  settle(province: string, id: string, from: { status: ContactRequestStatus; decidedAt?: string }, to: { status: ContactRequestStatus; decision?: ContactDecision }): Promise<'written' | 'conflict'> {
    const current = this.items.get(`${province}#${id}`);
    if (!current || current.status !== from.status || (from.decidedAt !== undefined && current.decision?.at !== from.decidedAt)) return Promise.resolve('conflict');
    const { decision: _old, ...rest } = current;
    this.items.set(`${province}#${id}`, { ...rest, status: to.status, ...(to.decision ? { decision: structuredClone(to.decision) } : {}) });
    return Promise.resolve('written');
  }
}
