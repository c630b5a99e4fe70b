import { describe, expect, test } from 'vitest';
import { customerFor, setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

// A payment session belongs to one market (design invariant 8): a shopper who switches market in
// another tab, before or after approving in Klarna, never gets an order in one market's currency
// at another market's amounts, and can still buy at the new market's price.

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

type Country = Parameters<typeof customerFor>[0];

const EMAIL: Record<Country, string> = {
  SE: 'customer@email.se',
  DE: 'customer@email.de',
  US: 'customer@email.us',
  GB: 'customer@email.uk',
  AU: 'customer@email.au',
};

async function openSession(cartId: string, country: Country) {
  const { startCheckoutSession } = await import('@/lib/checkout/start-session');
  const result = await startCheckoutSession(
    { cartId, customer: customerFor(country, EMAIL[country]) },
    { config: h.config, appUrl: h.appUrl },
  );
  if (!result.ok) throw new Error(`checkout session failed: ${result.message}`);
  return result.paymentSession;
}

async function finalize(paymentSessionId: string, authorizationToken: string) {
  const { finalizeOrder } = await import('@/lib/checkout/place-order');
  return finalizeOrder({ paymentSessionId, authorizationToken, actor: 'shopper' }, { config: h.config });
}

/** What the market selector does to an open cart (lib/data/carts.ts `resolveCart`). */
async function switchMarket(cartId: string, country: Country) {
  const { getMarket } = await import('@/lib/markets');
  const market = getMarket(country);
  if (!market) throw new Error(`no market ${country}`);
  await (
    await h.prisma()
  ).cart.update({ where: { id: cartId }, data: { country: market.country, currency: market.currency } });
}

async function ordersOfCart(cartId: string) {
  return (await h.prisma()).order.findMany({ where: { cartId } });
}

async function klarnaSession(klarnaSessionId: string) {
  const { status, body } = await h.control(`/_emulator/sessions/${klarnaSessionId}`);
  expect(status).toBe(200);
  return body as {
    region: string;
    data: { purchase_country: string; purchase_currency: string; locale: string; order_amount: number };
  };
}

/** One mug, as the catalogue prices it in a market, for the address customerFor gives (US: New York's 4 %). */
async function oneMugIn(country: Country) {
  const { getMarket } = await import('@/lib/markets');
  const { buildOrderLines } = await import('@/lib/order-lines');
  const { env } = await import('@/lib/env');
  const market = getMarket(country)!;
  const price = { SEK: 24900, EUR: 1990, USD: 1800, GBP: 1600, AUD: 2900 }[market.currency];
  const taxRate = { SEK: 2500, EUR: 1900, USD: 400, GBP: 2000, AUD: 1000 }[market.currency];
  return buildOrderLines({
    taxStyle: market.taxStyle,
    lines: [
      {
        reference: 'mug',
        name: 'Enamel Mug',
        quantity: 1,
        unitPrice: price,
        taxRate,
        productUrl: `${env.APP_URL}/products/mug`,
        imageUrl: `${env.APP_URL}/products/mug.svg`,
      },
    ],
  });
}

/** The shopper starts again in the new market and approves its new session. */
async function buyInNewMarket(cartId: string, country: Country, old: { klarnaSessionId: string }) {
  const fresh = await openSession(cartId, country);
  expect(fresh.klarnaSessionId).not.toBe(old.klarnaSessionId);
  const token = await h.approve(fresh.klarnaSessionId, EMAIL[country]);
  await h.callbacksIdle();
  const result = await finalize(fresh.id, token);
  expect(result).toMatchObject({ ok: true, outcome: 'placed' });
  return fresh;
}

const SWITCHES = [
  { to: 'DE', currency: 'EUR', locale: 'de-DE', region: 'eu' },
  { to: 'US', currency: 'USD', locale: 'en-US', region: 'na' },
] as const;

describe('a cart that switches market', () => {
  for (const { to, currency, locale, region } of SWITCHES) {
    test(`SE→${to} after approval: no order; the ${to} checkout places one at the ${currency} price`, async () => {
      const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
      const session = await openSession(cartId, 'SE');
      const token = await h.approveWithoutCallback(session, EMAIL.SE);
      await switchMarket(cartId, to);

      const result = await finalize(session.id, token);
      const again = await finalize(session.id, token);

      for (const answer of [result, again]) {
        expect(answer).toMatchObject({
          ok: false,
          reason: 'market_changed',
          session: null,
          message: expect.stringContaining(`changed to ${to === 'DE' ? 'Germany' : 'United States'}`),
        });
      }
      expect(await ordersOfCart(cartId)).toEqual([]);
      expect(h.klarnaOrdersFor(session.klarnaSessionId)).toEqual([]);
      // The Swedish session keeps its market and its amounts, here and at Klarna.
      const stored = await (await h.prisma()).paymentSession.findUniqueOrThrow({ where: { id: session.id } });
      expect(stored).toMatchObject({
        purchaseCountry: 'SE',
        currency: 'SEK',
        locale: 'sv-SE',
        orderAmount: 24900,
        linesPayload: session.linesPayload,
      });
      expect((await klarnaSession(session.klarnaSessionId)).data).toMatchObject({
        purchase_country: 'SE',
        purchase_currency: 'SEK',
        order_amount: 24900,
      });

      const expected = await oneMugIn(to);
      const fresh = await buyInNewMarket(cartId, to, session);

      expect(fresh).toMatchObject({ purchaseCountry: to, currency, locale, region });
      expect((await klarnaSession(fresh.klarnaSessionId)).region).toBe(region);
      expect(await ordersOfCart(cartId)).toEqual([
        expect.objectContaining({
          status: 'AUTHORIZED',
          country: to,
          currency,
          region,
          orderAmount: expected.order_amount,
          paymentSessionId: fresh.id,
        }),
      ]);
      expect(h.klarnaOrdersFor(fresh.klarnaSessionId)).toEqual([
        expect.objectContaining({ orderAmount: expected.order_amount }),
      ]);
      expect(h.klarnaOrdersFor(session.klarnaSessionId)).toEqual([]);
    });

    test(`SE→${to} before approval: Klarna's callback and the browser both refuse the Swedish session`, async () => {
      const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
      const session = await openSession(cartId, 'SE');
      await switchMarket(cartId, to);

      // The shopper approves the Swedish session in the old tab; Klarna calls back at once.
      const token = await h.approve(session.klarnaSessionId, EMAIL.SE);
      await h.callbacksIdle();

      expect(h.callbackAnswers).toEqual([
        expect.objectContaining({
          path: '/api/klarna/authorization',
          status: 409,
          body: expect.objectContaining({ status: 'reauthorization_required', message: 'market_changed' }),
        }),
      ]);
      expect(await finalize(session.id, token)).toMatchObject({
        ok: false,
        reason: 'market_changed',
        session: null,
      });
      expect(await ordersOfCart(cartId)).toEqual([]);
      expect(h.klarnaOrdersFor(session.klarnaSessionId)).toEqual([]);

      const expected = await oneMugIn(to);
      const fresh = await buyInNewMarket(cartId, to, session);

      expect(await ordersOfCart(cartId)).toEqual([
        expect.objectContaining({ country: to, currency, orderAmount: expected.order_amount }),
      ]);
      expect(h.klarnaOrdersFor(fresh.klarnaSessionId)).toHaveLength(1);
    });
  }

  test('a session is never updated with the amounts of another market', async () => {
    const { getMarket } = await import('@/lib/markets');
    const { syncPaymentSession } = await import('@/lib/checkout/start-session');
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');

    const result = await syncPaymentSession(
      session,
      { market: getMarket('DE')!, totals: await oneMugIn('DE') },
      customerFor('DE', EMAIL.DE),
      { config: h.config, force: true },
    );

    expect(result).toMatchObject({ ok: false, reason: 'market_changed' });
    expect((await klarnaSession(session.klarnaSessionId)).data).toMatchObject({
      purchase_currency: 'SEK',
      order_amount: 24900,
    });
    const stored = await (await h.prisma()).paymentSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored.linesPayload).toEqual(session.linesPayload);
  });

  test('details entered for Sweden are not carried into the new market’s session', async () => {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    await openSession(cartId, 'SE');
    await switchMarket(cartId, 'US');

    const result = await startCheckoutSession({ cartId }, { config: h.config, appUrl: h.appUrl });

    expect(result).toMatchObject({ ok: true, paymentSession: { purchaseCountry: 'US', customer: null } });
  });

  test('switching back to Sweden lets the Swedish approval place the order at the SEK price', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    const token = await h.approveWithoutCallback(session, EMAIL.SE);
    await switchMarket(cartId, 'DE');
    expect(await finalize(session.id, token)).toMatchObject({ reason: 'market_changed' });
    await switchMarket(cartId, 'SE');

    const result = await finalize(session.id, token);

    expect(result).toMatchObject({ ok: true, outcome: 'placed', created: true });
    expect(await ordersOfCart(cartId)).toEqual([
      expect.objectContaining({ country: 'SE', currency: 'SEK', orderAmount: 24900 }),
    ]);
  });
});

describe('the amount of an order', () => {
  test('must equal the cart priced from the catalogue in the order’s own currency', async () => {
    const { pricedAsCatalogue } = await import('@/lib/checkout/place');
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const swedish = { cartId, country: 'SE', currency: 'SEK' };

    expect(await pricedAsCatalogue(swedish, await oneMugIn('SE'))).toBe(true);
    // Euro minor units in a krona order: 19,90 kr for a 249,00 kr mug.
    expect(await pricedAsCatalogue(swedish, await oneMugIn('DE'))).toBe(false);
    // The cart moving on to Germany does not change what a krona order must cost.
    await switchMarket(cartId, 'DE');
    expect(await pricedAsCatalogue(swedish, await oneMugIn('SE'))).toBe(true);

    const prisma = await h.prisma();
    const mug = await prisma.product.findUniqueOrThrow({ where: { slug: 'mug' } });
    await prisma.price.update({
      where: { productId_currency: { productId: mug.id, currency: 'SEK' } },
      data: { unitAmount: 19900 },
    });
    try {
      expect(await pricedAsCatalogue(swedish, await oneMugIn('SE'))).toBe(false);
    } finally {
      await prisma.price.update({
        where: { productId_currency: { productId: mug.id, currency: 'SEK' } },
        data: { unitAmount: 24900 },
      });
    }
  });

  test('a catalogue price changed after approval places no order at the old price', async () => {
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    const session = await openSession(cartId, 'SE');
    const token = await h.approveWithoutCallback(session, EMAIL.SE);
    const prisma = await h.prisma();
    const mug = await prisma.product.findUniqueOrThrow({ where: { slug: 'mug' } });
    const where = { productId_currency: { productId: mug.id, currency: 'SEK' } };
    await prisma.price.update({ where, data: { unitAmount: 27900 } });
    try {
      const result = await finalize(session.id, token);

      expect(result).toMatchObject({ ok: false, reason: 'cart_changed' });
      expect('session' in result && result.session?.totals.order_amount).toBe(27900);
      expect(await ordersOfCart(cartId)).toEqual([]);
      expect(h.klarnaOrdersFor(session.klarnaSessionId)).toEqual([]);
    } finally {
      await prisma.price.update({ where, data: { unitAmount: 24900 } });
    }
  });
});
