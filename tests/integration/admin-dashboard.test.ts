import { describe, expect, test } from 'vitest';
import { capture, placeOrder, refund } from './admin-fixtures';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

/*
 * The back office's dashboard figures and its search by customer name and email, on orders placed
 * through the real checkout and captured and refunded through Klarna (the emulator).
 */

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

// SE prices: mug 249.00 kr, tea 89.00 kr; US: mug $18.00, tea $9.00 (tax added on top in the US).
const MUG_SEK = 24900;
const TEA_SEK = 8900;

const noShipping = {
  shippingCompany: undefined,
  trackingNumber: undefined,
  trackingUri: undefined,
  description: undefined,
};

async function search(q: string) {
  const { listAdminOrders } = await import('@/lib/data/order-list');
  const page = await listAdminOrders({ search: q, sort: 'newest', pageSize: 25, now: new Date() });
  return page.rows.map((row) => row.id);
}

describe('search by customer', () => {
  test('finds an order by any part of the billing name, in any case, and by any part of the email', async () => {
    // The SE test address is Alice Test; the US one is Test Person.
    const alice = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }], 'alice.lindqvist@post.example');
    const person = await placeOrder(h, 'US', [{ slug: 'tea', quantity: 1 }], 'tp@shop.example');

    expect(await search('ALICE')).toEqual([alice.id]);
    expect(await search('alice test')).toEqual([alice.id]);
    expect(await search('Person')).toEqual([person.id]);
    expect(await search('lindqvist')).toEqual([alice.id]);
    expect(await search('post.example')).toEqual([alice.id]);
    expect(await search('@SHOP.example')).toEqual([person.id]);
    expect(await search('nobody by that name')).toEqual([]);
  });
});

describe('revenue per currency', () => {
  test('today and this week: captured minus refunded and placed, per currency, never added across', async () => {
    const { getRevenueSummary } = await import('@/lib/data/revenue');
    const before = await getRevenueSummary(new Date());

    const sek = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    const usd = await placeOrder(h, 'US', [{ slug: 'mug', quantity: 1 }]);
    expect(
      await capture(h, {
        orderId: sek.id,
        mode: 'remaining',
        expectedAmount: sek.orderAmount,
        expectedCapturedAmount: 0,
        ...noShipping,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await refund(h, {
        orderId: sek.id,
        mode: 'amount',
        amount: '89,00',
        expectedRefundedAmount: 0,
        reason: 'Tea returned',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await capture(h, {
        orderId: usd.id,
        mode: 'amount',
        amount: '10.00',
        expectedCapturedAmount: 0,
        ...noShipping,
      }),
    ).toMatchObject({ ok: true });

    const after = await getRevenueSummary(new Date());
    const change = (window: 'today' | 'week', currency: string) => {
      const now = after[window].rows.find((row) => row.currency === currency);
      const was = before[window].rows.find((row) => row.currency === currency);
      return {
        placed: (now?.placed ?? 0) - (was?.placed ?? 0),
        captured: (now?.captured ?? 0) - (was?.captured ?? 0),
        refunded: (now?.refunded ?? 0) - (was?.refunded ?? 0),
        net: (now?.net ?? 0) - (was?.net ?? 0),
      };
    };
    for (const window of ['today', 'week'] as const) {
      expect(change(window, 'SEK')).toEqual({
        placed: MUG_SEK + TEA_SEK,
        captured: MUG_SEK + TEA_SEK,
        refunded: TEA_SEK,
        net: MUG_SEK,
      });
      expect(change(window, 'USD')).toEqual({
        placed: usd.orderAmount,
        captured: 1000,
        refunded: 0,
        net: 1000,
      });
    }
    expect(after.today.rows.map((row) => row.currency)).toEqual(['SEK', 'USD']);
  });

  test('windows start at midnight UTC, and the week on Monday', async () => {
    const { startOfUtcDay, startOfUtcWeek } = await import('@/lib/data/revenue');
    // Wednesday 9 December 2026, 00:30 in Stockholm is still Tuesday in UTC.
    const now = new Date('2026-12-08T23:30:00.000Z');
    expect(startOfUtcDay(now).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(startOfUtcWeek(now).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    // A Sunday belongs to the week that began six days before.
    expect(startOfUtcWeek(new Date('2026-12-13T12:00:00.000Z')).toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    expect(startOfUtcWeek(new Date('2026-12-07T00:00:00.000Z')).toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
  });
});
