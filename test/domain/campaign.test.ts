import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import data from '../../shared/config/campaign-2023-12.json' with { type: 'json' };
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { validateCampaign } from '../../shared/domain/campaign.ts';

const problems = (raw: unknown): string[] => {
  const result = validateCampaign(raw);
  return 'problems' in result ? result.problems : [];
};

const campaign = defaultCampaign();

describe('the campaign calendar', () => {
  it('has 21 report dates and the 63 provinces', () => {
    expect(campaign.reportDates).toHaveLength(21);
    expect(campaign.reportDates[0]).toBe('2023-12-11');
    expect(campaign.reportDates.at(-1)).toBe('2023-12-31');
    expect(campaign.provinces).toHaveLength(63);
  });

  it('puts the first date\'s deadline at 08:30 the next morning and the others at 18:30 the same day (ICT)', () => {
    expect(campaign.deadline('2023-12-11').toISOString()).toBe('2023-12-12T01:30:00.000Z');
    expect(campaign.deadline('2023-12-15').toISOString()).toBe('2023-12-15T11:30:00.000Z');
  });

  it('counts lateness strictly after the deadline', () => {
    expect(campaign.isLate('2023-12-15', new Date('2023-12-15T11:30:00Z'))).toBe(false);
    expect(campaign.isLate('2023-12-15', new Date('2023-12-15T11:30:01Z'))).toBe(true);
  });

  it('lists the dates due by an instant', () => {
    expect(campaign.datesDueBy(new Date('2023-12-12T01:29:59Z'))).toEqual([]);
    expect(campaign.datesDueBy(new Date('2023-12-12T11:30:00Z'))).toEqual(['2023-12-11', '2023-12-12']);
  });

  it('rejects invalid configuration with every problem named', () => {
    const broken = { ...data, lastReportDate: '2023-12-01', provinces: [...data.provinces, data.provinces[0]] };
    expect(() => loadCampaign(broken)).toThrow(/ends \(2023-12-01\) before it starts[\s\S]*duplicate province code 01/);
    expect(() => loadCampaign({ ...data, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });
});

describe('campaign checks, each with a clear message', () => {
  it('accepts both shipped campaigns', () => {
    expect(problems(data)).toEqual([]);
    expect(problems(data2026)).toEqual([]);
  });

  it('needs the plausibility threshold in the file (a figure of the campaign, not of the code)', () => {
    const { minAmountPerLateUnit: _, ...without } = data2026;
    expect(problems(without)).toEqual([expect.stringMatching(/^minAmountPerLateUnit: /)]);
    expect(problems({ ...data2026, minAmountPerLateUnit: -1 })).toEqual([expect.stringMatching(/^minAmountPerLateUnit: /)]);
    expect(problems({ ...data2026, minAmountPerLateUnit: 1.5 })).toEqual([expect.stringMatching(/^minAmountPerLateUnit: /)]);
  });

  it('wants the nudge before the deadline of its day', () => {
    const late = { ...data2026, reminders: { ...data2026.reminders, nudge: { enabled: true, time: '18:30' } } };
    expect(problems(late)).toEqual(['reminders.nudge.time: the nudge (18:30) must run before the default deadline (18:30 the same day)']);
    // Off, it may say anything.
    expect(problems({ ...late, reminders: { ...late.reminders, nudge: { enabled: false, time: '18:30' } } })).toEqual([]);
  });

  it('wants the deadline run at or after every deadline', () => {
    const early = { ...data2026, reminders: { ...data2026.reminders, deadlineRun: { time: '18:00' } } };
    expect(problems(early)).toContain('reminders.deadlineRun.time: the deadline run (18:00) must run at or after the default deadline (18:30)');
  });

  it('wants report dates in order, overrides inside the campaign and one per date', () => {
    expect(problems({ ...data2026, lastReportDate: '2026-12-01' })[0]).toBe('lastReportDate: the campaign ends (2026-12-01) before it starts (2026-12-10)');
    const twice = { ...data2026, deadlineOverrides: [...data2026.deadlineOverrides, ...data2026.deadlineOverrides] };
    expect(problems(twice)).toEqual(['deadlineOverrides[1].reportDate: a second override for 2026-12-10']);
    expect(problems({ ...data2026, actionsWindowStart: '2026-12-20' })).toEqual([
      'actionsWindowStart: the actions window starts (2026-12-20) after the first report date (2026-12-10)',
    ]);
  });

  it('wants codes unique and names unique once folded (diacritics, case, spaces)', () => {
    const provinces = [...data2026.provinces, { code: '99', name: 'HA NOI', kind: 'tinh' }, { code: '01', name: 'Mới', kind: 'tinh' }];
    const found = problems({ ...data2026, provinces });
    expect(found).toContain('provinces[34]: "HA NOI" (99) is the same name as one of province 01 once diacritics, case and spaces are folded');
    expect(found).toContain('provinces[35].code: duplicate province code 01');
    // A former unit's name may not be another unit's name either.
    const clash = data2026.provinces.map((p) => (p.code === '24' ? { ...p, formerUnits: [{ name: 'Lạng Sơn' }] } : p));
    expect(problems({ ...data2026, provinces: clash })[0]).toMatch(/"Lạng Sơn" \(24\) is the same name as one of province 20/);
  });

  it('names a missing campaign text', () => {
    const { conclusionNotice: _, ...withoutNotice } = data2026;
    expect(problems(withoutNotice)).toEqual([expect.stringMatching(/^conclusionNotice: /)]);
  });
});

describe('the December 2026 campaign on the 34-unit map', () => {
  const c = loadCampaign(data2026);

  it('has the 34 units: 9 centrally-run cities (3 of them since 2026) and 25 provinces, and says where the list comes from', () => {
    expect(c.provinces).toHaveLength(34);
    expect(c.provinces.filter((p) => p.kind === 'thanh_pho').map((p) => p.name)).toEqual(
      ['Hà Nội', 'Quảng Ninh', 'Bắc Ninh', 'Hải Phòng', 'Huế', 'Đà Nẵng', 'Đồng Nai', 'Hồ Chí Minh', 'Cần Thơ']);
    expect(c.province('24')?.name).toBe('Bắc Ninh');
    expect(c.config.provinceList.source).toMatch(/202\/2025\/QH15/);
    // Every one of the 63 former units is a current unit or recorded as absorbed by one.
    const covered = new Set(c.provinces.flatMap((p) => [p.name, ...(p.formerUnits ?? []).map((f) => f.name)]));
    expect(covered.size).toBe(63);
  });

  it('keeps the letter\'s 18:30 deadline, with the nudge before it at 16:30', () => {
    expect(c.config.reminders.nudge).toEqual({ enabled: true, time: '16:30' });
    expect(c.config.reminders.deadlineRun).toEqual({ time: '18:30' });
    expect(c.reportDates[0]).toBe('2026-12-10');
    expect(c.deadline('2026-12-15').toISOString()).toBe('2026-12-15T11:30:00.000Z');
    expect(c.finalSnapshotTimes()).toEqual(['08:35', '18:35']);
  });

  it('records each 2026 change of kind with its resolution and first day', () => {
    const changes = Object.fromEntries(c.config.provinces.filter((p) => p.kindChanges).map((p) => [p.code, p.kindChanges]));
    expect(changes).toEqual({
      22: [{ kind: 'thanh_pho', from: '2026-09-01', resolution: 'Nghị quyết 36/2026/QH16' }],
      24: [{ kind: 'thanh_pho', from: '2026-09-20', resolution: 'Nghị quyết 39/2026/QH16' }],
      75: [{ kind: 'thanh_pho', from: '2026-04-30', resolution: 'Nghị quyết 30/2026/QH16' }],
    });
    expect(c.kindOn('24', '2026-09-19')).toBe('tinh');
    expect(c.kindOn('24', '2026-09-20')).toBe('thanh_pho');
    expect(c.kindOn('75', '2026-04-29')).toBe('tinh');
    expect(c.kindOn('01', '2020-01-01')).toBe('thanh_pho');
    expect(c.kindOn('99', '2026-12-10')).toBeUndefined();
  });

  it('applies a change that falls inside a campaign from its date on, and refuses changes out of order or to the same kind', () => {
    const midway = data2026.provinces.map((p) => (p.code === '20'
      ? { ...p, kindChanges: [{ kind: 'thanh_pho', from: '2026-12-20', resolution: 'Nghị quyết 99/2026/QH16' }] } : p));
    const m = loadCampaign({ ...data2026, provinces: midway });
    expect(m.province('20')?.kind).toBe('tinh'); // as the campaign starts
    expect(m.kindOn('20', '2026-12-19')).toBe('tinh');
    expect(m.kindOn('20', '2026-12-20')).toBe('thanh_pho');
    const twice = data2026.provinces.map((p) => (p.code === '20' ? { ...p, kindChanges: [
      { kind: 'thanh_pho', from: '2026-12-20', resolution: 'NQ 1' }, { kind: 'thanh_pho', from: '2026-12-01', resolution: 'NQ 2' }] } : p));
    expect(problems({ ...data2026, provinces: twice })).toEqual([
      'provinces[8].kindChanges[1].from: kind changes of 20 must be in date order (2026-12-01 is not after 2026-12-20)',
      'provinces[8].kindChanges[1].kind: 20 is already "thanh_pho" before 2026-12-01',
    ]);
  });
});
