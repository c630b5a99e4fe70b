import { describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';
import { customerFor, setUpSubscriptionHarness } from './subscriptions-fixtures';

const db = setUpTestDatabase();
const h = setUpSubscriptionHarness(db);
const DAY = 86_400_000;

async function sessionAtKlarna(klarnaSessionId: string) {
  const { body } = await h.control(`/_emulator/sessions/${klarnaSessionId}`);
  return (
    body as { data: { intent?: string; order_amount: number; order_lines: { subscription?: unknown }[] } }
  ).data;
}

async function tokenOfCart(cartId: string) {
  return (await h.prisma()).customerToken.findUnique({
    where: { cartId },
    include: { subscriptions: { include: { charges: true } } },
  });
}

describe('the intent for every basket, and what exists after approval', () => {
  test('a free trial: tokenize, a customer token and its subscription, no order and nothing charged', async () => {
    const before = Date.now();
    const run = await h.checkout('SE', [{ slug: 'coffee-club-monthly' }]);

    expect(run.intent).toBe('tokenize');
    const atKlarna = await sessionAtKlarna(run.klarnaSessionId);
    expect(atKlarna).toMatchObject({ intent: 'tokenize', order_amount: 0 });
    expect(atKlarna.order_lines[0]?.subscription).toEqual({
      name: 'Coffee Club, monthly',
      interval: 'MONTH',
      interval_count: 1,
    });
    expect(run.result).toMatchObject({ ok: true, outcome: 'subscribed', created: true });

    const token = await tokenOfCart(run.cartId);
    expect(token).toMatchObject({ status: 'ACTIVE', region: 'eu', currency: 'SEK', originOrderId: null });
    expect(token?.paymentMethodDescription).toBe('Klarna (invoice)');
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toEqual([
      expect.objectContaining({ tokenId: token?.klarnaTokenId, status: 'ACTIVE' }),
    ]);
    const [subscription, ...others] = token?.subscriptions ?? [];
    expect(others).toHaveLength(0);
    expect(subscription).toMatchObject({
      status: 'ACTIVE',
      unitAmount: 19900,
      quantity: 1,
      nextPeriod: 1,
      interval: 'MONTH',
    });
    // The first charge falls when the 14-day trial ends.
    const trialDays = ((subscription?.nextChargeAt.getTime() ?? 0) - before) / DAY;
    expect(trialDays).toBeGreaterThan(13.99);
    expect(trialDays).toBeLessThan(14.01);
    expect(subscription?.charges).toEqual([]);

    const prisma = await h.prisma();
    expect(await prisma.order.count({ where: { cartId: run.cartId } })).toBe(0);
    expect(h.klarnaOrdersForSession(run.klarnaSessionId)).toEqual([]);
    expect((await prisma.cart.findUniqueOrThrow({ where: { id: run.cartId } })).status).toBe('ORDERED');
  });

  test('a subscription charged today: buy_and_tokenize places the order, then creates the token', async () => {
    const run = await h.checkout('SE', [{ slug: 'coffee-club-yearly' }]);

    expect(run.intent).toBe('buy_and_tokenize');
    expect(run.result).toMatchObject({ ok: true, outcome: 'placed', created: true });
    const prisma = await h.prisma();
    const order = await prisma.order.findUniqueOrThrow({ where: { cartId: run.cartId } });
    expect(order).toMatchObject({ status: 'AUTHORIZED', orderAmount: 199000 });
    expect(h.klarnaOrdersForSession(run.klarnaSessionId)).toEqual([
      expect.objectContaining({ orderId: order.klarnaOrderId, orderAmount: 199000 }),
    ]);

    const token = await tokenOfCart(run.cartId);
    expect(token).toMatchObject({ status: 'ACTIVE', originOrderId: order.id });
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    const subscription = token?.subscriptions[0];
    // Period 1 was paid by the checkout's order; period 2 is due a year later.
    expect(subscription).toMatchObject({ nextPeriod: 2, trialEndsAt: null, unitAmount: 199000 });
    const years =
      ((subscription?.nextChargeAt.getTime() ?? 0) - (subscription?.anchorAt.getTime() ?? 0)) / DAY;
    expect(Math.round(years)).toBeGreaterThanOrEqual(365);
    expect(subscription?.charges).toEqual([
      expect.objectContaining({ period: 1, status: 'SUCCEEDED', orderId: order.id, amount: 199000 }),
    ]);
    const events = await prisma.orderEvent.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((event) => event.type)).toEqual(['ORDER_PLACED', 'CUSTOMER_TOKEN_CREATED']);
  });

  test('a mixed basket: buy_and_default_tokenize charges the one-time products today, the trial later', async () => {
    const run = await h.checkout('SE', [{ slug: 'mug', quantity: 2 }, { slug: 'coffee-club-monthly' }]);

    expect(run.intent).toBe('buy_and_default_tokenize');
    expect(await sessionAtKlarna(run.klarnaSessionId)).toMatchObject({
      intent: 'buy_and_default_tokenize',
      order_amount: 2 * 24900,
    });
    expect(run.result).toMatchObject({ ok: true, outcome: 'placed' });
    const prisma = await h.prisma();
    const order = await prisma.order.findUniqueOrThrow({
      where: { cartId: run.cartId },
      include: { lines: true },
    });
    expect(order.orderAmount).toBe(2 * 24900);
    expect(order.lines.map((line) => [line.reference, line.totalAmount])).toEqual([
      ['mug', 49800],
      ['coffee-club-monthly', 0],
    ]);
    const token = await tokenOfCart(run.cartId);
    expect(token?.subscriptions).toEqual([
      expect.objectContaining({ reference: 'coffee-club-monthly', nextPeriod: 1, status: 'ACTIVE' }),
    ]);
    // Nothing of the trial was paid at checkout.
    expect(token?.subscriptions[0]?.charges).toEqual([]);
  });

  test('one-time products only: intent buy, an order and no token', async () => {
    const run = await h.checkout('DE', [{ slug: 'mug' }], { email: 'customer@email.de' });
    expect(run.intent).toBe('buy');
    expect(run.result).toMatchObject({ ok: true, outcome: 'placed' });
    expect(await tokenOfCart(run.cartId)).toBeNull();
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toEqual([]);
  });

  test('US sales tax: the subscription is charged with its tax today and priced the same for renewals', async () => {
    const run = await h.checkout('US', [{ slug: 'coffee-club-yearly' }], { email: 'customer@email.us' });
    expect(run.result).toMatchObject({ ok: true, outcome: 'placed' });
    const token = await tokenOfCart(run.cartId);
    expect(token).toMatchObject({ region: 'na', currency: 'USD' });
    // New York's 4 %: the rate is kept on the subscription, so every renewal is taxed as today.
    expect(token?.subscriptions[0]).toMatchObject({ taxRate: 400 });
    expect(token?.subscriptions[0]?.charges[0]).toMatchObject({ amount: 20000 + 800, taxAmount: 800 });
  });
});

describe('exactly once', () => {
  test('the browser and Klarna’s authorization callback racing: one order, one token, one subscription', async () => {
    const run = await h.checkout('SE', [{ slug: 'coffee-club-yearly' }], { callbacks: 'forward' });
    await h.callbacksIdle();

    expect(run.result).toMatchObject({ ok: true, outcome: 'placed' });
    const prisma = await h.prisma();
    expect(await prisma.order.count({ where: { cartId: run.cartId } })).toBe(1);
    expect(h.klarnaOrdersForSession(run.klarnaSessionId)).toHaveLength(1);
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    expect(await prisma.subscription.count({ where: { customerToken: { cartId: run.cartId } } })).toBe(1);
  });

  test('concurrent finalize calls for a free trial create one token and answer alike', async () => {
    const run = await h.checkout('SE', [{ slug: 'coffee-club-monthly' }], { finalize: false });
    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const results = await Promise.all(
      ['shopper', 'klarna-callback', 'shopper'].map((actor) =>
        finalizeOrder(
          { paymentSessionId: run.paymentSessionId, authorizationToken: run.authorizationToken, actor },
          { config: h.config },
        ),
      ),
    );
    expect(results.every((result) => result.ok && result.outcome === 'subscribed')).toBe(true);
    expect(
      results.filter((result) => result.ok && result.outcome === 'subscribed' && result.created),
    ).toHaveLength(1);
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    expect(
      await (await h.prisma()).subscription.count({ where: { customerToken: { cartId: run.cartId } } }),
    ).toBe(1);
  });

  test('Klarna not answering the token call after the order: the order stands and a later call creates the token once', async () => {
    await h.addFault({
      match: 'POST /payments/v1/authorizations/*/customer-token',
      fault: 'status',
      status: 503,
      times: 1,
    });
    const run = await h.checkout('SE', [{ slug: 'coffee-club-yearly' }]);

    expect(run.result).toMatchObject({ ok: true, outcome: 'placed' });
    // Klarna certainly created nothing, but we cannot know that: the claim waits until it is stale.
    expect(await tokenOfCart(run.cartId)).toMatchObject({ status: 'CREATING', klarnaTokenId: null });
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toEqual([]);
    const { getOrderDetail } = await import('@/lib/data/order-reads');
    if (!run.result.ok || run.result.outcome !== 'placed') throw new Error('no order');
    expect(await getOrderDetail(run.result.orderId)).toMatchObject({ customerTokenStatus: 'CREATING' });

    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const again = await finalizeOrder(
      {
        paymentSessionId: run.paymentSessionId,
        authorizationToken: run.authorizationToken,
        actor: 'shopper',
      },
      { config: h.config, staleClaimMs: 0, waitForClaimMs: 0 },
    );

    expect(again).toMatchObject({ ok: true, outcome: 'placed', created: false });
    expect(await tokenOfCart(run.cartId)).toMatchObject({ status: 'ACTIVE' });
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    expect(await (await h.prisma()).order.count({ where: { cartId: run.cartId } })).toBe(1);
  });

  test('Klarna refusing the token after the order: the order stands and its page tells the shopper', async () => {
    const { getOrderDetail } = await import('@/lib/data/order-reads');
    const { recurringPaymentsText } = await import('@/components/orders/order-status');
    await h.addFault({
      match: 'POST /payments/v1/authorizations/*/customer-token',
      fault: 'status',
      status: 400,
      error_code: 'BAD_VALUE',
      times: 1,
    });
    const run = await h.checkout('SE', [{ slug: 'coffee-club-yearly' }]);
    if (!run.result.ok || run.result.outcome !== 'placed')
      throw new Error(`expected an order, got ${JSON.stringify(run.result)}`);

    expect(await tokenOfCart(run.cartId)).toMatchObject({ status: 'FAILED', subscriptions: [] });
    const order = await getOrderDetail(run.result.orderId);
    expect(order).toMatchObject({ status: 'AUTHORIZED', customerTokenStatus: 'FAILED' });
    expect(recurringPaymentsText(order?.customerTokenStatus ?? null)).toContain(
      'Klarna did not set up recurring payments',
    );
  });

  test('the token created at Klarna but its answer lost: no second token ever, held for staff', async () => {
    await h.addFault({
      match: 'POST /payments/v1/authorizations/*/customer-token',
      fault: 'commit-then-drop',
      times: 1,
    });
    const run = await h.checkout('SE', [{ slug: 'coffee-club-yearly' }]);
    expect(run.result).toMatchObject({ ok: true, outcome: 'placed' });
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    expect(await tokenOfCart(run.cartId)).toMatchObject({ status: 'CREATING' });

    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    await finalizeOrder(
      {
        paymentSessionId: run.paymentSessionId,
        authorizationToken: run.authorizationToken,
        actor: 'shopper',
      },
      { config: h.config, staleClaimMs: 0, waitForClaimMs: 0 },
    );

    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    const token = await tokenOfCart(run.cartId);
    expect(token).toMatchObject({ status: 'NEEDS_REVIEW', subscriptions: [] });
    expect(token?.statusReason).toContain('already used');
  });

  test('a process that died before calling Klarna for a free trial: the stale claim is resumed and the token created', async () => {
    const run = await h.checkout('SE', [{ slug: 'coffee-club-monthly' }], { finalize: false });
    const prisma = await h.prisma();
    const cart = await prisma.cart.findUniqueOrThrow({ where: { id: run.cartId } });
    // The claim as a dead process leaves it: CREATING, never sent.
    await prisma.customerToken.create({
      data: {
        userId: cart.userId ?? '',
        cartId: run.cartId,
        paymentSessionId: run.paymentSessionId,
        authorizationToken: run.authorizationToken,
        claimId: 'dead-process',
        status: 'CREATING',
        region: 'eu',
        country: 'SE',
        currency: 'SEK',
        locale: 'sv-SE',
        billingAddress: customerFor('SE').billing_address,
        shippingAddress: customerFor('SE').shipping_address,
      },
    });

    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const result = await finalizeOrder(
      {
        paymentSessionId: run.paymentSessionId,
        authorizationToken: run.authorizationToken,
        actor: 'shopper',
      },
      { config: h.config, staleClaimMs: 0, waitForClaimMs: 0 },
    );

    expect(result).toMatchObject({ ok: true, outcome: 'subscribed' });
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toHaveLength(1);
    expect(await tokenOfCart(run.cartId)).toMatchObject({ status: 'ACTIVE', claimId: null });
  });
});

describe('US subscriptions priced by the shipping state', () => {
  test('the later charges quoted at checkout carry the state’s tax, like the session’s lines', async () => {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const { upcomingCharges } = await import('@/lib/subscription-basket');
    const { getMarket } = await import('@/lib/markets');
    const user = await h.createUser();
    const cartId = await h.createCart('US', [{ slug: 'coffee-club-yearly' }], user.id);
    const customer = customerFor('US', 'customer@email.us');
    customer.shipping_address.region = 'OR';
    customer.billing_address.region = 'OR';

    const result = await startCheckoutSession(
      { cartId, customer },
      { config: h.config, appUrl: h.quietAppUrl },
    );

    if (!result.ok) throw new Error(result.message);
    // Oregon has no sales tax: today's charge and every renewal are the plan's net price.
    expect(result.paymentSession).toMatchObject({ orderAmount: 20000, taxAmount: 0 });
    const [charge] = upcomingCharges(result.subscriptions, getMarket('US')!, new Date());
    expect(charge).toMatchObject({ today: 20000, amount: 20000 });
  });
});

describe('what checkout refuses', () => {
  test('a subscription for a shopper who is not signed in: a clear message and no session', async () => {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const cartId = await h.createCart('SE', [{ slug: 'coffee-club-monthly' }], null);
    const result = await startCheckoutSession(
      { cartId, customer: customerFor('SE') },
      { config: h.config, appUrl: h.quietAppUrl },
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'sign_in_required',
      message: expect.stringContaining('Sign in'),
    });
    expect(await (await h.prisma()).paymentSession.count({ where: { cartId } })).toBe(0);
  });

  test('a subscription quantity above the plan: a clear message and no session', async () => {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const user = await h.createUser();
    const cartId = await h.createCart('SE', [{ slug: 'coffee-club-yearly', quantity: 2 }], user.id);
    const result = await startCheckoutSession(
      { cartId, customer: customerFor('SE') },
      { config: h.config, appUrl: h.quietAppUrl },
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'subscription_quantity',
      message: expect.stringContaining('one subscription per order'),
    });
    expect(await (await h.prisma()).paymentSession.count({ where: { cartId } })).toBe(0);
  });

  test('a subscription added after approval: a new session with the new intent, nothing placed', async () => {
    const run = await h.checkout('SE', [{ slug: 'mug' }], { finalize: false });
    expect(run.intent).toBe('buy');
    const prisma = await h.prisma();
    const monthly = await prisma.product.findUniqueOrThrow({ where: { slug: 'coffee-club-monthly' } });
    await prisma.cartItem.create({ data: { cartId: run.cartId, productId: monthly.id, quantity: 1 } });

    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const result = await finalizeOrder(
      {
        paymentSessionId: run.paymentSessionId,
        authorizationToken: run.authorizationToken,
        actor: 'shopper',
      },
      { config: h.config },
    );

    expect(result).toMatchObject({ ok: false, reason: 'cart_changed' });
    const sessions = await prisma.paymentSession.findMany({
      where: { cartId: run.cartId },
      orderBy: { createdAt: 'asc' },
    });
    expect(sessions.map((session) => session.intent)).toEqual(['buy', 'buy_and_default_tokenize']);
    if ('session' in result) expect(result.session?.paymentSessionId).toBe(sessions[1]?.id);
    expect(await prisma.order.count({ where: { cartId: run.cartId } })).toBe(0);
    expect(h.klarnaOrdersForSession(run.klarnaSessionId)).toEqual([]);
  });

  test('a free trial whose cart moved to Germany after approval: no token, no subscription, checkout starts again', async () => {
    const run = await h.checkout('SE', [{ slug: 'coffee-club-monthly' }], { finalize: false });
    expect(run.intent).toBe('tokenize');
    const prisma = await h.prisma();
    await prisma.cart.update({ where: { id: run.cartId }, data: { country: 'DE', currency: 'EUR' } });

    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const result = await finalizeOrder(
      {
        paymentSessionId: run.paymentSessionId,
        authorizationToken: run.authorizationToken,
        actor: 'shopper',
      },
      { config: h.config },
    );

    expect(result).toMatchObject({ ok: false, reason: 'market_changed', session: null });
    expect(await tokenOfCart(run.cartId)).toBeNull();
    expect(h.klarnaTokensFor(run.klarnaSessionId)).toEqual([]);
    expect(await sessionAtKlarna(run.klarnaSessionId)).toMatchObject({ order_amount: 0 });
    expect((await prisma.cart.findUniqueOrThrow({ where: { id: run.cartId } })).status).toBe('OPEN');
  });
});
