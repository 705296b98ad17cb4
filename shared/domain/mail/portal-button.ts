// The portal button every mail of the pipeline carries, bound to its recipient.
import { h, type Html } from './html.ts';
import type { Mailer, MailMessage } from '../../ports/index.ts';
import type { PortalLinks, Principal } from '../../ports/portal.ts';
import { MAIL_LINK_HOURS } from '../portal/auth.ts';

/** A mail's link into the portal: the button (HTML) and the line (plain text). */
export interface PortalLink {
  url: string;
  label: string;
}

export const SUBMIT_BUTTON_LABEL = 'Mở cổng báo cáo để nộp báo cáo';
export const OPEN_BUTTON_LABEL = 'Mở cổng báo cáo';

export const buttonHtml = (url: string, label: string): Html =>
  h`<p><a href="${url}" style="display:inline-block;background:#0b4f9c;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:bold">${label}</a></p>`;

/** The button of one mail, bound to one recipient. A failure to mint it never stops the mail. */
export async function mailPortalLink(
  links: PortalLinks | undefined, principal: Principal, purpose: 'open' | 'submit', onError: (error: string) => void,
): Promise<PortalLink | undefined> {
  if (!links) return undefined;
  try {
    return { url: await links.linkFor(principal), label: purpose === 'submit' ? SUBMIT_BUTTON_LABEL : OPEN_BUTTON_LABEL };
  } catch (error) {
    onError(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

export interface ButtonMail {
  mailer: Mailer;
  portalLinks?: PortalLinks | undefined;
  /** Who the button signs in, for one address. */
  principal: (address: string) => Principal;
  purpose: 'open' | 'submit';
  /** The message for one button (none when the portal is off or the link could not be minted). */
  compose: (link: PortalLink | undefined) => Omit<MailMessage, 'to'>;
  onLinkError: (error: string) => void;
}

/**
 * Sends a mail that carries the portal button. A link signs in as one address, once, so with the
 * portal on every recipient gets its own copy with its own button; without it, one mail to all.
 * Every copy is tried; when any failed, throws after the others went out, naming the addresses.
 */
export async function sendWithPortalButton(to: readonly string[], mail: ButtonMail): Promise<{ messageIds: string[] }> {
  if (!mail.portalLinks) return { messageIds: [(await mail.mailer.send({ ...mail.compose(undefined), to: [...to] })).messageId] };
  const messageIds: string[] = [];
  const failures: string[] = [];
  for (const address of to) {
    const link = await mailPortalLink(mail.portalLinks, mail.principal(address), mail.purpose, mail.onLinkError);
    try {
      messageIds.push((await mail.mailer.send({ ...mail.compose(link), to: [address] })).messageId);
    } catch (error) {
      failures.push(`${address}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Mail not sent to ${failures.join('; ')}${messageIds.length ? ` (sent to the other ${messageIds.length})` : ''}`);
  return { messageIds };
}

export function portalButtonHtml(link: PortalLink): Html {
  return h`${buttonHtml(link.url, link.label)}
<p style="color:#777;font-size:12px">Nút trên mở cổng báo cáo với địa chỉ thư này, dùng được một lần trong ${MAIL_LINK_HOURS} giờ. Sau đó, đăng nhập lại tại cổng bằng địa chỉ thư của đơn vị.</p>`;
}

export function portalButtonText(link: PortalLink): string[] {
  return [`${link.label}: ${link.url}`, `(Liên kết dùng được một lần trong ${MAIL_LINK_HOURS} giờ.)`];
}
