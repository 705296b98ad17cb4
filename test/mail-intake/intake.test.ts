import { describe, expect, it } from 'vitest';
import { processInboundMail, safeFileName, type InboundMailRef } from '../../shared/domain/mail-intake/intake.ts';
import { uploadSourceFromMetadata } from '../../shared/domain/intake/origin.ts';
import { writeZip } from '../support/zip-writer.ts';
import {
  appleMail, forwardedMail, gmailMail, outlookMail, plainMail, quotedPrintable, report, thunderbirdMail, winmailMail, type Sample,
} from '../support/mime-samples.ts';
import type { MailMessage } from '../../shared/ports/index.ts';
import { mailIntakeFakes, MetadataFileStore, SUBMISSION_ADDRESS } from './fakes.ts';

const RECEIVED_AT = '2023-12-15T09:02:13.000Z';

async function deliver(sample: Sample | Buffer, overrides: Parameters<typeof mailIntakeFakes>[0] = {}, ref: Partial<InboundMailRef> = {}) {
  const fakes = mailIntakeFakes(overrides);
  const raw = Buffer.isBuffer(sample) ? sample : sample.raw;
  const key = `mail/inbound/${ref.sesMessageId ?? 'ses-0001'}`;
  await fakes.files.write(key, raw, 'message/rfc822');
  const mailRef: InboundMailRef = { key, sesMessageId: 'ses-0001', receivedAt: RECEIVED_AT, ...ref };
  const outcome = await processInboundMail(fakes.deps, mailRef);
  return { ...fakes, outcome, mailRef };
}

describe('mail intake: a registered contact sends a report as real clients do', () => {
  const clients: Array<[string, () => Sample]> = [
    ['Outlook (Vietnamese name in RFC 2231, quoted-printable body)', () => outlookMail()],
    ['Gmail', () => gmailMail()],
    ['Thunderbird (RFC 2231 continuations, .ods)', () => thunderbirdMail()],
    ['Apple Mail (base64 body, .xls)', () => appleMail()],
    ['a forwarded mail with the file inside the attached message', () => forwardedMail()],
  ];
  for (const [name, make] of clients) {
    it(`${name}: the file goes to incoming/27/ with the mail named in its metadata, and no reply yet`, async () => {
      const sample = make();
      const { outcome, files, mailer, mailLog } = await deliver(sample);
      expect(outcome.kind).toBe('accepted');
      const keys = files.keys('incoming/');
      expect(keys).toEqual([`incoming/27/2023-12-15T09-02-13-000Z-${sample.fileName}`]);
      const stored = files.objects.get(keys[0]!)!;
      expect(stored.body.byteLength).toBeGreaterThan(1000);
      const source = uploadSourceFromMetadata(stored.metadata);
      expect(source.origin).toBe('mail');
      expect(source.mail?.messageId).toBe(sample.messageId);
      expect(source.mail?.from).toBe('bhxh-27@example.gov.vn');
      expect(Object.values(stored.metadata).every((v) => /^[\x20-\x7e]*$/.test(v))).toBe(true); // S3 metadata is ASCII
      // The parser answers, in the thread; mail-intake itself says nothing about a good mail.
      expect(mailer.sent).toEqual([]);
      expect((await mailLog.listForDate('2023-12-15'))[0]).toMatchObject({ status: 'accepted', province: '27', uploads: keys, messageId: sample.messageId });
    });
  }

  it('keeps the exact bytes of the attachment', async () => {
    const file = report();
    const { files } = await deliver(outlookMail({ file }));
    expect(Buffer.from(files.objects.get(files.keys('incoming/')[0]!)!.body).equals(Buffer.from(file))).toBe(true);
  });

  it('matches the From address whatever its case, and ignores a signature logo', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.alloc(64)]);
    const { outcome, files } = await deliver(gmailMail({
      from: 'ke.toan@bacninh.EXAMPLE.gov.vn',
      files: [{ name: 'logo.png', bytes: png, type: 'image/png' }, { name: 'bc.xlsx', bytes: report() }],
    }));
    expect(outcome.kind).toBe('accepted');
    expect(files.keys('incoming/')).toEqual(['incoming/27/2023-12-15T09-02-13-000Z-bc.xlsx']);
  });

  it('takes reports for different dates from one mail, each as its own upload', async () => {
    const { outcome, files } = await deliver(gmailMail({ files: [{ name: 'a.xlsx', bytes: report('14/12/2023') }, { name: 'b.xlsx', bytes: report('15/12/2023') }] }));
    expect(outcome.kind).toBe('accepted');
    expect(files.keys('incoming/27/')).toHaveLength(2);
  });

  it('hands a spreadsheet-named file the gate refuses to the parser, which explains what is wrong', async () => {
    const { outcome, files } = await deliver(gmailMail({ files: [{ name: 'bao-cao.xlsx', bytes: Buffer.from('%PDF-1.7 not a sheet') }] }));
    expect(outcome.kind).toBe('accepted');
    expect(files.keys('incoming/27/')).toHaveLength(1);
  });

  it('keeps a hostile attachment name inside the province folder', async () => {
    const { files } = await deliver(gmailMail({ files: [{ name: '../../summaries/latest/x.xlsx', bytes: report() }] }));
    expect(files.keys('incoming/')).toEqual(['incoming/27/2023-12-15T09-02-13-000Z-x.xlsx']);
    expect(safeFileName('..\\..\\a\u0000b.xlsx', 0)).toBe('ab.xlsx');
    expect(safeFileName('', 2, 'xlsx')).toBe('tep-dinh-kem-3.xlsx');
  });
});

describe('mail intake: refusals, answered in the thread of the mail', () => {
  async function refused(sample: Sample | Buffer, code: string, overrides: Parameters<typeof mailIntakeFakes>[0] = {}) {
    const result = await deliver(sample, overrides);
    expect(result.outcome.kind).toBe('refused');
    if (result.outcome.kind === 'refused') expect(result.outcome.refusal.code).toBe(code);
    expect(result.files.keys('incoming/')).toEqual([]);
    expect(result.files.keys('mail/inbound/')).toHaveLength(1); // the raw message is kept
    expect((await result.mailLog.listForDate('2023-12-15'))[0]).toMatchObject({ status: 'refused', reason: code, key: 'mail/inbound/ses-0001' });
    return result;
  }

  function expectThreadedReply(mailer: { sent: MailMessage[] }, sample: Sample, subject: string) {
    expect(mailer.sent).toHaveLength(1);
    const reply = mailer.sent[0]!;
    expect(reply).toMatchObject({
      to: ['bhxh-27@example.gov.vn'], subject, inReplyTo: sample.messageId, references: [sample.messageId], replyTo: SUBMISSION_ADDRESS,
    });
    expect(String(reply.text)).toContain('Kính gửi Bảo hiểm xã hội tỉnh Bắc Ninh');
    return String(reply.text);
  }

  it('winmail.dat: says to switch Outlook from Rich Text', async () => {
    const sample = winmailMail();
    const { mailer } = await refused(sample, 'winmail-dat');
    expect(expectThreadedReply(mailer, sample, 'Re: Báo cáo ngày 15/12/2023')).toContain('winmail.dat');
  });

  it('no attachment: says no report file was attached', async () => {
    const sample = plainMail();
    const { mailer } = await refused(sample, 'no-spreadsheet');
    expect(expectThreadedReply(mailer, sample, 'Re: Báo cáo ngày 15/12/2023')).toContain('không có tệp báo cáo đính kèm');
  });

  it('a link instead of a file (in a quoted-printable body)', async () => {
    const body = 'Đơn vị gửi báo cáo tại đây: https://drive.google.com/file/d/1AbCdEf/view?usp=sharing\nTrân trọng.';
    const raw = Buffer.from([
      'From: bhxh-27@example.gov.vn', 'To: nop-bao-cao@example.gov.vn', 'Subject: =?utf-8?B?QsOhbyBjw6Fv?=',
      'Message-ID: <qp-link@example.gov.vn>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(body), '',
    ].join('\r\n'));
    const { mailer } = await refused(raw, 'link');
    expect(mailer.sent[0]).toMatchObject({ subject: 'Re: Báo cáo', inReplyTo: '<qp-link@example.gov.vn>' });
    expect(mailer.sent[0]!.text).toContain('https://drive.google.com/file/d/1AbCdEf/view?usp=sharing');
  });

  it('two reports for the same date: nothing is taken, the reply names both files', async () => {
    const sample = gmailMail({ files: [{ name: 'bc-sang.xlsx', bytes: report() }, { name: 'bc-chieu.xlsx', bytes: report() }] });
    const { mailer } = await refused(sample, 'same-date');
    const text = expectThreadedReply(mailer, sample, 'Re: Báo cáo ngày 15/12/2023 - BHXH Bắc Ninh');
    expect(text).toContain('cùng ngày 15/12/2023 (bc-sang.xlsx, bc-chieu.xlsx)');
  });

  it('an attachment over 5 MB', async () => {
    const big = Buffer.concat([Buffer.from(report()), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const sample = gmailMail({ files: [{ name: 'bao-cao-lon.xlsx', bytes: big }] });
    const { mailer } = await refused(sample, 'attachment-too-large');
    expect(expectThreadedReply(mailer, sample, 'Re: Báo cáo ngày 15/12/2023 - BHXH Bắc Ninh')).toContain('có dung lượng 5,1 MB, vượt quá giới hạn 5 MB');
  });

  it('a zip instead of the file', async () => {
    const zip = writeZip([{ name: 'bao-cao.xlsx', data: Buffer.from(report()) }]);
    const sample = gmailMail({ files: [{ name: 'bao-cao.zip', bytes: zip, type: 'application/zip' }] });
    const { mailer } = await refused(sample, 'archive');
    expect(expectThreadedReply(mailer, sample, 'Re: Báo cáo ngày 15/12/2023 - BHXH Bắc Ninh')).toContain('bao-cao.zip là tệp nén');
  });

  it('an address registered for two provinces: the reply says so', async () => {
    const { mailer } = await refused(gmailMail({ from: 'chung@example.gov.vn' }), 'sender-ambiguous');
    expect(mailer.sent[0]!.to).toEqual(['chung@example.gov.vn']);
    expect(mailer.sent[0]!.text).toContain('mã 01, 02');
  });

  it('an unknown sender: kept and logged, never answered (no backscatter)', async () => {
    const { mailer, logs } = await refused(gmailMail({ from: 'la@example.com' }), 'sender-unknown');
    expect(mailer.sent).toEqual([]);
    expect(logs.some((l) => l.level === 'warn' && l.detail?.reason === 'sender-unknown')).toBe(true);
  });

  it('a mail with two From addresses is not taken for either', async () => {
    await refused(gmailMail({ from: 'bhxh-27@example.gov.vn, bhxh-01@example.gov.vn' }), 'sender-unknown');
  });
});

describe('mail intake on AWS: SES verdicts decide too', () => {
  const pass = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

  it('takes a mail that passes DMARC', async () => {
    const { outcome } = await deliver(gmailMail(), { checkAuthentication: true }, { verdicts: pass, headerFrom: ['bhxh-27@example.gov.vn'] });
    expect(outcome.kind).toBe('accepted');
  });

  it('refuses a spoofed From (DMARC FAIL) and tells nobody, not even the registered owner (no backscatter)', async () => {
    const { outcome, files, mailer } = await deliver(gmailMail(), { checkAuthentication: true }, {
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'reject', spam: 'PASS', virus: 'PASS' }, envelopeFrom: 'x@spoofer.example',
    });
    expect(outcome.kind === 'refused' && outcome.refusal.code).toBe('sender-authentication');
    expect(files.keys('incoming/')).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });

  it('a spoofed unknown From gets no reply', async () => {
    const { outcome, mailer } = await deliver(gmailMail({ from: 'ai@example.com' }), { checkAuthentication: true }, { verdicts: { ...pass, dmarc: 'FAIL' } });
    expect(outcome.kind).toBe('refused');
    expect(mailer.sent).toEqual([]);
  });

  it('missing verdicts are not a pass', async () => {
    const { outcome } = await deliver(gmailMail(), { checkAuthentication: true }, {});
    expect(outcome.kind === 'refused' && outcome.refusal.code).toBe('sender-authentication');
  });

  it('virus FAIL refuses even with DMARC PASS', async () => {
    const { outcome } = await deliver(gmailMail(), { checkAuthentication: true }, { verdicts: { ...pass, virus: 'FAIL' }, headerFrom: ['bhxh-27@example.gov.vn'] });
    expect(outcome.kind === 'refused' && outcome.refusal.code).toBe('virus');
  });
});

describe('mail intake: redelivery', () => {
  it('a mail delivered twice is taken once and answered once', async () => {
    const first = await deliver(plainMail());
    const again = await processInboundMail(first.deps, first.mailRef);
    expect(again.kind).toBe('duplicate');
    expect(first.mailer.sent).toHaveLength(1);
    const accepted = await deliver(gmailMail());
    const writes = accepted.files.objects.size;
    expect((await processInboundMail(accepted.deps, accepted.mailRef)).kind).toBe('duplicate');
    expect(accepted.files.objects.size).toBe(writes);
  });

  it('a reply that failed is sent on the next delivery', async () => {
    const fakes = mailIntakeFakes();
    let fail = true;
    const send = fakes.mailer.send.bind(fakes.mailer);
    fakes.deps.mailer = { send: async (m) => { if (fail) throw new Error('Throttling'); return send(m); } };
    await fakes.files.write('mail/inbound/ses-9', winmailMail().raw, 'message/rfc822');
    const ref = { key: 'mail/inbound/ses-9', sesMessageId: 'ses-9', receivedAt: RECEIVED_AT };
    await expect(processInboundMail(fakes.deps, ref)).rejects.toThrow('Throttling');
    fail = false;
    expect((await processInboundMail(fakes.deps, ref)).kind).toBe('refused');
    expect(fakes.mailer.sent).toHaveLength(1);
  });
});

describe('mail intake: what is not a mail at all', () => {
  it('a message without From is kept and logged, not answered', async () => {
    const { outcome, mailer } = await deliver(Buffer.from('garbage without headers\r\n\r\n\u0000\u0001'));
    expect(outcome.kind).toBe('refused');
    expect(mailer.sent).toEqual([]);
  });

  it('attachment types: the xlsx content type is not what decides', async () => {
    const { outcome } = await deliver(gmailMail({ files: [{ name: 'bao cao', bytes: report(), type: 'application/octet-stream' }] }));
    expect(outcome.kind).toBe('accepted');
  });
});

describe('mail intake: raw mail stored in another bucket (receiving in another region)', () => {
  it('reads the raw message from that store and writes the file only to the report bucket\'s incoming/', async () => {
    const rawMail = new MetadataFileStore();
    const fakes = mailIntakeFakes({ rawMail });
    const key = 'mail/inbound/ses-0001';
    await rawMail.write(key, outlookMail().raw, 'message/rfc822');
    const outcome = await processInboundMail(fakes.deps, { key, sesMessageId: 'ses-0001', receivedAt: RECEIVED_AT });
    expect(outcome.kind).toBe('accepted');
    expect(fakes.files.keys('incoming/')).toEqual([`incoming/27/2023-12-15T09-02-13-000Z-${outlookMail().fileName}`]);
    expect(fakes.files.keys('mail/')).toEqual([]);
    expect(rawMail.keys('incoming/')).toEqual([]);
  });
});
