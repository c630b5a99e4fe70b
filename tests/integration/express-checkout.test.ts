/**
 * Klarna Express Checkout against the emulator over real HTTP: the calls the button's approval
 * overlay and `finalize()` make (`/kp/api/express/sessions`, `authorize/confirm`, `finalize`), then
 * the storefront's review and its one order-placing path, with Klarna's authorization callback
 * arriving for real.
 */
import { describe, expect, test } from 'vitest';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

type Country = 'SE' | 'US' | 'AU' | 'DE';

async function sdkCall(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.emulatorUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function payloadFor(cartId: string) {
  const { expressPayload } = await import('@/lib/checkout/express');
  const result = await expressPayload(cartId, { appUrl: h.appUrl });
  if (!result.ok) throw new Error(`express payload refused: ${result.message}`);
  return result.payload;
}

/** What the Express button's overlay does: Klarna creates the session and the shopper confirms. */
async function approveAtKlarna(payload: object, email = 'customer@email.se') {
  const created = await sdkCall('/kp/api/express/sessions', { client_key: 'emulator-client', data: payload });
  const sessionId = created.session_id as string;
  const clientToken = created.client_token as string;
  expect(sessionId).toEqual(expect.any(String));
  const confirmed = await sdkCall(`/kp/api/sessions/${sessionId}/authorize/confirm`, {
    client_token: clientToken,
    email,
    auto_finalize: false,
    express: true,
    collect_shipping_address: true,
  });
  expect(confirmed.result).toMatchObject({ approved: true, finalize_required: true });
  return { sessionId, clientToken };
}

/** The review's Pay button: `finalize()` for the session as the storefront last sent it. */
async function finalizeAtKlarna(session: { clientToken: string }, sessionId: string): Promise<string> {
  const answer = await sdkCall(`/kp/api/sessions/${sessionId}/finalize`, {
    client_token: session.clientToken,
  });
  const result = answer.result as { approved: boolean; authorization_token?: string };
  expect(result.approved).toBe(true);
  return result.authorization_token as string;
}

async function review(cartId: string, klarnaSessionId: string) {
  const { confirmExpressApproval } = await import('@/lib/checkout/express');
  return confirmExpressApproval({ cartId, klarnaSessionId }, { config: h.config, appUrl: h.appUrl });
}

async function reviewed(cartId: string, klarnaSessionId: string) {
  const result = await review(cartId, klarnaSessionId);
  if (!result.ok) throw new Error(`review refused: ${result.message}`);
  return result;
}

async function finalize(paymentSessionId: string, authorizationToken: string) {
  const { finalizeOrder } = await import('@/lib/checkout/place-order');
  return finalizeOrder({ paymentSessionId, authorizationToken, actor: 'shopper' }, { config: h.config });
}

async function ordersOfCart(cartId: string) {
  return (await h.prisma()).order.findMany({ where: { cartId } });
}

async function cartStatus(cartId: string) {
  return (await (await h.prisma()).cart.findUniqueOrThrow({ where: { id: cartId } })).status;
}

async function klarnaSession(sessionId: string) {
  const answer = await h.control(`/_emulator/sessions/${sessionId}`);
  return (answer.body as { data: { order_amount: number; shipping_address?: { region?: string } } }).data;
}

/** Klarna's callback will not match the session's secret, so the test's own finalize places the order. */
async function withoutCallback(paymentSessionId: string) {
  await (
    await h.prisma()
  ).paymentSession.update({ where: { id: paymentSessionId }, data: { callbackSecret: 'rotated' } });
}

/** From the button to a placed order, as the shopper's two actions (Confirm at Klarna, Pay) make it. */
async function buyWithExpress(country: Country, items: { slug: string; quantity: number }[], email: string) {
  const cartId = await h.createCart(country, items);
  const payload = await payloadFor(cartId);
  const { sessionId } = await approveAtKlarna(payload, email);
  const shown = await reviewed(cartId, sessionId);
  const token = await finalizeAtKlarna(shown.session, sessionId);
  const placed = await finalize(shown.session.paymentSessionId, token);
  await h.callbacksIdle();
  return { cartId, payload, sessionId, shown, placed };
}

describe('Express Checkout: pricing the address Klarna collected', () => {
  test('SE: the button pays the DB cart; the review shows the same total and the order is placed once', async () => {
    const { cartId, payload, sessionId, shown, placed } = await buyWithExpress(
      'SE',
      [{ slug: 'mug', quantity: 2 }],
      'customer@email.se',
    );

    expect(payload).toMatchObject({ intent: 'buy', purchase_country: 'SE', purchase_currency: 'SEK' });
    expect(payload.order_amount).toBe(2 * 24900);
    expect(shown.approvedAmount).toBeNull();
    expect(shown.session.totals.order_amount).toBe(2 * 24900);
    expect(shown.session.customer?.shipping_address).toMatchObject({
      country: 'SE',
      email: 'customer@email.se',
    });
    expect(placed).toMatchObject({ ok: true, outcome: 'placed' });
    const orders = await ordersOfCart(cartId);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ orderAmount: 2 * 24900, country: 'SE', email: 'customer@email.se' });
    expect(h.klarnaOrdersFor(sessionId)).toHaveLength(1);
    expect(await cartStatus(cartId)).toBe('ORDERED');
  });

  test('US: the collected New York address replaces the estimated tax; Klarna gets the new total before paying', async () => {
    const cartId = await h.createCart('US', [{ slug: 'mug', quantity: 2 }]);
    const payload = await payloadFor(cartId);
    // Without an address the catalogue's 8.25 % is an estimate: 3600 + 297.
    expect(payload.order_amount).toBe(3897);
    const { sessionId } = await approveAtKlarna(payload, 'customer@email.us');

    const shown = await reviewed(cartId, sessionId);

    // The emulator's US shopper lives in New York: 4 % state sales tax.
    expect(shown.session.customer?.shipping_address).toMatchObject({ country: 'US', region: 'NY' });
    expect(shown.session.totals.order_amount).toBe(3600 + 144);
    expect(shown.approvedAmount).toBe(3897);
    expect(shown.session.totals.order_lines.find((line) => line.type === 'sales_tax')?.total_amount).toBe(
      144,
    );
    expect((await klarnaSession(sessionId)).order_amount).toBe(3744);

    const token = await finalizeAtKlarna(shown.session, sessionId);
    const placed = await finalize(shown.session.paymentSessionId, token);
    await h.callbacksIdle();
    expect(placed).toMatchObject({ ok: true, outcome: 'placed' });
    const orders = await ordersOfCart(cartId);
    expect(orders.map((order) => order.orderAmount)).toEqual([3744]);
    expect(h.klarnaOrdersFor(sessionId).map((order) => order.orderAmount)).toEqual([3744]);
  });

  test('AU: the Oceania region takes the same flow, GST included', async () => {
    const { cartId, shown, placed, sessionId } = await buyWithExpress(
      'AU',
      [{ slug: 'tea', quantity: 3 }],
      'customer@email.au',
    );
    expect(shown.approvedAmount).toBeNull();
    expect(shown.session.totals.order_amount).toBe(3 * 1400);
    expect(placed).toMatchObject({ ok: true, outcome: 'placed' });
    expect((await ordersOfCart(cartId)).map((order) => order.region)).toEqual(['oc']);
    expect(h.klarnaOrdersFor(sessionId)).toHaveLength(1);
  });

  test('reviewing again (a reload, a second tab) records the session once and sends Klarna nothing new', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'tea', quantity: 1 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(cartId));

    const both = await Promise.all([review(cartId, sessionId), review(cartId, sessionId)]);
    const again = await reviewed(cartId, sessionId);

    expect(both.every((result) => result.ok)).toBe(true);
    const rows = await (await h.prisma()).paymentSession.findMany({ where: { klarnaSessionId: sessionId } });
    expect(rows).toHaveLength(1);
    expect(again.session.paymentSessionId).toBe(rows[0]?.id);
  });
});

describe('Express Checkout: exactly one order under every race', () => {
  test('a double click on Pay (two finalize calls with one token) places one order', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(cartId));
    const shown = await reviewed(cartId, sessionId);
    await withoutCallback(shown.session.paymentSessionId);
    const token = await finalizeAtKlarna(shown.session, sessionId);

    const results = await Promise.all([
      finalize(shown.session.paymentSessionId, token),
      finalize(shown.session.paymentSessionId, token),
    ]);
    await h.callbacksIdle();

    const orders = await ordersOfCart(cartId);
    expect(orders).toHaveLength(1);
    for (const result of results) expect(result).toMatchObject({ ok: true, orderId: orders[0]?.id });
    expect(h.klarnaOrdersFor(sessionId)).toHaveLength(1);
  });

  test("Klarna's authorization callback placing it first: the browser gets that same order", async () => {
    const cartId = await h.createCart('SE', [{ slug: 'tea', quantity: 2 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(cartId));
    const shown = await reviewed(cartId, sessionId);
    const token = await finalizeAtKlarna(shown.session, sessionId);
    await h.callbacksIdle();
    // The callback carried the secret of the button's payload, which the review recorded.
    expect(h.callbackAnswers).toEqual([
      expect.objectContaining({ path: '/api/klarna/authorization', status: 200 }),
    ]);
    expect(await ordersOfCart(cartId)).toHaveLength(1);

    const result = await finalize(shown.session.paymentSessionId, token);

    expect(result).toMatchObject({ ok: true, outcome: 'placed', created: false });
    expect(await ordersOfCart(cartId)).toHaveLength(1);
    expect(h.klarnaOrdersFor(sessionId)).toHaveLength(1);
  });

  test('two tabs each approving the same cart: one order, and the second tab is shown it', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const first = await approveAtKlarna(await payloadFor(cartId));
    const second = await approveAtKlarna(await payloadFor(cartId));
    const firstReview = await reviewed(cartId, first.sessionId);
    const secondReview = await reviewed(cartId, second.sessionId);
    await withoutCallback(firstReview.session.paymentSessionId);
    await withoutCallback(secondReview.session.paymentSessionId);
    const firstToken = await finalizeAtKlarna(firstReview.session, first.sessionId);
    const secondToken = await finalizeAtKlarna(secondReview.session, second.sessionId);

    const results = await Promise.all([
      finalize(firstReview.session.paymentSessionId, firstToken),
      finalize(secondReview.session.paymentSessionId, secondToken),
    ]);
    await h.callbacksIdle();

    const orders = await ordersOfCart(cartId);
    expect(orders).toHaveLength(1);
    for (const result of results) expect(result).toMatchObject({ ok: true, orderId: orders[0]?.id });
    expect(h.klarnaOrdersFor(first.sessionId).length + h.klarnaOrdersFor(second.sessionId).length).toBe(1);
  });

  test('a market switch after the review places nothing; before it, the approval is refused', async () => {
    const prisma = await h.prisma();
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(cartId));
    const shown = await reviewed(cartId, sessionId);
    await withoutCallback(shown.session.paymentSessionId);
    await prisma.cart.update({ where: { id: cartId }, data: { country: 'DE', currency: 'EUR' } });
    const token = await finalizeAtKlarna(shown.session, sessionId);

    const result = await finalize(shown.session.paymentSessionId, token);

    expect(result).toMatchObject({ ok: false, reason: 'market_changed' });
    expect(await ordersOfCart(cartId)).toHaveLength(0);
    expect(h.klarnaOrdersFor(sessionId)).toHaveLength(0);

    const other = await h.createCart('SE', [{ slug: 'tea', quantity: 1 }]);
    const approved = await approveAtKlarna(await payloadFor(other));
    await prisma.cart.update({ where: { id: other }, data: { country: 'DE', currency: 'EUR' } });

    expect(await review(other, approved.sessionId)).toMatchObject({ ok: false, reason: 'market_changed' });
    expect(await prisma.paymentSession.count({ where: { cartId: other } })).toBe(0);
  });
});

describe('Express Checkout: bad input gets a message, keeps the cart and places nothing', () => {
  test('an address in another country than the market is refused', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const payload = await payloadFor(cartId);
    const abroad = {
      given_name: 'Test',
      family_name: 'Person',
      email: 'customer@email.se',
      street_address: '10 New Burlington Street',
      postal_code: 'W1S 3BE',
      city: 'London',
      country: 'GB',
    };
    const { sessionId } = await approveAtKlarna({ ...payload, shipping_address: abroad });

    const result = await review(cartId, sessionId);

    expect(result).toMatchObject({
      ok: false,
      reason: 'not_shipped',
      message: expect.stringMatching(/Sweden/),
    });
    expect(await (await h.prisma()).paymentSession.count({ where: { cartId } })).toBe(0);
    expect(await cartStatus(cartId)).toBe('OPEN');
  });

  test('a Klarna session made for another cart, or none of ours, is refused', async () => {
    const mine = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const theirs = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(theirs));
    // A session the shop never made: same lines, no secret of ours.
    const { merchant_urls: _urls, ...unsigned } = await payloadFor(mine);
    const forged = await approveAtKlarna(unsigned);

    expect(await review(mine, sessionId)).toMatchObject({ ok: false, reason: 'unknown_session' });
    expect(await review(mine, forged.sessionId)).toMatchObject({ ok: false, reason: 'unknown_session' });
    expect(await review(mine, 'no-such-session')).toMatchObject({ ok: false, reason: 'unknown_session' });
    // Once recorded for its own cart, the session stays refused for every other one.
    await reviewed(theirs, sessionId);
    expect(await review(mine, sessionId)).toMatchObject({ ok: false, reason: 'unknown_session' });
    expect(await (await h.prisma()).paymentSession.count({ where: { cartId: mine } })).toBe(0);
  });

  test('a cart emptied in another tab after the approval gets a message and no session', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(cartId));
    await (await h.prisma()).cartItem.deleteMany({ where: { cartId } });

    const result = await review(cartId, sessionId);

    expect(result).toMatchObject({ ok: false, reason: 'empty', message: expect.stringMatching(/empty/) });
    expect(await (await h.prisma()).paymentSession.count({ where: { cartId } })).toBe(0);
  });

  test('a cart emptied after the review: Pay places nothing and the cart stays open', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const { sessionId } = await approveAtKlarna(await payloadFor(cartId));
    const shown = await reviewed(cartId, sessionId);
    await (await h.prisma()).cartItem.deleteMany({ where: { cartId } });
    const token = await finalizeAtKlarna(shown.session, sessionId);
    await h.callbacksIdle();

    const result = await finalize(shown.session.paymentSessionId, token);

    expect(result).toMatchObject({ ok: false, reason: 'empty' });
    expect(await ordersOfCart(cartId)).toHaveLength(0);
    expect(h.klarnaOrdersFor(sessionId)).toHaveLength(0);
    expect(await cartStatus(cartId)).toBe('OPEN');
  });

  test('an amount above what Klarna takes in one payment is refused before Klarna is asked', async () => {
    const prisma = await h.prisma();
    const category = await prisma.category.findFirstOrThrow();
    await prisma.product.create({
      data: {
        slug: 'grand-piano',
        name: 'Grand Piano',
        description: 'Grand Piano',
        image: '/products/grand-piano.svg',
        categoryId: category.id,
        prices: { create: [{ currency: 'SEK', unitAmount: 150_000_000, taxRate: 2500 }] },
      },
    });
    const cartId = await h.createCart('SE', [{ slug: 'grand-piano', quantity: 2 }]);
    const { expressPayload } = await import('@/lib/checkout/express');

    const result = await expressPayload(cartId, { appUrl: h.appUrl });

    expect(result).toMatchObject({
      ok: false,
      reason: 'amount_limit',
      message: expect.stringMatching(/Klarna/),
    });
    expect(await prisma.paymentSession.count({ where: { cartId } })).toBe(0);
  });

  test('a subscription basket has no Express payload: it keeps the normal checkout', async () => {
    const prisma = await h.prisma();
    const category = await prisma.category.findFirstOrThrow();
    await prisma.product.create({
      data: {
        slug: 'coffee-club-monthly',
        name: 'Coffee Club, monthly',
        description: 'Coffee Club',
        image: '/products/coffee-club.svg',
        categoryId: category.id,
        kind: 'SUBSCRIPTION',
        interval: 'MONTH',
        prices: { create: [{ currency: 'SEK', unitAmount: 19900, taxRate: 1200 }] },
      },
    });
    const user = await prisma.user.create({ data: { email: 'subscriber@example.com', passwordHash: 'x' } });
    const cartId = await h.createCart('SE', [
      { slug: 'coffee-club-monthly', quantity: 1 },
      { slug: 'mug', quantity: 1 },
    ]);
    await prisma.cart.update({ where: { id: cartId }, data: { userId: user.id } });
    const { expressPayload } = await import('@/lib/checkout/express');

    const result = await expressPayload(cartId, { appUrl: h.appUrl });

    expect(result).toMatchObject({
      ok: false,
      reason: 'subscription',
      message: expect.stringMatching(/checkout/),
    });
  });
});
