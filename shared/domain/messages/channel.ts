// How a message reaches people: a channel (mail today; Zalo or SMS would be others) takes a message
// model and renders it as it needs (mail: text and HTML; a chat: the plain text).
import type { MailAttachment, Mailer, MailMessage } from '../../ports/index.ts';
import type { Message } from './model.ts';
import { renderMail } from './render.ts';

/** A channel's name; it is part of the sent-log key, so it never changes once used. */
export type ChannelId = string;
export const MAIL: ChannelId = 'mail';

/** Someone a message goes to: an address on one channel. */
export interface Recipient {
  channel: ChannelId;
  address: string;
}

/**
 * Recipients by channel, in the order of `channels`, each address once; recipients of a channel this
 * deployment does not have are returned apart (the caller says so in its log).
 */
export function byChannel(recipients: readonly Recipient[], channels: readonly Channel[]): { routes: Array<{ channel: Channel; to: string[] }>; unrouted: Recipient[] } {
  const routes = channels.map((channel) => ({
    channel,
    to: [...new Set(recipients.filter((r) => r.channel === channel.id).map((r) => r.address.trim()).filter((a) => a.length > 0))],
  })).filter((r) => r.to.length > 0);
  return { routes, unrouted: recipients.filter((r) => !channels.some((c) => c.id === r.channel)) };
}

/** What only mail has; other channels ignore it. */
export interface MailEnvelope {
  /** Replaces the message's subject (a reply's "Re: …"). */
  subject?: string;
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
  /** RFC 3834: the mailer's default is "auto-replied" for a reply, else "auto-generated". */
  autoSubmitted?: MailMessage['autoSubmitted'];
  attachments?: MailAttachment[];
}

export interface Outgoing {
  message: Message;
  mail?: MailEnvelope;
}

export interface Channel {
  readonly id: ChannelId;
  /** Whether the channel's addresses are portal sign-in addresses (then each copy gets its own button). */
  readonly signsIn: boolean;
  /** Sends one message to addresses of this channel; throws when it gives up. */
  send(to: string[], outgoing: Outgoing): Promise<{ messageId: string }>;
}

/** Mail: the message rendered to text and HTML, with the mail-only envelope. */
export function mailChannel(mailer: Mailer): Channel {
  return {
    id: MAIL,
    signsIn: true,
    send: (to, { message, mail = {} }) => {
      const rendered = renderMail(message);
      return mailer.send({
        to,
        subject: mail.subject ?? rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references ? { references: mail.references } : {}),
        ...(mail.autoSubmitted ? { autoSubmitted: mail.autoSubmitted } : {}),
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      });
    },
  };
}
