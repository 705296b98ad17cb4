// The words every message of the pipeline shares: the sender's signature, the office names, the
// notes on replying and on the upload folder.
import type { Campaign, Province } from '../campaign.ts';

/** The national office's signature under every mail (from the campaign file). */
export function signature(campaign: Campaign): string {
  return campaign.config.nationalOffice.signature;
}
export const AUTOMATED = 'Thư này được gửi tự động từ hệ thống tổng hợp báo cáo; vui lòng không trả lời thư này.';
/** The note when replies are a way to submit (a submission address is configured). */
export const AUTOMATED_REPLYABLE = 'Thư này được gửi tự động từ hệ thống tổng hợp báo cáo; thư trả lời chỉ dùng để nộp báo cáo (có đính kèm tệp).';

/** The note of a reply to a mail (its Reply-To already says where a new reply goes). */
export const AUTOMATED_BRIEF = 'Thư này được gửi tự động từ hệ thống tổng hợp báo cáo.';

export function automatedNote(submissionAddress?: string): string {
  return submissionAddress ? AUTOMATED_REPLYABLE : AUTOMATED;
}

/** How to submit by mail: reply with the file attached, or write to the submission address. */
export function replyToSubmit(submissionAddress: string): string {
  return `Có thể gửi báo cáo qua thư điện tử: trả lời thư này và đính kèm tệp báo cáo (hoặc gửi thư có đính kèm tệp đến ${submissionAddress}); kết quả sẽ được trả lời trong cùng chuỗi thư.`;
}

/** "Bảo hiểm xã hội tỉnh Bắc Ninh", "Bảo hiểm xã hội thành phố Hà Nội". */
export function officeName(province: Province): string {
  return `Bảo hiểm xã hội ${province.kind === 'thanh_pho' ? 'thành phố' : 'tỉnh'} ${province.name}`;
}

/** "Bắc Ninh (27)". */
export function provinceLabel(province: Pick<Province, 'code' | 'name'>): string {
  return `${province.name} (${province.code})`;
}
