// The contacts import ends the rights of the addresses it removes: against a DynamoDB emulator, with
// the real adapters (the revocation item, the session, the import).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynaliteTable, type DynaliteTable } from '../support/dynalite-table.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseContactsCsv, saveContacts } from '../../shared/adapters/contacts.ts';
import { DynamoPortalStore } from '../../shared/adapters/portal-store.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { issueToken, requestSignIn, sessionFor, signInWithToken } from '../../shared/domain/portal/auth.ts';
import type { ContactBook } from '../../shared/ports/portal.ts';
import { changeContacts } from '../../shared/wiring/contact-rights.ts';

const TABLE = 'bhxh-contact-rights-test';
const campaign = defaultCampaign();
let table: DynaliteTable;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  doc = table.doc;
});

afterAll(async () => {
  await table?.stop();
});

describe('contacts import → rights end', () => {
  it('a session and an unused mail link of an address the import removes stop working, even when it is listed again', async () => {
    const t0 = new Date('2023-12-15T08:00:00Z');
    const store = new DynamoPortalStore(doc, TABLE, campaign.id);
    const book: ContactBook = { provinces: [{ province: '27', emails: ['nhan-vien@bacninh.gov.vn', 'van-thu@bacninh.gov.vn'] }], national: [] };
    await saveContacts(doc, TABLE, parseContactsCsv('27,nhan-vien@bacninh.gov.vn;van-thu@bacninh.gov.vn\n', campaign).set, campaign.config.provinceList.id);
    const principal = { role: 'province' as const, address: 'nhan-vien@bacninh.gov.vn', province: '27' };
    const signedIn = await signInWithToken(store, book, await issueToken(store, principal, 'mail', t0), t0);
    if (signedIn.status !== 'ok') throw new Error(signedIn.status);
    const unused = await issueToken(store, principal, 'mail', t0);
    const other = await signInWithToken(store, book, await issueToken(store, { ...principal, address: 'van-thu@bacninh.gov.vn' }, 'mail', t0), t0);

    const removedAt = new Date('2023-12-15T09:00:00Z');
    const { revoked } = await changeContacts(doc, TABLE, campaign, removedAt, () => saveContacts(doc, TABLE, parseContactsCsv('27,van-thu@bacninh.gov.vn\n', campaign).set, campaign.config.provinceList.id));
    expect(revoked).toEqual(['nhan-vien@bacninh.gov.vn']);
    // Listed again by mistake afterwards: what was handed out before stays void.
    await saveContacts(doc, TABLE, parseContactsCsv('27,nhan-vien@bacninh.gov.vn;van-thu@bacninh.gov.vn\n', campaign).set, campaign.config.provinceList.id);
    const later = new Date('2023-12-15T09:05:00Z');
    expect(await sessionFor(store, book, signedIn.sessionId, later)).toBeUndefined();
    expect(await signInWithToken(store, book, unused, later)).toEqual({ status: 'revoked' });
    // The colleague who stayed keeps the session.
    expect(other.status === 'ok' && await sessionFor(store, book, other.sessionId, later)).toMatchObject({ principal: { address: 'van-thu@bacninh.gov.vn' } });
  });

  it('a sign-in request for an unknown address writes a token the store can hold (same work as a registered one)', async () => {
    const store = new DynamoPortalStore(doc, TABLE, campaign.id);
    const outcome = await requestSignIn({
      store, contacts: { provinces: [], national: [] }, mailer: { send: async () => ({ messageId: 'x' }) }, log: () => {},
      compose: () => ({ subject: 's', text: 't' }), afterAnswer: () => {},
    }, { email: 'ai-do@example.vn', client: '203.0.113.1', now: new Date('2023-12-15T08:00:00Z'), linkBase: 'https://baocao.example.vn' });
    expect(outcome).toBe('answered');
  });
});
