import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { ProvinceMatcher } from '../../shared/domain/province-match.ts';

const campaign = defaultCampaign();
const matcher = new ProvinceMatcher(campaign.provinces);
const code = (name: string) => matcher.match(name)?.code;

describe('province names as people write them', () => {
  it('matches every registry name to itself, upper case and without diacritics too', () => {
    for (const p of campaign.provinces) {
      expect(code(p.name)).toBe(p.code);
      expect(code(p.name.toUpperCase())).toBe(p.code);
      expect(code(p.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'))).toBe(p.code);
    }
  });

  it('normalises NFC/NFD and old and new tone-mark placement', () => {
    expect(code('Hoà Bình')).toBe('17');
    expect(code('Hòa Bình'.normalize('NFD'))).toBe('17');
    expect(code('THANH HOÁ')).toBe('38');
    expect(code('Khánh Hoà')).toBe('56');
  });

  it('accepts "Tỉnh", "Thành phố", "TP." prefixes, the agency line, and irregular spacing', () => {
    expect(code('BẢO HIỂM XÃ HỘI TỈNH BẮC NINH')).toBe('27');
    expect(code('BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI')).toBe('01');
    expect(code('TP. Hồ Chí Minh')).toBe('79');
    expect(code('TP.HCM')).toBe('79');
    expect(code('tỉnh   Kon  Tum')).toBe('62');
    expect(code('Kontum')).toBe('62');
    expect(code('Bà Rịa – Vũng Tàu')).toBe('77');
    expect(code('BHXH tỉnh Đắk Lắk')).toBe('66');
    expect(code('Đăk Lăk')).toBe('66');
  });

  it('never matches one province to a different one', () => {
    expect(code('Ninh Thuận')).toBe('58');
    expect(code('Bình Thuận')).toBe('60');
    expect(code('Hà Nam')).toBe('35');
    expect(code('Hà Nội')).toBe('01');
    expect(code('Quảng Nam')).toBe('49');
    expect(code('Quảng Ninh')).toBe('22');
    expect(code('Ninh')).toBeUndefined();
    expect(code('Thuận')).toBeUndefined();
    expect(code('Quảng')).toBeUndefined();
    expect(code('Bắc Ninh Giang')).toBeUndefined();
  });

  it('recognises the agency line and reads its name part', () => {
    expect(ProvinceMatcher.isAgencyLine('BẢO HIỂM XÃ HỘI TỈNH BẮC NINH')).toBe(true);
    expect(ProvinceMatcher.isAgencyLine('BẢO HIỂM XÃ HỘI VIỆT NAM')).toBe(false);
    expect(ProvinceMatcher.agencyName('BẢO HIỂM XÃ HỘI TỈNH/THÀNH PHỐ …..')).toBe('');
  });

  it('refuses a registry in which two provinces fold to the same name', () => {
    expect(() => new ProvinceMatcher([
      { code: '01', name: 'Hà Nội', kind: 'thanh_pho' }, { code: '99', name: 'Ha Noi', kind: 'tinh' },
    ])).toThrow(/collide/);
  });
});
