// Signing in to the portal in a browser as its users do: the address typed on the sign-in page, the
// link read from the mail the SES emulator stored, the confirmation button. Shared by the portal's
// browser tests and its benchmark (bench/portal.ts).
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor, type Mailbox } from './support.ts';

const SIGN_IN_SUBJECT = 'Liên kết đăng nhập';

const signInMails = async (mailbox: Mailbox, address: string) => (await mailbox.mailsTo(address)).filter((m) => m.subject.includes(SIGN_IN_SUBJECT));

/** The link of the newest sign-in mail to an address, once more than `after` of them arrived. */
async function signInLink(mailbox: Mailbox, address: string, after = 0): Promise<string> {
  const mail = await waitFor(`a sign-in mail to ${address}`, async () => {
    const mails = await signInMails(mailbox, address);
    return mails.length > after ? mails.at(-1) : undefined;
  });
  const link = /(http:\/\/127\.0\.0\.1:\d+\/dang-nhap\/xac-nhan\?ma=[\w-]+)/.exec(mail.body.text ?? '')?.[1];
  if (!link) throw new Error(`the sign-in mail to ${address} has no sign-in link`);
  return link;
}

/** Signs `address` in within `context`; resolves with the page it lands on and the link it used. */
export async function signIn(context: BrowserContext, portalUrl: string, mailbox: Mailbox, address: string): Promise<{ page: Page; link: string }> {
  const page = await context.newPage();
  await page.goto(portalUrl);
  const before = (await signInMails(mailbox, address)).length;
  await page.getByLabel('Email').fill(address);
  await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
  await page.locator('main', { hasText: 'Kiểm tra hộp thư' }).waitFor();
  const link = await signInLink(mailbox, address, before);
  await page.goto(link);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => url.pathname !== '/dang-nhap/xac-nhan');
  return { page, link };
}
