// Servers added to the local stack (a portal, an SMTP intake, …): each is one module exporting a
// LocalServer, listed here. The stack starts them, in this order, once the emulators and the
// functions are ready, and stops them first.
import { PORTAL_SERVER } from './portal.ts';
import { smtpIntakeServer } from './smtp-intake.ts';
import type { LocalStack } from './stack.ts';

export interface LocalServer {
  /** Its name in `LocalStackOptions.ports` and in `stack.servers`. */
  name: string;
  start(stack: LocalStack, port: number | undefined): Promise<{ url: string; close(): Promise<void> }>;
}

export const LOCAL_SERVERS: LocalServer[] = [PORTAL_SERVER, smtpIntakeServer];
