// What every mail of the pipeline shares: its parts, the sender's signature, the office names.
import type { Province } from '../campaign.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export const SIGNATURE = 'Ban Quản lý Thu - Sổ, Thẻ, Bảo hiểm xã hội Việt Nam';
export const AUTOMATED = 'Thư này được gửi tự động từ hệ thống tổng hợp báo cáo; vui lòng không trả lời thư này.';

/** "Bảo hiểm xã hội tỉnh Bắc Ninh", "Bảo hiểm xã hội thành phố Hà Nội". */
export function officeName(province: Province): string {
  return `Bảo hiểm xã hội ${province.kind === 'thanh_pho' ? 'thành phố' : 'tỉnh'} ${province.name}`;
}
