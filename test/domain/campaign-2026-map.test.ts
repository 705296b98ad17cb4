// The 2026 map as it stands: Bắc Ninh (24) is a centrally-run city from 20 September 2026, so its forms
// now say "THÀNH PHỐ"; a form made before the change ("TỈNH BẮC NINH") is still Bắc Ninh's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { buildSnapshot } from '../../shared/domain/snapshot/model.ts';
import { buildReportFile, SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';

const campaign = loadCampaign(JSON.parse(readFileSync(new URL('../../shared/config/campaign-2026-12.json', import.meta.url), 'utf8')));

async function verdictFor(agencyLine: string) {
  const file = buildReportFile({ agencyLine, dateText: '15/12/2026', values: [...SAMPLE_VALUES] });
  return applyRules(await readReport(file, 'bao-cao.xlsx', campaign), { campaign, uploadedFor: '24' });
}

describe('Bắc Ninh as a centrally-run city in the 2026 campaign', () => {
  it.each([
    'BẢO HIỂM XÃ HỘI THÀNH PHỐ BẮC NINH',
    'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH',
    'BHXH TP BẮC NINH',
  ])('reads a form headed "%s" for 24 with its 11 values', async (line) => {
    const verdict = await verdictFor(line);
    expect(verdict).toMatchObject({ status: 'accepted', province: '24', reportDate: '2026-12-15', errors: [] });
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it('still refuses the absorbed Bắc Giang, naming Bắc Ninh as a city', async () => {
    const verdict = await verdictFor('BẢO HIỂM XÃ HỘI TỈNH BẮC GIANG');
    expect(verdict.status).toBe('rejected');
    expect(JSON.stringify(verdict.errors)).toContain('thành phố Bắc Ninh');
  });

  it('names the three new cities "Thành phố" in the national snapshot', () => {
    const snapshot = buildSnapshot({ campaign, date: '2026-12-15', reports: [], submissions: [], final: true, generatedAt: new Date('2026-12-15T12:00:00Z') });
    const kinds = Object.fromEntries(snapshot.rows.filter((r) => ['22', '24', '75', '20'].includes(r.code)).map((r) => [r.code, r.kind]));
    expect(kinds).toEqual({ 20: 'tinh', 22: 'thanh_pho', 24: 'thanh_pho', 75: 'thanh_pho' });
  });
});
