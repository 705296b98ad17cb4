// Rights end with the contact, and signing in tells nobody who is registered.
import { describe, expect, it } from 'vitest';
import {
  addressesEnded, issueToken, RATE_LIMITS, requestSignIn, revokeAddress, SIGN_IN_ANSWER_MS, signInWithToken, sessionFor, type SignInWork,
} from '../../shared/domain/portal/auth.ts';
import { portalBase, type PortalContext } from '../../lambdas/portal/context.ts';
import type { MailMessage } from '../../shared/ports/index.ts';
import type { ContactBook, Principal, PortalStore } from '../../shared/ports/portal.ts';
import { MemoryPortalStore } from './memory-store.ts';

const contacts: ContactBook = {
  provinces: [{ province: '27', emails: ['van.thu@bacninh.gov.vn'] }, { province: '30', emails: ['hd@example.vn'] }],
  national: ['ban-thu@bhxh.gov.vn'],
};
const bacNinh: Principal = { role: 'province', address: 'van.thu@bacninh.gov.vn', province: '27' };
const t0 = new Date('2023-12-15T08:00:00Z');
const minutes = (n: number): Date => new Date(t0.getTime() + n * 60_000);
const without = (book: ContactBook, address: string): ContactBook => ({
  provinces: book.provinces.map((p) => ({ ...p, emails: p.emails.filter((e) => e !== address) })), national: book.national.filter((e) => e !== address),
});

async function openSessionFor(store: MemoryPortalStore, book: ContactBook, at: Date): Promise<string> {
  const token = await issueToken(store, bacNinh, 'mail', at);
  const signedIn = await signInWithToken(store, book, token, at);
  if (signedIn.status !== 'ok') throw new Error(signedIn.status);
  return signedIn.sessionId;
}

describe('rights end when the contact ends', () => {
  it('a session opened before the address left the contacts opens nothing afterwards', async () => {
    const store = new MemoryPortalStore();
    const sessionId = await openSessionFor(store, contacts, t0);
    expect(await sessionFor(store, contacts, sessionId, minutes(5))).toMatchObject({ principal: bacNinh });
    expect(await sessionFor(store, without(contacts, bacNinh.address), sessionId, minutes(6))).toBeUndefined();
    const moved: ContactBook = { provinces: [{ province: '30', emails: [bacNinh.address] }], national: [] };
    expect(await sessionFor(store, moved, sessionId, minutes(6))).toBeUndefined();
  });

  it('revokeAddress ends its sessions and unused links, even if the address is listed again later', async () => {
    const store = new MemoryPortalStore();
    const sessionId = await openSessionFor(store, contacts, t0);
    const unused = await issueToken(store, bacNinh, 'mail', t0);
    await revokeAddress(store, 'Van.Thu@BacNinh.gov.vn ', minutes(10));
    expect(await sessionFor(store, contacts, sessionId, minutes(11))).toBeUndefined();
    expect(await signInWithToken(store, contacts, unused, minutes(11))).toEqual({ status: 'revoked' });
    // A link mailed after the revocation (the address listed again) works.
    const fresh = await issueToken(store, bacNinh, 'mail', minutes(12));
    expect(await signInWithToken(store, contacts, fresh, minutes(12))).toMatchObject({ status: 'ok' });
  });

  it('addressesEnded: removed addresses and those that changed role or province; not those that stayed', () => {
    const after: ContactBook = {
      provinces: [{ province: '27', emails: ['moi@bacninh.gov.vn'] }, { province: '30', emails: ['HD@example.vn', 'van.thu@bacninh.gov.vn'] }],
      national: [],
    };
    expect(addressesEnded(contacts, after).sort()).toEqual(['ban-thu@bhxh.gov.vn', 'van.thu@bacninh.gov.vn']);
  });
});

/** A store that writes down which operations it served, not their values. */
function recording(store: PortalStore): { store: PortalStore; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => { calls.push(String(name)); return (value as (...a: unknown[]) => unknown).apply(target, args); };
    },
  });
  return { store: proxy, calls };
}

function work(store: PortalStore, overrides: Partial<SignInWork> = {}) {
  const sent: MailMessage[] = [];
  const later: Array<() => Promise<void>> = [];
  const w: SignInWork = {
    store, contacts, log: () => {},
    mailer: { send: async (m) => { sent.push(m); return { messageId: 'm' }; } },
    compose: (_p, link) => ({ subject: 'Đăng nhập', text: link }),
    afterAnswer: (task) => { later.push(task); },
    ...overrides,
  };
  return { w, sent, later };
}

describe('signing in tells nobody who is registered', () => {
  const request = (email: string, client = '203.0.113.9') => ({ email, client, now: t0, linkBase: 'https://baocao.bhxh.gov.vn/' });

  it('the same store work, the same answer, and no send before the answer, registered or not', async () => {
    const known = recording(new MemoryPortalStore());
    const unknown = recording(new MemoryPortalStore());
    const a = work(known.store);
    const b = work(unknown.store);
    expect(await requestSignIn(a.w, request('van.thu@bacninh.gov.vn'))).toBe('answered');
    expect(await requestSignIn(b.w, request('nobody@example.vn'))).toBe('answered');
    expect(known.calls).toEqual(unknown.calls);
    expect(a.sent).toEqual([]); // answered first; the mail goes after
    await a.later[0]!();
    expect(a.sent).toHaveLength(1);
    expect(a.sent[0]!.text).toMatch(/^https:\/\/baocao\.bhxh\.gov\.vn\/dang-nhap\/xac-nhan\?ma=/);
    expect(b.later).toEqual([]);
  });

  it('the token written for an unknown address belongs to nobody: no contact can ever match it', async () => {
    const store = new MemoryPortalStore();
    const { w, later } = work(store);
    await requestSignIn(w, request('moi@bacninh.gov.vn'));
    expect(later).toEqual([]);
    const [token] = [...store.tokens.values()];
    expect(token!.principal).toEqual({ role: 'province', address: 'moi@bacninh.gov.vn', province: '-' });
  });

  it('where the mail cannot go after the answer, the answer waits the same floor both ways', async () => {
    const pauses: number[] = [];
    const order: string[] = [];
    const pause = async (ms: number) => { pauses.push(ms); order.push('pause'); };
    const registered = work(new MemoryPortalStore(), { pause, mailer: { send: async () => { order.push('send'); return { messageId: 'm' }; } } });
    delete registered.w.afterAnswer;
    const unregistered = work(new MemoryPortalStore(), { pause });
    delete unregistered.w.afterAnswer;
    await requestSignIn(registered.w, request('van.thu@bacninh.gov.vn'));
    await requestSignIn(unregistered.w, request('nobody@example.vn'));
    expect(pauses).toEqual([SIGN_IN_ANSWER_MS, SIGN_IN_ANSWER_MS]);
    expect(order).toContain('send');
  });

  it('someone spending an address\'s limit: no more mail for a while, the same answer, and links already mailed still sign in', async () => {
    const store = new MemoryPortalStore();
    const { w, later } = work(store);
    const mailed = await issueToken(store, bacNinh, 'mail', t0);
    for (let i = 0; i < RATE_LIMITS.perAddress + 3; i++) {
      expect(await requestSignIn(w, request('van.thu@bacninh.gov.vn', `198.51.100.${i}`))).toBe('answered');
    }
    expect(later).toHaveLength(RATE_LIMITS.perAddress);
    expect(await signInWithToken(store, contacts, mailed, minutes(1))).toMatchObject({ status: 'ok' });
  });

  it('a client over its limit is told to wait', async () => {
    const { w } = work(new MemoryPortalStore());
    let last = '';
    for (let i = 0; i <= RATE_LIMITS.perClient; i++) last = await requestSignIn(w, request(`a${i}@example.vn`));
    expect(last).toBe('client-limit');
  });

  it('the link base is configuration, never the request\'s Host', () => {
    const c = { var: { deps: { portalUrl: 'https://baocao.bhxh.gov.vn/' } }, req: { header: () => 'evil.example' } } as unknown as PortalContext;
    expect(portalBase(c)).toBe('https://baocao.bhxh.gov.vn');
  });
});
