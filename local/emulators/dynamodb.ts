// The local DynamoDB: dynalite, its data under the given folder (LevelDB), kept across restarts.
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { listen } from './listen.ts';

export async function startDynamoEmulator(host: string, port: number, path: string): Promise<{ server: Server; port: number }> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const address = await listen(server, port, host, 'DynamoDB emulator');
  return { server, port: address.port };
}
