// Signing in without passwords: single-use links bound to an address and its role, server-side
// sessions behind an HttpOnly cookie, rate limits and the Origin check. Tokens and session ids are
// random, handed out once and stored only as SHA-256 hashes. Every instant is passed in.
import { createHash, randomBytes } from 'node:crypto';
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
  const current = principalFor(contacts, principal.address);
  if (!current || !samePrincipal(current, principal)) return { status: 'revoked' };
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

export async function sessionFor(store: PortalStore, sessionId: string | undefined, now: Date): Promise<SessionRecord | undefined> {
  if (!sessionId || !isWellFormedSecret(sessionId)) return undefined;
  return store.getSession(hashSecret(sessionId), now);
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
