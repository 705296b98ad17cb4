// The contacts as people edit them: each province's list with its people and the record of every
// change. Adapter: shared/adapters/contact-registry.ts (the contact items of the province list).
import type { ContactAuditEntry, ContactPerson } from '../domain/contacts/people.ts';

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
