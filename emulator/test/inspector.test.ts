import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { launchBrowser } from './browser.js';
import {
  rawRequest,
  seBillingAddress,
  seCart,
  startReceiver,
  startTestEmulator,
  type Receiver,
} from './helpers.js';
import { orderApi, type OrderApi } from './order-management-helpers.js';

/**
 * The inspector at /_emulator/ui in Chromium: what a developer looks at after a checkout, and the
 * controls they use instead of curl.
 */

let emulator: RunningEmulator;
let api: OrderApi;
let merchant: Receiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  emulator = await startTestEmulator({ callbacks: { baseDelayMs: 20 } });
  api = orderApi(emulator);
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

const ui = (path = '') => `${emulator.url}/_emulator/ui${path}`;

/** A whole checkout over the API: session (with a field Klarna's spec lacks), approval, order, capture, refund. */
async function checkout(email = 'alice@example.se') {
  const cart = seCart({
    billing_address: seBillingAddress(email),
    merchant_urls: { authorization: `${merchant.url}/klarna/authorization?secret=s3cret` },
  });
  const created = await api.request('POST', '/payments/v1/sessions', {
    body: { ...cart, shop_theme: 'dark' },
  });
  expect(created.status).toBe(200);
  const sessionId = created.json.session_id as string;
  const token = (await api.approve(sessionId, { email })).json.authorization_token as string;
  const { shop_theme: _unused, ...orderBody } = { ...cart, shop_theme: undefined };
  const placed = await api.placeOrder(token, orderBody);
  expect(placed.status).toBe(200);
  const orderId = placed.json.order_id;
  expect((await api.capture(orderId, { captured_amount: cart.order_amount })).status).toBe(201);
  expect((await api.refund(orderId, { refunded_amount: 4900, description: 'Shipping back' })).status).toBe(
    201,
  );
  await merchant.waitFor(1);
  await emulator.emulator.callbacks.idle();
  return { sessionId, token, orderId };
}

describe('what happened', () => {
  test('a full checkout: the order with its capture and refund, its callback attempts and the request log with warnings', async () => {
    const { sessionId, orderId } = await checkout();
    await page.goto(ui());
    await page.getByRole('link', { name: 'Orders', exact: true }).first().click();
    await page.getByRole('link', { name: orderId }).click();
    await page.getByRole('heading', { name: `Order ${orderId}` }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'Shipping back' }).textContent()).resolves.toContain(
      '49,00',
    );
    expect(await page.getByRole('heading', { name: 'Captures' }).isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).toContain('CAPTURED');

    await page.getByRole('link', { name: sessionId }).click();
    await page.getByRole('heading', { name: `Session ${sessionId}` }).waitFor();

    await page.getByRole('link', { name: 'Callbacks' }).click();
    const delivered = page
      .getByRole('row')
      .filter({ hasText: 'authorization' })
      .filter({ hasText: 'delivered' });
    await expect(delivered.count()).resolves.toBe(1);
    // The callback's secret is not shown.
    expect(await page.locator('main').textContent()).not.toContain('s3cret');

    await page.getByRole('link', { name: 'Requests' }).click();
    const createRow = page.getByRole('row').filter({ hasText: 'POST /eu/payments/v1/sessions' });
    await expect(createRow.textContent()).resolves.toContain('unknown field shop_theme');
  });

  test('search by email and by id finds the order', async () => {
    const { orderId } = await checkout('searchable@example.se');
    await checkout('someone-else@example.se');
    await page.goto(ui());
    await page.getByLabel('Search by id or email').fill('searchable@');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search: searchable@' }).waitFor();
    await expect(page.getByRole('link', { name: orderId }).count()).resolves.toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('someone-else@example.se');

    await page.getByLabel('Search by id or email').fill(orderId);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('link', { name: orderId }).count()).resolves.toBe(1);
  });

  test('shopper and merchant text is shown as text, never as markup', async () => {
    const cart = seCart({ billing_address: seBillingAddress() });
    (cart.order_lines as Record<string, unknown>[])[0]!.name = '<img src=x onerror="document.title=1">';
    const created = await api.createSession(cart);
    await page.goto(ui(`/sessions/${created.json.session_id}`));
    await page.getByText('Stored record').click();
    expect(await page.locator('pre').textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).not.toBe('1');
  });
});

describe('controls', () => {
  test('the clock advances, a fault is added and cleared, and reset empties everything', async () => {
    await checkout();
    await page.goto(ui());
    const before = Date.parse((await page.locator('#clock-now').textContent()) ?? '');
    await page.getByLabel('Advance by').fill('2d');
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.getByRole('status').filter({ hasText: 'Clock advanced' }).waitFor();
    const after = Date.parse((await page.locator('#clock-now').textContent()) ?? '');
    expect(after - before).toBeGreaterThanOrEqual(2 * 86_400_000);

    await page.getByLabel('Advance by').fill('soon');
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write the time to advance' }).waitFor();

    await page.getByRole('button', { name: 'Add fault' }).click();
    await page.getByRole('status').filter({ hasText: 'Fault rule' }).waitFor();
    const faults = (await rawRequest(emulator, 'GET', '/_emulator/faults')).json.faults as unknown[];
    expect(faults).toHaveLength(1);
    await page.getByRole('button', { name: 'Clear all faults' }).click();
    await page.getByRole('status').filter({ hasText: 'cleared' }).waitFor();
    expect((await rawRequest(emulator, 'GET', '/_emulator/faults')).json.faults).toEqual([]);

    await page.getByRole('button', { name: 'Reset the emulator' }).click();
    await page.getByRole('status').filter({ hasText: 'reset' }).waitFor();
    expect(emulator.emulator.store.orders.size).toBe(0);
    await expect(page.getByRole('listitem').filter({ hasText: 'Orders' }).textContent()).resolves.toContain(
      '0',
    );
  });

  test('a waiting session is approved by hand: a token is issued and the merchant called', async () => {
    const created = await api.createSession(
      seCart({ merchant_urls: { authorization: `${merchant.url}/klarna/authorization` } }),
    );
    const sessionId = created.json.session_id;
    await page.goto(ui(`/sessions/${sessionId}`));
    await page.getByLabel('Shopper email').fill('bob@example.se');
    await page.getByRole('button', { name: 'Approve session' }).click();
    const notice = await page.getByRole('status').textContent();
    const token = /authorization token ([0-9a-f-]{36})/.exec(notice ?? '')?.[1];
    expect(token).toBeDefined();
    const [callback] = await merchant.waitFor(1);
    expect(callback?.body).toEqual({ authorization_token: token, session_id: sessionId });
    expect(
      (await api.placeOrder(token as string, { ...seCart(), billing_address: undefined })).status,
    ).not.toBe(404);
  });

  test('a pending HPP session is denied by hand and a pending order accepted by hand', async () => {
    const sessionId = (await api.createSession(seCart())).json.session_id;
    const hpp = await api.request('POST', '/hpp/v1/sessions', {
      body: {
        payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}`,
        merchant_urls: { status_update: `${merchant.url}/hpp-status` },
      },
    });
    await page.goto(ui(`/hpp/${hpp.json.session_id}`));
    await page.getByRole('button', { name: 'Deny payment' }).click();
    await page.getByRole('status').filter({ hasText: 'FAILED' }).waitFor();
    const [status] = await merchant.waitFor(1);
    expect((status?.body as { session: { status: string } }).session.status).toBe('FAILED');

    const orderId = await api.placedOrder(seCart(), 'customer+pend-accept-30@email.se');
    await page.goto(ui(`/orders/${orderId}`));
    await page.getByRole('button', { name: 'Accept order' }).click();
    await page.getByRole('status').filter({ hasText: 'Order accepted' }).waitFor();
    expect((await api.getOrder(orderId)).json.fraud_status).toBe('ACCEPTED');
  });

  test('an action posted from another site is refused and changes nothing', async () => {
    const orderId = await api.placedOrder();
    const refused = await rawRequest(emulator, 'POST', '/_emulator/ui/actions/reset', {
      rawBody: 'back=%2F_emulator%2Fui',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect((await api.getOrder(orderId)).status).toBe(200);
  });
});
