// What the CLI and the local stack print: a key, a file name, a subject or a cell holding ESC, CR/LF or
// a bidi override is written as an escape, never as itself (no colours, no cleared screen, no forged line).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeActivity } from '../../local/activity.ts';
import { jsonLine, terminal } from '../../shared/domain/shown-text.ts';
import { buildReportFile, SAMPLE_VALUES, sampleSpec } from '../../shared/fixtures/report-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'bhxh-cli-terminal-'));
const bhxh = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** A name that clears the screen, returns the cursor and starts a forged line, right-to-left. */
const HOSTILE = 'bao-cao\u001b[2J\rOK\u202e.xlsx';

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('the terminal helpers', () => {
  it('escape every interpolated value and keep the literal line breaks', () => {
    expect(terminal`key ${'a\u001b[31mb\r\nc\u202ed'}\n`).toBe('key a\\x1b[31mb\\r\\nc\\u202ed\n');
    expect(terminal`${'plain tên tệp.xlsx'} ${42}`).toBe('plain tên tệp.xlsx 42');
  });

  it('jsonLine gives the same JSON value with C1 and bidi controls escaped', () => {
    const value = { key: 'x\u009b2Jy\u202ez\u2028', n: 1 };
    const line = jsonLine(value);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toMatch(RAW_CONTROL);
    expect(line).not.toContain('\u2028');
    expect(JSON.parse(line)).toEqual(value);
  });
});

describe('bhxh parse', () => {
  it('prints a hostile file name and cell escaped, for a person and as JSON', () => {
    const values = [...SAMPLE_VALUES];
    const path = file(HOSTILE, buildReportFile(sampleSpec({ values: [...values.slice(0, 5), -3, ...values.slice(6)] })));
    const human = bhxh('parse', path, '--province', '27');
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('bao-cao\\x1b[2J\\rOK\\u202e.xlsx: BỊ TỪ CHỐI');
    expect(human.stdout).not.toMatch(RAW_CONTROL);
    const json = bhxh('parse', path, '--province', '27', '--json');
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'rejected', errors: [{ code: 'negative' }] });
  }, 60_000);
});

describe('bhxh mail', () => {
  let server: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData: (stream, _session, done) => { stream.resume(); stream.on('end', () => done()); } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => { server.close(() => resolve()); }));

  it('names the file it sent escaped', async () => {
    const path = file(HOSTILE, buildReportFile(sampleSpec()));
    // Not spawnSync: the SMTP server answers from this process's event loop.
    const run = await new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'cli/bhxh.ts', 'mail', path, '--province', '27', '--smtp-host', '127.0.0.1', '--smtp-port', String(port)],
        { encoding: 'utf8', timeout: 60_000 }, (error, stdout) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout }));
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('bao-cao\\x1b[2J\\rOK\\u202e.xlsx');
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  }, 60_000);
});

describe('the local stack\'s activity lines', () => {
  it('print a hostile key and the recorded error text escaped, on one line', async () => {
    const key = `incoming/27/${HOSTILE}\nparser     incoming/01/x.xlsx: accepted`;
    const doc = {
      send: () => Promise.resolve({ Item: { status: 'rejected', errors: [{ code: 'stray-cell', message: 'Ô L8 có nội dung "\u001b]0;owned\u0007"' }] } }),
    } as unknown as DynamoDBDocumentClient;
    const line = await describeActivity({
      fn: 'parser', queue: 'intake', subject: key, attempt: 1, ok: true,
      upload: { key, sequencer: '0A', receivedAt: '2023-12-15T03:00:00.000Z' },
    }, doc, 'table');
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(RAW_CONTROL);
    expect(line).toContain('\\nparser     incoming/01/x.xlsx: accepted');
    expect(line).toContain('REJECTED (1 errors) Ô L8 có nội dung "\\x1b]0;owned\\x07"');
    const failed = await describeActivity({ fn: 'parser', queue: 'intake', subject: key, attempt: 5, ok: false, parked: true, error: 'Boom\r\n\u001b[1A' }, doc, 'table');
    expect(failed).not.toMatch(RAW_CONTROL);
    expect(failed).toContain('Boom\\r\\n\\x1b[1A');
  });
});
