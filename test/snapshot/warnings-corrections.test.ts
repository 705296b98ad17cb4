// What the national office sees behind the numbers: each report's warnings (a changed baseline loudest,
// with how much it moves the national col 2), a correction with when and before → after, and a final
// snapshot rebuilt, with a note, when a correction arrives after the deadline.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { warnings as W } from '../../shared/domain/findings.ts';
import { buildSnapshot } from '../../shared/domain/snapshot/model.ts';
import { renderCsv } from '../../shared/domain/snapshot/csv.ts';
import { renderHtml } from '../../shared/domain/snapshot/html.ts';
import { parseSnapshotJson, renderJson } from '../../shared/domain/snapshot/json.ts';
import { renderXlsx } from '../../shared/domain/snapshot/xlsx.ts';
import { publishSnapshot, type SnapshotDeps } from '../../shared/domain/snapshot/publish.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { MemoryFileStore, MemoryReports, MemorySnapshotState, report, values } from './fixtures.ts';

const campaign = defaultCampaign();
const DATE = '2023-12-15';
const BEFORE_CUT = values(4);
// Cao Bằng cut its baseline amount (col 2) and lowered a cumulative action count.
const CUT = [...BEFORE_CUT];
CUT[1] = 50_000_000;
CUT[3] = 40_000_000;
CUT[4] = 1;

function accepted(r: StoredReport): SubmissionRecord {
  return {
    province: r.province, reportDate: r.reportDate, receivedAt: r.receivedAt, sequencer: r.sequencer, objectKey: r.objectKey,
    status: 'accepted', late: r.late, superseded: false, values: r.values, warnings: r.warnings, errors: [],
  };
}

function day() {
  const baselineWarnings = [
    W.baselineChanged(2, 'E11', BEFORE_CUT[1]!, CUT[1]!, '14/12/2023', 'tính đến hết tháng 11/2023'),
    W.cumulativeDecreased(5, 'H11', BEFORE_CUT[4]!, 1, '14/12/2023'),
    W.late('18:30 ngày 15/12/2023'),
  ];
  const first01 = report('01', DATE, '2023-12-15T02:00:00.000Z');
  // Hà Nội corrects its col 9 the next morning, after the deadline.
  const fixed01 = report('01', DATE, '2023-12-16T06:58:00.000Z', { values: [...values(1)].map((v, i) => (i === 8 ? v - 1_000 : v)), firstReceivedAt: first01.receivedAt });
  const cut04 = report('04', DATE, '2023-12-15T12:00:00.000Z', { values: CUT, warnings: baselineWarnings, late: true });
  const history = new Map([['2023-12-14', [report('04', '2023-12-14', '2023-12-14T02:00:00Z', { values: BEFORE_CUT }), report('01', '2023-12-14', '2023-12-14T02:00:00Z')]]]);
  return { first01, fixed01, cut04, history };
}

function snapshotAfterCorrection() {
  const { first01, fixed01, cut04, history } = day();
  return buildSnapshot({
    campaign, date: DATE, reports: [fixed01, cut04], submissions: [accepted(first01), accepted(fixed01), accepted(cut04)], history,
    final: true, generatedAt: new Date('2023-12-16T07:00:00Z'),
  });
}

describe('warnings on the national snapshot', () => {
  it('keeps each report’s warnings (lateness aside: the status says it) and says how much a changed baseline moves col 2', () => {
    const s = snapshotAfterCorrection();
    const caoBang = s.rows.find((r) => r.code === '04')!;
    expect(caoBang.warnings.map((w) => w.code)).toEqual(['baseline-changed', 'cumulative-decreased']);
    expect(caoBang.baselineChanged).toBe(true);
    expect(caoBang.baselineShift).toBe(CUT[1]! - BEFORE_CUT[1]!);
    expect(s.counts).toMatchObject({ warned: 1, baselineChanged: 1, correctedAfterDeadline: 1 });
    expect(s.baselineShift).toBe(BigInt(CUT[1]! - BEFORE_CUT[1]!));
    // The national total's baseline is the reports' col 2 as they are now.
    expect(s.total[1]).toBe(BigInt(CUT[1]!) + BigInt(values(1)[1]!));
  });

  it('shows them in every format: html (alert first), csv and xlsx "Cảnh báo" column, json', async () => {
    const s = snapshotAfterCorrection();
    const html = renderHtml(s);
    expect(html).toContain('<p class="alert" role="alert">1/2 báo cáo trong tổng cộng toàn quốc có cảnh báo; 1 tỉnh thay đổi số liệu gốc (cột 1–4)');
    expect(html).toContain(`thay đổi −${(BEFORE_CUT[1]! - CUT[1]!).toLocaleString('de-DE')} đồng`);
    expect(html).toContain('<tr class="flag"><td class="sticky">Cao Bằng</td>');
    expect(html).toContain('<th>Cảnh báo</th>');
    expect(html).toContain('2 cảnh báo · Số liệu gốc (cột 1–4) thay đổi');

    const csv = renderCsv(s).split('\r\n');
    expect(csv[0]).toMatch(/,Cảnh báo,Báo cáo sửa \(trước → sau\)$/);
    expect(csv[3]).toContain('"2 cảnh báo: Ô E11: Cột 2 là số liệu cố định tính đến hết tháng 11/2023 nhưng khác báo cáo ngày 14/12/2023 (trước: 104.000.312, nay: 50.000.000). Ô H11: Cột 5');

    const doc = parseSnapshotJson(renderJson(s));
    expect(doc.provinces[2]).toMatchObject({ code: '04', baselineChanged: true, baselineShift: CUT[1]! - BEFORE_CUT[1]!, warnings: [{ code: 'baseline-changed', cell: 'E11' }, { code: 'cumulative-decreased' }] });
    expect(doc.counts).toMatchObject({ warned: 1, baselineChanged: 1 });
    expect(doc.baselineShift).toBe(CUT[1]! - BEFORE_CUT[1]!);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderXlsx(s)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getCell('Q7').value).toBe('Cảnh báo');
    const row = ws.getRow(13);
    expect(row.getCell(3).value).toBe('Cao Bằng');
    expect(row.getCell(17).text).toMatch(/^2 cảnh báo: Ô E11/);
    // Loudest: the baseline cells and the warning in bold red on red.
    expect(row.getCell(5).font?.bold).toBe(true);
    expect((row.getCell(5).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFCDD2');
    const notes: string[] = [];
    ws.eachRow((r) => { const v = r.getCell(1).value; if (typeof v === 'string' && v.startsWith('- ')) notes.push(v); });
    expect(notes.some((n) => n.startsWith('- 1/2 báo cáo trong tổng cộng toàn quốc có cảnh báo; 1 tỉnh thay đổi số liệu gốc'))).toBe(true);
  });
});

describe('corrections on the national snapshot', () => {
  it('marks a correction with when it came, whether after the deadline, and before → after', () => {
    const s = snapshotAfterCorrection();
    const haNoi = s.rows[0]!;
    expect(haNoi.correction).toEqual({
      at: '2023-12-16T06:58:00.000Z', afterDeadline: true, changes: [{ column: 9, before: values(1)[8], after: values(1)[8]! - 1_000 }],
    });
    const csv = renderCsv(s).split('\r\n')[1]!;
    expect(csv).toContain('Đúng hạn (sửa lúc 13:58 16/12/2023)');
    expect(csv).toContain(`sửa lúc 13:58 16/12/2023 (sau hạn nộp): cột 9: ${values(1)[8]!.toLocaleString('de-DE')} → ${(values(1)[8]! - 1_000).toLocaleString('de-DE')}`);
    expect(renderHtml(s)).toContain('Bản chốt ngày 15/12/2023 được lập lại lúc 14:00 16/12/2023 vì có báo cáo nhận sau hạn nộp: Hà Nội sửa lúc 13:58 16/12/2023 (sau hạn nộp): cột 9:');
  });

  it('says so when the report replaced is not in the log, and says nothing for a report never corrected', () => {
    const { fixed01 } = day();
    const s = buildSnapshot({ campaign, date: DATE, reports: [fixed01], submissions: [], final: false, generatedAt: new Date('2023-12-16T07:00:00Z') });
    expect(s.rows[0]!.correction).toMatchObject({ changes: null });
    expect(renderCsv(s)).toContain('không còn bản trước để so sánh');
    const plain = buildSnapshot({ campaign, date: DATE, reports: [report('01', DATE, '2023-12-15T02:00:00Z')], submissions: [], final: false, generatedAt: new Date('2023-12-15T07:00:00Z') });
    expect(plain.rows[0]!.correction).toBeNull();
  });

  it('rebuilds a date’s final snapshot when a correction arrives after it, recording the new revision and what changed', async () => {
    const { first01, fixed01 } = day();
    const reports = new MemoryReports();
    const files = new MemoryFileStore();
    const deps: SnapshotDeps = { campaign, reports, submissions: reports, files, state: new MemorySnapshotState() };
    const json = () => parseSnapshotJson(files.text(`summaries/${campaign.id}/${DATE}/tong-hop-toan-quoc.json`)!);
    reports.put(first01);
    reports.submissions.push(accepted(first01));
    await publishSnapshot(deps, DATE, { final: true, at: new Date('2023-12-15T11:35:00Z') });
    const closed = json();
    expect(closed.final).toBe(true);
    expect(files.text(`summaries/${campaign.id}/${DATE}/tong-hop-toan-quoc.html`)).not.toContain('được lập lại');

    reports.put(fixed01);
    reports.submissions.push(accepted(fixed01));
    const rebuilt = await publishSnapshot(deps, DATE, { final: false, at: new Date(fixed01.receivedAt) });
    expect(rebuilt).toMatchObject({ outcome: 'published', final: true });
    const after = json();
    expect(after.revision > closed.revision).toBe(true);
    expect(after.latestReceivedAt).toBe(fixed01.receivedAt);
    expect(after.provinces[0]!.correction).toMatchObject({ afterDeadline: true, changes: [{ column: 9 }] });
    expect(files.text(`summaries/${campaign.id}/${DATE}/tong-hop-toan-quoc.html`)).toContain('Bản chốt ngày 15/12/2023 được lập lại lúc 13:58 16/12/2023');
    const results = JSON.parse(files.text(`summaries/${campaign.id}/${DATE}/ket-qua.json`)!) as { provinces: { code: string; corrected: string; lateAmountNow: number }[] };
    expect(results.provinces.find((p) => p.code === '01')).toMatchObject({ corrected: 'after-deadline', lateAmountNow: values(1)[8]! - 1_000 });
  });
});
