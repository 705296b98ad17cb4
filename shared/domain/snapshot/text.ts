// What people read on the snapshot (Vietnamese, as on the official form) and the small helpers
// every renderer shares: status words, formula neutralisation (numbers and times: ../format.ts).
import type { CampaignConfig } from '../campaign.ts';
import { formatDateVi, formatInstant } from '../format.ts';
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
  rejectedCount: 'Số lần nộp bị từ chối',
  sheetSummary: 'Tổng hợp',
  sheetMissing: 'Tỉnh chưa nộp',
  sheetTrend: 'Xu hướng',
  final: 'Bản chốt sau hạn nộp',
  provisional: 'Bản tạm thời (trước hạn nộp)',
  noneMissing: 'Tất cả tỉnh/thành phố đã nộp báo cáo.',
  noData: 'Chưa có số liệu',
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
