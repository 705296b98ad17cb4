// Habits of clerks and of the software they use that the closed-world tests did not cover: each
// file here was once accepted with numbers other than the clerk meant, or refused although
// ordinary. Every file is generated here (SheetJS .xlsx/.xls/.ods and exceljs).
import { describe, expect, it } from 'vitest';
import data2026 from '../../shared/config/campaign-2026-12.json' with { type: 'json' };
import { loadCampaign } from '../../shared/domain/campaign.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import type { Verdict } from '../../shared/domain/report.ts';
import { SAMPLE_VALUES } from '../../shared/fixtures/report-files.ts';
import { extensionOf, TABLE_NUMBERING_ROW, TABLE_WRITERS, writeTable, type TablePlan, type TableWriter } from '../support/odd-workbooks.ts';

const campaign = loadCampaign(data2026);
const BAC_NINH = '24';
const FIRST_ROW = TABLE_NUMBERING_ROW + 2;

async function verdictOf(plan: TablePlan, writer: TableWriter, sheetName?: string): Promise<Verdict> {
  const bytes = await writeTable(plan, writer, sheetName);
  return verdictOfBytes(bytes, extensionOf(writer));
}

async function verdictOfBytes(bytes: Uint8Array, extension = 'xlsx'): Promise<Verdict> {
  const read = await readReport(bytes, `bao-cao.${extension}`, campaign);
  return applyRules(read, { campaign, uploadedFor: BAC_NINH });
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);
const YESTERDAY = SAMPLE_VALUES.map((v) => v + 5);

describe.each(TABLE_WRITERS)('the only row of numbers says it is not the report day (%s)', (writer) => {
  it.each([
    ['Số liệu kỳ trước', 'Số liệu kỳ này'],
    ['Số liệu ngày hôm trước', 'Số liệu ngày báo cáo'],
    ['Hôm qua', 'Hôm nay'],
    ['Tỷ lệ (%) so với kỳ trước', 'Tổng cộng'],
    ['Kế hoạch', 'Thực hiện'],
  ])('rejects a lone row labelled %j (the row %j left empty), naming it', async (filled, empty) => {
    const verdict = await verdictOf({ rows: [[filled, ...YESTERDAY], [empty]] }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.values).toBeNull();
    expect(codes(verdict.errors)).toEqual(['data-row-label']);
    expect(verdict.errors[0]!.message).toContain(`dòng ${FIRST_ROW}`);
  });

  it.each(['Bắc Ninh', 'Số liệu ngày báo cáo', 'Số liệu kỳ này', 'Tổng cộng toàn tỉnh'])('reads a lone row labelled %j', async (label) => {
    expect(await verdictOf({ rows: [[label, ...SAMPLE_VALUES]] }, writer)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES });
  });
});

/** The amounts (columns 2, 4, 9, 11) typed in millions. */
const IN_MILLIONS = SAMPLE_VALUES.map((v, i) => ([1, 3, 8, 10].includes(i) ? Math.round(v / 1e6) : v));

describe.each(TABLE_WRITERS)('units written as clerks write them (%s)', (writer) => {
  const rows = [['Bắc Ninh', ...IN_MILLIONS]];
  it.each<[string, Partial<TablePlan>, string | undefined, string]>([
    ['"Đơn vị: Tr đồng" on a line of its own', { above: [['Đơn vị: Tr đồng']] }, 'A5', 'triệu đồng'],
    ['"ĐVT: Tr.VNĐ"', { above: [['ĐVT: Tr.VNĐ']] }, 'A5', 'triệu đồng'],
    ['"ĐVT: đơn vị; triệu đồng" (the count unit first)', { above: [['ĐVT: đơn vị; triệu đồng']] }, 'A5', 'triệu đồng'],
    ['"Đơn vị tính: Số đơn vị: đơn vị, Số tiền: nghìn đồng"', { above: [['Đơn vị tính: Số đơn vị: đơn vị, Số tiền: nghìn đồng']] }, 'A5', 'nghìn đồng'],
    ['"(tr)" in an amount header', { headers: { 2: 'Số tiền (tr)' } }, 'C8', 'triệu đồng'],
    ['"(tr đồng)" in an amount header', { headers: { 4: 'Số tiền chậm đóng (tr đồng)' } }, 'E8', 'triệu đồng'],
    ['"(Ng.VNĐ)" in an amount header', { headers: { 9: 'Số tiền (Ng.VNĐ)' } }, 'J8', 'nghìn đồng'],
  ])('rejects amounts declared %s, quoting it', async (_, plan, cell, unit) => {
    const verdict = await verdictOf({ rows, ...plan }, writer);
    expect(verdict.status).toBe('rejected');
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'amount-unit', cell })]);
    expect(verdict.errors[0]!.message).toContain(unit);
  });

  it('rejects amounts whose sheet is named "BC (triệu đồng)", naming the sheet', async () => {
    const verdict = await verdictOf({ rows }, writer, 'BC (triệu đồng)');
    expect(verdict.status).toBe('rejected');
    expect(codes(verdict.errors)).toEqual(['amount-unit']);
    expect(verdict.errors[0]!.message).toContain('Tên trang tính ghi đơn vị "BC (triệu đồng)" (triệu đồng)');
  });

  it.each<[string, Partial<TablePlan>, string?]>([
    ['"(ĐVT: đồng)" in the title', { above: [['BÁO CÁO SỐ TIỀN CHẬM ĐÓNG (ĐVT: đồng)']] }],
    ['"ĐVT: đơn vị; đồng"', { above: [['ĐVT: đơn vị; đồng']] }],
    ['"Đơn vị: BHXH tỉnh Bắc Ninh" (the office, not a unit)', { above: [['Đơn vị: BHXH tỉnh Bắc Ninh - Phòng Quản lý thu']] }],
    ['a sheet named "BC 15-12 (đồng)"', {}, 'BC 15-12 (đồng)'],
  ])('reads amounts in đồng: %s', async (_, plan, sheet) => {
    expect(await verdictOf({ rows: [['Bắc Ninh', ...SAMPLE_VALUES]], ...plan }, writer, sheet)).toMatchObject({ status: 'accepted', values: SAMPLE_VALUES, warnings: [] });
  });
});
