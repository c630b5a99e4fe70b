import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { startTestEmulator } from './helpers.js';
import { ONE_SHIRT, orderApi, TOKEN_CHARGE, type OrderApi } from './order-management-helpers.js';

let emulator: RunningEmulator;
let api: OrderApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = orderApi(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const newToken = (email?: string) => api.customerToken(email);
const charge = TOKEN_CHARGE;
const ordersOf = (tokenId: string) =>
  [...emulator.emulator.store.orders.values()].filter((order) => order.customerTokenId === tokenId);

function chargeToken(
  tokenId: string,
  body: unknown = charge,
  key: string | null = randomUUID(),
  region: OrderApi = api,
) {
  return region.chargeToken(tokenId, body, key);
}

describe('read and cancel', () => {
  test('GET returns payment method type and status; PATCH status CANCELLED answers 202', async () => {
    const tokenId = await newToken();
    const read = await api.request('GET', `/customer-token/v1/tokens/${tokenId}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ payment_method_type: 'INVOICE', status: 'ACTIVE' });

    const cancel = await api.request('PATCH', `/customer-token/v1/tokens/${tokenId}/status`, {
      body: { status: 'CANCELLED' },
    });
    expect(cancel.status).toBe(202);
    expect(cancel.text).toBe('');
    expect((await api.request('GET', `/customer-token/v1/tokens/${tokenId}`)).json.status).toBe('CANCELLED');
  });

  test('unknown tokens: NOT_FOUND on read and cancel; a bad status is BAD_VALUE', async () => {
    const read = await api.request('GET', `/customer-token/v1/tokens/${randomUUID()}`);
    expect(read.status).toBe(404);
    expect(read.json).toMatchObject({
      error_code: 'NOT_FOUND',
      error_messages: ['Invalid customer-token ID'],
    });
    const cancel = await api.request('PATCH', `/customer-token/v1/tokens/${randomUUID()}/status`, {
      body: { status: 'CANCELLED' },
    });
    expect(cancel.status).toBe(404);
    expect(cancel.json.error_code).toBe('NOT_FOUND');

    const tokenId = await newToken();
    const bad = await api.request('PATCH', `/customer-token/v1/tokens/${tokenId}/status`, {
      body: { status: 'ACTIVE' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error_code: 'BAD_VALUE', error_messages: ['Bad value: status'] });
  });

  test("tokens are bound to their region: another region's credentials do not find them", async () => {
    const tokenId = await newToken();
    const na = orderApi(emulator, 'na');
    expect((await na.request('GET', `/customer-token/v1/tokens/${tokenId}`)).status).toBe(404);
    const charged = await chargeToken(tokenId, charge, randomUUID(), na);
    expect(charged.status).toBe(404);
    expect(charged.json.error_code).toBe('TOKEN_NOT_FOUND');
    const cancel = await na.request('PATCH', `/customer-token/v1/tokens/${tokenId}/status`, {
      body: { status: 'CANCELLED' },
    });
    expect(cancel.status).toBe(404);
    expect((await api.request('GET', `/customer-token/v1/tokens/${tokenId}`)).json.status).toBe('ACTIVE');
  });
});

describe('charging a token', () => {
  test('places an order that Order Management can read and capture', async () => {
    const tokenId = await newToken();
    const charged = await chargeToken(tokenId);
    expect(charged.status).toBe(200);
    expect(charged.json).toEqual({
      order_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      fraud_status: 'ACCEPTED',
      redirect_url: expect.stringMatching(/\/kp\/redirect\//),
      authorized_payment_method: { type: 'invoice' },
    });
    const orderId = charged.json.order_id;
    const order = (await api.getOrder(orderId)).json;
    expect(order).toMatchObject({
      status: 'AUTHORIZED',
      order_amount: 10000,
      purchase_currency: 'SEK',
      purchase_country: 'SE',
      merchant_reference1: 'SUB-1',
      remaining_authorized_amount: 10000,
    });
    expect((await api.capture(orderId, { captured_amount: 10000 })).status).toBe(201);
    expect((await api.getOrder(orderId)).json.status).toBe('CAPTURED');
  });

  test('auto_capture captures the charge in full', async () => {
    const tokenId = await newToken();
    const charged = await chargeToken(tokenId, { ...charge, auto_capture: true });
    const order = (await api.getOrder(charged.json.order_id)).json;
    expect(order).toMatchObject({
      status: 'CAPTURED',
      captured_amount: 10000,
      remaining_authorized_amount: 0,
    });
  });

  test('charges without Klarna-Idempotency-Key (every call a new order) and replays a keyed charge', async () => {
    const tokenId = await newToken();
    const unkeyed = [await chargeToken(tokenId, charge, null), await chargeToken(tokenId, charge, null)];
    expect(unkeyed.map((response) => response.status)).toEqual([200, 200]);
    expect(unkeyed[0]!.json.order_id).not.toBe(unkeyed[1]!.json.order_id);

    const key = randomUUID();
    const first = await chargeToken(tokenId, charge, key);
    const again = await chargeToken(tokenId, { ...charge, order_amount: 20000 }, key);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const orders = [...emulator.emulator.store.orders.values()].filter(
      (order) => order.customerTokenId === tokenId,
    );
    expect(orders).toHaveLength(3);
  });

  test.each([
    [
      'an order amount that is not the sum of the lines',
      { ...charge, order_amount: 9000 },
      'Bad value: order_amount',
    ],
    [
      'a line whose total is wrong',
      { ...charge, order_lines: [{ ...ONE_SHIRT, total_amount: 9000 }], order_amount: 9000 },
      'Bad value: order_lines[0].total_amount',
    ],
    ['an order amount of 0', { ...charge, order_amount: 0 }, 'Bad value: order_amount'],
    ['no lines', { ...charge, order_lines: [] }, 'Bad value: order_lines'],
    ['a string amount', { ...charge, order_amount: '10000' }, 'Bad value: order_amount'],
    ['no currency', { order_amount: 10000, order_lines: [ONE_SHIRT] }, 'Bad value: purchase_currency'],
    [
      'merchant_urls without confirmation',
      { ...charge, merchant_urls: { push: 'https://shop.example/push' } },
      'Bad value: merchant_urls.confirmation',
    ],
  ])('%s is 400 BAD_VALUE and places no order', async (_label, body, message) => {
    const tokenId = await newToken();
    const response = await chargeToken(tokenId, body);
    expect(response.status).toBe(400);
    expect(response.json.error_code).toBe('BAD_VALUE');
    expect(response.json.error_messages).toContain(message);
    expect(
      [...emulator.emulator.store.orders.values()].some((order) => order.customerTokenId === tokenId),
    ).toBe(false);
  });

  test('another currency than the token is 403 UNAVAILABLE_PAYMENT_METHOD and places no order', async () => {
    const tokenId = await newToken();
    const response = await chargeToken(tokenId, { ...charge, purchase_currency: 'EUR' });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error_code: 'UNAVAILABLE_PAYMENT_METHOD',
      error_messages: ['The payment method cannot be used for purchase currency EUR'],
      correlation_id: response.headers.get('klarna-correlation-id'),
    });
    expect(ordersOf(tokenId)).toHaveLength(0);
    expect((await chargeToken(tokenId)).status).toBe(200);
  });

  test('a refused charge is replayed for its key after the token is usable again; a new key charges', async () => {
    const tokenId = await newToken();
    await api.request('POST', `/_emulator/tokens/${tokenId}/suspend`);
    const key = randomUUID();
    const refused = await chargeToken(tokenId, charge, key);
    expect(refused.status).toBe(403);
    expect(refused.json.error_code).toBe('TOKEN_SUSPENDED');

    await api.request('POST', `/_emulator/tokens/${tokenId}/reactivate`);
    const replayed = await chargeToken(tokenId, charge, key);
    expect(replayed.status).toBe(403);
    expect(replayed.json).toEqual(refused.json);
    expect(ordersOf(tokenId)).toHaveLength(0);

    expect((await chargeToken(tokenId, charge, randomUUID())).status).toBe(200);
    expect(ordersOf(tokenId)).toHaveLength(1);
  });

  test('a keyed retry with a malformed body gets the recorded charge', async () => {
    const tokenId = await newToken();
    const key = randomUUID();
    const first = await chargeToken(tokenId, charge, key);
    expect(first.status).toBe(200);
    const retried = await api.request('POST', `/customer-token/v1/tokens/${tokenId}/order`, {
      rawBody: '{"order_amount":',
      headers: { 'content-type': 'application/json', 'Klarna-Idempotency-Key': key },
    });
    expect(retried.status).toBe(200);
    expect(retried.json).toEqual(first.json);
    expect(ordersOf(tokenId)).toHaveLength(1);
  });

  test('unknown, cancelled and suspended tokens are refused with Klarna codes', async () => {
    const unknown = await chargeToken(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('TOKEN_NOT_FOUND');

    const suspendedId = await newToken();
    const suspended = await api.request('POST', `/_emulator/tokens/${suspendedId}/suspend`);
    expect(suspended.json).toEqual({ token_id: suspendedId, status: 'SUSPENDED' });
    expect((await api.request('GET', `/customer-token/v1/tokens/${suspendedId}`)).json.status).toBe(
      'SUSPENDED',
    );
    const refused = await chargeToken(suspendedId);
    expect(refused.status).toBe(403);
    expect(refused.json.error_code).toBe('TOKEN_SUSPENDED');
    await api.request('POST', `/_emulator/tokens/${suspendedId}/reactivate`);
    expect((await chargeToken(suspendedId)).status).toBe(200);

    const cancelledId = await newToken();
    await api.request('PATCH', `/customer-token/v1/tokens/${cancelledId}/status`, {
      body: { status: 'CANCELLED' },
    });
    const cancelled = await chargeToken(cancelledId);
    expect(cancelled.status).toBe(403);
    expect(cancelled.json.error_code).toBe('TOKEN_CANCELED');
    const revive = await api.request('POST', `/_emulator/tokens/${cancelledId}/reactivate`);
    expect(revive.status).toBe(409);
    expect((await api.request('POST', `/_emulator/tokens/${randomUUID()}/suspend`)).status).toBe(404);
  });
});
