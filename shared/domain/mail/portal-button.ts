// The portal button every message of the pipeline carries, bound to its recipient and minted at
// sending time: with the portal on, each recipient whose channel signs in gets its own copy.
import type { PortalLinks, Principal } from '../../ports/portal.ts';
import { MAIL_LINK_HOURS } from '../portal/auth.ts';
import type { Channel, Outgoing } from '../messages/channel.ts';
import type { Block } from '../messages/model.ts';

/** A message's link into the portal, signed in as its recipient. */
export interface PortalLink {
  url: string;
  label: string;
}

export const SUBMIT_BUTTON_LABEL = 'Mở cổng báo cáo để nộp báo cáo';
export const OPEN_BUTTON_LABEL = 'Mở cổng báo cáo';

/** The portal button block of a message. */
export function portalButton(link: PortalLink): Block {
  return {
    type: 'button',
    url: link.url,
    label: link.label,
    note: `Liên kết mở cổng báo cáo với địa chỉ nhận thư này, dùng được một lần trong ${MAIL_LINK_HOURS} giờ. Sau đó, đăng nhập lại tại cổng bằng địa chỉ thư của đơn vị.`,
  };
}

/** The button of one message, bound to one recipient. A failure to mint it never stops the message. */
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

export interface ButtonMessage {
  channel: Channel;
  portalLinks?: PortalLinks | undefined;
  /** Who the button signs in, for one address. */
  principal: (address: string) => Principal;
  purpose: 'open' | 'submit';
  /** The message for one button (none when the portal is off, the link could not be minted, or the channel cannot sign in). */
  compose: (link: PortalLink | undefined) => Outgoing;
  onLinkError: (error: string) => void;
}

/**
 * Sends a message that may carry the portal button. A link signs in as one address, once, so with the
 * portal on every recipient gets its own copy with its own button; without it, one message to all.
 * Every copy is tried; when any failed, throws after the others went out, naming the addresses.
 */
export async function sendWithPortalButton(to: readonly string[], spec: ButtonMessage): Promise<{ messageIds: string[] }> {
  const { channel } = spec;
  if (!spec.portalLinks || !channel.signsIn) return { messageIds: [(await channel.send([...to], spec.compose(undefined))).messageId] };
  const messageIds: string[] = [];
  const failures: string[] = [];
  for (const address of to) {
    const link = await mailPortalLink(spec.portalLinks, spec.principal(address), spec.purpose, spec.onLinkError);
    try {
      messageIds.push((await channel.send([address], spec.compose(link))).messageId);
    } catch (error) {
      failures.push(`${address}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`${channel.id} not sent to ${failures.join('; ')}${messageIds.length ? ` (sent to the other ${messageIds.length})` : ''}`);
  return { messageIds };
}
