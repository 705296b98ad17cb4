// What people read on the snapshot (Vietnamese, as on the official form) and the small helpers
// every renderer shares: status words, number and time formatting, formula neutralisation.
import type { ProvinceStatus } from './model.ts';

export const STATUS_LABEL: Record<ProvinceStatus, string> = {
  on_time: 'Đúng hạn',
  late: 'Muộn',
  missing: 'Chưa nộp',
  rejected_only: 'Chỉ có báo cáo bị từ chối',
};

/** The status as read on the snapshot: "Đúng hạn (sửa lúc 19:05 15/12/2023)" for a corrected report. */
export function statusText(row: { status: ProvinceStatus; correctedAt: string | null }, timeZone: string): string {
  return row.correctedAt ? `${STATUS_LABEL[row.status]} (sửa lúc ${formatInstant(row.correctedAt, timeZone)})` : STATUS_LABEL[row.status];
}

export const FORM = {
  agency: 'BẢO HIỂM XÃ HỘI VIỆT NAM',
  office: 'BAN QUẢN LÝ THU - SỔ, THẺ',
  title: 'BÁO CÁO TỔNG HỢP TÌNH HÌNH ĐÔN ĐỐC, THU HỒI SỐ TIỀN CHẬM ĐÓNG BHXH, BHTN, BHYT',
  subtitle: 'TỔNG HỢP TOÀN QUỐC',
  groups: [
    'Tổng số đơn vị chậm đóng phải tính lãi (tính đến hết tháng 11/2023)',
    'Các giải pháp đôn đốc thu hồi tiền chậm đóng đã triển khai từ ngày 01/12/2023 đến ngày báo cáo (theo Thông báo Kết luận số 4089/TB-BHXH)',
    'Tổng số chậm đóng phải tính lãi (tính đến ngày báo cáo)',
  ],
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
  notes: [
    '- Số liệu tại cột 5, cột 6, cột 7 là số lũy kế từ ngày 01/12/2023 đến ngày báo cáo.',
    '- Việc gửi Thông báo kết quả đóng BHXH, BHYT, BHTN (mẫu C12-TS) cho đơn vị không được tính là gửi công văn đôn đốc (cột 5) hoặc gửi thư mời làm việc (cột 6).',
    '- Số tiền chậm đóng tính bằng đồng Việt Nam.',
  ],
} as const;

/** One short name per data column (CSV header, html header tooltips, trend sheet). */
export const COLUMN_LABELS: readonly string[] = [
  'Số đơn vị chậm đóng (hết T11/2023)',
  'Số tiền chậm đóng (hết T11/2023)',
  'Số đơn vị chậm đóng từ 3 tháng (hết T11/2023)',
  'Số tiền chậm đóng từ 3 tháng (hết T11/2023)',
  'Số đơn vị đã gửi công văn đôn đốc',
  'Số đơn vị đã gửi thư mời làm việc',
  'Số đơn vị đã làm việc trực tiếp',
  'Số đơn vị chậm đóng (đến ngày báo cáo)',
  'Số tiền chậm đóng (đến ngày báo cáo)',
  'Số đơn vị chậm đóng từ 3 tháng, từ 10 lao động (đến ngày báo cáo)',
  'Số tiền chậm đóng từ 3 tháng, từ 10 lao động (đến ngày báo cáo)',
];

export const LABELS = {
  index: 'STT',
  code: 'Mã tỉnh',
  province: 'Tỉnh/Thành phố',
  status: 'Tình trạng báo cáo',
  submittedAt: 'Thời điểm nộp',
  total: 'TỔNG CỘNG TOÀN QUỐC',
  reportDate: 'Ngày báo cáo',
  reported: 'Số tỉnh đã nộp',
  lateChange: 'Thay đổi số tiền chậm đóng so với hết T11/2023 (cột 9 − cột 2)',
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

/** "Ngày báo cáo: 15/12/2023" style date. */
export function formatDateVi(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const offsetCache = new Map<string, Map<number, number>>();
const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** The zone's UTC offset (ms) at an instant; cached per 15-minute slice, as offsets only change on those. */
function zoneOffset(ms: number, timeZone: string): number {
  const slice = Math.floor(ms / FIFTEEN_MINUTES);
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, zone = new Map<number, number>());
  let offset = zone.get(slice);
  if (offset === undefined) {
    const at = slice * FIFTEEN_MINUTES;
    const p: Record<string, string> = {};
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(at));
    for (const part of parts) p[part.type] = part.value;
    offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at;
    if (zone.size > 10_000) zone.clear();
    zone.set(slice, offset);
  }
  return offset;
}

const pad = (n: number): string => n.toString().padStart(2, '0');

/** An instant in the campaign's zone, e.g. "18:30 15/12/2023" (fast: rows can be many). */
export function formatInstant(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  const local = new Date(ms + zoneOffset(ms, timeZone));
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** Vietnamese thousands separators (dots); exact for BigInt. */
export function formatInteger(n: number | bigint): string {
  const s = n.toString();
  const negative = s.startsWith('-');
  const digits = negative ? s.slice(1) : s;
  return (negative ? '−' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Percentage change with one decimal and a Vietnamese decimal comma; "—" when the base is zero. */
export function formatPercentChange(change: bigint, base: bigint): string {
  if (base === 0n) return '—';
  // One decimal, rounded half away from zero, computed exactly on integers.
  const scaled = (change * 2000n) / base;
  const rounded = scaled >= 0n ? (scaled + 1n) / 2n : (scaled - 1n) / 2n;
  const sign = rounded < 0n ? '−' : rounded > 0n ? '+' : '';
  const abs = rounded < 0n ? -rounded : rounded;
  return `${sign}${abs / 10n},${abs % 10n}%`;
}

/** Percentage change as a number (for spreadsheets), null when the base is zero. */
export function percentChange(change: bigint, base: bigint): number | null {
  if (base === 0n) return null;
  return Number((change * 100000n) / base) / 1000;
}

/**
 * Neutralises text a spreadsheet would run as a formula (leading = + - @, or a tab / carriage return
 * that hides one): prefixes an apostrophe, as OWASP recommends for CSV injection.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
