import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { startTestEmulator } from './helpers.js';
import { orderApi, type OrderApi } from './order-management-helpers.js';

const DAY = 86_400_000;
const START = '2026-03-02T09:30:00.000Z';

let emulator: RunningEmulator;
let api: OrderApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = orderApi(emulator);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  await api.request('POST', '/_emulator/clock', { body: { set: START } });
});

test('an uncaptured order expires 28 days after it was placed; expired orders refuse writes', async () => {
  const orderId = await api.placedOrder();
  await api.advanceClock(`${28 * 24 - 1}h`);
  expect((await api.getOrder(orderId)).json.status).toBe('AUTHORIZED');
  await api.advanceClock('1h');
  const order = (await api.getOrder(orderId)).json;
  expect(order.status).toBe('EXPIRED');
  expect(order.remaining_authorized_amount).toBe(0);

  const capture = await api.capture(orderId, { captured_amount: 100 });
  expect(capture.status).toBe(403);
  expect(capture.json.error_code).toBe('CAPTURE_NOT_ALLOWED');
  for (const suffix of ['/extend-authorization-time', '/cancel', '/release-remaining-authorization']) {
    const refused = await api.write('POST', orderId, suffix);
    expect(refused.status, suffix).toBe(403);
    expect(refused.json.error_code, suffix).toBe('NOT_ALLOWED');
  }
  const update = await api.write('PATCH', orderId, '/authorization', { order_amount: 100 });
  expect(update.json.error_code).toBe('NOT_ALLOWED');
});

test('expiry is evaluated when the order is acted on, not only when read', async () => {
  const orderId = await api.placedOrder();
  await api.advanceClock('29d');
  const capture = await api.capture(orderId, { captured_amount: 100 });
  expect(capture.json.error_code).toBe('CAPTURE_NOT_ALLOWED');
  expect((await api.getOrder(orderId)).json.status).toBe('EXPIRED');
});

test('extend sets expires_at to today + 28 days; same-day repeats give the same date; never beyond 180 days', async () => {
  const orderId = await api.placedOrder();
  const created = Date.parse((await api.getOrder(orderId)).json.created_at);

  await api.advanceClock('10d');
  expect((await api.write('POST', orderId, '/extend-authorization-time')).status).toBe(204);
  const first = (await api.getOrder(orderId)).json.expires_at;
  expect(first).toBe('2026-04-09T00:00:00.000Z'); // 2026-03-12 + 28 days, at midnight UTC
  await api.advanceClock('5h');
  await api.write('POST', orderId, '/extend-authorization-time');
  expect((await api.getOrder(orderId)).json.expires_at).toBe(first);

  // Keep extending before each expiry: the authorization stops at 180 days after placing.
  for (let i = 0; i < 6; i++) {
    await api.advanceClock('25d');
    expect((await api.write('POST', orderId, '/extend-authorization-time')).status).toBe(204);
  }
  const capped = (await api.getOrder(orderId)).json;
  expect(Date.parse(capped.expires_at)).toBe(created + 180 * DAY);
  expect(capped.status).toBe('AUTHORIZED');
  await api.advanceClock('30d');
  expect((await api.getOrder(orderId)).json.status).toBe('EXPIRED');
});

test('the uncaptured rest of a part-captured order lapses at expiry: CLOSED, captured part refundable', async () => {
  const orderId = await api.placedOrder();
  await api.capture(orderId, { captured_amount: 10000 });
  await api.advanceClock('28d');
  const order = (await api.getOrder(orderId)).json;
  expect(order).toMatchObject({ status: 'CLOSED', captured_amount: 10000, remaining_authorized_amount: 0 });
  expect((await api.capture(orderId, { captured_amount: 1 })).json.error_code).toBe('CAPTURE_NOT_ALLOWED');
  expect((await api.refund(orderId, { refunded_amount: 10000 })).status).toBe(201);
});

test('a fully captured order does not change at expiry', async () => {
  const orderId = await api.placedOrder();
  await api.capture(orderId, { captured_amount: 24900 });
  await api.advanceClock('60d');
  expect((await api.getOrder(orderId)).json.status).toBe('CAPTURED');
});
