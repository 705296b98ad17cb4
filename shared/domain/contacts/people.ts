// The people behind a province's addresses, and every change to them. Pure: the adapter
// (shared/adapters/contact-registry.ts) stores the result and its audit entry in one transaction.
import { isSesAddress } from '../mail/address.ts';

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
  before: ContactPerson[];
  after: ContactPerson[];
}

export type PersonProblem =
  | { field: 'email'; code: 'not-an-address' | 'already-listed' | 'not-listed' | 'listed-elsewhere' }
  | { field: 'name' | 'role'; code: 'missing' | 'too-long' }
  | { field: 'phone'; code: 'not-a-phone' };

export const PERSON_LIMITS = { name: 100, role: 100 } as const;
// Vietnamese numbers as people type them: +84 or 0, digits, spaces, dots, dashes; 8 to 15 digits.
const PHONE = /^\+?[0-9][0-9 .-]{6,20}$/;

// Control and bidi-override characters never reach a stored name (they would reorder what others read).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function cleanText(text: string | undefined): string {
  return (text ?? '').replace(INVISIBLE, '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Checks and normalises what a person typed; every problem at once. */
export function checkPerson(input: { email?: string; name?: string; role?: string; phone?: string }): { person: ContactPerson } | { problems: PersonProblem[] } {
  const problems: PersonProblem[] = [];
  const email = (input.email ?? '').trim().toLowerCase();
  if (!isSesAddress(email)) problems.push({ field: 'email', code: 'not-an-address' });
  const name = cleanText(input.name);
  const role = cleanText(input.role);
  for (const [field, value] of [['name', name], ['role', role]] as const) {
    if (!value) problems.push({ field, code: 'missing' });
    else if (value.length > PERSON_LIMITS[field]) problems.push({ field, code: 'too-long' });
  }
  const phone = cleanText(input.phone);
  const digits = phone.replace(/\D/g, '');
  if (phone && (!PHONE.test(phone) || digits.length < 8 || digits.length > 15)) problems.push({ field: 'phone', code: 'not-a-phone' });
  if (problems.length) return { problems };
  return { person: { email, name, role, ...(phone ? { phone } : {}) } };
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
