// Why a mail was not taken as a submission, and the reply that tells a registered sender so, in the
// thread of their mail. Vietnamese for the clerk; the code is stable (log, digest, tests).
import type { Campaign } from '../campaign.ts';
import { formatBytes, formatDateVi } from '../format.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';
import { AUTOMATED_BRIEF, officeName, signature } from '../mail/common.ts';
import { uploadFolder } from '../mail/upload-folder.ts';
import { list, note, paragraph, strong, type Message } from '../messages/model.ts';

export type RefusalCode =
  | 'unreadable'
  | 'automatic'
  | 'from-malformed'
  | 'sender-unknown'
  | 'sender-ambiguous'
  | 'sender-authentication'
  | 'spam'
  | 'virus'
  | 'no-spreadsheet'
  | 'same-date'
  | 'attachment-too-large'
  | 'winmail-dat'
  | 'archive'
  | 'link';

export interface Refusal {
  code: RefusalCode;
  /** What went wrong, for the log and the digest (English, no personal data beyond the names). */
  detail: string;
  /** Files the refusal is about. */
  files?: string[];
  reportDate?: string;
  link?: string;
  provinces?: string[];
  sizeBytes?: number;
}

/** A refusal in a few words, for the national digest. */
export const REFUSAL_LABELS: Record<RefusalCode, string> = {
  unreadable: 'thư không đọc được',
  automatic: 'thư tự động (trả lời vắng mặt, thông báo gửi thư không thành công, thư từ danh sách thư)',
  'from-malformed': 'địa chỉ người gửi (From) không hợp lệ',
  'sender-unknown': 'người gửi không có trong danh bạ',
  'sender-ambiguous': 'địa chỉ người gửi được đăng ký cho nhiều đơn vị',
  'sender-authentication': 'không qua xác thực người gửi (SPF, DKIM, DMARC)',
  spam: 'bị đánh giá là thư rác',
  virus: 'có vi-rút hoặc mã độc',
  'no-spreadsheet': 'không có tệp báo cáo đính kèm',
  'same-date': 'nhiều tệp cho cùng một ngày báo cáo',
  'attachment-too-large': `tệp đính kèm vượt quá ${formatBytes(MAX_UPLOAD_BYTES)}`,
  'winmail-dat': 'tệp winmail.dat của Outlook',
  archive: 'tệp nén thay cho tệp báo cáo',
  link: 'đường liên kết thay cho tệp đính kèm',
};

/**
 * Refusals that never get a reply: nothing to read; a machine's mail (answering it starts a loop); and
 * any sender that is not proven (unknown, forged-looking From, failed authentication): a reply would
 * go to whoever the forger named (backscatter).
 */
export const SILENT_REFUSALS: ReadonlySet<RefusalCode> = new Set(['unreadable', 'automatic', 'from-malformed', 'sender-unknown', 'sender-authentication']);

const files = (r: Refusal): string => (r.files ?? []).join(', ');

/** The reason, then what to do about it. */
function explain(r: Refusal, campaign: Campaign, from: string): [string, string] {
  const again = 'Vui lòng trả lời thư này và đính kèm lại tệp báo cáo (Excel .xlsx hoặc .xls, LibreOffice .ods, hoặc CSV).';
  switch (r.code) {
    case 'sender-authentication':
      return [
        `Thư không vượt qua bước xác thực người gửi của máy chủ thư (SPF, DKIM, DMARC), nên hệ thống không xác nhận được thư do chính địa chỉ ${from} gửi.`,
        'Nếu đơn vị đã gửi thư này, vui lòng gửi lại từ hộp thư công vụ của đơn vị (không qua dịch vụ chuyển tiếp), hoặc tải tệp lên thư mục của đơn vị. Nếu đơn vị không gửi thư này, có thể địa chỉ của đơn vị đã bị giả mạo: vui lòng báo cho bộ phận quản trị hệ thống.',
      ];
    case 'spam':
      return ['Máy chủ thư đánh giá thư này là thư rác (spam).', `Vui lòng gửi lại thư ngắn gọn, chỉ đính kèm tệp báo cáo, từ hộp thư ${from}.`];
    case 'virus':
      return ['Máy chủ thư phát hiện vi-rút hoặc mã độc trong thư này.', 'Vui lòng kiểm tra máy tính bằng phần mềm diệt vi-rút, rồi gửi lại tệp báo cáo sạch.'];
    case 'sender-ambiguous':
      return [
        `Địa chỉ ${from} được đăng ký cho nhiều đơn vị (mã ${(r.provinces ?? []).join(', ')}), nên hệ thống không xác định được báo cáo là của đơn vị nào.`,
        'Vui lòng liên hệ Ban Quản lý Thu - Sổ, Thẻ để cập nhật danh bạ, hoặc tải tệp lên thư mục của đơn vị.',
      ];
    case 'no-spreadsheet':
      return ['Thư không có tệp báo cáo đính kèm (Excel .xlsx hoặc .xls, LibreOffice .ods, hoặc CSV).', again];
    case 'same-date':
      return [
        `Thư có ${r.files?.length ?? 2} tệp báo cáo cho cùng ngày ${r.reportDate ? formatDateVi(r.reportDate) : ''} (${files(r)}); mỗi ngày báo cáo chỉ được gửi một tệp.`,
        'Vui lòng trả lời thư này và chỉ đính kèm một tệp cho mỗi ngày báo cáo. Không tệp nào trong thư này được ghi nhận.',
      ];
    case 'attachment-too-large':
      return [
        `Tệp ${files(r)} có dung lượng ${formatBytes(r.sizeBytes ?? 0)}, vượt quá giới hạn ${formatBytes(MAX_UPLOAD_BYTES)} của một tệp báo cáo.`,
        'Báo cáo ngày chỉ gồm một bảng nhỏ: vui lòng lưu riêng trang báo cáo thành một tệp (xóa các trang, hình ảnh không cần thiết) rồi gửi lại.',
      ];
    case 'winmail-dat':
      return [
        'Thư được Outlook gửi ở định dạng Rich Text (tệp đính kèm winmail.dat), nên không đọc được tệp báo cáo bên trong.',
        'Trong Outlook, chọn định dạng thư HTML hoặc Văn bản thuần (Plain Text) thay cho Rich Text, rồi gửi lại thư có đính kèm tệp báo cáo.',
      ];
    case 'archive':
      return [`Tệp ${files(r)} là tệp nén (ZIP, RAR, 7z…), không phải tệp báo cáo.`, 'Vui lòng đính kèm trực tiếp tệp báo cáo, không nén.'];
    case 'link':
      return [
        `Thư gửi đường liên kết (${r.link ?? ''}) thay cho tệp đính kèm; hệ thống không tải tệp từ đường liên kết.`,
        'Vui lòng trả lời thư này và đính kèm trực tiếp tệp báo cáo.',
      ];
    default:
      return ['Thư không đọc được.', again];
  }
}

export interface RefusalReplyInput {
  campaign: Campaign;
  refusal: Refusal;
  /** The sender's province, when the sender is registered for exactly one. */
  province?: string;
  from: string;
  subject: string;
  receivedAt: Date;
}

/** The reply to a registered sender whose mail was refused (the mail channel's subject is "Re: …" of theirs). */
export function refusalMessage(input: RefusalReplyInput): Message {
  const { campaign, refusal, from } = input;
  const province = input.province ? campaign.province(input.province) : undefined;
  const office = province ? officeName(province) : 'Quý đơn vị';
  const [why, todo] = explain(refusal, campaign, from);
  const when = campaign.formatLocal(input.receivedAt);
  const subjectLine = input.subject.trim() ? `"${input.subject.trim()}"` : '(không có tiêu đề)';
  const folder = input.province ? ` Cũng có thể tải tệp lên thư mục ${uploadFolder(input.province)}.` : '';
  const title = 'Báo cáo gửi qua thư chưa được nhận';
  return {
    subject: title,
    title,
    blocks: [
      paragraph(`Kính gửi ${office},`),
      list([why], { title: [`Hệ thống đã nhận thư của đơn vị gửi lúc ${when} (tiêu đề ${subjectLine}), nhưng `, strong('chưa ghi nhận báo cáo nào'), ' từ thư này vì:'] }),
      paragraph(`${todo}${folder}`, 'Thư đã gửi vẫn được lưu lại trong hệ thống.'),
      note(AUTOMATED_BRIEF, signature(campaign)),
    ],
  };
}

/** The one note on files of an accepted mail that were past the per-mail limit: named, not taken. */
export function filesPastLimitMessage(input: { campaign: Campaign; province: string; files: readonly string[]; taken: number }): Message {
  const { campaign } = input;
  const province = campaign.province(input.province);
  const title = 'Một số tệp trong thư chưa được nhận';
  return {
    subject: title,
    title,
    blocks: [
      paragraph(`Kính gửi ${province ? officeName(province) : 'Quý đơn vị'},`),
      paragraph(`Mỗi thư chỉ được nhận tối đa ${input.taken} tệp báo cáo; hệ thống đã nhận ${input.taken} tệp đầu tiên và không nhận các tệp: ${input.files.join(', ')}.`),
      paragraph('Vui lòng gửi các tệp này trong một thư khác. Kết quả kiểm tra các tệp đã nhận sẽ được gửi riêng.'),
      note(AUTOMATED_BRIEF, signature(campaign)),
    ],
  };
}
