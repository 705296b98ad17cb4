// A change of the contacts (CLI import, the portal's contact pages) ends the rights of every address
// it removes or moves: their portal sessions and unused links are revoked (shared/domain/portal/auth.ts).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContactDirectory, type ContactSet } from '../adapters/contacts.ts';
import { DynamoPortalStore } from '../adapters/portal-store.ts';
import type { Campaign } from '../domain/campaign.ts';
import { addressesEnded, revokeAddress } from '../domain/portal/auth.ts';
import type { ContactBook } from '../ports/portal.ts';

const book = (set: ContactSet): ContactBook => ({ provinces: set.provinces, national: set.national ?? [] });

/** Runs `change`, then revokes every address whose role it ended; returns the change's result and those addresses. */
export async function changeContacts<T>(
  doc: DynamoDBDocumentClient, tableName: string, campaign: Campaign, now: Date, change: () => Promise<T>,
): Promise<{ result: T; revoked: string[] }> {
  const directory = (): DynamoContactDirectory => new DynamoContactDirectory(doc, { tableName, provinceListId: campaign.config.provinceList.id });
  const before = book(await directory().load());
  const result = await change();
  const ended = addressesEnded(before, book(await directory().load()));
  const store = new DynamoPortalStore(doc, tableName, campaign.id);
  for (const address of ended) await revokeAddress(store, address, now);
  return { result, revoked: ended };
}
