import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { ProvinceMatcher } from '../../shared/domain/province-match.ts';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };

const campaign = defaultCampaign();
const matcher = new ProvinceMatcher(campaign.config);
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
    expect(matcher.isAgencyLine('BẢO HIỂM XÃ HỘI TỈNH BẮC NINH')).toBe(true);
    expect(matcher.isAgencyLine('bhxh tp Hồ Chí Minh')).toBe(true);
    expect(matcher.isAgencyLine('BẢO HIỂM XÃ HỘI VIỆT NAM')).toBe(false);
    expect(matcher.agencyName('BẢO HIỂM XÃ HỘI TỈNH/THÀNH PHỐ …..')).toBe('');
    expect(matcher.agencyName('BẢO HIỂM XÃ HỘI TỈNH BẮC NINH')).toBe('bac ninh');
  });

  it('recognises only the headings the campaign file allows', () => {
    const custom = new ProvinceMatcher({ ...campaign.config, agencyHeadings: ['BẢO HIỂM XÃ HỘI KHU VỰC'] });
    expect(custom.isAgencyLine('BẢO HIỂM XÃ HỘI KHU VỰC Bắc Ninh')).toBe(true);
    expect(custom.match('BẢO HIỂM XÃ HỘI KHU VỰC Bắc Ninh')).toBeUndefined(); // "khu vực" is not a name prefix
    expect(custom.isAgencyLine('BẢO HIỂM XÃ HỘI TỈNH BẮC NINH')).toBe(false);
  });

  it('refuses a registry in which two provinces fold to the same name', () => {
    expect(() => new ProvinceMatcher({
      agencyHeadings: ['BHXH TỈNH'],
      provinces: [{ code: '01', name: 'Hà Nội', kind: 'thanh_pho' }, { code: '99', name: 'Ha Noi', kind: 'tinh' }],
    })).toThrow(/collide/);
  });
});

describe('the 34 units of 2025 (campaign 2026-12)', () => {
  const c2026 = loadCampaign(data2026);
  const m = new ProvinceMatcher(c2026.config);

  it('matches every current unit, and its codes are the new ones', () => {
    for (const p of c2026.provinces) expect(m.match(`BẢO HIỂM XÃ HỘI TỈNH ${p.name.toUpperCase()}`)?.code).toBe(p.code);
    expect(m.match('BHXH tỉnh Bắc Ninh')?.code).toBe('24');
    expect(m.match('Thừa Thiên Huế')?.code).toBe('46');
    expect(m.match('TP.HCM')?.code).toBe('79');
  });

  it('never matches a merged unit\'s old name to the unit that absorbed it, and says which one it is now', () => {
    expect(m.match('BHXH tỉnh Bắc Giang')).toBeUndefined();
    expect(m.formerUnit('BHXH tỉnh Bắc Giang')).toMatchObject({ former: 'Bắc Giang', current: { code: '24', name: 'Bắc Ninh' } });
    expect(m.formerUnit('Bà Rịa – Vũng Tàu')?.current.name).toBe('Hồ Chí Minh');
    expect(m.formerUnit('HÀ GIANG')?.current.name).toBe('Tuyên Quang');
    expect(m.formerUnit('Nam Định')?.current.code).toBe('37');
    expect(m.formerUnit('Quảng Trị')).toBeUndefined(); // a current name is never a former one
  });
});
