// Who sent a mail, and may it submit a report: the From address must be a registered contact of
// exactly one province, and (on AWS) the mail must pass SES's authentication verdicts.

/** SES receipt verdicts (receipt.*Verdict.status; dmarcPolicy when the domain publishes one). */
export interface SesVerdicts {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  dmarcPolicy?: string;
  spam?: string;
  virus?: string;
}

export type AuthenticationFailure = 'spam' | 'virus' | 'sender-authentication';

export type AuthenticationCheck = { ok: true; by: 'dmarc' | 'spf' | 'dkim' } | { ok: false; reason: AuthenticationFailure; detail: string };

export interface AuthenticationContext {
  /** The domain of the From address. */
  fromDomain: string;
  /** The envelope sender (MAIL FROM), which SPF authenticates. */
  envelopeFrom?: string;
  /** The d= domains of the mail's DKIM signatures. */
  dkimDomains: readonly string[];
  /** The From domains SES read (the notification's mail.commonHeaders.from): its DMARC verdict is about them. */
  sesFromDomains?: readonly string[];
}

export const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();

/** Relaxed alignment, as DMARC's default: one domain is the other or a subdomain of it. */
function aligned(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * DMARC PASS for the From domain we read (SES read the same one); or, when the From domain publishes
 * no DMARC policy (SES says GRAY), SPF PASS for an envelope sender aligned with the From domain, or
 * DKIM PASS with a signature of an aligned domain. A PASS for any other domain counts for nothing.
 * Authentication is decided first: only a proven sender hears about spam or virus verdicts.
 * A missing verdict counts as not passed.
 */
export function checkSesVerdicts(verdicts: SesVerdicts, context: AuthenticationContext): AuthenticationCheck {
  const status = (v: string | undefined): string => (v ?? 'MISSING').toUpperCase();
  const auth = authenticate(verdicts, context, status);
  if (!auth.ok) return auth;
  if (status(verdicts.virus) === 'FAIL') return { ok: false, reason: 'virus', detail: 'virus verdict FAIL' };
  if (status(verdicts.spam) === 'FAIL') return { ok: false, reason: 'spam', detail: 'spam verdict FAIL' };
  return auth;
}

function authenticate(verdicts: SesVerdicts, context: AuthenticationContext, status: (v: string | undefined) => string): AuthenticationCheck {
  const summary = `dmarc ${status(verdicts.dmarc)}, spf ${status(verdicts.spf)}, dkim ${status(verdicts.dkim)}`;
  const from = context.fromDomain.toLowerCase();
  const sesFrom = context.sesFromDomains ?? [];
  const sameFrom = sesFrom.length > 0 && sesFrom.every((d) => d.toLowerCase() === from);
  if (status(verdicts.dmarc) === 'PASS') {
    if (sameFrom) return { ok: true, by: 'dmarc' };
    return { ok: false, reason: 'sender-authentication', detail: `${summary}: DMARC passed for ${sesFrom.join(', ') || 'an unknown From'}, not for ${from}` };
  }
  if (status(verdicts.dmarc) !== 'GRAY') {
    return { ok: false, reason: 'sender-authentication', detail: `${summary}: the From domain's DMARC check did not pass` };
  }
  const envelopeDomain = context.envelopeFrom ? domainOf(context.envelopeFrom) : '';
  if (status(verdicts.spf) === 'PASS' && envelopeDomain && aligned(envelopeDomain, from)) return { ok: true, by: 'spf' };
  if (status(verdicts.dkim) === 'PASS' && context.dkimDomains.some((d) => aligned(d, from))) return { ok: true, by: 'dkim' };
  return { ok: false, reason: 'sender-authentication', detail: `${summary}: no DMARC policy, and neither SPF nor DKIM passed for ${from}` };
}

/** The domain of each address in From header values as SES lists them ("Name <a@b.vn>"). */
export function headerDomains(values: readonly string[]): string[] {
  return values.flatMap((v) => {
    const address = /<([^<>]*)>\s*$/.exec(v)?.[1] ?? v;
    return address.includes('@') ? [domainOf(address)] : [];
  });
}

export type SenderMatch =
  | { status: 'registered'; province: string }
  | { status: 'unknown' }
  | { status: 'ambiguous'; provinces: string[] };

/** The province a From address belongs to, from the provinces that list it. */
export function matchSender(provinces: readonly string[]): SenderMatch {
  const unique = [...new Set(provinces)].sort();
  if (unique.length === 1) return { status: 'registered', province: unique[0]! };
  if (unique.length === 0) return { status: 'unknown' };
  return { status: 'ambiguous', provinces: unique };
}
