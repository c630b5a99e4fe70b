import { describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';
import { setUpSubscriptionHarness, type Country, type Slug } from './subscriptions-fixtures';

const db = setUpTestDatabase();
const h = setUpSubscriptionHarness(db);
const DAY = 86_400_000;

/** A completed subscription checkout: its subscription and Klarna's token id. */
async function subscribe(slug: Slug = 'coffee-club-monthly', country: Country = 'SE') {
  const email = country === 'US' ? 'customer@email.us' : 'customer@email.se';
  const run = await h.checkout(country, [{ slug }], { email });
  if (!run.result.ok) {
    throw new Error(`checkout failed: ${run.result.reason}`);
  }
  const prisma = await h.prisma();
  const token = await prisma.customerToken.findUniqueOrThrow({
    where: { cartId: run.cartId },
    include: { subscriptions: true },
  });
  const subscription = token.subscriptions[0];
  if (!subscription || !token.klarnaTokenId) throw new Error('no subscription');
  return { run, subscription, klarnaTokenId: token.klarnaTokenId, tokenId: token.id };
}

async function renewOn(clock: 'emulator' | Date) {
  const { runRenewals } = await import('@/lib/subscriptions/renewals/runner');
  const { emulatorClock, fixedClock } = await import('@/lib/subscriptions/clock');
  return runRenewals({
    config: h.config,
    clock: clock === 'emulator' ? emulatorClock(h.emulatorUrl) : fixedClock(clock),
  });
}

async function subscriptionNow(id: string) {
  return (await h.prisma()).subscription.findUniqueOrThrow({
    where: { id },
    include: { charges: { orderBy: { period: 'asc' }, include: { attemptLog: true } }, renewalOrders: true },
  });
}

describe('renewals on the emulator’s clock', () => {
  test('nothing is charged before the due date; after the clock moves past it, the period is charged once', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-monthly');

    expect((await renewOn('emulator')).charged).toBe(0);
    await h.advanceClock(15 * DAY); // past the 14-day trial
    const first = await renewOn('emulator');

    expect(first).toMatchObject({ charged: 1, retrying: 0 });
    const [klarnaOrder, ...more] = h.klarnaTokenOrders(klarnaTokenId);
    expect(more).toHaveLength(0);
    expect(klarnaOrder?.orderAmount).toBe(19900);
    const after = await subscriptionNow(subscription.id);
    expect(after).toMatchObject({ status: 'ACTIVE', nextPeriod: 2 });
    // Period 2 is due one month after the trial ended.
    const { periodDueAt } = await import('@/lib/subscription-schedule');
    expect(after.nextChargeAt).toEqual(periodDueAt(after.anchorAt, 'MONTH', 1, 2));
    expect(after.anchorAt).toEqual(subscription.nextChargeAt);
    const [order] = after.renewalOrders;
    expect(order).toMatchObject({
      subscriptionPeriod: 1,
      status: 'AUTHORIZED',
      klarnaOrderId: klarnaOrder?.orderId,
      orderAmount: 19900,
      cartId: null,
      paymentSessionId: null,
      authorizationToken: null,
    });
    expect(klarnaOrder?.merchantReference1).toBe(order?.number);
    // The local copy carries the references sent, so a sync from Klarna finds nothing changed.
    expect(order).toMatchObject({
      merchantReference1: order?.number,
      merchantReference2: `Subscription ${subscription.id}, period 1`,
    });
    // Staff see it in the orders list as a renewal of its subscription.
    const { listAdminOrders } = await import('@/lib/data/order-list');
    const { listQueryFromParams, parseOrderListParams } = await import('@/lib/validations/admin-orders');
    const listed = await listAdminOrders(
      listQueryFromParams(parseOrderListParams({ q: order?.number ?? '' }).params, new Date()),
    );
    expect(listed.rows).toEqual([
      expect.objectContaining({
        id: order?.id,
        subscription: { id: subscription.id, name: subscription.name },
        subscriptionPeriod: 1,
      }),
    ]);
    const prisma = await h.prisma();
    expect(
      await prisma.orderLine.findMany({
        where: { orderId: order?.id },
        select: { reference: true, totalAmount: true },
      }),
    ).toEqual([{ reference: 'coffee-club-monthly', totalAmount: 19900 }]);
    expect(
      await prisma.orderEvent.findMany({
        where: { orderId: order?.id },
        select: { type: true, idempotencyKey: true },
      }),
    ).toEqual([{ type: 'ORDER_PLACED', idempotencyKey: `subscription-${subscription.id}-period-1` }]);

    // Running the job again at the same time charges nothing more.
    expect((await renewOn('emulator')).charged).toBe(0);
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);

    // A month later the next period is charged.
    await h.advanceClock(31 * DAY);
    expect((await renewOn('emulator')).charged).toBe(1);
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(2);
    expect(await subscriptionNow(subscription.id)).toMatchObject({ nextPeriod: 3 });
  });

  test('a yearly subscription paid at checkout is next charged a year later', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-yearly');
    await h.advanceClock(300 * DAY);
    expect((await renewOn('emulator')).charged).toBe(0);
    await h.advanceClock(70 * DAY);
    expect((await renewOn('emulator')).charged).toBe(1);
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([expect.objectContaining({ orderAmount: 199000 })]);
    expect(await subscriptionNow(subscription.id)).toMatchObject({ nextPeriod: 3 });
  });

  test('two job runs at once charge every due subscription exactly once', async () => {
    const subscribed = [];
    for (let i = 0; i < 6; i++) subscribed.push(await subscribe('coffee-club-monthly'));
    await h.advanceClock(15 * DAY);
    const { runRenewals } = await import('@/lib/subscriptions/renewals/runner');
    const { emulatorClock } = await import('@/lib/subscriptions/clock');

    const runs = await Promise.all(
      [0, 1].map(() =>
        runRenewals({ config: h.config, clock: emulatorClock(h.emulatorUrl), batchSize: 2, concurrency: 2 }),
      ),
    );

    expect(runs.reduce((sum, run) => sum + run.charged, 0)).toBe(6);
    for (const { subscription, klarnaTokenId } of subscribed) {
      expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);
      const after = await subscriptionNow(subscription.id);
      expect(after.charges).toEqual([
        expect.objectContaining({ period: 1, status: 'SUCCEEDED', attempts: 1 }),
      ]);
      expect(after.renewalOrders).toHaveLength(1);
    }
  });
});

describe('the renewal order’s mail', () => {
  test('the shopper gets one confirmation of each renewal order, not of a period already charged', async () => {
    const { startMailSink } = await import('../../scripts/mail-sink');
    const sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    try {
      const mail = {
        smtpUrl: `smtp://127.0.0.1:${sink.smtpPort}`,
        from: 'shop@nordlys.test',
        appUrl: 'http://shop.test',
      };
      const { subscription } = await subscribe('coffee-club-monthly');
      const { runRenewals } = await import('@/lib/subscriptions/renewals/runner');
      const { fixedClock } = await import('@/lib/subscriptions/clock');
      const renew = () =>
        runRenewals({ config: h.config, clock: fixedClock(new Date(Date.now() + 15 * DAY)), mail });

      expect(await renew()).toMatchObject({ charged: 1 });
      const [order] = (await subscriptionNow(subscription.id)).renewalOrders;
      await expect.poll(() => sink.messages.length, { timeout: 20_000 }).toBe(1);
      const [received] = sink.messages;
      expect(received?.to).toContain('customer@email.se');
      expect(received?.subject).toBe(`Order ${order?.number}: your subscription has renewed`);
      expect(received?.text).toMatch(/Total\s+199,00\skr/);

      expect(await renew()).toMatchObject({ charged: 0 });
      const { deliverDueOrderMails } = await import('@/lib/mail/deliver');
      expect(await deliverDueOrderMails({}, { mail })).toMatchObject({ sent: 0 });
      expect(sink.messages).toHaveLength(1);
    } finally {
      await sink.close();
    }
  });
});

describe('failed renewals', () => {
  test('Klarna failing with 503s: retried soon with the same key, charged once', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-monthly');
    await h.advanceClock(15 * DAY);
    // Every attempt of this run fails (the client's own retries included).
    await h.addFault({ match: 'POST /customer-token/v1/tokens/*/order', fault: 'status', status: 503 });

    const failed = await renewOn('emulator');
    expect(failed).toMatchObject({ charged: 0, retrying: 1 });
    const held = await subscriptionNow(subscription.id);
    expect(held).toMatchObject({ status: 'ACTIVE', nextPeriod: 1 });
    expect(held.charges).toEqual([expect.objectContaining({ status: 'FAILED', refusals: 0 })]);
    expect(held.statusReason).toContain('did not answer');
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([]);

    // Not due again until the retry time.
    await h.clearFaults();
    expect((await renewOn('emulator')).charged).toBe(0);
    await h.advanceClock(11 * 60_000);
    expect((await renewOn('emulator')).charged).toBe(1);

    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);
    const paid = await subscriptionNow(subscription.id);
    expect(paid).toMatchObject({ nextPeriod: 2, statusReason: null });
    expect(paid.charges).toEqual([expect.objectContaining({ period: 1, status: 'SUCCEEDED', attempts: 2 })]);
    expect(paid.charges[0]?.attemptLog.map((attempt) => attempt.outcome).sort()).toEqual([
      'FAILURE',
      'SUCCESS',
    ]);
  });

  test('Klarna charging but every answer lost: the re-send with the same key is not a second charge', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-monthly');
    await h.advanceClock(15 * DAY);
    // The first request is charged and its answer dropped; the client's retries get 503s.
    await h.addFault({
      match: 'POST /customer-token/v1/tokens/*/order',
      fault: 'commit-then-drop',
      times: 1,
    });
    await h.addFault({ match: 'POST /customer-token/v1/tokens/*/order', fault: 'status', status: 503 });

    expect(await renewOn('emulator')).toMatchObject({ charged: 0, retrying: 1 });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1); // Klarna did charge

    await h.clearFaults();
    await h.advanceClock(11 * 60_000);
    expect((await renewOn('emulator')).charged).toBe(1);

    const [klarnaOrder, ...more] = h.klarnaTokenOrders(klarnaTokenId);
    expect(more).toHaveLength(0);
    const after = await subscriptionNow(subscription.id);
    expect(after.renewalOrders).toEqual([expect.objectContaining({ klarnaOrderId: klarnaOrder?.orderId })]);
  });

  test('refusals are retried after 1, 3 and 7 days, then the subscription is past due; staff can charge it later', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-monthly');
    await h.addFault({
      match: 'POST /customer-token/v1/tokens/*/order',
      fault: 'status',
      status: 403,
      error_code: 'PAYMENT_METHOD_FAILED',
      error_messages: ['Purchase for payment method failed'],
    });
    const due = subscription.nextChargeAt.getTime();
    const at = (days: number) => new Date(due + days * DAY + 60_000);

    expect(await renewOn(at(0))).toMatchObject({ retrying: 1 });
    expect((await subscriptionNow(subscription.id)).nextAttemptAt?.getTime()).toBe(at(0).getTime() + DAY);
    expect(await renewOn(at(0.5))).toMatchObject({ processed: 0 }); // not yet
    expect(await renewOn(at(1))).toMatchObject({ retrying: 1 });
    expect((await subscriptionNow(subscription.id)).nextAttemptAt?.getTime()).toBe(at(0).getTime() + 3 * DAY);
    expect(await renewOn(at(3))).toMatchObject({ retrying: 1 });
    expect((await subscriptionNow(subscription.id)).nextAttemptAt?.getTime()).toBe(at(0).getTime() + 7 * DAY);
    expect(await renewOn(at(7))).toMatchObject({ pastDue: 1 });

    const pastDue = await subscriptionNow(subscription.id);
    expect(pastDue).toMatchObject({ status: 'PAST_DUE', nextAttemptAt: null, nextPeriod: 1 });
    expect(pastDue.charges).toEqual([
      expect.objectContaining({ status: 'ABANDONED', refusals: 4, attempts: 4 }),
    ]);
    expect(pastDue.charges[0]?.attemptLog.map((attempt) => attempt.errorCode)).toEqual(
      Array(4).fill('PAYMENT_METHOD_FAILED'),
    );
    expect(await renewOn(at(30))).toMatchObject({ processed: 0 });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([]);
    // Klarna replays a key's first answer for 24 hours, so each try after a refusal has its own key.
    const { renewalKeyAfterRefusal } = await import('@/lib/subscription-schedule');
    expect(pastDue.charges[0]?.idempotencyKey).toBe(renewalKeyAfterRefusal(subscription.id, 1, 4));

    // The shopper sorted out their payment method; staff charge the period now.
    await h.clearFaults();
    const { chargeSubscriptionNow } = await import('@/lib/subscriptions/renewals/charge-now');
    const { fixedClock } = await import('@/lib/subscriptions/clock');
    const charged = await chargeSubscriptionNow(
      { subscriptionId: subscription.id, requireDue: false },
      { config: h.config, clock: fixedClock(at(30)), actor: 'admin@example.com' },
    );
    expect(charged).toMatchObject({ ok: true, outcome: 'charged', period: 1 });
    const paid = await subscriptionNow(subscription.id);
    expect(paid).toMatchObject({ status: 'ACTIVE', nextPeriod: 2 });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);
    const placed = await (
      await h.prisma()
    ).orderEvent.findFirst({
      where: { orderId: paid.renewalOrders[0]?.id, type: 'ORDER_PLACED' },
    });
    expect(placed?.idempotencyKey).toBe(renewalKeyAfterRefusal(subscription.id, 1, 4));
  });
});

describe('stopping renewals', () => {
  test('the shopper cancelling stops renewals and cancels the token at Klarna', async () => {
    const { subscription, klarnaTokenId, tokenId } = await subscribe('coffee-club-monthly');
    const { cancelSubscription } = await import('@/lib/subscriptions/cancel');

    const someoneElse = await h.createUser();
    expect(
      await cancelSubscription(
        { subscriptionId: subscription.id, userId: someoneElse.id, actor: 'x' },
        { config: h.config },
      ),
    ).toMatchObject({ ok: false, reason: 'not_found' });

    const result = await cancelSubscription(
      { subscriptionId: subscription.id, userId: subscription.userId, actor: 'shopper' },
      { config: h.config },
    );

    expect(result).toMatchObject({ ok: true, tokenCancelled: true });
    const { body } = await h.control(`/_emulator/customer-tokens/${klarnaTokenId}`);
    expect(body).toMatchObject({ status: 'CANCELLED' });
    const prisma = await h.prisma();
    expect(await prisma.customerToken.findUniqueOrThrow({ where: { id: tokenId } })).toMatchObject({
      status: 'CANCELLED',
    });
    expect(await subscriptionNow(subscription.id)).toMatchObject({
      status: 'CANCELLED',
      nextAttemptAt: null,
    });

    await h.advanceClock(60 * DAY);
    expect(await renewOn('emulator')).toMatchObject({ processed: 0, charged: 0 });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([]);
    expect(
      await cancelSubscription(
        { subscriptionId: subscription.id, userId: subscription.userId, actor: 'shopper' },
        { config: h.config },
      ),
    ).toMatchObject({
      ok: false,
      reason: 'already_cancelled',
      message: expect.stringContaining('already cancelled'),
    });
  });

  test('a token the shopper cancelled at Klarna marks the subscription cancelled at the next renewal', async () => {
    const { subscription, klarnaTokenId, tokenId } = await subscribe('coffee-club-monthly');
    const { cancelCustomerToken } = await import('@/lib/klarna');
    await cancelCustomerToken({ region: 'eu', customerToken: klarnaTokenId }, { config: h.config });
    await h.advanceClock(15 * DAY);

    expect(await renewOn('emulator')).toMatchObject({ charged: 0, stopped: 1 });

    const after = await subscriptionNow(subscription.id);
    expect(after).toMatchObject({ status: 'CANCELLED', nextAttemptAt: null });
    expect(after.statusReason).toContain('TOKEN_CANCELED');
    expect(after.charges).toEqual([expect.objectContaining({ status: 'ABANDONED' })]);
    await expect(
      (await h.prisma()).customerToken.findUniqueOrThrow({ where: { id: tokenId } }),
    ).resolves.toMatchObject({
      status: 'CANCELLED',
    });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([]);
  });

  test('a token Klarna suspended holds the subscription until staff charge it after reactivation', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-monthly');
    expect((await h.control(`/_emulator/tokens/${klarnaTokenId}/suspend`, { body: {} })).status).toBe(200);
    await h.advanceClock(15 * DAY);

    expect(await renewOn('emulator')).toMatchObject({ stopped: 1 });
    expect(await subscriptionNow(subscription.id)).toMatchObject({
      status: 'SUSPENDED',
      nextAttemptAt: null,
    });

    const { chargeSubscriptionNow } = await import('@/lib/subscriptions/renewals/charge-now');
    const { emulatorClock } = await import('@/lib/subscriptions/clock');
    const options = { config: h.config, clock: emulatorClock(h.emulatorUrl) };
    expect(
      await chargeSubscriptionNow({ subscriptionId: subscription.id, requireDue: false }, options),
    ).toMatchObject({
      ok: false,
      reason: 'token_not_active',
      message: expect.stringContaining('suspended'),
    });

    await h.control(`/_emulator/tokens/${klarnaTokenId}/reactivate`, { body: {} });
    expect(
      await chargeSubscriptionNow({ subscriptionId: subscription.id, requireDue: false }, options),
    ).toMatchObject({
      ok: true,
      outcome: 'charged',
    });
    expect(await subscriptionNow(subscription.id)).toMatchObject({ status: 'ACTIVE', nextPeriod: 2 });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);
  });
});

describe('bad input charges nothing', () => {
  const SECRET = 'renewals-secret-renewals-secret-renewals';

  async function post(body: string, authorization?: string) {
    const { handleRenewRequest } = await import('@/app/api/subscriptions/renew/handle-renew-request');
    const { emulatorClock } = await import('@/lib/subscriptions/clock');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (authorization) headers.Authorization = authorization;
    return handleRenewRequest(
      new Request('http://store/api/subscriptions/renew', { method: 'POST', headers, body }),
      {
        secret: SECRET,
        config: h.config,
        clock: emulatorClock(h.emulatorUrl),
      },
    );
  }

  test('the scheduler route: a forged or missing secret, a malformed body, a route without a secret', async () => {
    const { klarnaTokenId } = await subscribe('coffee-club-monthly');
    await h.advanceClock(15 * DAY);

    expect(await post('{}', `Bearer ${SECRET}x`)).toMatchObject({ status: 401 });
    expect(await post('{}', `Basic ${SECRET}`)).toMatchObject({ status: 401 });
    expect(await post('{}')).toMatchObject({ status: 401 });
    expect(await post('{"limit": "all"}', `Bearer ${SECRET}`)).toMatchObject({ status: 400 });
    expect(await post('not json', `Bearer ${SECRET}`)).toMatchObject({ status: 400 });
    expect(await post('{"subscription_id": 42}', `Bearer ${SECRET}`)).toMatchObject({ status: 400 });
    const { handleRenewRequest } = await import('@/app/api/subscriptions/renew/handle-renew-request');
    const off = await handleRenewRequest(
      new Request('http://store/api/subscriptions/renew', {
        method: 'POST',
        headers: { Authorization: 'Bearer x' },
      }),
      { secret: undefined, config: h.config },
    );
    expect(off.status).toBe(503);
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([]);

    const ran = await post('', `Bearer ${SECRET}`);
    expect(ran).toMatchObject({ status: 200, body: { charged: 1 } });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);
  });

  test('the scheduler route refuses a cancelled subscription, one not due, and an unknown one', async () => {
    const cancelled = await subscribe('coffee-club-monthly');
    const notDue = await subscribe('coffee-club-monthly');
    const { cancelSubscription } = await import('@/lib/subscriptions/cancel');
    await cancelSubscription(
      { subscriptionId: cancelled.subscription.id, actor: 'shopper' },
      { config: h.config },
    );
    await h.advanceClock(15 * DAY);

    const refused = await post(
      JSON.stringify({ subscription_id: cancelled.subscription.id }),
      `Bearer ${SECRET}`,
    );
    expect(refused).toMatchObject({
      status: 409,
      body: { message: expect.stringContaining('cancelled; nothing was charged') },
    });
    expect(h.klarnaTokenOrders(cancelled.klarnaTokenId)).toEqual([]);

    const prisma = await h.prisma();
    await prisma.subscription.update({
      where: { id: notDue.subscription.id },
      data: { nextAttemptAt: new Date(Date.now() + 400 * DAY) },
    });
    const early = await post(JSON.stringify({ subscription_id: notDue.subscription.id }), `Bearer ${SECRET}`);
    expect(early).toMatchObject({ status: 409, body: { message: expect.stringContaining('not due until') } });
    expect(h.klarnaTokenOrders(notDue.klarnaTokenId)).toEqual([]);

    expect(await post(JSON.stringify({ subscription_id: 'nope' }), `Bearer ${SECRET}`)).toMatchObject({
      status: 404,
    });
  });

  test('a token from another region: stopped before anything is sent, or refused by Klarna, never charged', async () => {
    const local = await subscribe('coffee-club-monthly');
    const prisma = await h.prisma();
    // The subscription now says it is paid in the US, but its token was issued by Klarna Europe.
    await prisma.subscription.update({
      where: { id: local.subscription.id },
      data: { country: 'US', currency: 'USD', region: 'na' },
    });
    // This token's records claim North America, but Klarna Europe issued it.
    const remote = await subscribe('coffee-club-monthly');
    await prisma.subscription.update({
      where: { id: remote.subscription.id },
      data: { country: 'US', currency: 'USD', region: 'na' },
    });
    await prisma.customerToken.update({ where: { id: remote.tokenId }, data: { region: 'na' } });
    await h.advanceClock(15 * DAY);

    expect(await renewOn('emulator')).toMatchObject({ charged: 0, stopped: 2 });

    const stoppedLocally = await subscriptionNow(local.subscription.id);
    expect(stoppedLocally).toMatchObject({ status: 'SUSPENDED', charges: [] });
    expect(stoppedLocally.statusReason).toContain("issued by Klarna's eu region");
    const refusedByKlarna = await subscriptionNow(remote.subscription.id);
    expect(refusedByKlarna).toMatchObject({ status: 'SUSPENDED' });
    expect(refusedByKlarna.charges[0]?.attemptLog[0]?.errorCode).toBe('TOKEN_NOT_FOUND');
    expect(h.klarnaTokenOrders(local.klarnaTokenId)).toEqual([]);
    expect(h.klarnaTokenOrders(remote.klarnaTokenId)).toEqual([]);
  });
});

describe('staff charging a period early', () => {
  test('a period not yet due is refused until staff confirm charging it early', async () => {
    const { subscription, klarnaTokenId } = await subscribe('coffee-club-monthly');
    const { chargeSubscriptionNow } = await import('@/lib/subscriptions/renewals/charge-now');
    const { emulatorClock } = await import('@/lib/subscriptions/clock');
    const options = { config: h.config, clock: emulatorClock(h.emulatorUrl), actor: 'admin@example.com' };

    expect(
      await chargeSubscriptionNow({ subscriptionId: subscription.id, requireDue: false }, options),
    ).toMatchObject({
      ok: false,
      reason: 'not_due',
      message: expect.stringMatching(/^Period 1 is not due until \d{4}-\d{2}-\d{2}; nothing was charged\./),
    });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toEqual([]);
    expect(await subscriptionNow(subscription.id)).toMatchObject({ status: 'ACTIVE', nextPeriod: 1 });

    expect(
      await chargeSubscriptionNow(
        { subscriptionId: subscription.id, requireDue: false, early: true },
        options,
      ),
    ).toMatchObject({ ok: true, outcome: 'charged', period: 1 });
    expect(h.klarnaTokenOrders(klarnaTokenId)).toHaveLength(1);
    expect(await subscriptionNow(subscription.id)).toMatchObject({ nextPeriod: 2 });
  });
});
