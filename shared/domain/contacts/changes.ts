// Adding and removing one address of a province: checked, written with its audit entry, and a removed
// address loses its sessions and links at once. The only way addresses change one at a time.
import type { ContactRegistry, ContactRegistryView, EndAccess } from '../../ports/contacts.ts';
import { addPerson, boundedPerson, checkPerson, removePerson, type ContactActor, type ContactAuditEntry, type PersonProblem } from './people.ts';

export interface ContactChangeDeps {
  registry: ContactRegistry;
  endAccess: EndAccess;
}

export type ContactChangeResult =
  | { status: 'done'; entry: ContactAuditEntry }
  | { status: 'refused'; problems: PersonProblem[] }
  | { status: 'conflict' }
  | { status: 'unknown-province' };

/** Who may change which province's list: the national office any, the operator any, a province none (it asks the national office). */
export function mayEditProvince(actor: ContactActor): boolean {
  return actor.role === 'national' || actor.role === 'operator';
}

/** The other provinces (and 'NATIONAL') that list an address: one address, one unit. */
export function listedElsewhere(view: ContactRegistryView, email: string, province: string): string[] {
  return [
    ...view.provinces.filter((p) => p.province !== province && p.people.some((x) => x.email === email)).map((p) => p.province),
    ...(view.national.some((a) => a.toLowerCase() === email) ? ['NATIONAL'] : []),
  ];
}

export async function addAddress(
  deps: ContactChangeDeps,
  change: {
    province: string; input: { email?: string; name?: string; role?: string; phone?: string }; by: ContactActor; now: Date; knownProvince: boolean;
    request?: ContactAuditEntry['request'];
  },
): Promise<ContactChangeResult> {
  if (!change.knownProvince) return { status: 'unknown-province' };
  const checked = checkPerson(change.input);
  if ('problems' in checked) return { status: 'refused', problems: checked.problems };
  const view = await deps.registry.list();
  const current = view.provinces.find((p) => p.province === change.province) ?? { province: change.province, people: [], version: 0, changes: [] };
  const added = addPerson(current.people, checked.person, listedElsewhere(view, checked.person.email, change.province));
  if ('problem' in added) return { status: 'refused', problems: [added.problem] };
  const entry: ContactAuditEntry = {
    at: change.now.toISOString(), by: change.by, province: change.province, action: 'add', email: checked.person.email,
    ...(change.request ? { request: change.request } : {}), before: current.people, after: added.after,
  };
  const written = await deps.registry.replaceProvince(change.province, current.version, added.after, entry);
  return written === 'written' ? { status: 'done', entry } : { status: 'conflict' };
}

export async function removeAddress(
  deps: ContactChangeDeps,
  change: { province: string; email: string; by: ContactActor; now: Date; request?: ContactAuditEntry['request'] },
): Promise<ContactChangeResult> {
  const view = await deps.registry.list();
  const current = view.provinces.find((p) => p.province === change.province);
  if (!current) return { status: 'refused', problems: [{ field: 'email', code: 'not-listed' }] };
  const removed = removePerson(current.people, change.email);
  if ('problem' in removed) return { status: 'refused', problems: [removed.problem] };
  const entry: ContactAuditEntry = {
    at: change.now.toISOString(), by: change.by, province: change.province, action: 'remove', email: removed.removed.email,
    ...(change.request ? { request: change.request } : {}), before: current.people, after: removed.after,
  };
  const written = await deps.registry.replaceProvince(change.province, current.version, removed.after, entry);
  if (written === 'conflict') return { status: 'conflict' };
  // After the write: from now on the address is no contact, so nothing new can be issued to it.
  await deps.endAccess(removed.removed.email, change.now);
  return { status: 'done', entry };
}

/** Every change of every province, newest first (the national office's audit view). */
export function auditTrail(view: { provinces: ReadonlyArray<{ changes: readonly ContactAuditEntry[] }> }, province?: string): ContactAuditEntry[] {
  return view.provinces.flatMap((p) => p.changes)
    .filter((e) => !province || e.province === province)
    .sort((a, b) => b.at.localeCompare(a.at));
}

export interface ContactsImportPlan {
  /** The provinces in the file, each with its new addresses. */
  provinces: ReadonlyArray<{ province: string; emails: readonly string[] }>;
}

/**
 * Writes an import's province lists (each with an 'import' audit entry; the people of addresses that
 * stay are kept) and ends the access of every address it removes. Stops at the first conflict: what was
 * written is recorded, and a new `contacts import` shows what is left.
 */
export async function applyImport(
  deps: ContactChangeDeps,
  plan: ContactsImportPlan,
  by: ContactActor,
  now: Date,
): Promise<{ status: 'done'; entries: ContactAuditEntry[] } | { status: 'conflict'; province: string; entries: ContactAuditEntry[] }> {
  const view = await deps.registry.list();
  const entries: ContactAuditEntry[] = [];
  for (const incoming of plan.provinces) {
    const current = view.provinces.find((p) => p.province === incoming.province) ?? { province: incoming.province, people: [], version: 0, changes: [] };
    const wanted = incoming.emails.map((e) => e.toLowerCase());
    const unchanged = wanted.length === current.people.length && wanted.every((e, i) => current.people[i]!.email === e);
    if (unchanged) continue;
    // The people of addresses that stay are kept, bounded like everything stored (an older item may not be).
    const after = wanted.map((email) => boundedPerson(current.people.find((p) => p.email === email) ?? { email }));
    const entry: ContactAuditEntry = { at: now.toISOString(), by, province: incoming.province, action: 'import', before: current.people, after };
    if (await deps.registry.replaceProvince(incoming.province, current.version, after, entry) === 'conflict') {
      return { status: 'conflict', province: incoming.province, entries };
    }
    entries.push(entry);
    for (const gone of current.people.filter((p) => !wanted.includes(p.email))) await deps.endAccess(gone.email, now);
  }
  return { status: 'done', entries };
}
