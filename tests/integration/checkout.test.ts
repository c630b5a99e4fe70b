import { describe, expect, test } from 'vitest';
import { customerFor, setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

async function openSession(cartId: string, country: Parameters<typeof customerFor>[0], email?: string) {
  const { startCheckoutSession } = await import('@/lib/checkout/start-session');
  const result = await startCheckoutSession(
    { cartId, customer: customerFor(country, email) },
    { config: h.config, appUrl: h.appUrl },
  );
  if (!result.ok) throw new Error(`checkout session failed: ${result.message}`);
  return result.paymentSession;
}

async function finalize(paymentSessionId: string, authorizationToken: string) {
  const { finalizeOrder } = await import('@/lib/checkout/place-order');
  return finalizeOrder({ paymentSessionId, authorizationToken, actor: 'shopper' }, { config: h.config });
}

async function ordersOfCart(cartId: string) {
  return (await h.prisma()).order.findMany({ where: { cartId }, include: { lines: true } });
}

describe('starting a checkout session', () => {
  test('sends the DB cart as Klarna lines to the region of the market and stores that exact payload', async () => {
    const { buildOrderLines } = await import('@/lib/order-lines');
    const { env } = await import('@/lib/env');
    const cartId = await h.createCart('US', [{ slug: 'mug', quantity: 2 }]);

    const session = await openSession(cartId, 'US', 'customer@email.us');

    // The shopper's address is in New York: its 4 % sales tax.
    const expected = buildOrderLines({
      taxStyle: 'sales_tax',
      lines: [
        {
          reference: 'mug',
          name: 'Enamel Mug',
          quantity: 2,
          unitPrice: 1800,
          taxRate: 400,
          // Klarna shows the product's page and picture in its app and e-mails.
          productUrl: `${env.APP_URL}/products/mug`,
          imageUrl: `${env.APP_URL}/products/mug.svg`,
        },
      ],
    });
    expect(session.linesPayload).toEqual(expected);
    expect(session).toMatchObject({ region: 'na', intent: 'buy', orderAmount: 3600 + 144, currency: 'USD' });
    const atKlarna = await h.control(`/_emulator/sessions/${session.klarnaSessionId}`);
    expect(atKlarna.status).toBe(200);
    const data = (atKlarna.body as { data: Record<string, unknown>; region: string }).data;
    expect(data.order_amount).toBe(expected.order_amount);
    expect(data.order_lines).toEqual(expected.order_lines);
    // Klarna's copy as the emulator's control API shows it: query values (the callback secret) hidden.
    expect(data.merchant_urls).toEqual({
      authorization: `${h.appUrl}/api/klarna/authorization?secret=***`,
      notification: `${h.appUrl}/api/klarna/notification?secret=***`,
    });
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(47 * 3_600_000);
  });

  test('reuses the open session and updates Klarna only when the cart changed', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'tea', quantity: 1 }]);
    const first = await openSession(cartId, 'SE');
    const again = await openSession(cartId, 'SE');
    expect(again.klarnaSessionId).toBe(first.klarnaSessionId);
    expect(again.updatedAt.getTime()).toBe(first.updatedAt.getTime());

    await h.setQuantity(cartId, 'tea', 3);
    const updated = await openSession(cartId, 'SE');

    expect(updated.klarnaSessionId).toBe(first.klarnaSessionId);
    expect(updated.orderAmount).toBe(3 * 8900);
    const atKlarna = (await h.control(`/_emulator/sessions/${first.klarnaSessionId}`)).body as {
      data: { order_amount: number };
    };
    expect(atKlarna.data.order_amount).toBe(3 * 8900);
  });

  test('refuses an empty cart with a message and opens no session', async () => {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const cartId = await h.createCart('SE', []);

    const result = await startCheckoutSession(
      { cartId, customer: customerFor('SE') },
      { config: h.config, appUrl: h.appUrl },
    );

    expect(result).toMatchObject({ ok: false, reason: 'empty', message: expect.stringContaining('empty') });
    expect(await (await h.prisma()).paymentSession.count({ where: { cartId } })).toBe(0);
  });
});

describe('US sales tax by the shipping state', () => {
  async function openFor(cartId: string, region: string) {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const customer = customerFor('US', 'customer@email.us');
    customer.billing_address.region = region;
    customer.shipping_address.region = region;
    const result = await startCheckoutSession({ cartId, customer }, { config: h.config, appUrl: h.appUrl });
    if (!result.ok) throw new Error(`checkout session failed: ${result.message}`);
    return result;
  }

  async function atKlarna(klarnaSessionId: string) {
    const { body } = await h.control(`/_emulator/sessions/${klarnaSessionId}`);
    return (body as { data: { order_amount: number; order_tax_amount: number; order_lines: unknown[] } })
      .data;
  }

  test('Klarna gets the state’s tax: none for Oregon, 7.25 % for California; the order is what was sent', async () => {
    const cartId = await h.createCart('US', [{ slug: 'mug', quantity: 2 }]);

    const oregon = await openFor(cartId, 'OR');
    expect(oregon.session.taxEstimated).toBe(false);
    const inOregon = await atKlarna(oregon.paymentSession.klarnaSessionId);
    expect(inOregon).toMatchObject({ order_amount: 3600, order_tax_amount: 0 });
    expect(inOregon.order_lines).not.toContainEqual(expect.objectContaining({ type: 'sales_tax' }));

    // The shopper changes the address: the same session is updated with California's tax.
    const california = await openFor(cartId, 'CA');
    const session = california.paymentSession;
    expect(session.klarnaSessionId).toBe(oregon.paymentSession.klarnaSessionId);
    expect(session).toMatchObject({ orderAmount: 3600 + 261, taxAmount: 261 });
    const inCalifornia = await atKlarna(session.klarnaSessionId);
    expect(inCalifornia).toMatchObject({ order_amount: 3861, order_tax_amount: 261 });
    expect(inCalifornia.order_lines).toContainEqual(
      expect.objectContaining({ type: 'sales_tax', total_amount: 261 }),
    );

    const token = await h.approve(session.klarnaSessionId, 'customer@email.us');
    expect(await finalize(session.id, token)).toMatchObject({ ok: true, outcome: 'placed' });
    const [order] = await ordersOfCart(cartId);
    expect(order).toMatchObject({ orderAmount: 3861, taxAmount: 261 });
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toEqual([
      expect.objectContaining({ orderAmount: 3861 }),
    ]);
  });
});

describe('finalizeOrder', () => {
  test('places the order with Klarna and records it, its lines and an event, and closes the cart', async () => {
    const cartId = await h.createCart('AU', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 2 },
    ]);
    const session = await openSession(cartId, 'AU', 'customer@email.au');
    const token = await h.approveWithoutCallback(session, 'customer@email.au');

    const result = await finalize(session.id, token);

    expect(result).toMatchObject({ ok: true, outcome: 'placed', created: true });
    const [order, ...others] = await ordersOfCart(cartId);
    expect(others).toHaveLength(0);
    expect(order).toMatchObject({
      status: 'AUTHORIZED',
      fraudStatus: 'ACCEPTED',
      region: 'oc',
      currency: 'AUD',
      orderAmount: 2900 + 2 * 1400,
      authorizationToken: token,
      email: 'customer@email.au',
    });
    expect(order?.lines.map((line) => [line.reference, line.quantity, line.totalAmount])).toEqual([
      ['mug', 1, 2900],
      ['tea', 2, 2800],
    ]);
    const days = ((order?.authorizationExpiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(27.9);
    expect(days).toBeLessThanOrEqual(28);
    const klarnaOrders = h.klarnaOrdersFor(session.klarnaSessionId);
    expect(klarnaOrders).toEqual([
      expect.objectContaining({ orderId: order?.klarnaOrderId, orderAmount: 5700 }),
    ]);
    const prisma = await h.prisma();
    expect((await prisma.cart.findUniqueOrThrow({ where: { id: cartId } })).status).toBe('ORDERED');
    expect(await prisma.orderEvent.findMany({ where: { orderId: order?.id } })).toEqual([
      expect.objectContaining({ type: 'ORDER_PLACED', outcome: 'SUCCESS', amount: 5700 }),
    ]);
  });

  test('the placed order carries its number as merchant reference, so a sync finds it in step', async () => {
    const { syncOrder } = await import('@/lib/order-admin/reconcile');
    const cartId = await h.createCart('SE', [{ slug: 'tea', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    const token = await h.approve(session.klarnaSessionId, 'customer@email.se');
    await finalize(session.id, token);
    const [order] = await ordersOfCart(cartId);
    if (!order) throw new Error('no order placed');
    expect(order.merchantReference1).toBe(order.number);

    const synced = await syncOrder({ orderId: order.id }, 'admin@example.com', { config: h.config });

    expect(synced).toMatchObject({ ok: true, message: 'Already in step with Klarna.' });
  });

  test('concurrent calls with the same token place exactly one order and all return it', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    const token = await h.approve(session.klarnaSessionId);

    const results = await Promise.all(Array.from({ length: 6 }, () => finalize(session.id, token)));

    const orders = await ordersOfCart(cartId);
    expect(orders).toHaveLength(1);
    expect(
      results.every((result) => result.ok && result.outcome === 'placed' && result.orderId === orders[0]?.id),
    ).toBe(true);
    // Klarna's authorization callback races these calls too, so the one that placed the order may
    // be the callback: at most one of the six did, and the order was placed once.
    expect(
      results.filter((result) => result.ok && result.outcome === 'placed' && result.created).length,
    ).toBeLessThanOrEqual(1);
    const placedEvents = await (
      await h.prisma()
    ).orderEvent.count({
      where: { orderId: orders[0]?.id, type: 'ORDER_PLACED' },
    });
    expect(placedEvents).toBe(1);
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(1);
  });

  test("Klarna's authorization callback racing the browser gives one order", async () => {
    const cartId = await h.createCart('SE', [{ slug: 'tea', quantity: 2 }]);
    const session = await openSession(cartId, 'SE');

    // The approval makes the emulator POST the callback to our merchant server right away.
    const token = await h.approve(session.klarnaSessionId);
    const browser = await finalize(session.id, token);
    await h.callbacksIdle();

    const orders = await ordersOfCart(cartId);
    expect(orders).toHaveLength(1);
    expect(browser).toMatchObject({ ok: true, outcome: 'placed', orderId: orders[0]?.id });
    // Klarna sends the callback again when the answer takes longer than its 2 s read timeout (the
    // callback may wait for the browser's claim), so there may be more than one answer: each one
    // reports the same placed order.
    expect(h.callbackAnswers.length).toBeGreaterThanOrEqual(1);
    for (const answer of h.callbackAnswers) {
      expect(answer).toMatchObject({
        path: '/api/klarna/authorization',
        status: 200,
        body: { status: 'placed', order_number: orders[0]?.number },
      });
    }
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(1);
  });

  test('the callback arriving first places the order; the browser then sees that same order', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    const token = await h.approve(session.klarnaSessionId);
    await h.callbacksIdle();
    const [fromCallback] = await ordersOfCart(cartId);
    expect(fromCallback?.status).toBe('AUTHORIZED');

    const browser = await finalize(session.id, token);

    expect(browser).toEqual(
      expect.objectContaining({ ok: true, outcome: 'placed', orderId: fromCallback?.id, created: false }),
    );
    expect(await ordersOfCart(cartId)).toHaveLength(1);
    const events = await (await h.prisma()).orderEvent.findMany({ where: { orderId: fromCallback?.id } });
    expect(events).toEqual([expect.objectContaining({ type: 'ORDER_PLACED', actor: 'klarna-callback' })]);
  });

  test('a cart changed after approval updates the session and asks for a new authorization', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    // The callback would place the order at once; the test's own finalize must meet the change.
    const staleToken = await h.approveWithoutCallback(session);
    await h.setQuantity(cartId, 'tea', 1);

    const result = await finalize(session.id, staleToken);

    expect(result).toMatchObject({ ok: false, reason: 'cart_changed' });
    expect('session' in result && result.session?.totals.order_amount).toBe(24900 + 8900);
    expect(await ordersOfCart(cartId)).toHaveLength(0);
    const atKlarna = (await h.control(`/_emulator/sessions/${session.klarnaSessionId}`)).body as {
      data: { order_amount: number };
    };
    expect(atKlarna.data.order_amount).toBe(24900 + 8900);

    const freshToken = await h.approve(session.klarnaSessionId);
    const placed = await finalize(session.id, freshToken);

    expect(placed).toMatchObject({ ok: true, outcome: 'placed', created: true });
    const orders = await ordersOfCart(cartId);
    expect(orders).toEqual([
      expect.objectContaining({ orderAmount: 24900 + 8900, authorizationToken: freshToken }),
    ]);
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toEqual([
      expect.objectContaining({ orderAmount: 33800 }),
    ]);
  });

  test('amounts tampered with in the browser are never placed: Klarna gets the DB cart back', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 2 }]);
    const session = await openSession(cartId, 'SE');
    await (
      await h.prisma()
    ).paymentSession.update({ where: { id: session.id }, data: { callbackSecret: 'x' } });
    // The browser hands authorize() a cheaper cart of its own making.
    const cheap = {
      reference: 'mug',
      name: 'Enamel Mug',
      quantity: 2,
      unit_price: 100,
      tax_rate: 2500,
      total_amount: 200,
      total_tax_amount: 40,
    };
    const { body } = await h.control(`/_emulator/sessions/${session.klarnaSessionId}/authorize`, {
      body: { order_amount: 200, order_tax_amount: 40, order_lines: [cheap] },
    });
    const token = (body as { authorization_token: string }).authorization_token;
    await h.callbacksIdle();

    const result = await finalize(session.id, token);

    expect(result).toMatchObject({ ok: false, reason: 'data_mismatch' });
    expect(await ordersOfCart(cartId)).toHaveLength(0);
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(0);
    const atKlarna = (await h.control(`/_emulator/sessions/${session.klarnaSessionId}`)).body as {
      data: { order_amount: number };
    };
    expect(atKlarna.data.order_amount).toBe(2 * 24900);
  });

  test('a forged token writes no order and asks for a new authorization', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');

    const result = await finalize(session.id, 'forged-token-0000');

    expect(result).toMatchObject({ ok: false, reason: 'authorization_invalid' });
    expect(await ordersOfCart(cartId)).toHaveLength(0);
    expect((await (await h.prisma()).cart.findUniqueOrThrow({ where: { id: cartId } })).status).toBe('OPEN');
  });

  test("a token already used for another cart's order is refused", async () => {
    const firstCart = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const first = await openSession(firstCart, 'SE');
    const token = await h.approve(first.klarnaSessionId);
    await finalize(first.id, token);
    const secondCart = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const second = await openSession(secondCart, 'SE');

    const result = await finalize(second.id, token);

    expect(result).toMatchObject({ ok: false, reason: 'approval_used_elsewhere' });
    expect(await ordersOfCart(secondCart)).toHaveLength(0);
  });

  test.each([
    ['a 500', { fault: 'status', status: 500 }],
    ['a timeout', { fault: 'timeout', hold_ms: 4_000 }],
  ])(
    'Klarna answering place order with %s writes nothing; the retry places one order',
    async (_label, fault) => {
      const cartId = await h.createCart('SE', [{ slug: 'tea', quantity: 1 }]);
      const session = await openSession(cartId, 'SE');
      await (
        await h.prisma()
      ).paymentSession.update({ where: { id: session.id }, data: { callbackSecret: 'x' } });
      const token = await h.approve(session.klarnaSessionId);
      await h.callbacksIdle();
      const added = await h.control('/_emulator/faults', {
        method: 'PUT',
        body: { match: 'POST /payments/v1/authorizations/*/order', times: 1, ...fault },
      });
      expect(added.status).toBeLessThan(300);

      const failed = await finalize(session.id, token);

      expect(failed).toMatchObject({
        ok: false,
        reason: 'unavailable',
        message: expect.stringContaining('try again'),
      });
      expect(await ordersOfCart(cartId)).toHaveLength(0);
      const prisma = await h.prisma();
      expect((await prisma.cart.findUniqueOrThrow({ where: { id: cartId } })).status).toBe('OPEN');
      expect(await prisma.orderEvent.findMany({ where: { paymentSessionId: session.id } })).toEqual([
        expect.objectContaining({ type: 'PLACE_ORDER_FAILED', outcome: 'FAILURE' }),
      ]);

      const retried = await finalize(session.id, token);

      expect(retried).toMatchObject({ ok: true, outcome: 'placed', created: true });
      expect(await ordersOfCart(cartId)).toHaveLength(1);
      expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(1);
    },
  );

  test('Klarna creating the order but the answer being lost never leads to a second order', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    await (
      await h.prisma()
    ).paymentSession.update({ where: { id: session.id }, data: { callbackSecret: 'x' } });
    const token = await h.approve(session.klarnaSessionId);
    await h.callbacksIdle();
    await h.control('/_emulator/faults', {
      method: 'PUT',
      body: { match: 'POST /payments/v1/authorizations/*/order', fault: 'commit-then-drop', times: 1 },
    });

    const first = await finalize(session.id, token);
    const second = await finalize(session.id, token);

    expect(first).toMatchObject({ ok: true, outcome: 'placed' });
    expect(second).toMatchObject({ ok: true, outcome: 'placed', created: false });
    const orders = await ordersOfCart(cartId);
    expect(orders).toEqual([expect.objectContaining({ status: 'NEEDS_REVIEW' })]);
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(1);
  });

  test('a claim left by a process that died before calling Klarna is recovered and the order placed', async () => {
    const { claimOrderPlacement } = await import('@/lib/data/orders');
    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    await (
      await h.prisma()
    ).paymentSession.update({ where: { id: session.id }, data: { callbackSecret: 'x' } });
    const token = await h.approve(session.klarnaSessionId);
    await h.callbacksIdle();
    const customer = customerFor('SE');
    await claimOrderPlacement({
      cartId,
      paymentSessionId: session.id,
      userId: null,
      email: customer.billing_address.email,
      authorizationToken: token,
      claimId: 'dead-process',
      region: 'eu',
      country: 'SE',
      currency: 'SEK',
      locale: 'sv-SE',
      orderAmount: session.orderAmount,
      taxAmount: session.taxAmount,
      billingAddress: {},
      shippingAddress: {},
    });

    const later = () => new Date(Date.now() + 5 * 60_000);
    const result = await finalizeOrder(
      { paymentSessionId: session.id, authorizationToken: token, actor: 'shopper' },
      { config: h.config, now: later, waitForClaimMs: 0 },
    );

    expect(result).toMatchObject({ ok: true, outcome: 'placed', created: true });
    expect(await ordersOfCart(cartId)).toEqual([expect.objectContaining({ status: 'AUTHORIZED' })]);
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(1);
  });
});

describe('the authorization callback route', () => {
  async function post(query: string, body: unknown) {
    const response = await fetch(`${h.appUrl}/api/klarna/authorization${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return response.status;
  }

  test('refuses a wrong secret, an unknown session and a malformed body, writing nothing', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    await (
      await h.prisma()
    ).paymentSession.update({ where: { id: session.id }, data: { callbackSecret: 'x' } });
    const token = await h.approve(session.klarnaSessionId);
    await h.callbacksIdle();
    const valid = { authorization_token: token, session_id: session.klarnaSessionId };

    expect(await post('?secret=wrong', valid)).toBe(404);
    expect(await post('', valid)).toBe(404);
    expect(await post('?secret=x', { ...valid, session_id: 'no-such-session' })).toBe(404);
    expect(await post('?secret=x', { session_id: session.klarnaSessionId })).toBe(400);
    expect(await post('?secret=x', '{not json')).toBe(400);

    expect(await ordersOfCart(cartId)).toHaveLength(0);
    expect(h.klarnaOrdersFor(session.klarnaSessionId)).toHaveLength(0);

    expect(await post('?secret=x', valid)).toBe(200);
    expect(await ordersOfCart(cartId)).toHaveLength(1);
  });
});
