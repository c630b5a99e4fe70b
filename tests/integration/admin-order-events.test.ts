/**
 * One event per thing that happened (design invariant 7): the same staff request sent several times
 * at once (a double click, several tabs, a script) is carried out once at Klarna and leaves one
 * event, which counts the replays; never a second "success" on the timeline.
 */
import type { OrderActionOptions, OrderActionResult } from '@/lib/order-admin/run-action';
import { describe, expect, test } from 'vitest';
import { ADMIN, dbOrder, klarnaOrder, omRequests, placeOrder } from './admin-fixtures';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

const MUG = 24900;
const TEA = 8900;
const TIMES = 6;

/** Every request waits its turn however slow the machine is, so all of them reach the checks. */
function options(): OrderActionOptions {
  return { config: h.config, leaseWaitMs: 120_000 };
}

async function sixAtOnce(run: () => Promise<OrderActionResult>): Promise<OrderActionResult[]> {
  return Promise.all(Array.from({ length: TIMES }, run));
}

/** The staff-action events recorded since `since` (placing the order and its callbacks left out). */
async function eventsSince(orderId: string, since: number) {
  return (await dbOrder(h, orderId)).events.slice(since).map((event) => ({
    type: event.type,
    outcome: event.outcome,
    replays: event.replays,
  }));
}

async function eventCount(orderId: string) {
  return (await dbOrder(h, orderId)).events.length;
}

const noShipping = {
  shippingCompany: undefined,
  trackingNumber: undefined,
  trackingUri: undefined,
  description: undefined,
};

describe('the same request six times at once', () => {
  test('capture: one capture at Klarna, one CAPTURE event counting five replays', async () => {
    const { capturePayment } = await import('@/lib/order-admin/capture');
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    const before = await eventCount(order.id);
    const form = {
      orderId: order.id,
      mode: 'lines' as const,
      lines: [{ position: 0, quantity: 1 }],
      expectedAmount: MUG,
      expectedCapturedAmount: 0,
      ...noShipping,
    };

    const results = await sixAtOnce(() => capturePayment(form, ADMIN, options()));

    expect(results.every((result) => result.ok)).toBe(true);
    const atKlarna = await klarnaOrder(h, order.klarnaOrderId);
    expect(atKlarna.captures.map((c) => c.captured_amount)).toEqual([MUG]);
    expect((await omRequests(h, '/captures')).filter((r) => r.method === 'POST')).toHaveLength(1);
    const local = await dbOrder(h, order.id);
    expect(local.captures.map((c) => c.amount)).toEqual([MUG]);
    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'CAPTURE', outcome: 'SUCCESS', replays: TIMES - 1 },
    ]);
    expect(local.events.at(-1)?.message).not.toContain('had not been recorded');
  });

  test('refund: one refund at Klarna, one REFUND event counting five replays', async () => {
    const { capturePayment } = await import('@/lib/order-admin/capture');
    const { refundPayment } = await import('@/lib/order-admin/refund');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 2 }]);
    await capturePayment(
      {
        orderId: order.id,
        mode: 'remaining',
        expectedAmount: 2 * TEA,
        expectedCapturedAmount: 0,
        ...noShipping,
      },
      ADMIN,
      options(),
    );
    const before = await eventCount(order.id);
    const form = {
      orderId: order.id,
      mode: 'amount' as const,
      amount: '89.00',
      expectedRefundedAmount: 0,
      reason: 'One pack arrived open',
    };

    const results = await sixAtOnce(() => refundPayment(form, ADMIN, options()));

    expect(results.every((result) => result.ok)).toBe(true);
    expect((await klarnaOrder(h, order.klarnaOrderId)).refunds.map((r) => r.refunded_amount)).toEqual([TEA]);
    const local = await dbOrder(h, order.id);
    expect(local.refunds.map((r) => r.amount)).toEqual([TEA]);
    expect(local.refundedAmount).toBe(TEA);
    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'REFUND', outcome: 'SUCCESS', replays: TIMES - 1 },
    ]);
  });

  test('cancel: cancelled once, one CANCEL event', async () => {
    const { cancelPayment } = await import('@/lib/order-admin/cancel');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const before = await eventCount(order.id);

    const results = await sixAtOnce(() =>
      cancelPayment({ orderId: order.id, expectedCapturedAmount: 0 }, ADMIN, options()),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    expect((await omRequests(h, '/cancel')).filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'CANCEL', outcome: 'SUCCESS', replays: TIMES - 1 },
    ]);
  });

  test('release the remaining authorization: released once, one event', async () => {
    const { capturePayment } = await import('@/lib/order-admin/capture');
    const { releaseRemaining } = await import('@/lib/order-admin/release');
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    await capturePayment(
      {
        orderId: order.id,
        mode: 'lines',
        lines: [{ position: 1, quantity: 1 }],
        expectedAmount: TEA,
        expectedCapturedAmount: 0,
        ...noShipping,
      },
      ADMIN,
      options(),
    );
    const before = await eventCount(order.id);

    const results = await sixAtOnce(() =>
      releaseRemaining(
        { orderId: order.id, expectedCapturedAmount: TEA, expectedAmount: MUG },
        ADMIN,
        options(),
      ),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    const releases = await omRequests(h, '/release-remaining-authorization');
    expect(releases.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await klarnaOrder(h, order.klarnaOrderId)).toMatchObject({ status: 'CLOSED' });
    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'RELEASE_REMAINING_AUTHORIZATION', outcome: 'SUCCESS', replays: TIMES - 1 },
    ]);
  });

  test('extend the authorization: extended once, one event', async () => {
    const { extendAuthorization } = await import('@/lib/order-admin/extend');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const shown = (await dbOrder(h, order.id)).authorizationExpiresAt?.toISOString();
    await h.control('/_emulator/clock', { body: { advance: '3d' } });
    const before = await eventCount(order.id);

    const results = await sixAtOnce(() =>
      extendAuthorization({ orderId: order.id, expectedExpiresAt: shown }, ADMIN, options()),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    const extensions = await omRequests(h, '/extend-authorization-time');
    expect(extensions.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'EXTEND_AUTHORIZATION', outcome: 'SUCCESS', replays: TIMES - 1 },
    ]);
  });

  test('merchant references: changed once, one event', async () => {
    const { setMerchantReferences } = await import('@/lib/order-admin/merchant-references');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const placedWith = (await klarnaOrder(h, order.klarnaOrderId)).merchant_reference1 ?? '';
    const before = await eventCount(order.id);
    const form = {
      orderId: order.id,
      reference1: 'ERP-2002',
      reference2: 'INV-9',
      expectedReference1: placedWith,
      expectedReference2: '',
    };

    const results = await sixAtOnce(() => setMerchantReferences(form, ADMIN, options()));

    expect(results.every((result) => result.ok)).toBe(true);
    expect((await omRequests(h, '/merchant-references')).filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'UPDATE_MERCHANT_REFERENCES', outcome: 'SUCCESS', replays: TIMES - 1 },
    ]);
  });
});

describe('replays that come later', () => {
  test('a capture form sent again after the first was recorded is noted on its event, not recorded again', async () => {
    const { capturePayment } = await import('@/lib/order-admin/capture');
    const order = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 1 }]);
    const form = {
      orderId: order.id,
      mode: 'remaining' as const,
      expectedAmount: MUG,
      expectedCapturedAmount: 0,
      ...noShipping,
    };
    const before = await eventCount(order.id);

    expect(await capturePayment(form, ADMIN, options())).toMatchObject({ ok: true });
    expect(await capturePayment(form, ADMIN, options())).toMatchObject({
      ok: true,
      message: expect.stringContaining('had already reached Klarna'),
    });

    expect(await eventsSince(order.id, before)).toEqual([
      { type: 'CAPTURE', outcome: 'SUCCESS', replays: 1 },
    ]);
    expect((await dbOrder(h, order.id)).events.at(-1)?.lastReplayAt).toBeInstanceOf(Date);
  });
});
