// Signing in without passwords: single-use links bound to an address and its role, server-side
// sessions behind an HttpOnly cookie, rate limits and the Origin check. Tokens and session ids are
// random, handed out once and stored only as SHA-256 hashes. Every instant is passed in.
// Rights end with the contact: every use of a session or link re-checks its principal against the
// contacts, and an address removed or moved is revoked (its sessions and unused links void).
import { createHash, randomBytes } from 'node:crypto';
import type { Mailer, MailMessage } from '../../ports/index.ts';
import type {
  ContactBook, PortalLinks, PortalStore, Principal, SessionRecord, TokenPurpose, TokenRecord, TokenRedemption,
} from '../../ports/portal.ts';

export const SIGN_IN_LINK_MINUTES = 15;
export const MAIL_LINK_HOURS = 24;
export const SESSION_HOURS = 12;
export const SESSION_COOKIE = 'bhxh_session';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Sign-in requests allowed per window: per address (mails sent) and per client (requests answered). */
export const RATE_LIMITS = {
  windowMinutes: 15,
  perAddress: 5,
  perClient: 30,
} as const;

/** 32 random bytes, URL-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Addresses compare case-insensitively, without surrounding spaces. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The role of an address from the contacts: the national office first, then a province; none if unknown. */
export function principalFor(contacts: ContactBook, address: string): Principal | undefined {
  const wanted = normaliseAddress(address);
  if (!wanted) return undefined;
  if (contacts.national.some((a) => normaliseAddress(a) === wanted)) return { role: 'national', address: wanted };
  const entry = contacts.provinces.find((c) => c.emails.some((a) => normaliseAddress(a) === wanted));
  return entry ? { role: 'province', address: wanted, province: entry.province } : undefined;
}

export function samePrincipal(a: Principal, b: Principal): boolean {
  return a.role === b.role && a.address === b.address && (a.role === 'national' || (b.role === 'province' && a.province === b.province));
}

/** Issues a single-use link token for the principal; returns the token to put in the link (never stored). */
export async function issueToken(store: PortalStore, principal: Principal, purpose: TokenPurpose, now: Date): Promise<string> {
  const token = randomSecret();
  const lifetime = purpose === 'sign-in' ? SIGN_IN_LINK_MINUTES * MINUTE : MAIL_LINK_HOURS * HOUR;
  const record: TokenRecord = {
    hash: hashSecret(token),
    principal,
    purpose,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifetime).toISOString(),
  };
  await store.putToken(record);
  return token;
}

/** What a link's token is worth, without using it. */
export async function inspectToken(store: PortalStore, token: string, now: Date): Promise<TokenRedemption> {
  if (!isWellFormedSecret(token)) return { status: 'unknown' };
  const record = await store.getToken(hashSecret(token));
  if (!record) return { status: 'unknown' };
  if (record.usedAt) return { status: 'used' };
  if (Date.parse(record.expiresAt) <= now.getTime()) return { status: 'expired' };
  return { status: 'ok', token: record };
}

/**
 * Uses a link's token (once) and opens a session for its principal, provided the address still holds
 * that role in the contacts. Returns the session id for the cookie.
 */
export async function signInWithToken(
  store: PortalStore, contacts: ContactBook, token: string, now: Date,
): Promise<{ status: 'ok'; sessionId: string; session: SessionRecord } | { status: 'used' | 'expired' | 'unknown' | 'revoked' }> {
  if (!isWellFormedSecret(token)) return { status: 'unknown' };
  const redeemed = await store.redeemToken(hashSecret(token), now);
  if (redeemed.status !== 'ok') return redeemed;
  const { principal } = redeemed.token;
  if (!await stillHolds(store, contacts, principal, redeemed.token.issuedAt)) return { status: 'revoked' };
  const { sessionId, session } = await openSession(store, principal, now);
  return { status: 'ok', sessionId, session };
}

export async function openSession(store: PortalStore, principal: Principal, now: Date): Promise<{ sessionId: string; session: SessionRecord }> {
  const sessionId = randomSecret();
  const session: SessionRecord = {
    hash: hashSecret(sessionId),
    principal,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * HOUR).toISOString(),
  };
  await store.putSession(session);
  return { sessionId, session };
}

/**
 * The session behind a cookie, provided its principal still holds that role in the contacts (the
 * caller's book may be cached for a minute at most) and its address was not revoked since it opened.
 */
export async function sessionFor(
  store: PortalStore, contacts: ContactBook | (() => Promise<ContactBook>), sessionId: string | undefined, now: Date,
): Promise<SessionRecord | undefined> {
  if (!sessionId || !isWellFormedSecret(sessionId)) return undefined;
  const session = await store.getSession(hashSecret(sessionId), now);
  if (!session) return undefined;
  // The contacts are read only when there is a session to check.
  const book = typeof contacts === 'function' ? await contacts() : contacts;
  if (!await stillHolds(store, book, session.principal, session.createdAt)) return undefined;
  return session;
}

/** Whether a principal granted at `grantedAt` still holds: same role in the contacts, not revoked since. */
async function stillHolds(store: PortalStore, contacts: ContactBook, principal: Principal, grantedAt: string): Promise<boolean> {
  const current = principalFor(contacts, principal.address);
  if (!current || !samePrincipal(current, principal)) return false;
  const revoked = await store.revokedAt(hashSecret(normaliseAddress(principal.address)));
  return !revoked || revoked < grantedAt;
}

/**
 * Ends an address's rights now: every session it holds and every link mailed to it (used or not) made
 * up to `now` is void, even if the address is listed again later. Call it when a contact is removed or
 * moves to another province (contacts import, the portal's contact pages).
 */
export async function revokeAddress(store: PortalStore, address: string, now: Date): Promise<void> {
  const longest = Math.max(SESSION_HOURS * HOUR, MAIL_LINK_HOURS * HOUR, SIGN_IN_LINK_MINUTES * MINUTE);
  await store.revokeAddress(hashSecret(normaliseAddress(address)), now, new Date(now.getTime() + longest));
}

/** The addresses whose rights end between two versions of the contacts: removed, or now another role or province. */
export function addressesEnded(before: ContactBook, after: ContactBook): string[] {
  const all = [...before.national, ...before.provinces.flatMap((p) => p.emails)].map(normaliseAddress);
  return [...new Set(all)].filter((address) => {
    const was = principalFor(before, address);
    const now = principalFor(after, address);
    return was !== undefined && (now === undefined || !samePrincipal(was, now));
  });
}

export async function endSession(store: PortalStore, sessionId: string | undefined): Promise<void> {
  if (sessionId && isWellFormedSecret(sessionId)) await store.deleteSession(hashSecret(sessionId));
}

function isWellFormedSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The Set-Cookie value of a session (Secure when the portal is served over https). */
export function sessionCookie(sessionId: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The session id from a Cookie header (or the list a function URL event carries). */
export function sessionIdFromCookies(cookies: readonly string[]): string | undefined {
  for (const header of cookies) {
    for (const part of header.split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === SESSION_COOKIE) return value.join('=') || undefined;
    }
  }
  return undefined;
}

/** A state-changing request must come from the portal's own pages: its Origin is the portal's origin. */
export function originAllowed(origin: string | undefined, portalOrigin: string): boolean {
  return origin !== undefined && origin !== 'null' && origin === portalOrigin;
}

export type RateDecision = { allowed: true } | { allowed: false; scope: 'address' | 'client' };

/**
 * Counts one sign-in request for the client and for the address. A client over its limit is told to wait;
 * an address over its limit gets the usual answer but no more mail (nobody learns who is registered).
 */
export async function checkSignInRate(store: PortalStore, address: string, client: string, now: Date): Promise<RateDecision> {
  const windowMs = RATE_LIMITS.windowMinutes * MINUTE;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const end = new Date(start.getTime() + windowMs);
  const clientCount = await store.countRequest(`client#${hashSecret(client)}`, start, end);
  if (clientCount > RATE_LIMITS.perClient) return { allowed: false, scope: 'client' };
  const addressCount = await store.countRequest(`address#${hashSecret(normaliseAddress(address))}`, start, end);
  if (addressCount > RATE_LIMITS.perAddress) return { allowed: false, scope: 'address' };
  return { allowed: true };
}

/**
 * The least time a sign-in answer takes where the mail cannot be sent after answering (a buffered
 * Lambda response): longer than SES's send almost always takes, so a registered address's answer
 * (token + send) cannot be told from an unknown one's by its time.
 */
export const SIGN_IN_ANSWER_MS = 1_500;

/** What a sign-in request needs: the same for every caller (the portal's route, tests). */
export interface SignInWork {
  store: PortalStore;
  contacts: ContactBook;
  mailer: Mailer;
  /** The sign-in mail for a principal and its link. */
  compose: (principal: Principal, link: string) => Omit<MailMessage, 'to'>;
  /** Runs the send after the answer has gone (a server that can); without it the answer waits SIGN_IN_ANSWER_MS at least. */
  afterAnswer?: (task: () => Promise<void>) => void;
  /** Waits `ms` (the floor above); a timer by default. */
  pause?: (ms: number) => Promise<void>;
  log: (level: 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void;
}

/** A principal that is nobody: the token written for an unknown address never signs in (no contact matches). */
const NOBODY = (address: string): Principal => ({ role: 'province', address, province: '-' });

/**
 * One sign-in request. The same store work whether or not the address is registered (rate counters,
 * one token written), and the send off the answer's path: neither the answer nor its time tells who
 * is registered. "client-limit" when this client asked too often (said so); an address over its limit
 * gets the usual answer and no mail, and links already mailed to it stay valid.
 */
export async function requestSignIn(work: SignInWork, request: { email: string; client: string; now: Date; linkBase: string }): Promise<'answered' | 'client-limit'> {
  const task = async (): Promise<'answered' | 'client-limit' | (() => Promise<void>)> => {
    const rate = await checkSignInRate(work.store, request.email, request.client, request.now);
    if (!rate.allowed && rate.scope === 'client') return 'client-limit';
    const principal = rate.allowed ? principalFor(work.contacts, request.email) : undefined;
    const token = await issueToken(work.store, principal ?? NOBODY(normaliseAddress(request.email)), 'sign-in', request.now);
    if (!rate.allowed) work.log('warn', 'Sign-in requests over the per-address limit; no mail sent', {});
    if (!principal) return 'answered';
    const link = `${request.linkBase.replace(/\/+$/, '')}${CONFIRM_PATH}?ma=${token}`;
    return async () => {
      try {
        await work.mailer.send({ ...work.compose(principal, link), to: [principal.address] });
      } catch (error) {
        // The answer is the same either way; the operator sees the failure.
        work.log('error', 'Sign-in mail could not be sent', { error: error instanceof Error ? error.message : String(error) });
      }
    };
  };
  if (work.afterAnswer) {
    const outcome = await task();
    if (typeof outcome !== 'function') return outcome;
    work.afterAnswer(outcome);
    return 'answered';
  }
  const pause = work.pause ?? ((ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); }));
  const [outcome] = await Promise.all([task().then(async (o) => { if (typeof o === 'function') await o(); return o; }), pause(SIGN_IN_ANSWER_MS)]);
  return typeof outcome === 'function' ? 'answered' : outcome;
}

/**
 * The mails' button links: a 24-hour single-use token per mail, bound to the recipient's address and role.
 * The clock is the sending time (a mail replayed for a past instant must still open the portal).
 */
export function portalLinkIssuer(store: PortalStore, portalUrl: string, clock: () => Date): PortalLinks {
  const base = portalUrl.replace(/\/+$/, '');
  return {
    async linkFor(principal) {
      const token = await issueToken(store, { ...principal, address: normaliseAddress(principal.address) }, 'mail', clock());
      return `${base}${CONFIRM_PATH}?ma=${token}`;
    },
  };
}

/** The page a link opens (views.ts PATHS.confirm). */
export const CONFIRM_PATH = '/dang-nhap/xac-nhan';
