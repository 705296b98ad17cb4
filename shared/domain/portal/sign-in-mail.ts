// The mail that carries a sign-in link (asked for on the portal's sign-in page).
import type { Campaign } from '../campaign.ts';
import { AUTOMATED, signature, type MailContent } from '../mail/common.ts';
import { h, htmlDocument } from '../mail/html.ts';
import { buttonHtml } from '../mail/portal-button.ts';
import type { Principal } from '../../ports/portal.ts';
import { SIGN_IN_LINK_MINUTES } from './auth.ts';
import { whoLabel } from './roles.ts';

export function signInMail(campaign: Campaign, principal: Principal, link: string): MailContent {
  const subject = 'Liên kết đăng nhập cổng báo cáo chậm đóng BHXH';
  const text = [
    'Xin chào,',
    '',
    `Có yêu cầu đăng nhập cổng báo cáo với địa chỉ ${whoLabel(campaign, principal)}.`,
    `Mở liên kết sau để đăng nhập (dùng được một lần, trong ${SIGN_IN_LINK_MINUTES} phút):`,
    link,
    '',
    'Nếu bạn không yêu cầu đăng nhập, xin bỏ qua thư này.',
    '',
    AUTOMATED,
    signature(campaign),
  ].join('\n');
  const html = htmlDocument(subject, h`<p>Xin chào,</p>
<p>Có yêu cầu đăng nhập cổng báo cáo với địa chỉ ${whoLabel(campaign, principal)}.</p>
${buttonHtml(link, 'Đăng nhập cổng báo cáo')}
<p>Liên kết dùng được một lần, trong ${SIGN_IN_LINK_MINUTES} phút. Nếu bạn không yêu cầu đăng nhập, xin bỏ qua thư này.</p>
<p style="color:#777">${AUTOMATED}<br>${signature(campaign)}</p>`);
  return { subject, text, html };
}
