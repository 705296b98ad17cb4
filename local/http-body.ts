// A request body read into memory, up to a limit (the local S3 door and the portal's servers).
import type { IncomingMessage } from 'node:http';

/** The whole body, or undefined once it passes `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
