// The contact registry, the provinces' change requests, and what a removed address loses (its sessions and unused links), on the shared table: for the CLI and the portal.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContactRegistry } from '../adapters/contact-registry.ts';
import { DynamoContactRequests } from '../adapters/contact-requests.ts';
import { DynamoPortalStore } from '../adapters/portal-store.ts';
import type { Campaign } from '../domain/campaign.ts';
import type { ContactChangeDeps } from '../domain/contacts/changes.ts';
import { revokeAddress } from '../domain/portal/auth.ts';
import type { ContactRequestStore, EndAccess } from '../ports/contacts.ts';

export function contactChangeDeps(doc: DynamoDBDocumentClient, tableName: string, campaign: Campaign): ContactChangeDeps & { doc: DynamoDBDocumentClient; requests: ContactRequestStore } {
  return {
    doc,
    registry: new DynamoContactRegistry(doc, { tableName, provinceListId: campaign.config.provinceList.id }),
    requests: new DynamoContactRequests(doc, { tableName, provinceListId: campaign.config.provinceList.id }),
    endAccess: endAccessOn(doc, tableName, campaign),
  };
}

// A removed address's sessions and unused links end at once (shared/domain/portal/auth.ts).
function endAccessOn(doc: DynamoDBDocumentClient, tableName: string, campaign: Campaign): EndAccess {
  const store = new DynamoPortalStore(doc, tableName, campaign.id);
  return (address, now) => revokeAddress(store, address, now);
}
