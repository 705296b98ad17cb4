// Whether SES will take an address: its rules, checked when contacts are imported so a typo is
// refused there and then instead of failing (or bouncing) mails later.
//   - the whole address is 7-bit ASCII (a Unicode domain must be written in Punycode, xn--…);
//   - exactly one "@", a local part of at most 64 characters without spaces, quotes or brackets,
//     no leading, trailing or doubled dot;
//   - a domain of dot-separated labels (letters, digits, hyphens, not at a label's ends), with at
//     least one dot and a top-level label of letters (or xn--).

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isSesAddress(address: string): boolean {
  const parts = address.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  if (local.length === 0 || local.length > 64 || !LOCAL.test(local)) return false;
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  const top = labels.at(-1)!;
  return /^[A-Za-z]{2,63}$/.test(top) || /^xn--[A-Za-z0-9-]+$/.test(top);
}
