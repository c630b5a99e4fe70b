import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { seCart, startReceiver, startTestEmulator, type Receiver } from './helpers.js';
import { orderApi, type OrderApi } from './order-management-helpers.js';

let emulator: RunningEmulator;
let api: OrderApi;
let receiver: Receiver | undefined;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = orderApi(emulator);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  await receiver?.close();
  receiver = undefined;
});

/** Waits until `count` notifications arrived and the emulator has seen each answer (and scheduled any retry). */
async function delivered(count: number): Promise<void> {
  await receiver?.waitFor(count);
  await emulator.emulator.callbacks.idle();
}

/** A pending order whose notifications go to a receiver answering `statusFor(attempt)`. */
async function pendingOrder(email: string, statusFor: (attempt: number) => number = () => 200) {
  receiver = await startReceiver(statusFor);
  const cart = seCart({
    merchant_urls: { notification: `${receiver.url}/klarna/notification?order={order.id}` },
  });
  const orderId = await api.placedOrder(cart, email);
  return { orderId, receiver };
}

test('an accepted pending order cannot be captured until the decision; the merchant is notified until 2xx', async () => {
  const { orderId, receiver } = await pendingOrder('customer+pend-accept-05@email.se', (attempt) =>
    attempt < 3 ? 500 : 200,
  );
  expect((await api.getOrder(orderId)).json.fraud_status).toBe('PENDING');
  const early = await api.capture(orderId, { captured_amount: 100 });
  expect(early.status).toBe(403);
  expect(early.json.error_code).toBe('CAPTURE_NOT_ALLOWED');

  await api.advanceClock('5m');
  await delivered(1);
  expect((await api.getOrder(orderId)).json.fraud_status).toBe('ACCEPTED');
  expect(receiver.requests[0]?.body).toEqual({ order_id: orderId, event_type: 'FRAUD_RISK_ACCEPTED' });
  expect(receiver.requests[0]?.path).toBe(`/klarna/notification?order=${orderId}`);

  // Re-sent every 10 minutes of emulator time until the merchant answers 2xx.
  await api.advanceClock('9m');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(receiver.requests).toHaveLength(1);
  await api.advanceClock('1m');
  await delivered(2);
  await api.advanceClock('10m');
  await delivered(3);
  await api.advanceClock('1h');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(receiver.requests).toHaveLength(3);

  expect((await api.capture(orderId, { captured_amount: 24900 })).status).toBe(201);
  expect((await api.getOrder(orderId)).json.status).toBe('CAPTURED');
});

test('a rejected order that is not captured within 4 hours is cancelled by Klarna', async () => {
  const { orderId, receiver } = await pendingOrder('customer+pend-reject-05@email.se');
  await api.advanceClock('5m');
  await delivered(1);
  expect(receiver.requests[0]?.body).toEqual({ order_id: orderId, event_type: 'FRAUD_RISK_REJECTED' });
  let order = (await api.getOrder(orderId)).json;
  expect(order).toMatchObject({ fraud_status: 'REJECTED', status: 'AUTHORIZED' });

  await api.advanceClock('4h');
  order = (await api.getOrder(orderId)).json;
  expect(order).toMatchObject({
    fraud_status: 'REJECTED',
    status: 'CANCELLED',
    remaining_authorized_amount: 0,
  });
  expect((await api.capture(orderId, { captured_amount: 100 })).json.error_code).toBe('CAPTURE_NOT_ALLOWED');
});

test('capturing a rejected order within 4 hours overrides the rejection', async () => {
  const { orderId } = await pendingOrder('customer+pend-reject-05@email.se');
  await api.advanceClock('5m');
  await delivered(1);
  await api.advanceClock('3h');
  expect((await api.capture(orderId, { captured_amount: 24900 })).status).toBe(201);
  await api.advanceClock('2h');
  expect((await api.getOrder(orderId)).json).toMatchObject({ fraud_status: 'REJECTED', status: 'CAPTURED' });
});

test('the notification is re-sent every 10 minutes and given up within 24 hours without a 2xx', async () => {
  await pendingOrder('customer+pend-accept-01@email.se', () => 503);
  await api.advanceClock('1m');
  await delivered(1);
  for (let i = 2; i <= 150 && receiver?.requests.length === i - 1; i++) {
    await api.advanceClock('10m');
    await delivered(i).catch(() => undefined);
  }
  const log = (await api.request('GET', '/_emulator/callbacks')).json.callbacks as {
    at: string;
    outcome: string;
  }[];
  const times = log.map((entry) => Date.parse(entry.at));
  expect(log.at(-1)?.outcome).toBe('gave_up');
  const gaps = times.slice(1).map((at, i) => at - (times[i] as number));
  // Each retry is scheduled 10 minutes after the previous answer, which arrives a few real ms later.
  expect(gaps.every((gap) => gap >= 10 * 60_000 && gap < 10 * 60_000 + 1000)).toBe(true);
  expect((times.at(-1) as number) - (times[0] as number)).toBeLessThanOrEqual(24 * 3_600_000);
  expect(log.length).toBeGreaterThanOrEqual(144);
  const count = receiver?.requests.length;
  await api.advanceClock('1h');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(receiver?.requests.length).toBe(count);
});
