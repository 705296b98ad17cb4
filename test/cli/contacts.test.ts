// `bhxh contacts list | export | import` against a DynamoDB emulator, as the operator runs them.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamo-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'bhxh-contacts-'));
let server: Server;
let env: NodeJS.ProcessEnv;

/** Runs the CLI with stdin a pipe (as in CI: nobody can answer a question). */
function bhxh(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.end();
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand({ TableName: 'bhxh-contacts-cli', ...structuredClone(TABLE_DEFINITION) } as never));
  client.destroy();
  env = {
    ...process.env, AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
    BHXH_TABLE_NAME: 'bhxh-contacts-cli', BHXH_CAMPAIGN_FILE: 'shared/config/campaign-2026-12.json', TZ: 'UTC',
  };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('bhxh contacts', () => {
  it('import: shows what would change, and without a terminal refuses to write unless --yes', async () => {
    const file = write('first.csv', 'province,emails\n24,a@bhxh-bacninh.gov.vn;b@bhxh-bacninh.gov.vn\n22,q@bhxh-quangninh.gov.vn\nNATIONAL,ban-thu@bhxh.gov.vn\n');
    const asked = await bhxh(['contacts', 'import', file]);
    expect(asked.stdout).toContain(`${file} would change:\n  22: + q@bhxh-quangninh.gov.vn\n  24: + a@bhxh-bacninh.gov.vn  + b@bhxh-bacninh.gov.vn\n  NATIONAL: + ban-thu@bhxh.gov.vn\n`);
    expect(asked.stderr).toContain('nobody can confirm it here (stdin is not a terminal): re-run with --yes to write it');
    expect(asked.status).toBe(2);
    expect((await bhxh(['contacts', 'export'])).stdout).toContain('\n24,\n');

    const written = await bhxh(['contacts', 'import', file, '--yes']);
    expect(written.stdout).toContain('Written: 2 provinces, the national office.');
    expect(written.status).toBe(0);
  }, 60_000);

  it('list: one aligned row per address, with the last change in the campaign\'s zone', async () => {
    const { stdout, status } = await bhxh(['contacts', 'list']);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Province\s+Address\s+Name\s+Role\s+Phone\s+Last change$/);
    const row = lines.find((l) => l.startsWith('24 Bắc Ninh'))!;
    expect(row).toMatch(/^24 Bắc Ninh\s+a@bhxh-bacninh\.gov\.vn\s+\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} by cli:/);
    // Columns line up: every address starts where the header's "Address" does.
    const column = lines[0]!.indexOf('Address');
    expect(lines.filter((l) => l.includes('@bhxh-')).every((l) => l.indexOf('@') > column && l.slice(column).startsWith(l.slice(column).trimStart()))).toBe(true);
    expect(stdout).toContain('Times in Asia/Ho_Chi_Minh.');
  }, 60_000);

  it('export writes the CSV import reads back: importing it changes nothing', async () => {
    const exported = await bhxh(['contacts', 'export']);
    expect(exported.stdout.split('\n').slice(0, 2)).toEqual(['province,emails', '01,']);
    expect(exported.stdout).toContain('\n24,a@bhxh-bacninh.gov.vn;b@bhxh-bacninh.gov.vn\n');
    expect(exported.stdout).toContain('\nNATIONAL,ban-thu@bhxh.gov.vn\n');
    const again = await bhxh(['contacts', 'import', write('again.csv', exported.stdout)]);
    expect(again.stdout).toContain('Nothing to change');
    expect(again.status).toBe(0);
  }, 60_000);

  it('a removal by import is shown as such and written only with --yes', async () => {
    const file = write('remove.csv', '24,a@bhxh-bacninh.gov.vn\n');
    const result = await bhxh(['contacts', 'import', file, '--yes']);
    expect(result.stdout).toContain('  24: - b@bhxh-bacninh.gov.vn\n');
    expect(result.stdout).toContain('Written: 1 provinces.');
    const json = JSON.parse((await bhxh(['contacts', 'list', '--json'])).stdout) as { provinces: Array<{ province: string; changes: Array<{ action: string; before: unknown[]; after: unknown[] }> }> };
    const changes = json.provinces.find((p) => p.province === '24')!.changes;
    expect(changes.map((c) => [c.action, c.before.length, c.after.length])).toEqual([['import', 0, 2], ['import', 2, 1]]);
  }, 60_000);

  it('a file with an error writes nothing', async () => {
    const result = await bhxh(['contacts', 'import', write('bad.csv', '24,oops\n'), '--yes']);
    expect(result.stdout).toContain('Nothing imported: 1 problems');
    expect(result.status).toBe(1);
  }, 60_000);
});
