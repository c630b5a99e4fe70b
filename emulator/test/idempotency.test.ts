import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { KlarnaError } from '../src/errors.js';
import type { RequestContext } from '../src/http.js';
import { IDEMPOTENCY_HEADER, idempotencyStore, runIdempotent } from '../src/idempotency.js';
import type { RunningEmulator } from '../src/index.js';
import { startTestEmulator } from './helpers.js';
import { ONE_SHIRT, orderApi, type OrderApi } from './order-management-helpers.js';

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

test('a refusal is remembered: the same key replays it even with a corrected body, and nothing changes', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const refused = await api.capture(orderId, { captured_amount: 99999 }, key);
  expect(refused.status).toBe(403);
  expect(refused.json).toMatchObject({
    error_code: 'CAPTURE_NOT_ALLOWED',
    error_messages: ['Capture not allowed'],
  });

  const corrected = await api.capture(orderId, { captured_amount: 100 }, key);
  expect(corrected.status).toBe(403);
  // The first answer as it was, its correlation_id included; the header is new on every request.
  expect(corrected.json).toEqual(refused.json);
  expect(corrected.headers.get('capture-id')).toBeNull();
  expect(corrected.headers.get('klarna-correlation-id')).not.toBe(
    refused.headers.get('klarna-correlation-id'),
  );
  expect((await api.getOrder(orderId)).json.captures).toEqual([]);

  expect((await api.capture(orderId, { captured_amount: 100 }, randomUUID())).status).toBe(201);
});

test('a 403 is replayed for its key after the order would allow the write; nothing is refunded', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const refused = await api.refund(orderId, { refunded_amount: 1000 }, key);
  expect(refused.status).toBe(403);
  expect(refused.json.error_code).toBe('REFUND_NOT_ALLOWED');

  await api.capture(orderId, { captured_amount: 5000 });
  const replayed = await api.refund(orderId, { refunded_amount: 1000 }, key);
  expect(replayed.status).toBe(403);
  expect(replayed.json).toEqual(refused.json);
  expect(replayed.headers.get('refund-id')).toBeNull();
  const order = (await api.getOrder(orderId)).json;
  expect(order).toMatchObject({ refunded_amount: 0, refunds: [] });
});

test('a 400 is remembered too: a different body with the same key gets the same 400', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const bad = await api.capture(orderId, { captured_amount: -1 }, key);
  expect(bad.status).toBe(400);
  expect(bad.json.error_code).toBe('BAD_VALUE');
  const again = await api.capture(orderId, { captured_amount: 100 }, key);
  expect(again.status).toBe(400);
  expect(again.json).toEqual(bad.json);
  expect((await api.getOrder(orderId)).json.captured_amount).toBe(0);
});

test('a 5xx is not remembered: the retry with the same key is executed, once', async () => {
  const orderId = await api.placedOrder();
  await api.request('PUT', '/_emulator/faults', {
    body: { match: 'POST /ordermanagement/v1/orders/*/captures', fault: 'status', status: 503, times: 1 },
  });
  const key = randomUUID();
  expect((await api.capture(orderId, { captured_amount: 1000 }, key)).status).toBe(503);
  const retried = await api.capture(orderId, { captured_amount: 1000 }, key);
  expect(retried.status).toBe(201);
  const again = await api.capture(orderId, { captured_amount: 1000 }, key);
  expect(again.headers.get('capture-id')).toBe(retried.headers.get('capture-id'));
  expect((await api.getOrder(orderId)).json.captures).toHaveLength(1);
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

test('a PATCH replays: update authorization and merchant references change the order once', async () => {
  const orderId = await api.placedOrder();
  const authKey = randomUUID();
  const update = { order_amount: 10000, order_lines: [ONE_SHIRT] };
  expect((await api.write('PATCH', orderId, '/authorization', update, authKey)).status).toBe(204);
  const replayed = await api.write('PATCH', orderId, '/authorization', { order_amount: 30000 }, authKey);
  expect(replayed.status).toBe(204);
  expect(replayed.text).toBe('');
  const order = (await api.getOrder(orderId)).json;
  expect(order).toMatchObject({ order_amount: 10000, remaining_authorized_amount: 10000 });
  expect(order.order_lines).toHaveLength(1);

  const refsKey = randomUUID();
  const first = { merchant_reference1: 'ORDER-1' };
  expect((await api.write('PATCH', orderId, '/merchant-references', first, refsKey)).status).toBe(204);
  const second = { merchant_reference1: 'ORDER-2', merchant_reference2: 'INV-2' };
  expect((await api.write('PATCH', orderId, '/merchant-references', second, refsKey)).status).toBe(204);
  const referenced = (await api.getOrder(orderId)).json;
  expect(referenced.merchant_reference1).toBe('ORDER-1');
  expect(referenced.merchant_reference2).toBeUndefined();
});

test('cancel replays its 204 for the key; a new key meets the cancelled order', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  expect((await api.write('POST', orderId, '/cancel', undefined, key)).status).toBe(204);
  const replayed = await api.write('POST', orderId, '/cancel', undefined, key);
  expect(replayed.status).toBe(204);
  expect(replayed.text).toBe('');
  const fresh = await api.write('POST', orderId, '/cancel', undefined, randomUUID());
  expect(fresh.status).toBe(403);
  expect(fresh.json).toMatchObject({
    error_code: 'CANCEL_NOT_ALLOWED',
    error_messages: ['Order is cancelled. Cancel not possible.'],
  });
  expect((await api.getOrder(orderId)).json.status).toBe('CANCELLED');
});

test('two concurrent requests with one key: executed once, both get the same response', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const [a, b] = await Promise.all([
    api.capture(orderId, { captured_amount: 5000 }, key),
    api.capture(orderId, { captured_amount: 7000 }, key),
  ]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect(createdHeaders(b)).toEqual(createdHeaders(a));
  const order = (await api.getOrder(orderId)).json;
  expect(order.captures).toHaveLength(1);
  expect([5000, 7000]).toContain(order.captured_amount);
});

test('two concurrent refusals with one key: both get the same refusal', async () => {
  const orderId = await api.placedOrder();
  const key = randomUUID();
  const [a, b] = await Promise.all([
    api.refund(orderId, { refunded_amount: 100 }, key),
    api.refund(orderId, { refunded_amount: 100 }, key),
  ]);
  expect([a.status, b.status]).toEqual([403, 403]);
  expect(b.json).toEqual(a.json);
});

describe('a keyed retry whose body cannot be read', () => {
  const malformed = { rawBody: '{"captured_amount":', headers: { 'content-type': 'application/json' } };

  function captureRaw(
    orderId: string,
    key: string,
    options: { rawBody?: string; headers?: Record<string, string> },
  ) {
    return api.request('POST', `/ordermanagement/v1/orders/${orderId}/captures`, {
      ...options,
      headers: { ...options.headers, 'Klarna-Idempotency-Key': key },
    });
  }

  test('malformed or empty, it gets the remembered reply', async () => {
    const orderId = await api.placedOrder();
    const key = randomUUID();
    const first = await api.capture(orderId, { captured_amount: 5000 }, key);
    const garbled = await captureRaw(orderId, key, malformed);
    expect(garbled.status).toBe(201);
    expect(createdHeaders(garbled)).toEqual(createdHeaders(first));
    const empty = await captureRaw(orderId, key, {});
    expect(empty.status).toBe(201);
    expect(createdHeaders(empty)).toEqual(createdHeaders(first));
    expect((await api.getOrder(orderId)).json.captures).toHaveLength(1);
  });

  test('a remembered refusal is replayed the same way', async () => {
    const orderId = await api.placedOrder();
    const key = randomUUID();
    const refused = await api.capture(orderId, { captured_amount: 99999 }, key);
    const garbled = await captureRaw(orderId, key, malformed);
    expect(garbled.status).toBe(403);
    expect(garbled.json).toEqual(refused.json);
  });

  test('with nothing remembered for the key it is 400 BAD_REQUEST, and is not remembered', async () => {
    const orderId = await api.placedOrder();
    const key = randomUUID();
    const garbled = await captureRaw(orderId, key, malformed);
    expect(garbled.status).toBe(400);
    expect(garbled.json).toMatchObject({
      error_code: 'BAD_REQUEST',
      error_messages: ['Request body is not valid JSON'],
    });
    const empty = await captureRaw(orderId, key, {});
    expect(empty.status).toBe(400);
    expect(empty.json.error_messages).toEqual(['Request body is required']);
    expect((await api.capture(orderId, { captured_amount: 100 }, key)).status).toBe(201);
  });
});

describe('runIdempotent', () => {
  /** Just what runIdempotent reads of a request: its key, method, path and caller. */
  function keyedRequest(key: string): RequestContext {
    const req = { headers: { [IDEMPOTENCY_HEADER]: key }, method: 'POST', complete: true };
    return {
      req,
      region: 'eu',
      merchantId: 'merchant',
      path: '/eu/ordermanagement/v1/orders/x/captures',
      correlationId: randomUUID(),
    } as unknown as RequestContext;
  }
  const readNothing = () => Promise.resolve(undefined);

  test('a 5xx thrown by the write is not remembered; a 4xx is', async () => {
    const key = randomUUID();
    let runs = 0;
    const unavailable = () => {
      runs++;
      throw new KlarnaError(503, 'TEMPORARILY_UNAVAILABLE', ['Temporarily unavailable']);
    };
    await expect(
      runIdempotent(emulator.emulator, keyedRequest(key), readNothing, unavailable),
    ).rejects.toThrow(KlarnaError);
    const refuse = () => {
      runs++;
      throw new KlarnaError(403, 'NOT_ALLOWED', ['Update not allowed.']);
    };
    const refused = await runIdempotent(emulator.emulator, keyedRequest(key), readNothing, refuse);
    expect(refused.status).toBe(403);
    const replayed = await runIdempotent(emulator.emulator, keyedRequest(key), readNothing, refuse);
    expect(replayed).toBe(refused);
    expect(runs).toBe(2);
  });
});
