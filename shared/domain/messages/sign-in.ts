// The sign-in message: a single-use link to the portal, asked for on its sign-in page.
import type { Campaign } from '../campaign.ts';
import { AUTOMATED, signature } from '../mail/common.ts';
import { SIGN_IN_LINK_MINUTES } from '../portal/auth.ts';
import { note, paragraph, type Message } from './model.ts';

/** `who` names the address and its office ("clerk@… (Bảo hiểm xã hội tỉnh Bắc Ninh)"). */
export function signInMessage(campaign: Campaign, who: string, link: string): Message {
  return {
    subject: 'Liên kết đăng nhập cổng báo cáo chậm đóng BHXH',
    blocks: [
      paragraph('Xin chào,'),
      paragraph(`Có yêu cầu đăng nhập cổng báo cáo với địa chỉ ${who}.`),
      { type: 'button', url: link, label: 'Đăng nhập cổng báo cáo' },
      paragraph(`Liên kết dùng được một lần, trong ${SIGN_IN_LINK_MINUTES} phút. Nếu bạn không yêu cầu đăng nhập, xin bỏ qua thư này.`),
      note(AUTOMATED, signature(campaign)),
    ],
  };
}
