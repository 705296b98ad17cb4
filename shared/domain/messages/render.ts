// The one renderer of messages: plain text (every channel can carry it) and HTML (mail, the portal's
// verdict). Every piece of data is escaped where it enters the HTML (mail/html.ts).
import { h, htmlDocument, type Html } from '../mail/html.ts';
import type { Block, Inline, ListItem, Message, Text } from './model.ts';

/** A message as a mail carries it. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const inlineText = (i: Inline): string => (typeof i === 'string' ? i : 'strong' in i ? i.strong : i.code);
export const plain = (t: Text): string => (typeof t === 'string' ? t : t.map(inlineText).join(''));

function itemText(item: ListItem, marker: string, indent: string): string[] {
  return [`${indent}${marker} ${plain(item.text)}`, ...(item.detail ? [`${indent}  ${plain(item.detail)}`] : [])];
}

function blockText(block: Block): string[] {
  switch (block.type) {
    case 'heading':
      return [plain(block.text)];
    case 'paragraph':
      return block.lines.map(plain);
    case 'list': {
      // Under a title the items are indented, so the title reads as their heading.
      const indent = block.title === undefined ? '' : '  ';
      const items = block.items.flatMap((item, i) => itemText(item, block.ordered ? `${i + 1}.` : '-', indent));
      return block.title === undefined ? items : [plain(block.title), ...items];
    }
    case 'table':
      return [plain(block.title), ...(block.intro === undefined ? [] : [plain(block.intro)]), ...block.rows.map(([k, v]) => `  ${plain(k)}: ${plain(v)}`)];
    case 'button':
      return [`${block.label}: ${block.url}`, ...(block.note ? [block.note] : [])];
  }
}

/** The message as plain text: blocks one after another, a blank line between two. */
export function renderText(blocks: readonly Block[]): string {
  return `${blocks.map((b) => blockText(b).join('\n')).join('\n\n')}\n`;
}

const inlineHtml = (i: Inline): Html => (typeof i === 'string' ? h`${i}` : 'strong' in i ? h`<b>${i.strong}</b>` : h`<code>${i.code}</code>`);
const textHtml = (t: Text): Html => (typeof t === 'string' ? h`${t}` : h`${t.map(inlineHtml)}`);
const NOTE_STYLE = 'color:#777;font-size:12px';
const BUTTON_STYLE = 'display:inline-block;background:#0b4f9c;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:bold';

function blockHtml(block: Block): Html {
  switch (block.type) {
    case 'heading':
      return h`<h2 style="font-size:18px;margin:16px 0 8px">${textHtml(block.text)}</h2>`;
    case 'paragraph': {
      const lines = block.lines.map((l, i) => (i === 0 ? textHtml(l) : h`<br>${textHtml(l)}`));
      return block.tone === 'note' ? h`<p style="${NOTE_STYLE}">${lines}</p>` : h`<p>${lines}</p>`;
    }
    case 'list': {
      const items = block.items.map((item) => h`<li>${textHtml(item.text)}${item.detail ? h`<br>${textHtml(item.detail)}` : h``}</li>`);
      const title = block.title === undefined ? h`` : h`<p><b>${textHtml(block.title)}</b></p>`;
      return block.ordered ? h`${title}<ol>${items}</ol>` : h`${title}<ul>${items}</ul>`;
    }
    case 'table':
      return h`<p><b>${textHtml(block.title)}</b>${block.intro === undefined ? h`` : h`<br>${textHtml(block.intro)}`}</p>
<table style="border-collapse:collapse" cellpadding="4" border="1">
<tr><th>${block.head[0]}</th><th>${block.head[1]}</th></tr>
${block.rows.map(([k, v]) => h`<tr><td>${textHtml(k)}</td><td style="text-align:right;white-space:nowrap">${textHtml(v)}</td></tr>`)}
</table>`;
    case 'button':
      return h`<p><a href="${block.url}" style="${BUTTON_STYLE}">${block.label}</a></p>${block.note ? h`<p style="${NOTE_STYLE}">${block.note}</p>` : h``}`;
  }
}

/** The blocks as an HTML fragment (a page embeds it; a mail wraps it in a document). */
export function renderHtml(blocks: readonly Block[]): Html {
  return h`${blocks.map((b) => h`${blockHtml(b)}\n`)}`;
}

/** A message as mail: the subject, the text part and the HTML document. */
export function renderMail(message: Message): RenderedMail {
  return {
    subject: message.subject,
    text: renderText(message.blocks),
    html: htmlDocument(message.title ?? message.subject, renderHtml(message.blocks)),
  };
}
