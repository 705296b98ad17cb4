// The contact registry and what a removed address loses, on the shared table: for the CLI and the portal.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContactRegistry } from '../adapters/contact-registry.ts';
import type { Campaign } from '../domain/campaign.ts';
import type { ContactChangeDeps } from '../domain/contacts/changes.ts';
import type { EndAccess } from '../ports/contacts.ts';

export function contactChangeDeps(doc: DynamoDBDocumentClient, tableName: string, campaign: Campaign): ContactChangeDeps & { doc: DynamoDBDocumentClient } {
  return {
    doc,
    registry: new DynamoContactRegistry(doc, { tableName, provinceListId: campaign.config.provinceList.id }),
    endAccess: endAccessOn(doc, tableName, campaign),
  };
}

// SEAM (issue 19): revokeAddress in shared/domain/portal/auth.ts ends an address's sessions and unused
// links; until it is on main this ends nothing here, and a removed address is stopped by the sign-in's
// check against the contacts only.
function endAccessOn(_doc: DynamoDBDocumentClient, _tableName: string, _campaign: Campaign): EndAccess {
  return () => Promise.resolve();
}
