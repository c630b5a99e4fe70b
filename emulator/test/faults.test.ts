import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { seCart, startTestEmulator } from './helpers.js';
import { orderApi, TOKEN_CHARGE, type OrderApi } from './order-management-helpers.js';

let emulator: RunningEmulator;
let api: OrderApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = orderApi(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function addFault(rule: Record<string, unknown>) {
  return api.request('PUT', '/_emulator/faults', { body: rule });
}

/** A POST over a fresh connection, reporting a dropped connection instead of throwing. */
function rawPost(
  path: string,
  body: unknown,
  key: string,
): Promise<{ status?: number; body?: string; error?: string }> {
  const { username, password } = emulator.credentials.eu;
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = httpRequest(`${emulator.url}/eu${path}`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        'klarna-idempotency-key': key,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

function rawCapture(orderId: string, body: unknown, key: string) {
  return rawPost(`/ordermanagement/v1/orders/${orderId}/captures`, body, key);
}

describe('the faults API', () => {
  test('add with PUT or POST, list, delete one, clear all', async () => {
    const added = await addFault({
      match: 'POST /ordermanagement/v1/orders/*/captures',
      fault: 'status',
      status: 503,
      seed: 7,
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      id: expect.any(String),
      method: 'POST',
      path: '/ordermanagement/v1/orders/*/captures',
      fault: 'status',
      status: 503,
      error_code: 'TEMPORARILY_UNAVAILABLE',
      error_messages: ['Temporarily unavailable'],
      probability: 1,
      seed: 7,
      fired: 0,
    });
    const posted = await api.request('POST', '/_emulator/faults', {
      body: {
        method: 'GET',
        path_regex: '^/payments/.*$',
        fault: 'latency',
        latency_ms: 10,
        region: 'na',
        times: 2,
      },
    });
    expect(posted.status).toBe(201);
    let list = await api.request('GET', '/_emulator/faults');
    expect(list.json.faults.map((rule: { id: string }) => rule.id)).toEqual([added.json.id, posted.json.id]);

    expect((await api.request('DELETE', `/_emulator/faults/${added.json.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/_emulator/faults/${added.json.id}`)).status).toBe(404);
    list = await api.request('GET', '/_emulator/faults');
    expect(list.json.faults).toHaveLength(1);
    expect((await api.request('DELETE', '/_emulator/faults')).status).toBe(204);
    expect((await api.request('GET', '/_emulator/faults')).json.faults).toEqual([]);
  });

  test.each([
    ['an unknown fault kind', { path: '/x', fault: 'explode' }, 'fault'],
    ['no path', { fault: 'reset' }, 'path'],
    ['a probability above 1', { path: '/x', fault: 'reset', probability: 1.5 }, 'probability'],
    ['a status fault without a status', { path: '/x', fault: 'status' }, 'status'],
    ['a status below 400', { path: '/x', fault: 'status', status: 200 }, 'status'],
    ['latency without latency_ms', { path: '/x', fault: 'latency' }, 'latency_ms'],
    ['a bad regex', { path_regex: '(', fault: 'reset' }, 'path_regex'],
    ['a bad region', { path: '/x', fault: 'reset', region: 'us' }, 'region'],
    ['times of 0', { path: '/x', fault: 'reset', times: 0 }, 'times'],
    ['an unknown field', { path: '/x', fault: 'reset', chance: 1 }, 'chance'],
  ])('%s is 400 BAD_VALUE', async (_label, rule, field) => {
    const response = await addFault(rule);
    expect(response.status).toBe(400);
    expect(response.json.error_code).toBe('BAD_VALUE');
    expect(response.json.error_messages).toContain(`Bad value: ${field}`);
  });

  test('reset clears the rules', async () => {
    await addFault({ path: '/**', fault: 'reset' });
    await api.request('POST', '/_emulator/reset');
    expect((await api.request('GET', '/_emulator/faults')).json.faults).toEqual([]);
  });
});

describe('fault kinds', () => {
  test('status: a Klarna error body with the given status, code and messages; nothing is captured', async () => {
    const orderId = await api.placedOrder();
    await addFault({
      match: 'POST /ordermanagement/v1/orders/*/captures',
      fault: 'status',
      status: 500,
      error_code: 'INTERNAL_SERVER_ERROR',
      error_messages: ['Boom'],
    });
    const response = await api.capture(orderId, { captured_amount: 100 });
    expect(response.status).toBe(500);
    expect(response.json).toEqual({
      error_code: 'INTERNAL_SERVER_ERROR',
      error_messages: ['Boom'],
      correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect((await api.getOrder(orderId)).json.captured_amount).toBe(0);
  });

  test('latency: the request is answered normally, after the delay', async () => {
    const orderId = await api.placedOrder();
    await addFault({ match: 'GET /ordermanagement/v1/orders/*', fault: 'latency', latency_ms: 150 });
    const started = performance.now();
    const response = await api.getOrder(orderId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(response.status).toBe(200);
    expect(response.json.order_id).toBe(orderId);
  });

  test('timeout: held for hold_ms, then 500 TIMEOUT without processing; a retry with the key runs', async () => {
    const orderId = await api.placedOrder();
    await addFault({
      match: 'POST /ordermanagement/v1/orders/*/captures',
      fault: 'timeout',
      hold_ms: 100,
      times: 1,
    });
    const key = randomUUID();
    const started = performance.now();
    const response = await api.capture(orderId, { captured_amount: 100 }, key);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(response.status).toBe(500);
    expect(response.json).toEqual({
      error_code: 'TIMEOUT',
      error_messages: ['Request timed out'],
      correlation_id: response.headers.get('klarna-correlation-id'),
    });
    expect(response.headers.get('connection')).toBe('close');
    expect((await api.getOrder(orderId)).json.captured_amount).toBe(0);

    const retried = await api.capture(orderId, { captured_amount: 100 }, key);
    expect(retried.status).toBe(201);
    expect((await api.getOrder(orderId)).json.captures).toHaveLength(1);
  });

  test('reset: the connection is dropped before processing', async () => {
    const orderId = await api.placedOrder();
    await addFault({ match: 'POST /ordermanagement/v1/orders/*/captures', fault: 'reset', times: 1 });
    const dropped = await rawCapture(orderId, { captured_amount: 100 }, randomUUID());
    expect(dropped.status).toBeUndefined();
    expect(dropped.error).toMatch(/ECONNRESET|socket hang up/);
    expect((await api.getOrder(orderId)).json.captured_amount).toBe(0);
  });

  test('commit-then-drop: the retry with the same key gets the recorded answer; exactly one capture', async () => {
    const orderId = await api.placedOrder();
    await addFault({
      match: 'POST /ordermanagement/v1/orders/*/captures',
      fault: 'commit-then-drop',
      times: 1,
    });
    const key = randomUUID();
    const dropped = await rawCapture(orderId, { captured_amount: 5000 }, key);
    expect(dropped.error).toMatch(/ECONNRESET|socket hang up/);
    const retried = await rawCapture(orderId, { captured_amount: 5000 }, key);
    expect(retried.status).toBe(201);

    const order = (await api.getOrder(orderId)).json;
    expect(order.captures).toHaveLength(1);
    expect(order).toMatchObject({
      status: 'PART_CAPTURED',
      captured_amount: 5000,
      remaining_authorized_amount: 19900,
    });
  });
});

describe('Customer Token routes', () => {
  const ORDER_PATH = 'POST /customer-token/v1/tokens/*/order';
  const ordersOf = (tokenId: string) =>
    [...emulator.emulator.store.orders.values()].filter((order) => order.customerTokenId === tokenId);

  test('status: a charge answered 503 places no order; the retry with the same key charges once', async () => {
    const tokenId = await api.customerToken();
    await addFault({ match: ORDER_PATH, fault: 'status', status: 503, times: 1 });
    const key = randomUUID();
    const failed = await api.chargeToken(tokenId, undefined, key);
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({
      error_code: 'TEMPORARILY_UNAVAILABLE',
      error_messages: ['Temporarily unavailable'],
    });
    expect(ordersOf(tokenId)).toHaveLength(0);

    const retried = await api.chargeToken(tokenId, undefined, key);
    expect(retried.status).toBe(200);
    expect(ordersOf(tokenId).map((order) => order.orderId)).toEqual([retried.json.order_id]);
  });

  test('commit-then-drop: the charge is made; the retry with the same key gets it; exactly one order', async () => {
    const tokenId = await api.customerToken();
    await addFault({ match: ORDER_PATH, fault: 'commit-then-drop', times: 1 });
    const key = randomUUID();
    const path = `/customer-token/v1/tokens/${tokenId}/order`;
    const dropped = await rawPost(path, TOKEN_CHARGE, key);
    expect(dropped.error).toMatch(/ECONNRESET|socket hang up/);
    expect(ordersOf(tokenId)).toHaveLength(1);

    const retried = await rawPost(path, TOKEN_CHARGE, key);
    expect(retried.status).toBe(200);
    const [order] = ordersOf(tokenId);
    expect(JSON.parse(retried.body ?? '{}')).toMatchObject({
      order_id: order?.orderId,
      fraud_status: 'ACCEPTED',
    });
    expect(ordersOf(tokenId)).toHaveLength(1);
  });

  test('the token read can be faulted too', async () => {
    const tokenId = await api.customerToken();
    await addFault({ match: 'GET /customer-token/v1/tokens/*', fault: 'status', status: 429, times: 1 });
    const limited = await api.request('GET', `/customer-token/v1/tokens/${tokenId}`);
    expect(limited.status).toBe(429);
    expect(limited.json.error_code).toBe('TOO_MANY_REQUESTS');
    expect((await api.request('GET', `/customer-token/v1/tokens/${tokenId}`)).json.status).toBe('ACTIVE');
  });
});

describe('matching', () => {
  /** Sends `count` reads of one order and returns which ones the 503 rule hit. */
  async function pattern(orderId: string, count: number): Promise<boolean[]> {
    const hits: boolean[] = [];
    for (let i = 0; i < count; i++) hits.push((await api.getOrder(orderId)).status === 503);
    return hits;
  }

  test('probability with a seed is deterministic: the same seed fails the same requests', async () => {
    const orderId = await api.placedOrder();
    const rule = {
      match: 'GET /ordermanagement/v1/orders/*',
      fault: 'status',
      status: 503,
      probability: 0.5,
      seed: 42,
    };
    await addFault(rule);
    const first = await pattern(orderId, 30);
    await api.request('DELETE', '/_emulator/faults');
    await addFault(rule);
    const second = await pattern(orderId, 30);
    expect(second).toEqual(first);
    const failures = first.filter(Boolean).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(25);

    await api.request('DELETE', '/_emulator/faults');
    await addFault({ ...rule, seed: 43 });
    expect(await pattern(orderId, 30)).not.toEqual(first);
  });

  test('times limits how often a rule fires; the listing counts it', async () => {
    const orderId = await api.placedOrder();
    const added = await addFault({
      match: 'GET /ordermanagement/v1/orders/*',
      fault: 'status',
      status: 429,
      times: 2,
    });
    expect(added.json.times).toBe(2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.getOrder(orderId)).status);
    expect(statuses).toEqual([429, 429, 200]);
    const listed = (await api.request('GET', '/_emulator/faults')).json.faults[0];
    expect(listed).toMatchObject({ times: 2, fired: 2 });
  });

  test('method, path glob and region must all match', async () => {
    const orderId = await api.placedOrder();
    await addFault({ match: 'POST /ordermanagement/v1/orders/*', fault: 'status', status: 500 });
    await addFault({ match: 'GET /ordermanagement/v1/orders/*', fault: 'status', status: 500, region: 'na' });
    await addFault({ match: 'GET /ordermanagement/v1/orders/*/captures/*', fault: 'status', status: 500 });
    expect((await api.getOrder(orderId)).status).toBe(200);
    expect((await api.request('GET', `/ordermanagement/v1/orders/${orderId}/captures`)).status).toBe(200);
    expect((await orderApi(emulator, 'na').getOrder(orderId)).status).toBe(500);
  });

  test('Payments routes can be faulted; the control API and the SDK never are', async () => {
    await addFault({ path: '/**', method: '*', fault: 'status', status: 503 });
    const session = await api.createSession(seCart());
    expect(session.status).toBe(503);
    expect(session.json.error_code).toBe('TEMPORARILY_UNAVAILABLE');
    expect((await api.request('GET', '/_emulator/clock')).status).toBe(200);
    expect((await api.request('GET', '/_emulator/health')).status).toBe(200);
    expect((await api.request('GET', '/kp/lib/v1/api.js')).status).toBe(200);
  });
});
