import type { APIRequestContext } from '@playwright/test';
import { expect, test, type PlacedOrder } from './admin-fixtures';
import { STOREFRONT_URL } from './environment';
import { signInViaApi } from './fixtures';
import { interceptActionRequest, sendActionRequest } from './pages/server-action';

/*
 * Only admins reach the admin: every page and route redirects anyone else to sign in (proxy.ts,
 * then each page and route checks the role itself), and an admin server action sent by anyone
 * else changes nothing at Klarna or in the database.
 */

const pagesOf = (order: PlacedOrder) => [
  '/admin',
  '/admin/orders',
  `/admin/orders?status=authorized`,
  `/admin/orders/${order.id}`,
  '/admin/subscriptions',
  '/admin/subscriptions?status=active',
  '/admin/subscriptions/any-subscription-id',
];
const routesOf = (order: PlacedOrder) => [`/admin/orders/${order.id}/klarna`];

async function expectSentToSignIn(request: APIRequestContext, path: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(307);
  expect(response.headers().location, path).toContain(`/login?callbackUrl=${encodeURIComponent(path)}`);
}

test.describe('the admin is for admins only', () => {
  test('a signed-out visitor is sent to sign in from every admin page and route', async ({
    page,
    placeOrder,
  }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    for (const path of pagesOf(order)) {
      await page.goto(path);
      await expect(page).toHaveURL(`/login?callbackUrl=${encodeURIComponent(path)}`);
      await expect(page.getByRole('heading', { name: 'Orders' })).toHaveCount(0);
    }
    for (const path of [...pagesOf(order), ...routesOf(order)]) await expectSentToSignIn(page.request, path);
  });

  test('a signed-in shopper is refused every admin page and route', async ({
    shopperPage: page,
    shopper,
    placeOrder,
  }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    for (const path of pagesOf(order)) {
      await page.goto(path);
      await expect(page).toHaveURL(`/login?callbackUrl=${encodeURIComponent(path)}`);
      await expect(
        page.getByText(`You are signed in as ${shopper.email}, which cannot open the admin area.`),
      ).toBeVisible();
    }
    for (const path of [...pagesOf(order), ...routesOf(order)]) await expectSentToSignIn(page.request, path);
  });

  test('an admin reads the order as Klarna holds it; an order that does not exist is a 404', async ({
    adminPage: page,
    placeOrder,
  }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    const response = await page.request.get(`/admin/orders/${order.id}/klarna`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(await response.json()).toMatchObject({
      order_id: order.klarnaOrderId,
      order_amount: order.orderAmount,
    });

    const missing = await page.request.get('/admin/orders/no-such-order/klarna');
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No such order.' });
  });

  test('an admin action sent by a shopper or a signed-out visitor captures nothing', async ({
    adminPage: page,
    shopper,
    playwright,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([{ slug: 'enamel-camp-mug', quantity: 1 }]);
    await orderPage.open(order.id);

    // The exact request the admin's Capture button sends, stopped before it reaches the server.
    const capture = await interceptActionRequest(page, `/admin/orders/${order.id}`, async () => {
      await orderPage.openAction('Capture…');
      await orderPage.dialog.getByRole('button', { name: /^Capture / }).click();
    });
    const send = (request: APIRequestContext, path: string) => sendActionRequest(request, path, capture);

    const visitor = await playwright.request.newContext({ baseURL: STOREFRONT_URL });
    const shopperContext = await playwright.request.newContext({ baseURL: STOREFRONT_URL });
    await signInViaApi(shopperContext, shopper);
    try {
      for (const request of [visitor, shopperContext]) {
        // To the admin page: turned away before the action runs.
        const direct = await send(request, `/admin/orders/${order.id}`);
        expect(direct.status()).toBe(307);
        expect(direct.headers().location).toContain('/login');
        // To a public page: the action only runs where it lives (forwarded through the admin
        // route, which turns them away), so nothing is done.
        const elsewhere = await send(request, '/login');
        expect(await elsewhere.text()).not.toContain('Captured');
      }
      expect((await klarna.order(order.klarnaOrderId)).captures).toEqual([]);
      expect(orders.captures(order.id)).toEqual([]);

      // The same request from the admin's session does capture, so the refusals above were real.
      const admin = await send(page.request, '/login');
      expect(await admin.text()).toContain('Captured');
      expect((await klarna.order(order.klarnaOrderId)).captures).toHaveLength(1);
      expect(orders.captures(order.id)).toHaveLength(1);
    } finally {
      await visitor.dispose();
      await shopperContext.dispose();
    }
  });
});
