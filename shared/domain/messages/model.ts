// One message the product sends (receipt, error report, reminder, nudge, digest, refusal, sign-in),
// written once as a list of blocks and rendered by render.ts: plain text and HTML for mail, plain text
// for a channel without markup. A message says what people read, never how it is laid out.

/** A run of text with light emphasis; plain strings are the common case. */
export type Inline = string | { strong: string } | { code: string };

/** A line of text: a plain string, or inline runs. */
export type Text = string | readonly Inline[];

/** One item of a list: a line, with an optional detail line under it. */
export interface ListItem {
  text: Text;
  detail?: Text;
}

export type Block =
  /** A title inside the message (the verdict's heading on the portal). */
  | { type: 'heading'; text: Text }
  /** Lines kept together (one paragraph; in HTML separated by line breaks). */
  | { type: 'paragraph'; lines: readonly Text[]; tone?: Tone }
  /** Items under an optional title; numbered when `ordered`. */
  | { type: 'list'; title?: Text; items: readonly ListItem[]; ordered?: boolean }
  /** Key/value rows under a title (the values of a report, what a correction changed); `intro` is a line under the title. */
  | { type: 'table'; title: Text; intro?: Text; head: readonly [string, string]; rows: ReadonlyArray<readonly [Text, Text]> }
  /** A link to act on (the portal button); `note` is the small print under it. */
  | { type: 'button'; url: string; label: string; note?: string };

/** "note": small grey print (the automated-mail note, the IT staff's folder). */
export type Tone = 'normal' | 'note';

export interface Message {
  subject: string;
  blocks: readonly Block[];
  /** The HTML document's title when it is not the subject (a reply's subject is "Re: …" of the sender's). */
  title?: string;
}

export const paragraph = (...lines: Text[]): Block => ({ type: 'paragraph', lines });
export const note = (...lines: Text[]): Block => ({ type: 'paragraph', lines, tone: 'note' });
export const heading = (text: Text): Block => ({ type: 'heading', text });
export const list = (items: ReadonlyArray<Text | ListItem>, options: { title?: Text; ordered?: boolean } = {}): Block => ({
  type: 'list',
  items: items.map((i) => (typeof i === 'string' || Array.isArray(i) ? { text: i as Text } : i as ListItem)),
  ...options,
});
export const table = (
  title: Text, head: readonly [string, string], rows: ReadonlyArray<readonly [Text, Text]>, options: { intro?: Text } = {},
): Block => ({ type: 'table', title, head, rows, ...options });
export const strong = (text: string): Inline => ({ strong: text });
export const code = (text: string): Inline => ({ code: text });

/** Blocks kept only where the condition holds (`...when(x, () => [...])`). */
export function when(condition: unknown, blocks: () => readonly Block[]): readonly Block[] {
  return condition ? blocks() : [];
}
