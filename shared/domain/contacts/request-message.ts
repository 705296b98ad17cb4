// The mail that tells the national office a province's contact-change request waits, and when to send
// it: for a province's first request of a local day only, so withdrawing and asking again cannot turn
// the portal into a mail cannon aimed at the national office.
import type { Campaign } from '../campaign.ts';
import { AUTOMATED, signature } from '../mail/common.ts';
import { note, paragraph, strong, type Message } from '../messages/model.ts';
import type { ContactRequest } from './requests.ts';

/** Whether `request` is its province's first request of the day (in the campaign's zone) among `all`. */
export function announcesRequest(campaign: Campaign, request: ContactRequest, all: readonly ContactRequest[]): boolean {
  const day = campaign.localDate(new Date(request.at));
  return !all.some((r) => r.id !== request.id && r.province === request.province && campaign.localDate(new Date(r.at)) === day);
}

/** `unit` is the office's name ("Bảo hiểm xã hội tỉnh Bắc Ninh"); `pageUrl` the national contacts page. */
export function contactRequestMessage(campaign: Campaign, request: ContactRequest, unit: string, pageUrl: string): Message {
  const p = request.person;
  const who = [p.name, p.role, p.phone].filter(Boolean).join(', ');
  return {
    subject: `Đề nghị thay đổi địa chỉ liên hệ: ${unit}`,
    blocks: [
      paragraph('Kính gửi Ban Quản lý Thu,'),
      paragraph([`${unit} đề nghị ${request.kind === 'add' ? 'thêm' : 'xóa'} địa chỉ `, strong(p.email), who ? ` (${who}).` : '.']),
      paragraph(`Lý do: ${request.reason}`),
      paragraph(`Gửi lúc ${campaign.formatLocal(new Date(request.at))} bởi ${request.by}. Các đề nghị khác của đơn vị trong ngày hiện trên cùng trang, không gửi thư riêng.`),
      { type: 'button', url: pageUrl, label: 'Xem và duyệt đề nghị' },
      note(AUTOMATED, signature(campaign)),
    ],
  };
}
