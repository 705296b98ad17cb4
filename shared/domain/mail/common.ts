// What every mail of the pipeline shares: its parts, the sender's signature, the office names.
import type { Campaign, Province } from '../campaign.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** The national office's signature under every mail (from the campaign file). */
export function signature(campaign: Campaign): string {
  return campaign.config.nationalOffice.signature;
}
export const AUTOMATED = 'Thư này được gửi tự động từ hệ thống tổng hợp báo cáo; vui lòng không trả lời thư này.';

/** "Bảo hiểm xã hội tỉnh Bắc Ninh", "Bảo hiểm xã hội thành phố Hà Nội". */
export function officeName(province: Province): string {
  return `Bảo hiểm xã hội ${province.kind === 'thanh_pho' ? 'thành phố' : 'tỉnh'} ${province.name}`;
}
