import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { launchBrowser } from './browser.js';
import { KlarnaApi, seCart, startReceiver, startTestEmulator, type Receiver } from './helpers.js';

/**
 * The hosted payment page in Chromium, as a shopper meets it after following the link: the cart,
 * the Klarna payment method, the same approval dialog as the widget's, then the redirect to the
 * merchant's URL with Klarna's placeholders filled in.
 */

let emulator: RunningEmulator;
let api: KlarnaApi;
let merchant: Receiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  emulator = await startTestEmulator({ callbacks: { baseDelayMs: 20 } });
  api = new KlarnaApi(emulator);
  merchant = await startReceiver();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await merchant?.close();
  await emulator?.close();
});
beforeEach(async () => {
  emulator.reset();
  merchant.requests.length = 0;
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

async function hostedSession() {
  const created = await api.createSession(seCart());
  const sessionId = created.json.session_id;
  const hpp = await api.request<{ session_id: string; redirect_url: string }>('POST', '/hpp/v1/sessions', {
    body: {
      payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}`,
      merchant_urls: {
        success: `${merchant.url}/success?hpp={{session_id}}&token={{authorization_token}}`,
        failure: `${merchant.url}/failure?hpp={{session_id}}`,
        cancel: `${merchant.url}/cancel?hpp={{session_id}}`,
      },
      options: { page_title: 'Pay for your shirts' },
    },
  });
  expect(hpp.status).toBe(201);
  return { sessionId, hppId: hpp.json.session_id, link: hpp.json.redirect_url };
}

const overlay = () => page.frameLocator('iframe[title="Klarna checkout"]');

test('a shopper pays on the hosted page and lands on the merchant success URL with the token', async () => {
  const { sessionId, hppId, link } = await hostedSession();
  await page.goto(link);
  await page.getByRole('heading', { name: 'Pay for your shirts' }).waitFor();
  await expect(page.locator('#total').textContent()).resolves.toMatch(/249,00/);
  const pay = page.getByRole('button', { name: 'Pay with Klarna' });
  await expect.poll(() => pay.isEnabled(), { timeout: 15_000 }).toBe(true);
  await pay.click();

  const dialog = overlay().getByRole('dialog', { name: 'Confirm your purchase with Klarna' });
  await dialog.waitFor({ timeout: 15_000 });
  await dialog.getByLabel('Email address').fill('alice@example.se');
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  await page.waitForURL(/\/success\?/, { timeout: 15_000 });
  const landed = new URL(page.url());
  expect(landed.searchParams.get('hpp')).toBe(hppId);
  const token = landed.searchParams.get('token');
  expect(token).toMatch(/^[0-9a-f-]{36}$/);

  const read = await api.request('GET', `/hpp/v1/sessions/${hppId}`);
  expect(read.json).toMatchObject({ status: 'COMPLETED', authorization_token: token });
  const session = await api.readSession(sessionId);
  expect(session.json.billing_address?.email).toBe('alice@example.se');
});

test('a declined persona is sent to the failure URL', async () => {
  const { hppId, link } = await hostedSession();
  await page.goto(link);
  const pay = page.getByRole('button', { name: 'Pay with Klarna' });
  await expect.poll(() => pay.isEnabled(), { timeout: 15_000 }).toBe(true);
  await pay.click();
  await overlay().getByLabel('Email address').fill('customer+denied@email.se');
  await overlay().getByRole('button', { name: 'Confirm' }).click();
  const declined = overlay().getByRole('alertdialog', { name: 'Purchase declined' });
  await declined.getByRole('button', { name: 'Close' }).click();

  await page.waitForURL(/\/failure\?/, { timeout: 15_000 });
  expect(new URL(page.url()).searchParams.get('hpp')).toBe(hppId);
  expect((await api.request('GET', `/hpp/v1/sessions/${hppId}`)).json.status).toBe('FAILED');
});
