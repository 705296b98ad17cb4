// A very small HTML toolkit for the mails: every piece of data is escaped where it is embedded.

/** Escapes text for an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Markup that is already safe (built from escaped parts). */
export interface Html { readonly html: string }

export const raw = (html: string): Html => ({ html });

/** Tagged template: interpolated strings/numbers are escaped, Html values and arrays of them are kept. */
export function h(strings: TemplateStringsArray, ...values: Array<string | number | Html | readonly Html[]>): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return raw(out);
}

function render(v: string | number | Html | readonly Html[]): string {
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number') return escapeHtml(String(v));
  if (Array.isArray(v)) return (v as readonly Html[]).map((x) => x.html).join('');
  return (v as Html).html;
}

/** A whole mail document around a body. */
export function htmlDocument(title: string, body: Html): string {
  return `<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n`
    + `<title>${escapeHtml(title)}</title>\n</head>\n`
    + `<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5; color: #222;">\n`
    + `<div style="max-width: 640px;">\n${body.html}</div>\n</body>\n</html>\n`;
}
