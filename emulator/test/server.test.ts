import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KlarnaErrorBody } from '../src/errors.js';
import type { RunningEmulator } from '../src/index.js';
import { KlarnaApi, rawRequest, seCart, startTestEmulator } from './helpers.js';

let emulator: RunningEmulator;
let eu: KlarnaApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  eu = new KlarnaApi(emulator, 'eu');
});
afterAll(() => emulator.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('server', () => {
  test('startEmulator on port 0 listens on a free loopback port and reports its URLs', () => {
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.regionUrls.na).toBe(`${emulator.url}/na`);
    expect(emulator.sdkUrl).toBe(`${emulator.url}/kp/lib/v1/api.js`);
  });

  test('GET /_emulator/health answers {"ok":true}', async () => {
    const response = await rawRequest(emulator, 'GET', '/_emulator/health');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true });
  });

  test('every response carries a Klarna-Correlation-Id, and errors repeat it in the body', async () => {
    const ok = await eu.createSession();
    expect(ok.headers.get('klarna-correlation-id')).toMatch(UUID);
    const error = await eu.readSession('no-such-session');
    expect(error.status).toBe(404);
    expect(error.json).toEqual({
      error_code: 'NOT_FOUND',
      error_messages: ['Invalid session id'],
      correlation_id: error.headers.get('klarna-correlation-id'),
    });
  });
});

describe('regions and Basic auth', () => {
  test.each([
    ['eu', 'PK_EU_TEST', 'emulator-eu'],
    ['na', 'PK_NA_TEST', 'emulator-na'],
    ['oc', 'PK_OC_TEST', 'emulator-oc'],
  ] as const)('region %s accepts its default credentials', async (region, username, password) => {
    const cart = { eu: seCart(), na: { ...usLikeCanadaCart() }, oc: auCart() }[region];
    const response = await rawRequest(emulator, 'POST', `/${region}/payments/v1/sessions`, {
      body: cart,
      auth: { username, password },
    });
    expect(response.status).toBe(200);
  });

  test.each([
    ['no Authorization header', false as const],
    ['a wrong password', { username: 'PK_EU_TEST', password: 'wrong' }],
    ["another region's credentials", { username: 'PK_NA_TEST', password: 'emulator-na' }],
  ])('%s gets 401 with an HTML body, as Klarna hosts answer', async (_label, auth) => {
    const response = await rawRequest(emulator, 'POST', '/eu/payments/v1/sessions', { body: seCart(), auth });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('401 Authorization Required');
    expect(response.headers.get('klarna-correlation-id')).toMatch(UUID);
  });

  test('a malformed Authorization header is a 401, not a crash', async () => {
    const response = await rawRequest(emulator, 'GET', '/eu/payments/v1/sessions/x', {
      headers: { authorization: 'Basic !!!not-base64' },
    });
    expect(response.status).toBe(401);
  });

  test('sessions are per region: the NA host does not know an EU session', async () => {
    const created = await eu.createSession();
    const na = new KlarnaApi(emulator, 'na');
    const response = await na.readSession(created.json.session_id);
    expect(response.status).toBe(404);
  });

  test('credentials come from the environment when set', async () => {
    const custom = await startTestEmulator({
      env: { KLARNA_EMULATOR_EU_USERNAME: 'merchant-eu', KLARNA_EMULATOR_EU_PASSWORD: 's3cret' },
    });
    try {
      const defaults = await rawRequest(custom, 'POST', '/eu/payments/v1/sessions', {
        body: seCart(),
        auth: { username: 'PK_EU_TEST', password: 'emulator-eu' },
      });
      expect(defaults.status).toBe(401);
      const configured = await rawRequest(custom, 'POST', '/eu/payments/v1/sessions', {
        body: seCart(),
        auth: { username: 'merchant-eu', password: 's3cret' },
      });
      expect(configured.status).toBe(200);
      expect(custom.credentials.eu).toEqual({ username: 'merchant-eu', password: 's3cret' });
    } finally {
      await custom.close();
    }
  });
});

describe('bad input gets a Klarna-shaped 4xx', () => {
  test('malformed JSON is a 400 BAD_REQUEST', async () => {
    const response = await eu.request('POST', '/payments/v1/sessions', {
      rawBody: '{"purchase_country": "SE",',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json.error_code).toBe('BAD_REQUEST');
    expect(response.json.correlation_id).toMatch(UUID);
  });

  test('a body that is not JSON by content type is a 415', async () => {
    const response = await eu.request('POST', '/payments/v1/sessions', {
      rawBody: JSON.stringify(seCart()),
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(415);
    expect(response.json.error_code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('a JSON array or string instead of an object is a bad value', async () => {
    const response = await eu.request('POST', '/payments/v1/sessions', { body: [1, 2] });
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: body']);
  });

  test('a missing body on create session is a 400', async () => {
    const response = await eu.request('POST', '/payments/v1/sessions');
    expect(response.status).toBe(400);
    expect(response.json.error_code).toBe('BAD_REQUEST');
  });

  test('a body over 1 MB gets 413 REQUEST_TOO_LARGE', async () => {
    const huge = { ...seCart(), merchant_data: 'x'.repeat(1024 * 1024 + 10) };
    const response = await eu.createSession(huge);
    expect(response.status).toBe(413);
    expect(response.json.error_code).toBe('REQUEST_TOO_LARGE');
    expect(response.json.error_messages).toEqual(['Request is too large']);
  });

  test('unknown paths get 404 and wrong methods 405 with Allow', async () => {
    const missing = await eu.request('GET', '/payments/v2/whatever');
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('NOT_FOUND');
    const outside = await rawRequest(emulator, 'GET', '/nowhere');
    expect(outside.status).toBe(404);
    const wrongMethod = await eu.request('PUT', '/payments/v1/sessions');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(wrongMethod.json.error_code).toBe('METHOD_NOT_ALLOWED');
  });

  test('a client that sends half a body and stalls gets 408, not a hang', async () => {
    const impatient = await startTestEmulator({ bodyTimeoutMs: 300 });
    try {
      const answer = await new Promise<{ status: number; body: KlarnaErrorBody }>((resolve, reject) => {
        const req = httpRequest(`${impatient.url}/eu/payments/v1/sessions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': '1000',
            authorization: `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`,
          },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString()) as KlarnaErrorBody,
            }),
          );
        });
        req.on('error', reject);
        req.write('{"purchase_country":');
      });
      expect(answer.status).toBe(408);
      expect(answer.body.error_code).toBe('REQUEST_TIMEOUT');
    } finally {
      await impatient.close();
    }
  });

  test('a client that disconnects mid-body leaves the server healthy', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${emulator.url}/eu/payments/v1/sessions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '1000',
          authorization: `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`,
        },
      });
      req.on('error', () => resolve());
      req.write('{"purchase_country":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    const health = await rawRequest(emulator, 'GET', '/_emulator/health');
    expect(health.status).toBe(200);
    const created = await eu.createSession();
    expect(created.status).toBe(200);
  });
});

describe('control API switch', () => {
  test('EMULATOR_CONTROL=off hides /_emulator endpoints (404) but keeps health', async () => {
    const locked = await startTestEmulator({ env: { EMULATOR_CONTROL: 'off' } });
    try {
      expect((await rawRequest(locked, 'POST', '/_emulator/reset')).status).toBe(404);
      expect((await rawRequest(locked, 'GET', '/_emulator/clock')).status).toBe(404);
      expect((await rawRequest(locked, 'GET', '/_emulator/requests')).status).toBe(404);
      expect((await rawRequest(locked, 'GET', '/_emulator/health')).status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});

function usLikeCanadaCart(): Record<string, unknown> {
  return {
    purchase_country: 'CA',
    purchase_currency: 'CAD',
    locale: 'en-CA',
    order_amount: 1000,
    order_lines: [{ name: 'Toque', quantity: 1, unit_price: 1000, total_amount: 1000 }],
  };
}

function auCart(): Record<string, unknown> {
  return {
    purchase_country: 'AU',
    purchase_currency: 'AUD',
    locale: 'en-AU',
    order_amount: 1100,
    order_tax_amount: 100,
    order_lines: [
      {
        name: 'Hat',
        quantity: 1,
        unit_price: 1100,
        tax_rate: 1000,
        total_amount: 1100,
        total_tax_amount: 100,
      },
    ],
  };
}
