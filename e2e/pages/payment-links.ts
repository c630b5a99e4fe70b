import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { MAIL_READER_URL } from '../environment';

// Staff's side of paying by link, as the browser tests walk it: a draft made in the admin, its
// link sent, and the link read from the mail the customer gets (the shop's mail sink).

export interface Mail {
  subject: string;
  text: string;
}

export async function mailsTo(request: APIRequestContext, to: string): Promise<Mail[]> {
  const response = await request.get(`${MAIL_READER_URL}/messages?to=${encodeURIComponent(to)}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as Mail[];
}

/** The payment link in the newest mail to `to`. */
export async function linkMailedTo(request: APIRequestContext, to: string, count = 1): Promise<string> {
  await expect.poll(async () => (await mailsTo(request, to)).length, { timeout: 20_000 }).toBe(count);
  const [mail] = await mailsTo(request, to);
  const link = /Pay with Klarna: (\S+)/.exec(mail?.text ?? '')?.[1];
  if (!link) throw new Error(`no link in ${mail?.text}`);
  return link;
}

/** Creates a Swedish draft in the admin (two boards and a tea towel) and returns its id. */
export async function createDraft(page: Page, email: string): Promise<string> {
  await page.goto('/admin/drafts');
  await page.getByRole('link', { name: 'New draft' }).click();
  await page.getByLabel('Market').selectOption({ label: 'Sweden (SEK)' });
  await page.getByLabel('Customer’s e-mail').fill(email);
  await page.getByLabel(/Customer’s phone/).fill('+46 70 123 45 67');
  await page.getByLabel(/^Quantity of Oak Cutting Board/).fill('2');
  await page.getByLabel(/^Quantity of Linen Tea Towel/).fill('1');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/admin\/drafts\/[^/]+$/);
  await expect(page.getByRole('heading', { name: `Draft for ${email}` })).toBeVisible();
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
}

export async function sendLink(page: Page, email: string) {
  await page.getByRole('button', { name: 'Send payment link' }).click();
  await expect(page.getByText(`Payment link sent to ${email}.`)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('link-status').first()).toHaveText('sent');
}

/** The Hosted Payment Page session a payment link opens (the link's last path segment). */
export function hppSessionIdOf(link: string): string {
  return new URL(link).pathname.split('/').at(-1) ?? '';
}
