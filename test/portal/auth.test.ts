// Sign-in links, sessions, rate limits, the Origin check and the roles, as plain functions.
import { describe, expect, it } from 'vitest';
import {
  checkSignInRate, endSession, hashSecret, inspectToken, issueToken, originAllowed, principalFor, RATE_LIMITS,
  sessionCookie, sessionFor, sessionIdFromCookies, signInWithToken,
} from '../../shared/domain/portal/auth.ts';
import { canReadObject, canSubmit, canViewNational, canViewProvince } from '../../shared/domain/portal/roles.ts';
import type { ContactBook, Principal } from '../../shared/ports/portal.ts';
import { MemoryPortalStore } from './memory-store.ts';

const contacts: ContactBook = {
  provinces: [{ province: '27', emails: ['Van.Thu@BacNinh.gov.vn', 'ke-toan@bacninh.gov.vn'] }, { province: '30', emails: ['hd@example.vn'] }],
  national: ['ban-thu@bhxh.gov.vn'],
};
const bacNinh: Principal = { role: 'province', address: 'van.thu@bacninh.gov.vn', province: '27' };
const t0 = new Date('2023-12-15T08:00:00Z');
const minutes = (n: number): Date => new Date(t0.getTime() + n * 60_000);

describe('roles from the contacts', () => {
  it('maps an address to its province or to the national office, whatever its case; unknown addresses to nothing', () => {
    expect(principalFor(contacts, '  VAN.THU@bacninh.gov.vn ')).toEqual(bacNinh);
    expect(principalFor(contacts, 'ban-thu@bhxh.gov.vn')).toEqual({ role: 'national', address: 'ban-thu@bhxh.gov.vn' });
    expect(principalFor(contacts, 'someone@else.vn')).toBeUndefined();
    expect(principalFor(contacts, '')).toBeUndefined();
  });

  it('a province sees and submits for its own province only; the national office sees everything and submits nothing', () => {
    const national: Principal = { role: 'national', address: 'ban-thu@bhxh.gov.vn' };
    expect(canSubmit(bacNinh, '27')).toBe(true);
    expect(canSubmit(bacNinh, '30')).toBe(false);
    expect(canSubmit(national, '27')).toBe(false);
    expect(canViewProvince(bacNinh, '30')).toBe(false);
    expect(canViewProvince(national, '30')).toBe(true);
    expect(canViewNational(bacNinh)).toBe(false);
    expect(canViewNational(national)).toBe(true);
    expect(canReadObject(bacNinh, 'incoming/27/a/x.xlsx')).toBe(true);
    expect(canReadObject(bacNinh, 'incoming/30/x.xlsx')).toBe(false);
    expect(canReadObject(bacNinh, 'incoming/27/../30/x.xlsx')).toBe(false);
    expect(canReadObject(bacNinh, 'summaries/latest/tong-hop-toan-quoc.xlsx')).toBe(false);
    expect(canReadObject(national, 'incoming/30/x.xlsx')).toBe(true);
    expect(canReadObject(national, 'config/x')).toBe(false);
  });
});

describe('single-use links', () => {
  it('stores only the hash, signs in once, and refuses the same link again', async () => {
    const store = new MemoryPortalStore();
    const token = await issueToken(store, bacNinh, 'sign-in', t0);
    expect(store.tokens.has(token)).toBe(false);
    expect(store.tokens.has(hashSecret(token))).toBe(true);
    expect(JSON.stringify([...store.tokens.values()])).not.toContain(token);

    expect(await inspectToken(store, token, minutes(1))).toMatchObject({ status: 'ok' });
    const first = await signInWithToken(store, contacts, token, minutes(1));
    expect(first).toMatchObject({ status: 'ok', session: { principal: bacNinh } });
    expect(await signInWithToken(store, contacts, token, minutes(2))).toEqual({ status: 'used' });
    expect(await inspectToken(store, token, minutes(2))).toEqual({ status: 'used' });
  });

  it('a sign-in link lasts 15 minutes, a mail link 24 hours', async () => {
    const store = new MemoryPortalStore();
    const signIn = await issueToken(store, bacNinh, 'sign-in', t0);
    expect(await signInWithToken(store, contacts, signIn, minutes(15))).toEqual({ status: 'expired' });
    const mail = await issueToken(store, bacNinh, 'mail', t0);
    expect(await signInWithToken(store, contacts, mail, minutes(23 * 60 + 59))).toMatchObject({ status: 'ok' });
    const late = await issueToken(store, bacNinh, 'mail', t0);
    expect(await signInWithToken(store, contacts, late, minutes(24 * 60))).toEqual({ status: 'expired' });
  });

  it('refuses a forged or truncated link, and a link whose address left the contacts or changed province', async () => {
    const store = new MemoryPortalStore();
    expect(await signInWithToken(store, contacts, 'forged', t0)).toEqual({ status: 'unknown' });
    const token = await issueToken(store, bacNinh, 'mail', t0);
    expect(await signInWithToken(store, contacts, token.slice(0, -1), t0)).toEqual({ status: 'unknown' });
    expect(await signInWithToken(store, { provinces: [], national: [] }, token, minutes(1))).toEqual({ status: 'revoked' });
    const moved = await issueToken(store, bacNinh, 'mail', t0);
    const elsewhere: ContactBook = { provinces: [{ province: '30', emails: [bacNinh.address] }], national: [] };
    expect(await signInWithToken(store, elsewhere, moved, minutes(1))).toEqual({ status: 'revoked' });
  });
});

describe('sessions', () => {
  it('opens a 12-hour server-side session, stored hashed, ended by logout', async () => {
    const store = new MemoryPortalStore();
    const token = await issueToken(store, bacNinh, 'sign-in', t0);
    const result = await signInWithToken(store, contacts, token, t0);
    if (result.status !== 'ok') throw new Error('no session');
    expect(store.sessions.has(result.sessionId)).toBe(false);
    expect(await sessionFor(store, contacts, result.sessionId, minutes(12 * 60 - 1))).toMatchObject({ principal: bacNinh });
    expect(await sessionFor(store, contacts, result.sessionId, minutes(12 * 60))).toBeUndefined();
    await endSession(store, result.sessionId);
    expect(await sessionFor(store, contacts, result.sessionId, minutes(1))).toBeUndefined();
    expect(await sessionFor(store, contacts, 'not-a-session', t0)).toBeUndefined();
  });

  it('the cookie is HttpOnly and SameSite=Lax, Secure over https; it is read back from Cookie headers', () => {
    expect(sessionCookie('abc', true)).toBe('bhxh_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure');
    expect(sessionCookie('abc', false)).not.toContain('Secure');
    expect(sessionIdFromCookies(['theme=dark; bhxh_session=xyz; other=1'])).toBe('xyz');
    expect(sessionIdFromCookies(['theme=dark'])).toBeUndefined();
  });
});

describe('state-changing requests and rate limits', () => {
  it('accepts only the portal\'s own Origin', () => {
    expect(originAllowed('https://portal.example', 'https://portal.example')).toBe(true);
    expect(originAllowed('https://evil.example', 'https://portal.example')).toBe(false);
    expect(originAllowed('null', 'https://portal.example')).toBe(false);
    expect(originAllowed(undefined, 'https://portal.example')).toBe(false);
  });

  it('limits sign-in requests per address and per client, per window', async () => {
    const store = new MemoryPortalStore();
    for (let i = 0; i < RATE_LIMITS.perAddress; i++) {
      expect(await checkSignInRate(store, 'a@x.vn', `client-${i}`, t0)).toEqual({ allowed: true });
    }
    expect(await checkSignInRate(store, 'A@X.vn', 'client-new', t0)).toEqual({ allowed: false, scope: 'address' });
    expect(await checkSignInRate(store, 'a@x.vn', 'client-new', minutes(RATE_LIMITS.windowMinutes))).toEqual({ allowed: true });
    for (let i = 0; i < RATE_LIMITS.perClient; i++) await checkSignInRate(store, `user${i}@x.vn`, 'one-client', minutes(30));
    expect(await checkSignInRate(store, 'fresh@x.vn', 'one-client', minutes(30))).toEqual({ allowed: false, scope: 'client' });
  });
});
