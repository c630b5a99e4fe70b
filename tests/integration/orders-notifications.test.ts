import { describe, expect, test } from 'vitest';
import { customerFor, setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

/** A US order placed for a pending persona (decided after 5 emulator minutes). */
async function pendingOrder(email: string) {
  const { startCheckoutSession } = await import('@/lib/checkout/start-session');
  const { finalizeOrder } = await import('@/lib/checkout/place-order');
  const cartId = await h.createCart('US', [{ slug: 'mug', quantity: 1 }]);
  const started = await startCheckoutSession(
    { cartId, customer: customerFor('US', email) },
    { config: h.config, appUrl: h.appUrl },
  );
  if (!started.ok) throw new Error(started.message);
  const token = await h.approve(started.paymentSession.klarnaSessionId, email);
  const result = await finalizeOrder(
    { paymentSessionId: started.paymentSession.id, authorizationToken: token, actor: 'shopper' },
    { config: h.config },
  );
  await h.callbacksIdle();
  if (!result.ok || result.outcome !== 'placed') throw new Error(`not placed: ${JSON.stringify(result)}`);
  const prisma = await h.prisma();
  const order = await prisma.order.findUniqueOrThrow({
    where: { id: result.orderId },
    include: { paymentSession: true },
  });
  if (!order.paymentSession) throw new Error('a checkout order has a payment session');
  return { order, secret: order.paymentSession.callbackSecret };
}

async function advanceEmulatorClock(minutes: number) {
  const { status } = await h.control('/_emulator/clock', { body: { advance_ms: minutes * 60_000 } });
  expect(status).toBe(200);
  await h.callbacksIdle();
}

async function notify(query: string, body: unknown) {
  const response = await fetch(`${h.appUrl}/api/klarna/notification${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return response.status;
}

describe('pending fraud decisions', () => {
  test('an accepted decision, re-read from Order Management, marks the order accepted', async () => {
    const { order } = await pendingOrder('customer+pend-accept-05@email.us');
    expect(order).toMatchObject({ status: 'AUTHORIZED', fraudStatus: 'PENDING' });

    await advanceEmulatorClock(6);

    const prisma = await h.prisma();
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'AUTHORIZED',
      fraudStatus: 'ACCEPTED',
    });
    expect(h.callbackAnswers.filter((answer) => answer.path === '/api/klarna/notification')).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    const events = await prisma.orderEvent.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((event) => [event.type, event.actor])).toEqual([
      ['ORDER_PLACED', expect.any(String)],
      ['FRAUD_STATUS_CHANGED', 'klarna-notification'],
    ]);
  });

  test('a rejection cancels the order locally; a repeated notification changes nothing more', async () => {
    const { order, secret } = await pendingOrder('customer+pend-reject-05@email.us');

    await advanceEmulatorClock(6);

    const prisma = await h.prisma();
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'CANCELLED',
      fraudStatus: 'REJECTED',
    });
    const body = { order_id: order.klarnaOrderId, event_type: 'FRAUD_RISK_REJECTED' };
    expect(await notify(`?secret=${secret}`, body)).toBe(200);
    expect(await prisma.orderEvent.count({ where: { orderId: order.id, type: 'ORDER_CANCELLED' } })).toBe(1);
  });

  test('the body is never trusted: a claimed acceptance of a still-pending order changes nothing', async () => {
    const { order, secret } = await pendingOrder('customer+pend-reject-05@email.us');

    expect(
      await notify(`?secret=${secret}`, { order_id: order.klarnaOrderId, event_type: 'FRAUD_RISK_ACCEPTED' }),
    ).toBe(200);

    const prisma = await h.prisma();
    expect((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).fraudStatus).toBe('PENDING');
  });

  test('malformed bodies get 400, a wrong secret or unknown order 404, and nothing changes', async () => {
    const { order, secret } = await pendingOrder('customer+pend-accept-05@email.us');
    const valid = { order_id: order.klarnaOrderId, event_type: 'FRAUD_RISK_ACCEPTED' };

    expect(await notify(`?secret=${secret}`, '{oops')).toBe(400);
    expect(await notify(`?secret=${secret}`, { order_id: order.klarnaOrderId })).toBe(400);
    expect(await notify(`?secret=${secret}`, { ...valid, event_type: 'SOMETHING_ELSE' })).toBe(400);
    expect(await notify('?secret=wrong', valid)).toBe(404);
    expect(await notify(`?secret=${secret}`, { ...valid, order_id: 'unknown-order' })).toBe(404);

    const prisma = await h.prisma();
    expect(await prisma.orderEvent.count({ where: { orderId: order.id } })).toBe(1);
  });
});
