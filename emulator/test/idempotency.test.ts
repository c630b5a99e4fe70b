import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { idempotencyStore } from '../src/idempotency';
import type { RunningEmulator } from '../src/index';
import { startTestEmulator } from './helpers';
import { orderApi, type OrderApi } from './order-management-helpers';

let emulator: RunningEmulator;
let api: OrderApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = orderApi(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const createdHeaders = (response: { headers: Headers }) => ({
  location: response.headers.get('location'),
  captureId: response.headers.get('capture-id'),
});

test('a repeated capture with the same key replays the first response and captures once', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const first = await api.capture(orderId, { captured_amount: 5000 }, key);
  const second = await api.capture(orderId, { captured_amount: 5000 }, key);
  expect(first.status).toBe(201);
  expect(second.status).toBe(201);
  expect(second.text).toBe(first.text);
  expect(createdHeaders(second)).toEqual(createdHeaders(first));
  const order = (await api.getOrder(orderId)).json;
  expect(order.captures).toHaveLength(1);
  expect(order.captured_amount).toBe(5000);
});

test('only the key matters: a different body with the same key still replays', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const first = await api.capture(orderId, { captured_amount: 5000 }, key);
  const changed = await api.capture(orderId, { captured_amount: 7000, description: 'changed' }, key);
  expect(changed.status).toBe(201);
  expect(createdHeaders(changed)).toEqual(createdHeaders(first));
  const order = (await api.getOrder(orderId)).json;
  expect(order.captures).toHaveLength(1);
  expect(order.captured_amount).toBe(5000);
});

test('after 24 hours on the emulator clock the key is forgotten and the write runs again', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const first = await api.capture(orderId, { captured_amount: 5000 }, key);
  await api.advanceClock('23h');
  expect(createdHeaders(await api.capture(orderId, { captured_amount: 5000 }, key))).toEqual(
    createdHeaders(first),
  );
  await api.advanceClock('1h');
  const later = await api.capture(orderId, { captured_amount: 5000 }, key);
  expect(later.status).toBe(201);
  expect(later.headers.get('capture-id')).not.toBe(first.headers.get('capture-id'));
  expect((await api.getOrder(orderId)).json.captured_amount).toBe(10000);
});

test('keys are scoped per operation path and per order', async () => {
  const orderA = await api.placedOrder();
  const orderB = await api.placedOrder();
  const key = randomUUID();
  expect((await api.capture(orderA, { captured_amount: 5000 }, key)).status).toBe(201);
  expect((await api.capture(orderB, { captured_amount: 3000 }, key)).status).toBe(201);
  expect((await api.refund(orderA, { refunded_amount: 1000 }, key)).status).toBe(201);
  expect((await api.getOrder(orderA)).json).toMatchObject({ captured_amount: 5000, refunded_amount: 1000 });
  expect((await api.getOrder(orderB)).json.captured_amount).toBe(3000);
});

test('a refused write is not remembered: a corrected retry with the same key is processed', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const refused = await api.capture(orderId, { captured_amount: 99999 }, key);
  expect(refused.status).toBe(403);
  const accepted = await api.capture(orderId, { captured_amount: 100 }, key);
  expect(accepted.status).toBe(201);
  expect((await api.getOrder(orderId)).json.captured_amount).toBe(100);
});

test('204 writes replay too, and change nothing the second time', async () => {
  const orderId = await api.placedOrder();
  await api.capture(orderId, { captured_amount: 1000 });
  const key = randomUUID();
  const info = { shipping_info: [{ tracking_number: 'T1' }] };
  expect((await api.write('POST', orderId, '/shipping-info', info, key)).status).toBe(204);
  expect((await api.write('POST', orderId, '/shipping-info', info, key)).status).toBe(204);
  expect((await api.getOrder(orderId)).json.shipping_info).toHaveLength(1);

  const refundKey = randomUUID();
  const refund = await api.refund(orderId, { refunded_amount: 400 }, refundKey);
  const again = await api.refund(orderId, { refunded_amount: 400 }, refundKey);
  expect(again.headers.get('refund-id')).toBe(refund.headers.get('refund-id'));
  expect(again.headers.get('location')).toBe(refund.headers.get('location'));
  expect((await api.getOrder(orderId)).json.refunded_amount).toBe(400);
});

test('writes without a key are not deduplicated', async () => {
  const orderId = await api.placedOrder();
  const body = { captured_amount: 1000 };
  await api.write('POST', orderId, '/captures', body);
  await api.write('POST', orderId, '/captures', body);
  expect((await api.getOrder(orderId)).json.captures).toHaveLength(2);
});

test('POST /_emulator/reset forgets the keys', async () => {
  const orderId = await api.placedOrder();
  await api.capture(orderId, { captured_amount: 1000 }, randomUUID());
  const store = idempotencyStore(emulator.emulator);
  expect(store.size).toBe(1);
  expect((await api.request('POST', '/_emulator/reset')).status).toBe(200);
  expect(store.size).toBe(0);
});
