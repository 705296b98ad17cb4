// The SES emulator keeps a sent raw message's subject, addresses and bodies but drops its other
// headers; a reply's threading (Message-ID, In-Reply-To, References) and the RFC 3834 marks
// (Auto-Submitted, X-Auto-Response-Suppress) are what the mail path promises, so the local stack
// puts those headers back on the stored mail (`headers` in /store, as the emulator does for SESv2 simple mails). Local only: patches the emulator's SendRawEmail handler.
import { createRequire } from 'node:module';

type Handler = (req: { body?: Record<string, unknown> }, res: { send: (body: unknown) => unknown }, next: unknown) => unknown;
interface StoredEmail { messageId: string; headers?: Array<{ name: string; value: string }> }

const THREADING = new Set(['message-id', 'in-reply-to', 'references', 'auto-submitted', 'x-auto-response-suppress']);

/** The threading headers of a raw message (its header block only, unfolded). */
export function threadingHeaders(raw: Buffer): Array<{ name: string; value: string }> {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block.split(/\r?\n/).flatMap((line) => {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    return colon > 0 && THREADING.has(name.toLowerCase()) ? [{ name, value: line.slice(colon + 1).trim() }] : [];
  });
}

let patched = false;

export function keepThreadingHeaders(): void {
  if (patched) return;
  patched = true;
  const require = createRequire(import.meta.url);
  const raw = require('aws-ses-v2-local/dist/v1/sendRawEmail.js') as { default: Handler };
  const store = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly(): { emails: StoredEmail[] } };
  const original = raw.default;
  raw.default = (req, res, next) => {
    const data = req.body?.['RawMessage.Data'];
    const headers = typeof data === 'string' ? threadingHeaders(Buffer.from(data, 'base64')) : [];
    const send = res.send.bind(res);
    res.send = (body: unknown) => {
      const id = /<MessageId>([^<]+)<\/MessageId>/.exec(String(body))?.[1];
      const stored = id ? store.getStoreReadonly().emails.find((e) => e.messageId === id) : undefined;
      if (stored && headers.length > 0) stored.headers = headers;
      return send(body);
    };
    return original(req, res, next);
  };
}
