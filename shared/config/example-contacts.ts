// The example contact set of the local stack and the demo: one address per province
// (bhxh-<code>@example.gov.vn), the national office, and the sender. Never real addresses.
import type { Campaign } from '../domain/campaign.ts';
import type { ContactSet } from '../adapters/contacts.ts';

export const EXAMPLE_NATIONAL_EMAILS = ['ban-quan-ly-thu@example.gov.vn'];
export const EXAMPLE_SENDER = 'bao-cao@example.gov.vn';

export function exampleProvinceEmail(code: string): string {
  return `bhxh-${code}@example.gov.vn`;
}

export function exampleContacts(campaign: Campaign): ContactSet {
  return {
    provinces: campaign.provinces.map((p) => ({ province: p.code, emails: [exampleProvinceEmail(p.code)] })),
    national: [...EXAMPLE_NATIONAL_EMAILS],
    sender: EXAMPLE_SENDER,
  };
}

/** The same set as a CSV, in the format `bhxh contacts import` reads. */
export function exampleContactsCsv(campaign: Campaign): string {
  const set = exampleContacts(campaign);
  return [
    'province,emails',
    ...set.provinces.map((c) => `${c.province},${c.emails.join(';')}`),
    `NATIONAL,${(set.national ?? []).join(';')}`,
    `SENDER,${set.sender ?? ''}`,
    '',
  ].join('\n');
}
