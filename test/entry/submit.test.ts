// The entry form on the server: checked again, and when it passes, the official form with the values
// in, carrying the entry form's origin, which the parser's path reads and judges like any upload.
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { blankFormFileName, ENTRY_METADATA, entryFileName, prepareEntry } from '../../shared/domain/entry/submit.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { formatInteger } from '../../shared/domain/format.ts';
import { uploadSourceFromMetadata } from '../../shared/domain/intake/origin.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { report } from '../reminder/fakes.ts';

const campaign = defaultCampaign();
const date = campaign.reportDates[4]!;
const VALUES = [4162, 108_554_706_639, 1563, 74_315_130_485, 1604, 636, 356, 4256, 110_542_040_948, 949, 52_057_702_779];
const at = new Date('2026-12-05T06:50:00Z');

describe('an entry that passes', () => {
  it('becomes the official form with exactly the values typed, which the reader and rules accept for the province and date', async () => {
    const outcome = await prepareEntry({ campaign, province: '27', reportDate: date, raw: VALUES.map((v) => formatInteger(v)), reports: [], at });
    expect(outcome.status).toBe('ready');
    if (outcome.status !== 'ready') return;
    expect(outcome.fileName).toBe(entryFileName(date));
    const read = await readReport(outcome.bytes, outcome.fileName, campaign);
    expect(read.values).toEqual(VALUES);
    const verdict = applyRules(read, { campaign, uploadedFor: '27', receivedAt: at });
    expect(verdict).toMatchObject({ status: 'accepted', province: '27', reportDate: date, values: VALUES });
  });

  it('carries the entry form\'s origin, as the parser reads it back from the object\'s metadata', async () => {
    expect(uploadSourceFromMetadata(ENTRY_METADATA)).toEqual({ origin: 'entry-form' });
    // S3 hands metadata back with its keys as sent, or lower-cased by some clients: both read the same.
    expect(uploadSourceFromMetadata({ 'BHXH-Origin': 'entry-form' })).toEqual({ origin: 'entry-form' });
    expect(uploadSourceFromMetadata({ 'bhxh-origin': 'entry-forms' })).toEqual({ origin: 's3' });
  });
});

describe('an entry that breaks a rule', () => {
  it('is not written; the check says which field', async () => {
    const raw = VALUES.map((v) => formatInteger(v));
    raw[2] = '5.000';
    const outcome = await prepareEntry({ campaign, province: '27', reportDate: date, raw, reports: [], at });
    expect(outcome.status).toBe('invalid');
    expect(outcome.check.fields[2]!.errors.map((e) => e.code)).toEqual(['col3-gt-col1']);
    expect('bytes' in outcome).toBe(false);
  });

  it('is compared with the province\'s report before the date, not with a later one', async () => {
    const before = { ...report('27', campaign.reportDates[3]!), values: VALUES.map((v, i) => (i === 0 ? v + 1 : v)) };
    const after = { ...report('27', campaign.reportDates[6]!), values: VALUES.map((v, i) => (i === 1 ? v + 1 : v)) };
    const outcome = await prepareEntry({ campaign, province: '27', reportDate: date, raw: VALUES.map(String), reports: [after, before], at });
    expect(outcome.check.warnings.map((w) => [w.code, w.cell])).toEqual([['baseline-changed', 'A11']]);
  });

  it('a date outside the campaign or an unknown province is a programming error (the route checks them first)', async () => {
    await expect(prepareEntry({ campaign, province: '27', reportDate: '1999-01-01', raw: [], reports: [], at })).rejects.toThrow(RangeError);
    await expect(prepareEntry({ campaign, province: '99', reportDate: date, raw: [], reports: [], at })).rejects.toThrow(RangeError);
  });
});

describe('download names', () => {
  it('say whose values a pre-filled blank form holds', () => {
    expect(blankFormFileName('27', date)).toBe(`mau-bao-cao-27-${date}.xlsx`);
    expect(blankFormFileName('27', date, campaign.reportDates[3])).toBe(`mau-bao-cao-27-${date}-dien-san-so-lieu-ngay-${campaign.reportDates[3]!}.xlsx`);
    expect(entryFileName('2026-12-15')).toBe('nhap-tren-cong-bao-cao-ngay-15-12-2026.xlsx');
  });
});
