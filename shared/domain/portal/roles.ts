// What each role may see and do. A province contact: its own province's pages, uploads and files.
// A national-office contact: everything, and submits nothing.
import type { Campaign } from '../campaign.ts';
import { officeName } from '../mail/common.ts';
import type { Principal } from '../../ports/portal.ts';

export function canSubmit(principal: Principal, province: string): boolean {
  return principal.role === 'province' && principal.province === province;
}

export function canViewProvince(principal: Principal, province: string): boolean {
  return principal.role === 'national' || principal.province === province;
}

export function canViewNational(principal: Principal): boolean {
  return principal.role === 'national';
}

/** Objects a principal may download: a province its own uploads; the national office uploads, error reports and snapshots. */
export function canReadObject(principal: Principal, key: string): boolean {
  if (key.includes('..') || key.startsWith('/')) return false;
  if (principal.role === 'national') return /^(incoming|errors|summaries)\//.test(key);
  return key.startsWith(`incoming/${principal.province}/`);
}

/** Who is signed in, as the portal's header and the sign-in mail name them. */
export function whoLabel(campaign: Campaign, principal: Principal): string {
  if (principal.role === 'national') return `${principal.address} (Văn phòng toàn quốc)`;
  const province = campaign.province(principal.province);
  return `${principal.address} (${province ? officeName(province) : `tỉnh mã ${principal.province}`})`;
}
