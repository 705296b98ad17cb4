// The contacts as people edit them: each province's list with its people and the record of every
// change. Adapter: shared/adapters/contact-registry.ts (the contact items of the province list).
import type { ContactAuditEntry, ContactPerson } from '../domain/contacts/people.ts';
import type { ContactDecision, ContactRequest, ContactRequestStatus } from '../domain/contacts/requests.ts';

export interface ProvinceContactList {
  province: string;
  people: ContactPerson[];
  /** Bumped by every change: a change is written only over the version it was made from. */
  version: number;
  /** Every recorded change of this list, oldest first. */
  changes: ContactAuditEntry[];
}

export interface ContactRegistryView {
  provinces: ProvinceContactList[];
  national: string[];
  sender?: string;
}

export interface ContactRegistry {
  list(): Promise<ContactRegistryView>;
  /**
   * Writes a province's new list and its audit entry in one conditional write, unless the list
   * changed since `version` was read ('conflict': read again and redo).
   */
  replaceProvince(province: string, version: number, after: ContactPerson[], entry: ContactAuditEntry): Promise<'written' | 'conflict'>;
}

/** Ends what an address could still do: its sessions and its unused sign-in and mail links. */
export type EndAccess = (address: string, now: Date) => Promise<void>;

/**
 * A province's requests for a change of its addresses (shared/domain/contacts/requests.ts). Adapter:
 * shared/adapters/contact-requests.ts (items of the contacts partition); tests: test/portal/memory-contacts.ts.
 */
export interface ContactRequestStore {
  /** Stores a new request (its id is new). */
  create(request: ContactRequest): Promise<void>;
  /** One province's requests, or every province's; any order. */
  list(province?: string): Promise<ContactRequest[]>;
  /** A request by its province and id together: another province's id is not found. */
  get(province: string, id: string): Promise<ContactRequest | undefined>;
  /**
   * Moves a request on, only from the state it was read in (`decidedAt`: and decided at that instant):
   * 'conflict' when it moved meanwhile. Without `decision` the request loses its decision (waits again).
   */
  settle(province: string, id: string, from: { status: ContactRequestStatus; decidedAt?: string }, to: { status: ContactRequestStatus; decision?: ContactDecision }): Promise<'written' | 'conflict'>;
}
