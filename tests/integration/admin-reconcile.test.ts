import { describe, expect, test } from 'vitest';
import { ADMIN, capture, dbOrder, klarnaOrder, placeOrder } from './admin-fixtures';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

const BASIC = `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`;

/** A write made in Klarna's own portal (or by another system), not through the store. */
async function atKlarnaDirectly(klarnaOrderId: string, suffix: string, body: unknown) {
  const response = await fetch(`${h.emulatorUrl}/eu/ordermanagement/v1/orders/${klarnaOrderId}${suffix}`, {
    method: 'POST',
    headers: { Authorization: BASIC, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

async function reconcile(includeSettled = false) {
  const { reconcileOrders } = await import('@/lib/order-admin/reconcile');
  return reconcileOrders({ includeSettled }, { config: h.config });
}

describe('reconcile', () => {
  test('marks expired authorizations, records captures made elsewhere, and is quiet when run again', async () => {
    const open = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const partly = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    const captured = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 1 }]);
    await capture(h, {
      orderId: captured.id,
      mode: 'remaining',
      expectedAmount: captured.orderAmount,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    await atKlarnaDirectly(partly.klarnaOrderId, '/captures', {
      captured_amount: 8900,
      description: 'Portal',
    });
    // A month passes at Klarna: authorizations lapse.
    await h.control('/_emulator/clock', { body: { advance: '29d' } });

    const summary = await reconcile();

    expect(summary.checked).toBe(2);
    expect(summary.failed).toEqual([]);
    expect(summary.changed.map((change) => change.message).sort()).toEqual([
      expect.stringContaining('status AUTHORIZED → CLOSED'),
      expect.stringContaining('status AUTHORIZED → EXPIRED'),
    ]);
    const expired = await dbOrder(h, open.id);
    expect(expired).toMatchObject({ status: 'EXPIRED', klarnaStatus: 'EXPIRED' });
    expect(expired.events.at(-1)).toMatchObject({
      type: 'ORDER_SYNCED',
      actor: 'reconcile',
      outcome: 'SUCCESS',
      message: expect.stringContaining('status AUTHORIZED → EXPIRED'),
    });
    const closed = await dbOrder(h, partly.id);
    expect(closed).toMatchObject({ status: 'CLOSED', capturedAmount: 8900 });
    expect(closed.captures).toEqual([
      expect.objectContaining({ amount: 8900, actor: 'klarna', description: 'Portal' }),
    ]);
    expect(closed.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['CAPTURE', 'ORDER_SYNCED']),
    );
    // A captured order is not open: left alone without --all.
    expect((await dbOrder(h, captured.id)).events.filter((event) => event.actor === 'reconcile')).toEqual([]);

    const again = await reconcile();
    expect(again).toMatchObject({ checked: 0, changed: [], failed: [] });
  });

  test('with --all, a refund made outside the store on a captured order is recorded and the order shows refunded', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    await capture(h, {
      orderId: order.id,
      mode: 'remaining',
      expectedAmount: order.orderAmount,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    await atKlarnaDirectly(order.klarnaOrderId, '/refunds', {
      refunded_amount: order.orderAmount,
      description: 'Goodwill',
    });

    expect((await reconcile(false)).checked).toBe(0);
    const summary = await reconcile(true);

    expect(summary.changed).toEqual([
      expect.objectContaining({ message: expect.stringContaining('refunded SEK 0.00 → ') }),
    ]);
    const local = await dbOrder(h, order.id);
    expect(local).toMatchObject({ status: 'CAPTURED', refundedAmount: order.orderAmount });
    expect(local.refunds).toEqual([
      expect.objectContaining({ amount: order.orderAmount, description: 'Goodwill', actor: 'klarna' }),
    ]);
  });

  test('an order Klarna cannot be asked about is reported as failed and left as it was', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    await h.control('/_emulator/faults', {
      body: { match: `GET /ordermanagement/v1/orders/${order.klarnaOrderId}`, fault: 'status', status: 503 },
    });

    const summary = await reconcile();

    expect(summary.failed).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not answering') }),
    ]);
    const local = await dbOrder(h, order.id);
    expect(local.status).toBe('AUTHORIZED');
    expect(local.events.at(-1)).toMatchObject({ type: 'SYNC', outcome: 'FAILURE', actor: 'reconcile' });
  });

  test('status counts follow every change, and a drifted count is corrected', async () => {
    const { countAdminOrders } = await import('@/lib/data/order-list');
    const prisma = await h.prisma();
    const actual = async () =>
      Object.fromEntries(
        (await prisma.order.groupBy({ by: ['status'], _count: { _all: true } })).map((row) => [
          row.status,
          row._count._all,
        ]),
      );
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const { cancelPayment } = await import('@/lib/order-admin/cancel');
    await cancelPayment({ orderId: order.id, expectedCapturedAmount: 0 }, ADMIN, { config: h.config });

    const counts = await countAdminOrders(new Date());
    expect(Object.fromEntries(Object.entries(counts.byStatus).filter(([, count]) => count > 0))).toEqual(
      await actual(),
    );
    expect(counts.total).toBe(await prisma.order.count());

    await prisma.orderStatusCount.update({
      where: { status: 'CANCELLED' },
      data: { count: { increment: 5 } },
    });
    const summary = await reconcile();
    const cancelled = (await actual()).CANCELLED ?? 0;
    expect(cancelled).toBeGreaterThan(0);
    expect(summary.countCorrections).toEqual([{ status: 'CANCELLED', was: cancelled + 5, now: cancelled }]);
    expect((await countAdminOrders(new Date())).byStatus.CANCELLED).toBe((await actual()).CANCELLED);
  });

  test('the order page re-reads Klarna by itself when its copy was never compared or is over five minutes old', async () => {
    const { isSyncDue, SYNC_AFTER_MS } = await import('@/lib/order-admin/reconcile');
    const now = new Date('2026-11-01T12:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(isSyncDue(null, now, true)).toBe(true);
    expect(SYNC_AFTER_MS).toBe(5 * 60_000);
    expect(isSyncDue(ago(SYNC_AFTER_MS), now, true)).toBe(false);
    expect(isSyncDue(ago(SYNC_AFTER_MS + 1), now, true)).toBe(true);
    // An order Klarna never created (a claim still being placed) has nothing to compare.
    expect(isSyncDue(null, now, false)).toBe(false);
  });

  test('the sync action records a capture made elsewhere and says what changed', async () => {
    const { syncOrder } = await import('@/lib/order-admin/reconcile');
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    await syncOrder({ orderId: order.id }, ADMIN, { config: h.config });
    const quiet = await syncOrder({ orderId: order.id }, ADMIN, { config: h.config });
    expect(quiet).toEqual({ ok: true, message: 'Already in step with Klarna.' });

    await atKlarnaDirectly(order.klarnaOrderId, '/captures', { captured_amount: 8900 });
    const result = await syncOrder({ orderId: order.id }, ADMIN, { config: h.config });

    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('1 capture(s) recorded') });
    expect(await klarnaOrder(h, order.klarnaOrderId)).toMatchObject({ captured_amount: 8900 });
    expect(await dbOrder(h, order.id)).toMatchObject({ status: 'PART_CAPTURED', capturedAmount: 8900 });
  });
});
