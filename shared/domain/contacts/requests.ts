// A province asks for a change of its own addresses (add one, remove one, with a reason); the national
// office grants or declines it. A granted request is applied by addAddress/removeAddress (changes.ts), so
// the change is checked, recorded (who, when, before → after, and whose request) and a removed address
// loses its sessions, exactly as when the national office makes the change itself. A province never
// writes its list: an address on it can sign in and submit the unit's numbers (docs/contacts.md).
import type { ContactRequestStore } from '../../ports/contacts.ts';
import { clip, FIELD_LIMITS, typedText } from '../shown-text.ts';
import { addAddress, listedElsewhere, removeAddress, type ContactChangeDeps } from './changes.ts';
import { addPerson, checkPerson, removePerson, type ContactActor, type ContactAuditEntry, type ContactPerson, type PersonProblem } from './people.ts';

export type ContactRequestKind = 'add' | 'remove';
export type ContactRequestStatus = 'pending' | 'approved' | 'declined' | 'withdrawn';

/** Who closed a request, when, and (for a decline) why. */
export interface ContactDecision {
  at: string;
  by: string;
  note?: string;
}

export interface ContactRequest {
  /** Random (the portal's randomUUID): a request is found only by its province and id together. */
  id: string;
  province: string;
  kind: ContactRequestKind;
  /** add: the person to add; remove: the person as listed when the province asked. */
  person: ContactPerson;
  reason: string;
  /** When and by which address of the province it was asked. */
  at: string;
  by: string;
  status: ContactRequestStatus;
  decision?: ContactDecision;
}

/** Requests a province may have waiting at once: keeps a careless or hostile session from filling the table. */
export const MAX_PENDING_PER_PROVINCE = 10;

export type AskResult = { status: 'stored'; request: ContactRequest } | { status: 'refused'; problems: PersonProblem[] };


/**
 * A province's request, checked as the change itself would be (so the national office is not asked for
 * what cannot be done), plus a reason; every problem at once.
 */
export async function askForChange(
  deps: { registry: ContactChangeDeps['registry']; requests: ContactRequestStore },
  ask: {
    id: string; province: string; kind: ContactRequestKind; by: string; now: Date;
    input: { email?: string; name?: string; role?: string; phone?: string }; reason?: string;
  },
): Promise<AskResult> {
  const problems: PersonProblem[] = [];
  const reason = typedText(ask.reason);
  if (!reason) problems.push({ field: 'reason', code: 'missing' });
  else if (reason.length > FIELD_LIMITS.reason) problems.push({ field: 'reason', code: 'too-long' });
  const view = await deps.registry.list();
  const people = view.provinces.find((p) => p.province === ask.province)?.people ?? [];
  let person: ContactPerson | undefined;
  if (ask.kind === 'add') {
    const checked = checkPerson(ask.input);
    if ('problems' in checked) problems.push(...checked.problems);
    else {
      const added = addPerson(people, checked.person, listedElsewhere(view, checked.person.email, ask.province));
      if ('problem' in added) problems.push(added.problem);
      else person = checked.person;
    }
  } else {
    const removed = removePerson(people, ask.input.email ?? '');
    if ('problem' in removed) problems.push(removed.problem);
    else person = removed.removed;
  }
  const pending = (await deps.requests.list(ask.province)).filter((r) => r.status === 'pending');
  if (person && pending.some((r) => r.kind === ask.kind && r.person.email === person.email)) problems.push({ field: 'request', code: 'already-requested' });
  if (pending.length >= MAX_PENDING_PER_PROVINCE) problems.push({ field: 'request', code: 'too-many-pending' });
  if (problems.length || !person) return { status: 'refused', problems };
  const request: ContactRequest = {
    id: ask.id, province: ask.province, kind: ask.kind, person, reason, at: ask.now.toISOString(), by: ask.by, status: 'pending',
  };
  await deps.requests.create(request);
  return { status: 'stored', request };
}

export type DecideResult =
  | { status: 'approved'; request: ContactRequest; entry: ContactAuditEntry }
  | { status: 'declined'; request: ContactRequest }
  /** No such request of that province (a forged or mistyped id, or another province's). */
  | { status: 'unknown' }
  /** Someone decided (or the province withdrew) it first: nothing was changed now. */
  | { status: 'already-decided'; request: ContactRequest }
  /** The change cannot be made any more (the address moved meanwhile…): the request stays waiting. */
  | { status: 'refused'; problems: PersonProblem[] }
  | { status: 'conflict' };

/**
 * Grants or declines a waiting request. Granting claims the request first (a conditional write from
 * 'pending'), so two clerks cannot both apply it; the change is then made as the national office's own;
 * when the change is refused, the claim is undone and the request waits again.
 */
export async function decideRequest(
  deps: ContactChangeDeps & { requests: ContactRequestStore },
  decide: { province: string; id: string; approve: boolean; note?: string; by: ContactActor; now: Date },
): Promise<DecideResult> {
  const request = await deps.requests.get(decide.province, decide.id);
  if (!request) return { status: 'unknown' };
  if (request.status !== 'pending') return { status: 'already-decided', request };
  // A decline's note is optional and cut, not refused: the decision matters more than its wording.
  const note = decide.approve ? '' : clip(typedText(decide.note), FIELD_LIMITS.reason);
  const decision: ContactDecision = { at: decide.now.toISOString(), by: decide.by.address, ...(note ? { note } : {}) };
  const next: ContactRequest = { ...request, status: decide.approve ? 'approved' : 'declined', decision };
  if (await deps.requests.settle(request.province, request.id, { status: 'pending' }, { status: next.status, decision }) === 'conflict') {
    const now = await deps.requests.get(decide.province, decide.id);
    return { status: 'already-decided', request: now ?? request };
  }
  if (!decide.approve) return { status: 'declined', request: next };
  const grant = { id: request.id, by: request.by };
  const reopen = () => deps.requests.settle(request.province, request.id, { status: 'approved', decidedAt: decision.at }, { status: 'pending' });
  let change;
  try {
    change = request.kind === 'add'
      ? await addAddress(deps, { province: request.province, input: request.person, by: decide.by, now: decide.now, knownProvince: true, request: grant })
      : await removeAddress(deps, { province: request.province, email: request.person.email, by: decide.by, now: decide.now, request: grant });
  } catch (error) {
    // The store failed before the change was recorded (a throttle, the network): the request waits again.
    if (!(await registryNames(deps, request))) await reopen().catch(() => undefined);
    throw error;
  }
  if (change.status === 'done') return { status: 'approved', request: next, entry: change.entry };
  await reopen();
  if (change.status === 'refused') return { status: 'refused', problems: change.problems };
  return { status: 'conflict' };
}

/** Whether the record of the request's province names a change that grants it. */
async function registryNames(deps: ContactChangeDeps, request: ContactRequest): Promise<boolean> {
  try {
    const list = (await deps.registry.list()).provinces.find((p) => p.province === request.province);
    return list?.changes.some((e) => e.request?.id === request.id) ?? false;
  } catch {
    // Unreadable too: leave the request as granted rather than offer the change twice; the record tells.
    return true;
  }
}

/** A province takes back one of its own waiting requests. */
export async function withdrawRequest(
  deps: { requests: ContactRequestStore },
  withdraw: { province: string; id: string; by: string; now: Date },
): Promise<{ status: 'withdrawn' } | { status: 'unknown' } | { status: 'already-decided'; request: ContactRequest }> {
  const request = await deps.requests.get(withdraw.province, withdraw.id);
  if (!request) return { status: 'unknown' };
  if (request.status !== 'pending') return { status: 'already-decided', request };
  const decision: ContactDecision = { at: withdraw.now.toISOString(), by: withdraw.by };
  if (await deps.requests.settle(request.province, request.id, { status: 'pending' }, { status: 'withdrawn', decision }) === 'conflict') {
    return { status: 'already-decided', request: (await deps.requests.get(withdraw.province, withdraw.id)) ?? request };
  }
  return { status: 'withdrawn' };
}

/** Requests newest first; the waiting ones before the rest. */
export function requestsInOrder(requests: readonly ContactRequest[]): ContactRequest[] {
  return [...requests].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.at.localeCompare(a.at));
}
