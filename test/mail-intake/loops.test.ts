// Mail that must never be answered: machines' mail (no reply loops), unproven senders (no
// backscatter), forged-looking From headers; and the day's reply budget as the second fence.
import { describe, expect, it } from 'vitest';
import { composeRaw } from '../../shared/adapters/ses-mailer.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { MAX_REPORTS_PER_MAIL, processInboundMail, type InboundMailRef } from '../../shared/domain/mail-intake/intake.ts';
import { parseMime } from '../../shared/domain/mail-intake/mime.ts';
import { bounceMail, gmailMail, outOfOfficeMail, plainMail, report, type Sample } from '../support/mime-samples.ts';
import { mailIntakeFakes } from './fakes.ts';

const RECEIVED_AT = '2023-12-15T09:02:13.000Z';
const PASS = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

async function deliver(sample: Sample | Buffer, overrides: Parameters<typeof mailIntakeFakes>[0] = {}, ref: Partial<InboundMailRef> = {}) {
  const fakes = mailIntakeFakes(overrides);
  const raw = Buffer.isBuffer(sample) ? sample : sample.raw;
  await fakes.files.write('mail/inbound/ses-0001', raw, 'message/rfc822');
  const outcome = await processInboundMail(fakes.deps, { key: 'mail/inbound/ses-0001', sesMessageId: 'ses-0001', receivedAt: RECEIVED_AT, ...ref });
  return { ...fakes, outcome };
}

const reason = (o: Awaited<ReturnType<typeof deliver>>['outcome']) => (o.kind === 'refused' ? o.refusal.code : o.kind);

describe('automatic mail is logged, listed, never answered (RFC 3834)', () => {
  const automatic: Array<[string, () => Sample, Partial<InboundMailRef>?]> = [
    ['an out-of-office answer (Auto-Submitted: auto-replied) from a registered contact', () => outOfOfficeMail()],
    ['Auto-Submitted: auto-generated', () => plainMail({ extraHeaders: ['Auto-Submitted: auto-generated'] })],
    ['Precedence: bulk', () => plainMail({ extraHeaders: ['Precedence: bulk'] })],
    ['Precedence: junk', () => plainMail({ extraHeaders: ['Precedence: junk'] })],
    ['Precedence: list', () => plainMail({ extraHeaders: ['Precedence: list'] })],
    ['a mailing list (List-Id)', () => plainMail({ extraHeaders: ['List-Id: <thong-bao.example.gov.vn>'] })],
    ['List-Unsubscribe', () => plainMail({ extraHeaders: ['List-Unsubscribe: <mailto:unsub@example.gov.vn>'] })],
    ['X-Autoreply', () => plainMail({ extraHeaders: ['X-Autoreply: yes'] })],
    ['X-Autorespond', () => plainMail({ extraHeaders: ['X-Autorespond: Vacation'] })],
    ['a null envelope sender (MAIL FROM:<>)', () => plainMail(), { envelopeFrom: '' }],
    ['Return-Path: <>', () => plainMail({ extraHeaders: ['Return-Path: <>'] })],
    ['a delivery report (multipart/report from MAILER-DAEMON)', () => bounceMail()],
    ['a postmaster sender', () => plainMail({ from: 'postmaster@example.gov.vn' })],
  ];
  for (const [name, make, ref] of automatic) {
    it(`${name}: refused as automatic, nothing sent, in the day's log`, async () => {
      const { outcome, mailer, mailLog, files } = await deliver(make(), {}, ref);
      expect(reason(outcome)).toBe('automatic');
      expect(mailer.sent).toEqual([]);
      expect(files.keys('incoming/')).toEqual([]);
      expect((await mailLog.listForDate('2023-12-15'))[0]).toMatchObject({ status: 'refused', reason: 'automatic', replied: false });
    });
  }

  it('an automatic mail carrying a report is not taken either (a forwarding rule is no clerk)', async () => {
    const { outcome, files } = await deliver(gmailMail({ extraHeaders: ['Auto-Submitted: auto-forwarded'] }));
    expect(reason(outcome)).toBe('automatic');
    expect(files.keys('incoming/')).toEqual([]);
  });

  it('Auto-Submitted: no is a person\'s mail', async () => {
    const { outcome, mailer } = await deliver(plainMail({ extraHeaders: ['Auto-Submitted: no'] }));
    expect(reason(outcome)).toBe('no-spreadsheet');
    expect(mailer.sent).toHaveLength(1);
  });

  it('every mail we send says it is automatic: refusals auto-replied, others auto-generated, and suppresses out-of-office', async () => {
    const { mailer } = await deliver(plainMail());
    expect(mailer.sent[0]!.autoSubmitted).toBe('auto-replied');
    const reply = (await parseMime(await composeRaw('bao-cao@example.gov.vn', { ...mailer.sent[0]!, subject: 'Re: x' }))) ;
    expect(reply.automatic).toBe('Auto-Submitted: auto-replied');
    const raw = Buffer.from(await composeRaw('bao-cao@example.gov.vn', { to: ['a@example.gov.vn'], subject: 'Nhắc', text: 'x' })).toString('latin1');
    expect(raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
    expect(raw).toMatch(/^X-Auto-Response-Suppress: All\r$/m);
    // So our own mail, coming back (a forwarded copy, a misrouted reply), is never answered either.
    const back = await deliver(Buffer.from(raw.replace(/^From: .*$/m, 'From: bhxh-27@example.gov.vn'), 'latin1'));
    expect(reason(back.outcome)).toBe('automatic');
  });
});

describe('the reply budget: a second fence against loops', () => {
  it('a person-looking responder gets the day\'s budget of replies, then nothing; the log says why', async () => {
    const fakes = mailIntakeFakes();
    const budget = fakes.deps.campaign.config.mailIntake.repliesPerAddressPerDay;
    for (let i = 0; i < budget + 3; i++) {
      const id = `ses-${i}`;
      await fakes.files.write(`mail/inbound/${id}`, plainMail({ messageId: `<loop-${i}@example.gov.vn>` }).raw, 'message/rfc822');
      await processInboundMail(fakes.deps, { key: `mail/inbound/${id}`, sesMessageId: id, receivedAt: `2023-12-15T09:0${i}:00.000Z` });
    }
    expect(fakes.mailer.sent).toHaveLength(budget);
    const day = await fakes.mailLog.listForDate('2023-12-15');
    expect(day.filter((r) => r.unanswered === 'reply-budget')).toHaveLength(3);
    // Another address still gets its answer.
    await fakes.files.write('mail/inbound/other', plainMail({ from: 'bhxh-01@example.gov.vn' }).raw, 'message/rfc822');
    await processInboundMail(fakes.deps, { key: 'mail/inbound/other', sesMessageId: 'other', receivedAt: '2023-12-15T10:00:00.000Z' });
    expect(fakes.mailer.sent).toHaveLength(budget + 1);
  });

  it('is a campaign setting, validated', () => {
    const data = structuredClone(defaultCampaign().config) as unknown as Record<string, unknown>;
    expect(loadCampaign({ ...data, mailIntake: { repliesPerAddressPerDay: 2 } }).config.mailIntake.repliesPerAddressPerDay).toBe(2);
    expect(() => loadCampaign({ ...data, mailIntake: { repliesPerAddressPerDay: 0 } })).toThrow();
  });
});

describe('no backscatter: an unproven sender is never answered', () => {
  it('DMARC FAIL with a registered From: refused, nobody mailed', async () => {
    const { outcome, mailer } = await deliver(gmailMail(), { checkAuthentication: true }, {
      verdicts: { ...PASS, spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'reject' }, envelopeFrom: 'x@spoofer.example', headerFrom: ['bhxh-27@example.gov.vn'],
    });
    expect(reason(outcome)).toBe('sender-authentication');
    expect(mailer.sent).toEqual([]);
  });

  it('ten spoofed mails make no mail at all', async () => {
    const fakes = mailIntakeFakes({ checkAuthentication: true });
    for (let i = 0; i < 10; i++) {
      await fakes.files.write(`mail/inbound/s${i}`, gmailMail({ messageId: `<s${i}@x>` }).raw, 'message/rfc822');
      await processInboundMail(fakes.deps, { key: `mail/inbound/s${i}`, sesMessageId: `s${i}`, receivedAt: RECEIVED_AT, verdicts: { ...PASS, dmarc: 'FAIL' } });
    }
    expect(fakes.mailer.sent).toEqual([]);
  });

  it('a DMARC PASS for another domain than the From we read does not count', async () => {
    const { outcome, mailer } = await deliver(gmailMail(), { checkAuthentication: true }, { verdicts: PASS, headerFrom: ['Kẻ giả <x@evil.example>'] });
    expect(reason(outcome)).toBe('sender-authentication');
    expect(mailer.sent).toEqual([]);
  });

  it('a DMARC PASS for the From we read counts', async () => {
    const { outcome } = await deliver(gmailMail(), { checkAuthentication: true }, { verdicts: PASS, headerFrom: ['"Phòng Thu" <bhxh-27@Example.gov.vn>'] });
    expect(outcome.kind).toBe('accepted');
  });

  const forged = [
    '<bhxh-27@example.gov.vn>@evil.example',
    'bhxh-27@example.gov.vn <x@evil.example> <bhxh-27@example.gov.vn>',
    'bhxh-27@example.gov.vn (Phòng Thu)@evil.example',
  ];
  for (const from of forged) {
    it(`From: ${from} is not one plain address: refused, not answered, nothing taken`, async () => {
      const { outcome, mailer, files } = await deliver(gmailMail({ from }));
      expect(['from-malformed', 'sender-unknown']).toContain(reason(outcome));
      expect(mailer.sent).toEqual([]);
      expect(files.keys('incoming/')).toEqual([]);
    });
  }

  it('two From headers are refused', async () => {
    const raw = Buffer.from(gmailMail().raw.toString('utf8').replace(/^From: .*$/m, (l) => `${l}\r\nFrom: bhxh-01@example.gov.vn`), 'utf8');
    const { outcome, mailer } = await deliver(raw);
    expect(['from-malformed', 'sender-unknown']).toContain(reason(outcome));
    expect(mailer.sent).toEqual([]);
  });
});

describe('bounded fields', () => {
  it('a 600 KB subject: the mail is logged with the subject cut, the item far under 400 KB', async () => {
    // Unencoded (the parser allows headers up to 1 MB), folded as a client would.
    const subject = Array.from({ length: 11_000 }, () => 'Bao cao ngay 15/12/2023 - BHXH Bac Ninh - lan gui lai ').join('\r\n ');
    expect(Buffer.byteLength(subject)).toBeGreaterThan(600_000);
    const raw = Buffer.from(plainMail().raw.toString('utf8').replace(/^Subject: .*$/m, () => `Subject: ${subject}`), 'utf8');
    const { outcome, mailLog, mailer } = await deliver(raw);
    expect(reason(outcome)).toBe('no-spreadsheet');
    const [item] = await mailLog.listForDate('2023-12-15');
    expect(item!.subject.length).toBeLessThanOrEqual(300);
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(8_000);
    expect(Buffer.byteLength(String(mailer.sent[0]!.subject))).toBeLessThan(2_000);
  });

  it(`files past the ${MAX_REPORTS_PER_MAIL} a mail may carry are named in one reply`, async () => {
    const files = Array.from({ length: MAX_REPORTS_PER_MAIL + 3 }, (_, i) => ({ name: `bao-cao-${String(i + 1).padStart(2, '0')}.xlsx`, bytes: i === 0 ? report() : new TextEncoder().encode(`tệp ${i} chưa đọc được`) }));
    const { outcome, files: store, mailer } = await deliver(gmailMail({ files }));
    expect(outcome.kind).toBe('accepted');
    expect(store.keys('incoming/')).toHaveLength(MAX_REPORTS_PER_MAIL);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.text).toContain('không nhận các tệp: bao-cao-41.xlsx, bao-cao-42.xlsx, bao-cao-43.xlsx');
    expect(outcome.record).toMatchObject({ replied: true });
  });

  it('bidi controls never reach a stored file name', async () => {
    const { files } = await deliver(gmailMail({ files: [{ name: 'bao-cao\u202Excod.xlsx', bytes: report() }] }));
    expect(files.keys('incoming/')[0]).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});
