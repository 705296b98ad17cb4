// The people behind a province's addresses, and every change to them. Pure: the adapter
// (shared/adapters/contact-registry.ts) stores the result and its audit entry in one transaction.
import { isSesAddress } from '../mail/address.ts';
import { clip, FIELD_LIMITS, typedText } from '../shown-text.ts';

/** One address of a province, and who reads it. */
export interface ContactPerson {
  /** Lower-case, as SES and the sign-in compare it. */
  email: string;
  name: string;
  /** What the person does, e.g. "Phòng Quản lý thu". */
  role: string;
  phone?: string;
}

/** Someone who changed the contacts: a portal user, or the operator's CLI ("cli:<os user>"). */
export interface ContactActor {
  address: string;
  role: 'national' | 'province' | 'operator';
}

export type ContactChangeAction = 'add' | 'remove' | 'import';

/** One recorded change of a province's addresses: who, when, before → after. */
export interface ContactAuditEntry {
  at: string;
  by: ContactActor;
  province: string;
  action: ContactChangeAction;
  /** The address added or removed (absent for an import, which may change several). */
  email?: string;
  /** The province's request this change grants (shared/domain/contacts/requests.ts). */
  request?: { id: string; by: string };
  before: ContactPerson[];
  after: ContactPerson[];
}

export type PersonProblem =
  | { field: 'email'; code: 'not-an-address' | 'already-listed' | 'not-listed' | 'listed-elsewhere' }
  | { field: 'name' | 'role' | 'reason'; code: 'missing' | 'too-long' }
  | { field: 'phone'; code: 'not-a-phone' }
  /** A province's request: the same change is already waiting, or too many are. */
  | { field: 'request'; code: 'already-requested' | 'too-many-pending' };

export const PERSON_LIMITS = { name: FIELD_LIMITS.personName, role: FIELD_LIMITS.personRole, phone: FIELD_LIMITS.phone } as const;
// Numbers as people type them: an optional +, then digits with spaces, dots, dashes or parentheses
// ("+84 (0)912.345.678", "024 3825 1234"); 8 to 15 digits.
const PHONE = /^\+?[0-9 .()-]+$/;

/** Checks and normalises what a person typed; every problem at once. */
export function checkPerson(input: { email?: string; name?: string; role?: string; phone?: string }): { person: ContactPerson } | { problems: PersonProblem[] } {
  const problems: PersonProblem[] = [];
  const email = (input.email ?? '').trim().toLowerCase();
  if (!isSesAddress(email)) problems.push({ field: 'email', code: 'not-an-address' });
  const name = typedText(input.name);
  const role = typedText(input.role);
  for (const [field, value] of [['name', name], ['role', role]] as const) {
    if (!value) problems.push({ field, code: 'missing' });
    else if (value.length > PERSON_LIMITS[field]) problems.push({ field, code: 'too-long' });
  }
  const phone = typedText(input.phone);
  const digits = phone.replace(/\D/g, '');
  if (phone && (phone.length > PERSON_LIMITS.phone || !PHONE.test(phone) || digits.length < 8 || digits.length > 15)) problems.push({ field: 'phone', code: 'not-a-phone' });
  if (problems.length) return { problems };
  return { person: { email, name, role, ...(phone ? { phone } : {}) } };
}

/**
 * A person as stored from a source that is not a checked form (an item an older version wrote, an
 * import keeping who reads an address): cleaned and cut to the limits, never refused.
 */
export function boundedPerson(p: { email: string; name?: unknown; role?: unknown; phone?: unknown }): ContactPerson {
  const text = (value: unknown, max: number): string => clip(typedText(typeof value === 'string' ? value : ''), max);
  const phone = text(p.phone, PERSON_LIMITS.phone);
  return { email: clip(p.email.trim().toLowerCase(), FIELD_LIMITS.address), name: text(p.name, PERSON_LIMITS.name), role: text(p.role, PERSON_LIMITS.role), ...(phone ? { phone } : {}) };
}

/** Adds a person to a province's list, unless the address is on it (or on another province's). */
export function addPerson(list: readonly ContactPerson[], person: ContactPerson, otherProvincesOf: readonly string[] = []):
  { after: ContactPerson[] } | { problem: PersonProblem } {
  if (list.some((p) => p.email === person.email)) return { problem: { field: 'email', code: 'already-listed' } };
  // One address, one province: a mail from it must name exactly one (the mail intake refuses otherwise).
  if (otherProvincesOf.length) return { problem: { field: 'email', code: 'listed-elsewhere' } };
  return { after: [...list, person] };
}

export function removePerson(list: readonly ContactPerson[], email: string): { after: ContactPerson[]; removed: ContactPerson } | { problem: PersonProblem } {
  const wanted = email.trim().toLowerCase();
  const removed = list.find((p) => p.email === wanted);
  if (!removed) return { problem: { field: 'email', code: 'not-listed' } };
  return { after: list.filter((p) => p !== removed), removed };
}

/** What an import would change for one province. */
export interface ProvinceDiff {
  province: string;
  added: string[];
  removed: string[];
}

export interface ContactsDiff {
  provinces: ProvinceDiff[];
  national?: { added: string[]; removed: string[] };
  sender?: { before: string | null; after: string };
}

const minus = (a: readonly string[], b: readonly string[]): string[] => {
  const other = new Set(b.map((s) => s.toLowerCase()));
  return a.filter((s) => !other.has(s.toLowerCase()));
};

/** The difference an import makes: only provinces (and rows) in the file change; unchanged ones are left out. */
export function diffContacts(
  current: { provinces: ReadonlyArray<{ province: string; emails: readonly string[] }>; national?: readonly string[]; sender?: string },
  incoming: { provinces: ReadonlyArray<{ province: string; emails: readonly string[] }>; national?: readonly string[]; sender?: string },
): ContactsDiff {
  const before = new Map(current.provinces.map((c) => [c.province, c.emails]));
  const provinces = incoming.provinces.map((c) => {
    const old = before.get(c.province) ?? [];
    return { province: c.province, added: minus(c.emails, old), removed: minus(old, c.emails) };
  }).filter((d) => d.added.length || d.removed.length);
  const diff: ContactsDiff = { provinces };
  if (incoming.national) {
    const national = { added: minus(incoming.national, current.national ?? []), removed: minus(current.national ?? [], incoming.national) };
    if (national.added.length || national.removed.length) diff.national = national;
  }
  if (incoming.sender && incoming.sender.toLowerCase() !== (current.sender ?? '').toLowerCase()) {
    diff.sender = { before: current.sender ?? null, after: incoming.sender };
  }
  return diff;
}

export function isEmptyDiff(diff: ContactsDiff): boolean {
  return diff.provinces.length === 0 && !diff.national && !diff.sender;
}

/** Every address a diff takes away (their sessions and unused links must end). */
export function removedAddresses(diff: ContactsDiff): string[] {
  return [...diff.provinces.flatMap((d) => d.removed), ...(diff.national?.removed ?? [])].map((a) => a.toLowerCase());
}
