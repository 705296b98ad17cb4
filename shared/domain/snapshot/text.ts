// What people read on the snapshot (Vietnamese, as on the official form) and the small helpers
// every renderer shares: status words, formula neutralisation (numbers and times: ../format.ts).
import type { CampaignConfig } from '../campaign.ts';
import { findingLine } from '../findings.ts';
import { formatDateVi, formatInstant, formatInteger } from '../format.ts';
import type { Finding } from '../report.ts';
import type { Correction } from './changes.ts';
import type { ProvinceStatus } from './model.ts';

export const STATUS_LABEL: Record<ProvinceStatus, string> = {
  on_time: 'Đúng hạn',
  late: 'Muộn',
  missing: 'Chưa nộp',
  rejected_only: 'Chỉ có báo cáo bị từ chối',
};

/** The status as read on the snapshot: "Đúng hạn (sửa lúc HH:mm dd/mm/yyyy)" for a corrected report. */
export function statusText(row: { status: ProvinceStatus; correctedAt: string | null }, timeZone: string): string {
  return row.correctedAt ? `${STATUS_LABEL[row.status]} (sửa lúc ${formatInstant(row.correctedAt, timeZone)})` : STATUS_LABEL[row.status];
}

/** The form's fixed wording (the same in every campaign). */
export const FORM = {
  title: 'BÁO CÁO TỔNG HỢP TÌNH HÌNH ĐÔN ĐỐC, THU HỒI SỐ TIỀN CHẬM ĐÓNG BHXH, BHTN, BHYT',
  subtitle: 'TỔNG HỢP TOÀN QUỐC',
  subTotal: 'Tổng số chậm đóng phải tính lãi',
  subThreeMonths: 'Trong đó chậm đóng từ 3 tháng trở lên',
  subThreeMonthsTen: 'Trong đó chậm đóng từ 3 tháng trở lên (từ 10 lao động trở lên)',
  actions: [
    'Số đơn vị đã gửi công văn đôn đốc',
    'Số đơn vị đã gửi thư mời làm việc',
    'Số đơn vị đã làm việc trực tiếp (do cơ quan BHXH hoặc do Tổ công tác liên ngành thực hiện)',
  ],
  units: 'Số đơn vị',
  amount: 'Số tiền chậm đóng',
} as const;

/** The form's wording that names the campaign: its baseline period, actions window, notice, office, notes. */
export interface FormTexts {
  agency: string;
  office: string;
  /** The three column-group headings (cols 1-4, 5-7, 8-11). */
  groups: readonly [string, string, string];
  notes: readonly string[];
  /** One short name per data column (CSV header, html header tooltips, trend sheet, CLI). */
  columnLabels: readonly string[];
  /** The trend's change column: col 9 against the baseline col 2. */
  lateChange: string;
  /** Col 2 named by its period, e.g. "Số tiền chậm đóng hết Tmm/yyyy (cột 2)". */
  baselineAmount: string;
  /** The baseline period, short ("hết Tmm/yyyy"). */
  baselineShort: string;
}

type FormTextSource = Pick<CampaignConfig, 'baselineLabel' | 'baselineShort' | 'actionsWindowStart' | 'conclusionNotice' | 'notes' | 'nationalOffice'>;

export function formTexts(c: FormTextSource): FormTexts {
  const short = c.baselineShort;
  return {
    agency: c.nationalOffice.agency,
    office: c.nationalOffice.office,
    groups: [
      `Tổng số đơn vị chậm đóng phải tính lãi (${c.baselineLabel})`,
      `Các giải pháp đôn đốc thu hồi tiền chậm đóng đã triển khai từ ngày ${formatDateVi(c.actionsWindowStart)} đến ngày báo cáo (theo ${c.conclusionNotice})`,
      'Tổng số chậm đóng phải tính lãi (tính đến ngày báo cáo)',
    ],
    notes: c.notes,
    columnLabels: [
      `Số đơn vị chậm đóng (${short})`,
      `Số tiền chậm đóng (${short})`,
      `Số đơn vị chậm đóng từ 3 tháng (${short})`,
      `Số tiền chậm đóng từ 3 tháng (${short})`,
      'Số đơn vị đã gửi công văn đôn đốc',
      'Số đơn vị đã gửi thư mời làm việc',
      'Số đơn vị đã làm việc trực tiếp',
      'Số đơn vị chậm đóng (đến ngày báo cáo)',
      'Số tiền chậm đóng (đến ngày báo cáo)',
      'Số đơn vị chậm đóng từ 3 tháng, từ 10 lao động (đến ngày báo cáo)',
      'Số tiền chậm đóng từ 3 tháng, từ 10 lao động (đến ngày báo cáo)',
    ],
    lateChange: `Thay đổi số tiền chậm đóng so với ${short} (cột 9 − cột 2)`,
    baselineAmount: `Số tiền chậm đóng ${short} (cột 2)`,
    baselineShort: short,
  };
}

/**
 * One short heading per data column, for tables too narrow for the form's labels (the portal's
 * tables; the results' fields take theirs from here): "gốc" is the baseline, "nay" the report date.
 */
export const COLUMN_SHORT: readonly string[] = [
  'Đơn vị gốc', 'Tiền gốc', 'Đơn vị ≥3T gốc', 'Tiền ≥3T gốc',
  'Công văn', 'Thư mời', 'Làm việc',
  'Đơn vị nay', 'Tiền nay', 'Đơn vị ≥3T nay', 'Tiền ≥3T nay',
];

/** A row's warnings as one cell: "2 cảnh báo: …; …" (empty without any). */
export function warningsText(warnings: readonly Finding[]): string {
  return warnings.length ? `${warnings.length} cảnh báo: ${warnings.map(findingLine).join(' ')}` : '';
}

/** What a correction changed, "cột 2: 1.183.498.542.084 → 120.000.000.000; …", or why it cannot be said. */
export function changesText(correction: Correction): string {
  if (!correction.changes) return 'không còn bản trước để so sánh';
  if (correction.changes.length === 0) return 'số liệu không đổi';
  return correction.changes.map((c) => `cột ${c.column}: ${formatInteger(c.before)} → ${formatInteger(c.after)}`).join('; ');
}

/** A correction as read on national views: "sửa lúc HH:mm dd/mm/yyyy (sau hạn nộp): cột 2: … → …". */
export function correctionText(correction: Correction, timeZone: string): string {
  return `sửa lúc ${formatInstant(correction.at, timeZone)}${correction.afterDeadline ? ' (sau hạn nộp)' : ''}: ${changesText(correction)}`;
}

interface WarningCounts {
  counts: { onTime: number; late: number; warned: number; baselineChanged: number };
  baselineShift: bigint;
}

/** The day's header line on warnings: how many reports behind the national total carry some, and the baseline moved. */
export function warningSummary(s: WarningCounts): string {
  const reports = s.counts.onTime + s.counts.late;
  const head = `${s.counts.warned}/${reports} báo cáo trong tổng cộng toàn quốc có cảnh báo`;
  if (!s.counts.baselineChanged) return `${head}.`;
  return `${head}; ${s.counts.baselineChanged} tỉnh thay đổi số liệu gốc (cột 1–4) so với báo cáo trước, `
    + `làm số tiền chậm đóng gốc toàn quốc (cột 2) thay đổi ${signed(s.baselineShift)} đồng.`;
}

/** An integer with its sign ("+1.000", "−1.000", "0"). */
export function signed(n: bigint | number): string {
  return `${n > 0 ? '+' : ''}${formatInteger(n)}`;
}

interface RevisionFacts {
  final: boolean;
  date: string;
  deadline: string;
  generatedAt: string;
  timeZone: string;
  latestReceivedAt: string | null;
  counts: { onTime: number; late: number };
  rows: readonly { name: string; status: ProvinceStatus; submittedAt: string | null; correction: Correction | null }[];
}

/** What the snapshot was built from: "Lập từ 62 báo cáo, báo cáo mới nhất nhận lúc …". */
export function revisionLine(s: RevisionFacts): string {
  const reports = s.counts.onTime + s.counts.late;
  return s.latestReceivedAt
    ? `Lập từ ${reports} báo cáo, báo cáo mới nhất nhận lúc ${formatInstant(s.latestReceivedAt, s.timeZone)}.`
    : 'Chưa có báo cáo nào.';
}

/**
 * For a final snapshot that reports received after the deadline changed: the note saying it was built
 * again, when, and what changed (corrections with their before → after, reports that came late). Null otherwise.
 */
export function amendmentNote(s: RevisionFacts): string | null {
  if (!s.final) return null;
  const deadline = Date.parse(s.deadline);
  const corrected = s.rows.filter((r) => r.correction?.afterDeadline);
  const lateArrivals = s.rows.filter((r) => !r.correction && r.status === 'late' && r.submittedAt && Date.parse(r.submittedAt) > deadline);
  if (!corrected.length && !lateArrivals.length) return null;
  const parts = [
    ...corrected.map((r) => `${r.name} ${correctionText(r.correction!, s.timeZone)}`),
    ...lateArrivals.map((r) => `${r.name} nộp muộn lúc ${formatInstant(r.submittedAt!, s.timeZone)}`),
  ];
  return `Bản chốt ngày ${formatDateVi(s.date)} được lập lại lúc ${formatInstant(s.generatedAt, s.timeZone)} vì có báo cáo nhận sau hạn nộp: ${parts.join('; ')}.`;
}

export const LABELS = {
  index: 'STT',
  code: 'Mã tỉnh',
  province: 'Tỉnh/Thành phố',
  status: 'Tình trạng báo cáo',
  submittedAt: 'Thời điểm nộp',
  total: 'TỔNG CỘNG TOÀN QUỐC',
  reportDate: 'Ngày báo cáo',
  reported: 'Số tỉnh đã nộp',
  compared: 'Số tỉnh so sánh (nộp cả ngày đầu đợt)',
  lateChangePct: 'Tỷ lệ thay đổi (%)',
  chartReference: 'Đường gốc trên biểu đồ (cột 2 = 0 %)',
  chartChange: 'Đến ngày báo cáo (cột 9), % so với gốc',
  rejectedCount: 'Số lần nộp bị từ chối',
  sheetSummary: 'Tổng hợp',
  sheetMissing: 'Tỉnh chưa nộp',
  sheetTrend: 'Xu hướng',
  final: 'Bản chốt sau hạn nộp',
  provisional: 'Bản tạm thời (trước hạn nộp)',
  noneMissing: 'Tất cả tỉnh/thành phố đã nộp báo cáo.',
  noData: 'Chưa có số liệu',
  warnings: 'Cảnh báo',
  correction: 'Báo cáo sửa (trước → sau)',
  baselineChanged: 'Số liệu gốc (cột 1–4) thay đổi',
} as const;

/** How the trend is computed, in a sentence under it (html, xlsx). */
export function trendNote(s: { trend: readonly { date: string }[] }): string {
  const first = s.trend[0]?.date;
  return `Để so sánh cùng một nhóm tỉnh, mỗi ngày chỉ cộng số liệu của các tỉnh đã nộp cả ngày đó và ngày đầu đợt`
    + `${first ? ` (${formatDateVi(first)})` : ''}; số tỉnh được cộng ghi cạnh từng ngày.`;
}

/**
 * Neutralises text a spreadsheet would run as a formula (leading = + - @, or a tab / carriage return
 * that hides one): prefixes an apostrophe, as OWASP recommends for CSV injection.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
