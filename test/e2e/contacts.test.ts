// The contacts pages in a real headless Chromium against the local stack (its table, its mail): the
// national office adds a new staff member of Bắc Ninh and sees the change recorded; the new staffer signs
// in on a phone and sees the unit's list; the national office removes the address and its open session
// ends. A province's clerk on a phone asks for a new address; the national office grants it and the
// record names the request. Desktop and 390 px, axe-core on each page. BHXH_SCREENSHOTS=<dir> keeps the screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_NATIONAL_EMAILS, exampleProvinceEmail } from '../../shared/config/example-contacts.ts';
import { launchChromium } from '../support/chromium.ts';
import { expectAccessible } from '../support/accessible.ts';
import { signIn } from './browser.ts';
import { startTestStack, type TestStack } from './support.ts';

let stack: TestStack;
let browser: Browser;
const NATIONAL = EXAMPLE_NATIONAL_EMAILS[0]!;
const NEW_STAFF = 'can-bo-moi@bhxh-bacninh.example.gov.vn';
const shots = process.env.BHXH_SCREENSHOTS;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
  if (shots) await mkdir(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

async function look(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  // Nothing wider than the screen but the tables' own scrolling regions.
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, `${name}: page wider than the screen`).toBeLessThanOrEqual(0);
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

describe('contacts in the portal', () => {
  it('the national office adds a new staffer, who signs in on a phone; removed, the staffer\'s session ends', async () => {
    const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await signIn(office, stack.servers.portal!, stack, NATIONAL);
    await page.getByRole('link', { name: 'Địa chỉ liên hệ' }).click();
    await page.getByRole('heading', { name: 'Địa chỉ liên hệ của các đơn vị' }).waitFor();
    await look(page, 'national-contacts-desktop');
    await page.getByRole('link', { name: 'Bắc Ninh', exact: true }).click();
    await page.getByLabel('Email').fill(NEW_STAFF);
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hồng');
    await page.getByLabel('Chức vụ, bộ phận').fill('Chuyên viên Phòng Quản lý thu');
    await page.getByLabel('Điện thoại (không bắt buộc)').fill('0912 345 678');
    await page.getByRole('button', { name: 'Thêm địa chỉ' }).click();
    await page.getByText('Đã thêm địa chỉ.').waitFor();
    const people = page.getByRole('region', { name: 'Danh sách địa chỉ (cuộn ngang được)' });
    expect(await people.innerText()).toContain('Nguyễn Thị Hồng');
    const history = await page.getByRole('region', { name: 'Lịch sử thay đổi (cuộn ngang được)' }).innerText();
    expect(history).toMatch(new RegExp(`\\d{2}:\\d{2} ngày \\d{2}/\\d{2}/\\d{4}\\s+${NATIONAL.replace(/\./g, '\\.')}\\s+Thêm ${NEW_STAFF.replace(/\./g, '\\.')}`));
    await look(page, 'national-unit-desktop');

    // The new staffer, on a 390 px phone: signs in with the new address, sees the unit's list and how to ask.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const { page: staff } = await signIn(phone, stack.servers.portal!, stack, NEW_STAFF);
    await staff.goto(`${stack.servers.portal!.replace(/\/$/, '')}/lien-he`);
    expect(await staff.locator('main').innerText()).toContain('Nguyễn Thị Hồng');
    // One card per person on a phone: the role and phone are on screen, not behind a sideways scroll.
    const phoneCell = staff.getByRole('region', { name: 'Danh sách địa chỉ (cuộn ngang được)' }).getByText('0912 345 678');
    const box = await phoneCell.boundingBox();
    expect(box && box.x + box.width, 'the phone number is within the 390 px screen').toBeLessThanOrEqual(390);
    expect(await staff.getByRole('link', { name: NATIONAL }).getAttribute('href')).toMatch(/^mailto:/);
    await look(staff, 'province-contacts-390');

    // Removed by the national office (a confirmation first): the staffer's open session ends.
    await page.getByRole('row', { name: new RegExp(NEW_STAFF) }).getByRole('link', { name: 'Xóa' }).click();
    await look(page, 'national-remove-confirm-desktop');
    await page.getByRole('button', { name: 'Xóa địa chỉ' }).click();
    await page.getByText('Đã xóa địa chỉ').waitFor();
    expect(await page.getByRole('region', { name: 'Lịch sử thay đổi (cuộn ngang được)' }).innerText()).toContain(`Xóa ${NEW_STAFF}`);
    await staff.reload();
    expect(new URL(staff.url()).pathname).toBe('/');
    await staff.getByRole('heading', { name: 'Cán bộ mới, chưa có địa chỉ đăng ký?' }).waitFor();
    await look(staff, 'sign-in-390');

    const narrowOffice = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page: narrow } = await signIn(narrowOffice, stack.servers.portal!, stack, NATIONAL);
    await narrow.goto(`${stack.servers.portal!.replace(/\/$/, '')}/toan-quoc/lien-he?tinh=27`);
    await look(narrow, 'national-unit-390');
    await Promise.all([office.close(), phone.close(), narrowOffice.close()]);
  }, 180_000);

  it('a province asks on a phone for a new address; the national office grants it, and both see it recorded', async () => {
    const REQUESTED = 'can-bo-de-nghi@bhxh-bacninh.example.gov.vn';
    const base = stack.servers.portal!.replace(/\/$/, '');
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const { page: clerk } = await signIn(phone, stack.servers.portal!, stack, exampleProvinceEmail('27'));
    await clerk.goto(`${base}/lien-he`);
    const addForm = clerk.locator('form', { has: clerk.getByRole('heading', { name: 'Đề nghị thêm địa chỉ' }) });
    await addForm.getByLabel('Email').fill(REQUESTED);
    await addForm.getByLabel('Họ và tên').fill('Phạm Văn Đề Nghị');
    await addForm.getByLabel('Chức vụ, bộ phận').fill('Phó phòng Quản lý thu');
    await addForm.getByLabel('Điện thoại (không bắt buộc)').fill('abc');
    await addForm.getByLabel('Lý do').fill('Cán bộ mới được giao theo dõi báo cáo hằng ngày');
    await addForm.getByRole('button', { name: 'Gửi đề nghị thêm' }).click();
    // A phone number with letters: a Vietnamese answer, what was typed kept.
    await clerk.getByText('Số điện thoại không hợp lệ').waitFor();
    await look(clerk, 'province-request-refused-390');
    const again = clerk.locator('form', { has: clerk.getByRole('heading', { name: 'Đề nghị thêm địa chỉ' }) });
    expect(await again.getByLabel('Họ và tên').inputValue()).toBe('Phạm Văn Đề Nghị');
    await again.getByLabel('Điện thoại (không bắt buộc)').fill('+84 (222) 3822 123');
    await again.getByRole('button', { name: 'Gửi đề nghị thêm' }).click();
    await clerk.getByText('Đã gửi đề nghị.').waitFor();
    const card = clerk.getByRole('article', { name: `Đề nghị thêm ${REQUESTED}` });
    expect(await card.innerText()).toContain('Đang chờ duyệt');
    await look(clerk, 'province-request-sent-390');

    const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await signIn(office, stack.servers.portal!, stack, NATIONAL);
    await page.getByRole('link', { name: 'Địa chỉ liên hệ' }).click();
    await page.getByRole('heading', { name: /Đề nghị đang chờ duyệt/ }).waitFor();
    const waiting = page.getByRole('article', { name: `Đề nghị thêm ${REQUESTED}` });
    expect(await waiting.innerText()).toContain('Lý do: Cán bộ mới được giao theo dõi báo cáo hằng ngày');
    await look(page, 'national-requests-desktop');
    await waiting.getByRole('button', { name: 'Duyệt: thêm địa chỉ' }).click();
    await page.getByText('Đã duyệt đề nghị').waitFor();
    expect(await page.getByRole('region', { name: 'Danh sách địa chỉ (cuộn ngang được)' }).innerText()).toContain('Phạm Văn Đề Nghị');
    const history = await page.getByRole('region', { name: 'Lịch sử thay đổi (cuộn ngang được)' }).innerText();
    expect(history).toContain(`Thêm ${REQUESTED}`);
    expect(history).toContain(`theo đề nghị của ${exampleProvinceEmail('27')}`);
    await look(page, 'national-request-granted-desktop');

    await clerk.reload();
    expect(await clerk.getByRole('article', { name: `Đề nghị thêm ${REQUESTED}` }).innerText()).toMatch(/Đã duyệt\s+lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    await look(clerk, 'province-request-granted-390');
    // The granted address signs in as the province.
    const staffContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page: staff } = await signIn(staffContext, stack.servers.portal!, stack, REQUESTED);
    await staff.goto(`${base}/lien-he`);
    expect(await staff.locator('main').innerText()).toContain('Phạm Văn Đề Nghị');

    const narrowOffice = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page: narrow } = await signIn(narrowOffice, stack.servers.portal!, stack, NATIONAL);
    await narrow.goto(`${base}/toan-quoc/lien-he`);
    await look(narrow, 'national-contacts-390');
    await Promise.all([phone.close(), office.close(), staffContext.close(), narrowOffice.close()]);
  }, 180_000);
});
