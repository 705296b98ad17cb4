// Reading a received mail (shared/domain/mail-intake/mime.ts): the charsets Vietnamese mail arrives
// in, every From address, forwarded messages to a depth, and hostile structure refused as unreadable.
import { describe, expect, it } from 'vitest';
import { parseMime, UnreadableMailError } from '../../shared/domain/mail-intake/mime.ts';
import { appleMail, base64Lines, BODY, gmailMail, outlookMail, report, thunderbirdMail } from '../support/mime-samples.ts';

const CRLF = '\r\n';
const mail = (...lines: Array<string | Uint8Array>): Uint8Array =>
  Buffer.concat(lines.map((l) => Buffer.concat([typeof l === 'string' ? Buffer.from(l, 'utf8') : l, Buffer.from(CRLF)])));
const hex = (bytes: number[]): string => bytes.map((b) => `=${b.toString(16).toUpperCase()}`).join('');
// windows-1258 (Vietnamese Windows): "Báo cáo" and "Đơn vị" (the tone of "ị" as a combining mark, 0xF2).
const BAO_CAO_1258 = [0x42, 0xe1, 0x6f, 0x20, 0x63, 0xe1, 0x6f];
const DON_VI_1258 = [0xd0, 0xf5, 0x6e, 0x20, 0x76, 0x69, 0xf2];

describe('parseMime: the charsets and encodings Vietnamese mail arrives in', () => {
  it('UTF-8 in quoted-printable (Outlook) and base64 (Apple Mail), file names in RFC 2047 / RFC 2231', async () => {
    const outlook = await parseMime(outlookMail().raw);
    expect(outlook.subject).toBe('TL: Nhắc nộp báo cáo ngày 15/12/2023');
    expect(outlook.text).toContain('Đơn vị gửi báo cáo ngày 15/12/2023 đính kèm.');
    expect(outlook.attachments.map((a) => a.filename)).toEqual(['Báo cáo ngày 15.12.2023.xlsx']);
    expect((await parseMime(appleMail().raw)).text).toContain(BODY.split('\n')[1]);
    expect((await parseMime(thunderbirdMail().raw)).attachments[0]!.filename).toBe('Báo cáo tình hình đôn đốc thu hồi nợ ngày 15-12-2023.ods');
  });

  it('windows-1258: an 8-bit body, a Q-encoded subject and an RFC 2231 file name', async () => {
    const parsed = await parseMime(mail(
      'From: a@example.vn', `Subject: =?windows-1258?Q?${hex(BAO_CAO_1258).replace(/=20/, '_')}?=`, 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=b', '',
      '--b', 'Content-Type: text/plain; charset=windows-1258', 'Content-Transfer-Encoding: 8bit', '', new Uint8Array(DON_VI_1258),
      '--b', `Content-Type: application/vnd.ms-excel; name*=windows-1258''${hex(BAO_CAO_1258).replace(/=/g, '%')}.xls`,
      'Content-Disposition: attachment', 'Content-Transfer-Encoding: base64', '', base64Lines(report(undefined, undefined, 'xls')),
      '--b--',
    ));
    expect(parsed.subject.normalize('NFC')).toBe('Báo cáo');
    expect(parsed.text.normalize('NFC')).toContain('Đơn vị');
    expect(parsed.attachments.map((a) => a.filename.normalize('NFC'))).toEqual(['Báo cáo.xls']);
  });

  it('keeps the exact bytes of a base64 attachment', async () => {
    const file = report();
    const parsed = await parseMime(gmailMail({ files: [{ name: 'bc.xlsx', bytes: file }] }).raw);
    expect(Buffer.from(parsed.attachments[0]!.content).equals(Buffer.from(file))).toBe(true);
  });
});

describe('parseMime: who sent it, and the thread', () => {
  it('every address of every From header, so a mail from two senders is never taken as from one', async () => {
    expect((await parseMime(mail('From: "Phòng Thu" <Thu@Example.vn>', '', 'x'))).from).toEqual(['Thu@Example.vn']);
    expect((await parseMime(mail('From: a@example.vn, b@example.vn', '', 'x'))).from).toEqual(['a@example.vn', 'b@example.vn']);
    expect((await parseMime(mail('From: a@example.vn', 'From: b@example.vn', '', 'x'))).from).toEqual(['a@example.vn', 'b@example.vn']);
    expect((await parseMime(mail('From: Team: a@example.vn, b@example.vn;', '', 'x'))).from).toEqual(['a@example.vn', 'b@example.vn']);
    expect((await parseMime(mail('From: "boss@example.vn" <clerk@example.vn>', '', 'x'))).from).toEqual(['clerk@example.vn']);
    expect((await parseMime(mail('Subject: x', '', 'x'))).from).toEqual([]);
  });

  it('Message-ID, References (folded) and the d= of every DKIM signature', async () => {
    const parsed = await parseMime(mail(
      'DKIM-Signature: v=1; a=rsa-sha256; d=Example.GOV.vn; s=s1;', '\tbh=abc; b=def', 'DKIM-Signature: v=1; d=gmail.com; s=x',
      'From: a@example.vn', 'Message-ID: <m1@example.vn>', 'References: <a@b.vn> <c@d.vn>', '  <e@f.vn>', '', 'x',
    ));
    expect(parsed).toMatchObject({ messageId: '<m1@example.vn>', references: ['<a@b.vn>', '<c@d.vn>', '<e@f.vn>'], dkimDomains: ['example.gov.vn', 'gmail.com'] });
  });
});

describe('parseMime: the headers that mark a mail as sent by a machine', () => {
  it('reads Auto-Submitted (folded), Precedence, List-Id, Return-Path and a multipart/report root', async () => {
    const auto = await parseMime(mail('From: a@example.vn', 'Auto-Submitted:', ' auto-replied', 'Return-Path: <>', '', 'x'));
    expect(auto).toMatchObject({ automatic: 'Auto-Submitted: auto-replied', returnPath: '<>' });
    expect((await parseMime(mail('From: a@example.vn', 'Precedence: bulk', '', 'x'))).automatic).toBe('Precedence: bulk');
    expect((await parseMime(mail('From: a@example.vn', 'List-Id: <tin.example.vn>', '', 'x'))).automatic).toBe('list-id: <tin.example.vn>');
    const report = await parseMime(mail('From: MAILER-DAEMON@example.vn', 'Content-Type: multipart/report; report-type=delivery-status; boundary=r', '',
      '--r', 'Content-Type: text/plain', '', 'failed', '--r', 'Content-Type: message/delivery-status', '', 'Status: 5.0.0', '--r--'));
    expect(report.automatic).toMatch(/^Content-Type: multipart\/report/);
    expect((await parseMime(mail('From: a@example.vn', 'Auto-Submitted: no', '', 'x'))).automatic).toBeUndefined();
  });
});

describe('parseMime: forwarded messages and hostile structure', () => {
  const forward = (inner: Uint8Array, i: number): Uint8Array => mail(
    'From: f@example.vn', `Content-Type: multipart/mixed; boundary=fw${i}`, '', `--fw${i}`, 'Content-Type: message/rfc822', '', inner, `--fw${i}--`,
  );

  it('takes the files of a forwarded mail three levels down, and no deeper', async () => {
    let raw: Uint8Array = gmailMail().raw;
    for (let i = 0; i < 3; i++) raw = forward(raw, i);
    expect((await parseMime(raw)).attachments.map((a) => a.filename)).toEqual(['bao-cao-15-12.xlsx']);
    const deeper = await parseMime(forward(raw, 3));
    expect(deeper.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);
  });

  it('refuses as unreadable a mail nested past any sane depth, or with megabytes of headers', async () => {
    const nested = mail('From: a@example.vn', 'Content-Type: multipart/mixed; boundary=b0', '',
      ...Array.from({ length: 300 }, (_, i) => `--b${i}${CRLF}Content-Type: multipart/mixed; boundary=b${i + 1}${CRLF}`));
    await expect(parseMime(nested)).rejects.toBeInstanceOf(UnreadableMailError);
    await expect(parseMime(mail('From: a@example.vn', `X-Padding: ${'a'.repeat(3 << 20)}`, '', 'x'))).rejects.toBeInstanceOf(UnreadableMailError);
  });

  it('reads what is not MIME at all as a mail without sender or files', async () => {
    for (const raw of [new Uint8Array(0), Buffer.from('just text'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]) {
      const parsed = await parseMime(raw);
      expect(parsed.attachments).toEqual([]);
    }
  });
});
