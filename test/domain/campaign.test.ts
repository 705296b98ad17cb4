import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import data from '../../shared/config/campaign-2023-12.json' with { type: 'json' };

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
    expect(() => loadCampaign(broken)).toThrow(/ends before it starts[\s\S]*duplicate province code 01/);
    expect(() => loadCampaign({ ...data, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });
});
