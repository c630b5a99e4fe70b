import {
  captureOrder,
  getOrder,
  KlarnaError,
  klarnaRequest,
  placeOrder,
  readSession,
  updateSession,
} from '@/lib/klarna';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  empty,
  html,
  json,
  silence,
  startLocalServer,
  testConfig,
  type LocalServer,
  type Responder,
} from './local-server';

let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...responders: Responder[]): Promise<LocalServer> {
  server = await startLocalServer(responders);
  return server;
}

/** Runs `call` and returns the KlarnaError it must throw. */
async function klarnaFailure(call: Promise<unknown>): Promise<KlarnaError> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(KlarnaError);
  return error as KlarnaError;
}

const unavailable = json(503, {
  error_code: 'TEMPORARILY_UNAVAILABLE',
  error_messages: ['Temporarily unavailable'],
  correlation_id: 'corr-503',
});

const session = {
  status: 'incomplete',
  purchase_country: 'SE',
  purchase_currency: 'SEK',
  order_amount: 25_000,
  order_lines: [{ name: 'Mug', quantity: 2, unit_price: 12_500, total_amount: 25_000 }],
};

const order = {
  purchase_country: 'SE',
  purchase_currency: 'SEK',
  order_amount: 25_000,
  order_tax_amount: 5_000,
  order_lines: [
    {
      name: 'Mug',
      quantity: 2,
      unit_price: 12_500,
      total_amount: 25_000,
      tax_rate: 2500,
      total_tax_amount: 5_000,
    },
  ],
};

describe('transport', () => {
  test('sends Basic auth and JSON, and returns the parsed body', async () => {
    const { url, requests } = await serve(json(200, { order_id: 'o-1', fraud_status: 'ACCEPTED' }));
    const { config } = testConfig(url);
    const result = await placeOrder('auth-token-1', order, { config });
    expect(result).toEqual({ order_id: 'o-1', fraud_status: 'ACCEPTED' });
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/payments/v1/authorizations/auth-token-1/order');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('PK_TEST_USER:top-secret-password').toString('base64')}`,
    );
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(order);
  });

  test('a 204 with an octet-stream empty body is a success', async () => {
    const { url } = await serve(empty(204, { 'Content-Type': 'application/octet-stream' }));
    const { config } = testConfig(url);
    await expect(
      updateSession('eu', 'session-1', { order_amount: 25_000 }, { config }),
    ).resolves.toBeUndefined();
  });

  test('exposes the ids of a 201 from the headers', async () => {
    const { url } = await serve(
      empty(201, {
        Location: 'http://klarna.test/ordermanagement/v1/orders/o-1/captures/cap-9',
        'Capture-Id': 'cap-9',
        'Klarna-Correlation-Id': 'corr-1',
      }),
    );
    const { config } = testConfig(url);
    const created = await captureOrder(
      { region: 'eu', orderId: 'o-1', capture: { captured_amount: 100 }, idempotencyKey: 'k-1' },
      { config },
    );
    expect(created).toEqual({
      captureId: 'cap-9',
      location: 'http://klarna.test/ordermanagement/v1/orders/o-1/captures/cap-9',
      correlationId: 'corr-1',
    });
  });

  test('reads the capture id from Location when Capture-Id is missing', async () => {
    const { url } = await serve(empty(201, { Location: '/ordermanagement/v1/orders/o-1/captures/cap-7' }));
    const { config } = testConfig(url);
    const created = await captureOrder(
      { region: 'eu', orderId: 'o-1', capture: { captured_amount: 100 }, idempotencyKey: 'k-1' },
      { config },
    );
    expect(created.captureId).toBe('cap-7');
  });
});

describe('timeouts and network failures', () => {
  test(
    'a server that never answers fails with TIMEOUT after the configured time',
    { timeout: 3_000 },
    async () => {
      const { url, requests } = await serve(silence);
      const { config, logs } = testConfig(url, { timeoutMs: 150 });
      const error = await klarnaFailure(placeOrder('auth-token-1', order, { config }));
      expect(error.code).toBe('TIMEOUT');
      expect(error.status).toBeNull();
      expect(error.region).toBe('eu');
      expect(requests).toHaveLength(1);
      expect(logs.map((entry) => entry.event)).toEqual(['klarna.request.failed']);
    },
  );

  test('a refused connection fails with NETWORK_ERROR', async () => {
    const closed = await serve(empty(200));
    const url = closed.url;
    await closed.close();
    server = undefined;
    const { config } = testConfig(url, { maxAttempts: 1 });
    const error = await klarnaFailure(readSession('eu', 'session-1', { config }));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.messages).toEqual(['ECONNREFUSED']);
  });

  test("the caller's abort ends the call with ABORTED and no retry", async () => {
    const controller = new AbortController();
    // The caller gives up once Klarna has the request in hand, whatever the machine's speed.
    const { url, requests } = await serve(() => controller.abort());
    const { config } = testConfig(url);
    const error = await klarnaFailure(readSession('eu', 'session-1', { config, signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    expect(requests).toHaveLength(1);
  });
});

describe('retries', () => {
  test('a GET is retried after two 503s and then succeeds', async () => {
    const { url, requests } = await serve(unavailable, unavailable, json(200, session));
    const { config, logs } = testConfig(url);
    const read = await readSession('eu', 'session-1', { config });
    expect(read.status).toBe('incomplete');
    expect(requests).toHaveLength(3);
    expect(logs.map((entry) => entry.event)).toEqual(['klarna.request.retry', 'klarna.request.retry']);
  });

  test('a GET gives up after the configured attempts with the last error', async () => {
    const { url, requests } = await serve(unavailable);
    const { config, logs } = testConfig(url, { maxAttempts: 3 });
    const error = await klarnaFailure(readSession('eu', 'session-1', { config }));
    expect(requests).toHaveLength(3);
    expect(error).toMatchObject({ status: 503, code: 'TEMPORARILY_UNAVAILABLE', attempts: 3 });
    expect(logs.at(-1)).toMatchObject({ level: 'error', event: 'klarna.request.failed', attempt: 3 });
  });

  test('a GET is retried after a 429 with a short Retry-After', async () => {
    const tooMany = json(
      429,
      { error_code: 'TOO_MANY_REQUESTS', error_messages: [] },
      { 'Retry-After': '0' },
    );
    const { url, requests } = await serve(tooMany, json(200, session));
    const { config } = testConfig(url);
    await readSession('eu', 'session-1', { config });
    expect(requests).toHaveLength(2);
  });

  test('a 429 whose Retry-After exceeds the longest wait is not waited for', async () => {
    const tooMany = json(
      429,
      { error_code: 'TOO_MANY_REQUESTS', error_messages: [] },
      { 'Retry-After': '60' },
    );
    const { url, requests } = await serve(tooMany, json(200, session));
    const { config } = testConfig(url);
    const error = await klarnaFailure(readSession('eu', 'session-1', { config }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(requests).toHaveLength(1);
  });

  test('a POST without an idempotency key is never retried', async () => {
    const { url, requests } = await serve(
      unavailable,
      json(200, { order_id: 'o-1', fraud_status: 'ACCEPTED' }),
    );
    const { config } = testConfig(url);
    const error = await klarnaFailure(placeOrder('auth-token-1', order, { config }));
    expect(error.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  test('a POST with an idempotency key is retried with the same key and body', async () => {
    const created = empty(201, { 'Capture-Id': 'cap-1' });
    const { url, requests } = await serve(unavailable, unavailable, created);
    const { config } = testConfig(url);
    const result = await captureOrder(
      {
        region: 'eu',
        orderId: 'o-1',
        capture: { captured_amount: 2_500 },
        idempotencyKey: 'o-1:capture:2500',
      },
      { config },
    );
    expect(result.captureId).toBe('cap-1');
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.headers['klarna-idempotency-key']).toBe('o-1:capture:2500');
      expect(JSON.parse(request.body)).toEqual({ captured_amount: 2_500 });
    }
  });

  test('a 4xx is not retried even on a GET', async () => {
    const notFound = json(404, {
      error_code: 'NO_SUCH_ORDER',
      error_messages: ['Order o-9 cannot be found'],
    });
    const { url, requests } = await serve(notFound);
    const { config } = testConfig(url);
    const error = await klarnaFailure(getOrder({ region: 'na', orderId: 'o-9' }, { config }));
    expect(error).toMatchObject({
      status: 404,
      code: 'NO_SUCH_ORDER',
      messages: ['Order o-9 cannot be found'],
    });
    expect(error.region).toBe('na');
    expect(requests).toHaveLength(1);
  });

  test('an Order Management write without an idempotency key is refused before sending', async () => {
    const { url, requests } = await serve(empty(201, { 'Capture-Id': 'cap-1' }));
    const { config } = testConfig(url);
    await expect(
      captureOrder(
        { region: 'eu', orderId: 'o-1', capture: { captured_amount: 1 }, idempotencyKey: ' ' },
        { config },
      ),
    ).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });
});

describe('error bodies', () => {
  test('an HTML 401 becomes UNAUTHORIZED with the correlation id from the header', async () => {
    const { url, requests } = await serve((res) => {
      res.writeHead(401, { 'Content-Type': 'text/html', 'Klarna-Correlation-Id': 'corr-401' });
      res.end('<html><head><title>401 Authorization Required</title></head><body>nginx</body></html>');
    });
    const { config } = testConfig(url);
    const error = await klarnaFailure(readSession('eu', 'session-1', { config }));
    expect(error).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      messages: [],
      correlationId: 'corr-401',
    });
    expect(error.method).toBe('GET');
    expect(error.path).toBe('/payments/v1/sessions/session-1');
    expect(requests).toHaveLength(1);
  });

  test('a proxy’s HTML 502 becomes HTTP_502 and is retried on a GET', async () => {
    const { url, requests } = await serve(html(502, '<h1>Bad Gateway</h1>'));
    const { config } = testConfig(url, { maxAttempts: 2 });
    const error = await klarnaFailure(readSession('eu', 'session-1', { config }));
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', messages: [] });
    expect(requests).toHaveLength(2);
  });

  test('a 2xx body that does not match the schema is INVALID_RESPONSE and not retried', async () => {
    const { url, requests } = await serve(json(200, { status: 'incomplete' }));
    const { config } = testConfig(url);
    const error = await klarnaFailure(readSession('eu', 'session-1', { config }));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.status).toBe(200);
    expect(error.messages.some((message) => message.startsWith('purchase_country'))).toBe(true);
    expect(requests).toHaveLength(1);
  });

  test('the log line holds neither the credentials, the payload nor the authorization token', async () => {
    const badValue = json(400, {
      error_code: 'BAD_VALUE',
      error_messages: ['Bad value: order_amount'],
      correlation_id: 'corr-400',
    });
    const { url } = await serve(badValue);
    const { config, logs } = testConfig(url);
    const error = await klarnaFailure(placeOrder('secret-auth-token', order, { config }));
    expect(error.path).toBe('/payments/v1/authorizations/{token}/order');
    expect(logs).toHaveLength(1);
    const line = JSON.stringify(logs[0]);
    expect(line).toContain('corr-400');
    expect(line).toContain('Bad value: order_amount');
    for (const secret of ['top-secret-password', 'PK_TEST_USER', 'secret-auth-token', 'Mug']) {
      expect(line).not.toContain(secret);
    }
  });

  test('klarnaRequest without a schema ignores the body', async () => {
    const { url } = await serve(json(200, { anything: true }));
    const { config } = testConfig(url);
    const response = await klarnaRequest({ region: 'oc', method: 'GET', path: '/ping', config });
    expect(response.status).toBe(200);
    expect(response.data).toBeUndefined();
  });

  test('klarnaRequest validates a body against the given schema', async () => {
    const { url } = await serve(json(200, { count: 2, extra: 'x' }));
    const { config } = testConfig(url);
    const response = await klarnaRequest({
      region: 'oc',
      method: 'GET',
      path: '/ping',
      config,
      schema: z.object({ count: z.int() }),
    });
    expect(response.data).toEqual({ count: 2 });
  });
});
