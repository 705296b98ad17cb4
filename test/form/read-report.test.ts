import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { findingLine } from '../../shared/domain/findings.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { buildReportFile, SAMPLE_VALUES, sampleSpec, type ReportFormat, type ReportSpec } from '../../shared/fixtures/report-files.ts';

const campaign = defaultCampaign();

async function verdictOf(spec: ReportSpec, format: ReportFormat = 'xlsx', uploadedFor = '27') {
  const ext = format.startsWith('csv') ? 'csv' : format;
  const read = await readReport(buildReportFile(spec, format), `bao-cao.${ext}`, campaign);
  return applyRules(read, { campaign, uploadedFor });
}

describe('reading the official form', () => {
  it.each<ReportFormat>(['xlsx', 'xls', 'ods', 'csv', 'csv-semicolon'])('reads a %s report: province, date and the 11 values', async (format) => {
    const verdict = await verdictOf(sampleSpec(), format);
    expect(verdict).toMatchObject({ status: 'accepted', province: '27', reportDate: '2023-12-15', errors: [], warnings: [] });
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it('finds the report on a later sheet', async () => {
    const verdict = await verdictOf(sampleSpec({ sheetBefore: true }));
    expect(verdict.status).toBe('accepted');
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it('is not shifted by a label column before the numbered columns', async () => {
    const verdict = await verdictOf(sampleSpec({ labelColumn: { header: 'Đơn vị', numbering: 'A', data: 'Bắc Ninh' } }));
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it('takes the first non-empty row below the numbering row as the data row', async () => {
    const verdict = await verdictOf(sampleSpec({ blankRowsBeforeData: 2 }));
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it('reads numbers typed as text with Vietnamese or English thousands separators and spaces', async () => {
    const values = ['4.162', '108.554.706.639', '1,563', '74,315,130,485', '1 604', '636', '356', '4256', '110 542 040 948', '949', '52.057.702.779'];
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict.status).toBe('accepted');
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it('uses the cached values of formulas', async () => {
    const verdict = await verdictOf(sampleSpec({ formulas: true }));
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });

  it.each([
    ['text dd/mm/yyyy', { dateText: '15/12/2023' }],
    ['text d/m/yyyy', { dateText: '5/12/2023' }],
    ['words', { dateText: 'ngày 15 tháng 12 năm 2023' }],
    ['a real date cell', { dateText: undefined, dateCell: { year: 2023, month: 12, day: 15 } }],
  ])('reads the report date written as %s', async (_, overrides) => {
    const verdict = await verdictOf(sampleSpec(overrides));
    expect(verdict.reportDate).toBe(overrides.dateText === '5/12/2023' ? '2023-12-05' : '2023-12-15');
  });

  it('does not take the letter date or the signature date for the report date', async () => {
    const verdict = await verdictOf(sampleSpec({
      dateText: '20/12/2023',
      letterLine: 'Số: 123/BHXH-QLT, Bắc Ninh, ngày 13 tháng 12 năm 2023',
      signatureDate: 'Bắc Ninh, ngày 31 tháng 12 năm 2023',
    }));
    expect(verdict.reportDate).toBe('2023-12-20');
  });

  it('reads an empty cell as 0 with a warning naming the cell', async () => {
    const values = [...SAMPLE_VALUES] as (number | null)[];
    values[6] = null;
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict.status).toBe('accepted');
    expect(verdict.values![6]).toBe(0);
    expect(verdict.warnings).toEqual([expect.objectContaining({ code: 'empty-cell-zero', cell: 'G11' })]);
  });

  it('rejects an empty cell when the campaign says empty is an error', async () => {
    const strict = defaultCampaign();
    (strict.config as { emptyCellPolicy: string }).emptyCellPolicy = 'error';
    const values = [...SAMPLE_VALUES] as (number | null)[];
    values[6] = null;
    const read = await readReport(buildReportFile(sampleSpec({ values })), 'x.xlsx', strict);
    expect(read.errors).toEqual([expect.objectContaining({ code: 'empty-cell', cell: 'G11' })]);
  });

  it('reports every bad cell at once, each with its cell', async () => {
    const values: (number | string)[] = [...SAMPLE_VALUES];
    values[1] = 'chưa có';
    values[5] = -3;
    values[8] = '1.234,5';
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([
      ['not-a-number', 'B11'], ['negative', 'F11'], ['not-whole', 'I11'],
    ]);
    // Each names its cell once: "Ô B11: Cột 2 phải là số …".
    for (const e of verdict.errors) expect(findingLine(e)).toMatch(/^Ô [A-Z]+11: Cột \d+ [^Ô]*$/);
  });

  it('rejects, never rounds, a value a JS number cannot hold exactly', async () => {
    const values: (number | string)[] = [...SAMPLE_VALUES];
    values[1] = '123.456.789.012.345.678';
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'number-too-large', cell: 'B11' })]);
  });

  it('rejects a table with only 10 numbered columns, still reading the date', async () => {
    const verdict = await verdictOf(sampleSpec({ columnCount: 10 }));
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors[0]).toMatchObject({ code: 'eleven-columns' });
    expect(verdict.reportDate).toBe('2023-12-15');
  });

  it('rejects the blank official form with all its problems', async () => {
    const verdict = await verdictOf(sampleSpec({ agencyLine: 'BẢO HIỂM XÃ HỘI TỈNH/THÀNH PHỐ …..', dateText: '………/12/2023', values: Array(11).fill(null) }));
    expect(verdict.errors.map((e) => e.code)).toEqual(['no-province', 'bad-report-date', 'no-data-row']);
  });

  it('rejects a sheet without the numbering row', async () => {
    const csv = new TextEncoder().encode('STT,Tỉnh,Số đơn vị,Số tiền,Ghi chú\n1,Bắc Ninh,12,100,\n2,Hà Nam,3,40,\n3,Nam Định,7,90,\n');
    const read = await readReport(csv, 'x.csv', campaign);
    expect(read.errors.map((e) => e.code)).toEqual(['no-report-table']);
  });

  it('reads only the first rows of a sheet padded with thousands of junk rows', async () => {
    const verdict = await verdictOf(sampleSpec({ junkRows: 20_000 }));
    expect(verdict.status).toBe('accepted');
    expect(verdict.values).toEqual(SAMPLE_VALUES);
  });
});

describe('what people really type', () => {
  it.each([
    'Ngày báo cáo: 15/12/2023.', '(Ngày báo cáo: 15/12/2023)', '(Ngày báo cáo: 15/12/2023).', 'NGÀY BÁO CÁO: 15/12/2023',
    'ngày báo cáo: 15/12/2023', 'Ngay bao cao: 15/12/2023', 'NGAY BAO CAO 15/12/2023', 'Ngày báo cáo 15/12/2023',
    'Báo cáo ngày 15/12/2023', 'Ngày BC: 15/12/2023', '(Ngày báo cáo: ngày 15 tháng 12 năm 2023)', 'Ngày báo cáo - 15.12.2023',
  ])('reads the date label written as %j', async (dateLine) => {
    for (const format of ['xlsx', 'csv'] as const) {
      const verdict = await verdictOf(sampleSpec({ dateLine }), format);
      expect(verdict, format).toMatchObject({ status: 'accepted', reportDate: '2023-12-15', values: SAMPLE_VALUES });
    }
  });

  it.each([
    'Ngày báo cáo: 15/12/2023', '(Ngày báo cáo: 15/12/2023)', 'ngay bao cao: 15/12/2023.',
  ])('reads the date on its own line of the title cell: %j', async (dateInTitle) => {
    const verdict = await verdictOf(sampleSpec({ dateInTitle }));
    expect(verdict).toMatchObject({ status: 'accepted', reportDate: '2023-12-15' });
  });

  it.each([
    'BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI TỈNH BẮC NINH',
    'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH\nBẢO HIỂM XÃ HỘI VIỆT NAM',
    'BẢO HIỂM XÃ HỘI VIỆT NAM\r\nBHXH tỉnh Bắc Ninh',
  ])('reads the agency line from a multi-line cell: %j', async (agencyCell) => {
    const verdict = await verdictOf(sampleSpec({ agencyCell }));
    expect(verdict).toMatchObject({ status: 'accepted', province: '27', values: SAMPLE_VALUES });
  });

  it('rejects a multi-line agency cell naming another province', async () => {
    const verdict = await verdictOf(sampleSpec({ agencyCell: 'BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI TỈNH BẮC GIANG' }));
    expect(verdict.errors.map((e) => e.code)).toEqual(['province-mismatch']);
  });

  it('reads full-width digits, odd spaces and currency suffixes in every cell', async () => {
    const values = ['４１６２', '108\u202f554\u202f706\u202f639 đ', '1\u3000563', '74.315.130.485 VNĐ', '1\u2009604', '636', '356',
      '4\u00a0256', '110.542.040.948 đồng', '９４９', '52,057,702,779'];
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

describe('every error at once', () => {
  it('checks the rules between columns on the cells that could be read, beside the bad cells', async () => {
    const values: (number | string)[] = [...SAMPLE_VALUES];
    values[1] = 'chưa có'; // col 2 unreadable: the col 4 ≤ col 2 rule cannot be checked
    values[2] = SAMPLE_VALUES[0]! + 1; // col 3 > col 1
    values[5] = -3; // negative
    values[10] = 0; // col 10 ≠ 0 with col 11 = 0
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors.map((e) => [e.code, e.cell])).toEqual([
      ['not-a-number', 'B11'], ['negative', 'F11'], ['col3-gt-col1', 'C11'], ['col10-col11-mismatch', 'K11'],
    ]);
    expect(verdict.values).toBeNull();
  });

  it('checks col 10 ≤ col 8, col 11 ≤ col 9 and the count/amount pairs beside a fractional value', async () => {
    const values: (number | string)[] = [...SAMPLE_VALUES];
    values[0] = '1,5'; // not whole
    values[10] = SAMPLE_VALUES[8]! + 1; // col 11 > col 9
    values[7] = 0; // col 8 = 0 with col 9 ≠ 0
    const verdict = await verdictOf(sampleSpec({ values }));
    expect(verdict.errors.map((e) => e.code)).toEqual(['not-whole', 'col10-gt-col8', 'col11-gt-col9', 'col8-col9-mismatch']);
  });
});
