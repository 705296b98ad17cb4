// An in-memory PortalStore with the adapter's semantics (single use, expiry, counters per window).
import type { PortalStore, SessionRecord, TokenRecord, TokenRedemption } from '../../shared/ports/portal.ts';

export class MemoryPortalStore implements PortalStore {
  readonly tokens = new Map<string, TokenRecord & { usedAt?: string }>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly counters = new Map<string, number>();
  readonly revocations = new Map<string, string>();

  async putToken(token: TokenRecord): Promise<void> { this.tokens.set(token.hash, { ...token }); }
  async getToken(hash: string) { return this.tokens.get(hash); }
  async redeemToken(hash: string, now: Date): Promise<TokenRedemption> {
    const token = this.tokens.get(hash);
    if (!token) return { status: 'unknown' };
    if (token.usedAt) return { status: 'used' };
    if (token.expiresAt <= now.toISOString()) return { status: 'expired' };
    token.usedAt = now.toISOString();
    return { status: 'ok', token };
  }
  async putSession(session: SessionRecord): Promise<void> { this.sessions.set(session.hash, session); }
  async getSession(hash: string, now: Date) {
    const s = this.sessions.get(hash);
    return s && s.expiresAt > now.toISOString() ? s : undefined;
  }
  async deleteSession(hash: string): Promise<void> { this.sessions.delete(hash); }
  async revokeAddress(addressHash: string, at: Date): Promise<void> {
    const held = this.revocations.get(addressHash);
    if (!held || held < at.toISOString()) this.revocations.set(addressHash, at.toISOString());
  }
  async revokedAt(addressHash: string) { return this.revocations.get(addressHash); }
  async countRequest(counter: string, windowStart: Date): Promise<number> {
    const key = `${counter}@${windowStart.toISOString()}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }
}
