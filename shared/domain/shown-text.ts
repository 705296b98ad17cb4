// Text from outside (mail subjects, sender names, file names, object keys, error texts) made safe to
// store and to show: bounded before any item is written, bidi controls removed from file names (a
// U+202E makes "fdp.xlsx" read as "xlsx.pdf"), control characters escaped where a terminal prints it.

/** Lengths a stored or shown field is cut to (characters). */
export const FIELD_LIMITS = {
  subject: 300,
  /** An address (RFC 5321 allows 254) or a From header's display form. */
  address: 320,
  fileName: 200,
  /** A sheet name or a table row's label. */
  label: 200,
  /** Error texts and details kept in logs and items. */
  detail: 1000,
  /** A contact person's name, and what they do ("Phòng Quản lý thu"). */
  personName: 100,
  personRole: 100,
  /** A telephone number as people type it ("+84 (0)912.345.678"). */
  phone: 30,
  /** Why a province asks for a contact change, or why the national office declines it. */
  reason: 500,
} as const;

/** Cuts `text` to at most `max` characters, marking the cut with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never leave half of a surrogate pair at the cut.
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Explicit bidirectional formatting characters (embeddings, overrides, isolates, marks). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** A file name as people see it: no bidi controls, no control characters, bounded. */
export function shownFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return clip(name.replace(BIDI_CONTROLS, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ''), FIELD_LIMITS.fileName);
}

/**
 * Text a person typed into a form, as stored: control characters as spaces, bidi and zero-width ones removed,
 * NFC, runs of white space as one space, trimmed. Not cut: the caller refuses or clips what is too long.
 */
export function typedText(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g, '')
    .normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Removes bidi controls only (keys and texts that keep their length elsewhere). */
export function withoutBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * A string as a terminal may print it: C0/C1 control characters, DEL and bidi controls written as
 * escapes (\n, \r, \t, \x1b, \u202e), so a key cannot move the cursor, colour the screen or forge a line.
 */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\\]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A template tag for text a terminal prints: every interpolated value goes through escapeControls,
 * the literal text (with its own line breaks) is kept, so a key or a cell cannot forge a line.
 */
export function terminal(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, literal, i) => out + literal + (i < values.length ? escapeControls(String(values[i])) : ''), '');
}

/**
 * One JSON value on one line for a terminal: JSON.stringify escapes C0 controls but leaves C1 controls
 * (U+009B is a CSI), bidi controls and line separators raw; those are written as \u escapes (same JSON value).
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
