// The results as downloads: csv and json carry exactly the fields of fields.ts (the contract in
// docs/results.md); the xlsx (./xlsx.ts, loaded at the first one rendered) lays them out as an
// official table. No exceljs here: the portal's results page and the aggregator import this module.
import { exactJson } from '../snapshot/json.ts';
import { csvDocument } from '../snapshot/csv.ts';
import type { FormTexts } from '../snapshot/text.ts';
import { displayValue, resultFields, type ResultField, type FieldValue } from './fields.ts';
import type { Results } from './model.ts';

export const RESULTS_TITLE = 'KẾT QUẢ GIẢM SỐ TIỀN CHẬM ĐÓNG THEO TỈNH/THÀNH PHỐ';

/** How the ranking is made, in a sentence (under every rendering of the results). */
export function rankingNote(r: Pick<Results, 'marked'>, texts: Pick<FormTexts, 'baselineShort'>): string {
  return `Xếp hạng theo tỷ lệ giảm số tiền chậm đóng đến ngày báo cáo (cột 9) so với ${texts.baselineShort} (cột 2), giảm nhiều nhất đứng đầu; `
    + `bằng nhau thì xét số tiền giảm. Tỉnh chưa có báo cáo ngày này hoặc có cột 2 bằng 0 không xếp hạng. `
    + `${r.marked} tỉnh đầu bảng được đánh dấu "Nhóm đầu", ${r.marked} tỉnh cuối bảng "Nhóm cuối".`;
}

export function renderResultsCsv(r: Results, texts: FormTexts): string {
  const fields = resultFields(texts);
  const cell = (f: ResultField, v: FieldValue): string | number | bigint | null => {
    const shown = displayValue(f, v);
    return typeof shown === 'boolean' ? (shown ? 'Có' : '') : shown;
  };
  const rows: (string | number | bigint | null)[][] = [
    fields.map((f) => f.label),
    fields.map((f) => (f.national ? cell(f, f.national(r.national)) : null)),
    ...r.rows.map((row) => fields.map((f) => cell(f, f.value(row)))),
  ];
  return csvDocument(rows);
}

/** The json: the campaign, date and instant, then the national line and one object per province, keyed as fields.ts. */
export function renderResultsJson(r: Results, texts: FormTexts): string {
  const fields = resultFields(texts);
  const national = {
    provinces: r.national.provinces,
    ...Object.fromEntries(fields.filter((f) => f.national && f.key !== 'status').map((f) => [f.key, f.national!(r.national)])),
  };
  return exactJson({
    campaign: r.campaignId,
    date: r.date,
    final: r.final,
    generatedAt: r.generatedAt,
    rankedBy: 'lateAmountChangePct',
    markedProvinces: r.marked,
    national,
    provinces: r.rows.map((row) => Object.fromEntries(fields.map((f) => [f.key, f.value(row)]))),
  }, ['provinces']);
}

/** What the less obvious figures mean, printed under the table. */
export const FIELD_NOTES: readonly string[] = [
  '- Thay đổi âm là giảm. Tỷ lệ (%) = thay đổi / số liệu gốc × 100, để trống khi số liệu gốc bằng 0.',
  '- Cột 11 chỉ tính đơn vị từ 10 lao động trở lên, cột 4 tính mọi đơn vị: so sánh hai cột này là so sánh gần đúng.',
  '- Giải pháp trên một đơn vị = số đơn vị đã được áp dụng giải pháp (cột 5, 6, 7, lũy kế) / số đơn vị chậm đóng gốc (cột 1).',
  '- Số ngày chưa nộp chỉ tính các ngày báo cáo đã quá hạn nộp.',
];
