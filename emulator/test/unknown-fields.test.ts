import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../src/config.js';
import type { RunningEmulator } from '../src/index.js';
import { seCart, startTestEmulator } from './helpers.js';
import { OrderApi } from './order-management-helpers.js';

/**
 * A client that sends more than the spec lists, the way real clients do: the session body (with
 * `intent`, `locale`, `merchant_urls`) reused for place order, and a field of its own on every call.
 */
function sessionBody(): Record<string, unknown> {
  return seCart({ intent: 'buy', client_reference: 'cart-17' });
}

function placeOrderBody(): Record<string, unknown> {
  // The whole session body again, as some clients send it.
  return { ...sessionBody() };
}

const CAPTURE = { captured_amount: 24900, shipment_note: 'left at the door' };
const REFUND = { refunded_amount: 24900, reason_code: 'RETURN' };

function warnings(headers: Headers): string[] {
  const value = headers.get('klarna-emulator-warning');
  return value === null ? [] : value.split(', ');
}

describe('default mode: unknown fields are accepted, ignored and reported', () => {
  let emulator: RunningEmulator;
  let api: OrderApi;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    api = new OrderApi(emulator, 'eu');
  });
  afterAll(() => emulator.close());

  test('session → place order (with intent) → capture → refund completes, with a warning per field', async () => {
    const created = await api.createSession(sessionBody());
    expect(created.status).toBe(200);
    expect(warnings(created.headers)).toEqual(['unknown field client_reference']);

    const sessionId = created.json.session_id;
    const approved = await api.approve(sessionId);
    const token = approved.json.authorization_token as string;

    const placed = await api.placeOrder(token, placeOrderBody());
    expect(placed.status).toBe(200);
    expect(warnings(placed.headers)).toEqual(['unknown field intent', 'unknown field client_reference']);
    const orderId = placed.json.order_id;

    const captured = await api.capture(orderId, CAPTURE);
    expect(captured.status).toBe(201);
    expect(warnings(captured.headers)).toEqual(['unknown field shipment_note']);

    const refunded = await api.refund(orderId, REFUND);
    expect(refunded.status).toBe(201);
    expect(warnings(refunded.headers)).toEqual(['unknown field reason_code']);

    const order = (await api.getOrder(orderId)).json;
    expect(order).toMatchObject({ status: 'CAPTURED', captured_amount: 24900, refunded_amount: 24900 });
    // Ignored means ignored: nothing of it is stored or echoed.
    expect(JSON.stringify(order)).not.toMatch(/client_reference|shipment_note|reason_code/);

    const log = await api.requestLog(4);
    expect(log.map((entry) => entry.warnings)).toEqual([
      ['unknown field intent', 'unknown field client_reference'],
      ['unknown field shipment_note'],
      ['unknown field reason_code'],
      undefined,
    ]);
  });

  test('nested unknown fields are named by path; known fields keep every check', async () => {
    const cart = seCart();
    (cart.order_lines as Record<string, unknown>[])[1]!.colour = 'red';
    const accepted = await api.createSession(cart);
    expect(accepted.status).toBe(200);
    expect(warnings(accepted.headers)).toEqual(['unknown field order_lines[1].colour']);

    const refused = await api.createSession({ ...cart, order_amount: '24900', typo_field: 1 });
    expect(refused.status).toBe(400);
    expect(refused.json.error_messages).toEqual(['Bad value: order_amount']);
    expect(warnings(refused.headers)).toEqual([
      'unknown field order_lines[1].colour',
      'unknown field typo_field',
    ]);
  });

  test('a field name that is not header-safe is percent-encoded in the warning', async () => {
    const response = await api.createSession({ ...seCart(), 'färg\n': 'röd' });
    expect(response.status).toBe(200);
    expect(warnings(response.headers)).toEqual(['unknown field f%C3%A4rg%0A']);
  });

  test('hundreds of unknown fields: twenty warnings and a pointer to the request log', async () => {
    const extra = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`extra_${index}`, index]));
    const response = await api.createSession({ ...seCart(), ...extra });
    expect(response.status).toBe(200);
    const lines = warnings(response.headers);
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('unknown field extra_0');
    expect(lines[20]).toBe('more unknown fields: see the request log');
    const [entry] = await api.requestLog(1);
    expect(entry!.warnings).toHaveLength(100);
  });
});

describe('strict mode: unknown fields are refused as today', () => {
  let emulator: RunningEmulator;
  let api: OrderApi;
  beforeAll(async () => {
    emulator = await startTestEmulator({ strict: true });
    api = new OrderApi(emulator, 'eu');
  });
  afterAll(() => emulator.close());

  test('the same client fails with a clear 400 naming the field', async () => {
    const refused = await api.createSession(sessionBody());
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error_code: 'BAD_VALUE',
      error_messages: ['Bad value: client_reference'],
    });

    const { token } = await api.authorizedSession(seCart({ intent: 'buy' }));
    const placed = await api.placeOrder(token, { ...seCart(), intent: 'buy' });
    expect(placed.status).toBe(400);
    expect(placed.json.error_messages).toEqual(['Bad value: intent']);
    expect(placed.headers.get('klarna-emulator-warning')).toBeNull();
  });

  test('unknown fields are named by path, every one of them', async () => {
    const cart = seCart();
    (cart.order_lines as Record<string, unknown>[])[1]!.colour = 'red';
    const response = await api.createSession({ ...cart, order_line: [] });
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual([
      'Bad value: order_lines[1].colour',
      'Bad value: order_line',
    ]);
  });

  test('Order Management refuses an unknown field and captures nothing', async () => {
    const orderId = await api.placedOrder();
    const refused = await api.capture(orderId, { captured_amount: 100, capture_amount: 100 });
    expect(refused.status).toBe(400);
    expect(refused.json.error_messages).toEqual(['Bad value: capture_amount']);
    expect((await api.getOrder(orderId)).json.captured_amount).toBe(0);
  });

  test('EMULATOR_STRICT=1 turns strict mode on; an explicit option wins over it', () => {
    expect(resolveConfig({}).strict).toBe(false);
    expect(resolveConfig({ EMULATOR_STRICT: '1' }).strict).toBe(true);
    expect(resolveConfig({ EMULATOR_STRICT: 'true' }).strict).toBe(true);
    expect(resolveConfig({ EMULATOR_STRICT: '1' }, { strict: false }).strict).toBe(false);
  });
});

describe('reserved keys (__proto__, constructor, hasOwnProperty) are bad values in every mode', () => {
  let emulator: RunningEmulator;
  let api: OrderApi;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    api = new OrderApi(emulator, 'eu');
  });
  afterAll(() => emulator.close());

  // JSON text, because JSON.stringify of an object literal would not keep a `__proto__` key.
  const withKey = (body: Record<string, unknown>, key: string, at = '') =>
    JSON.stringify(body).replace(new RegExp(`^\\{${at}`), `{"${key}":{"x":1},${at}`);

  test.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])(
    '%s in a session, an order line, a capture and a token charge is 400 BAD_VALUE',
    async (key) => {
      const session = await api.request('POST', '/payments/v1/sessions', {
        rawBody: withKey(seCart(), key),
        headers: { 'content-type': 'application/json' },
      });
      expect(session.status).toBe(400);
      expect(session.json).toMatchObject({ error_code: 'BAD_VALUE', error_messages: [`Bad value: ${key}`] });

      const cart = seCart();
      const lines = JSON.stringify(cart.order_lines).replace(/^\[\{/, `[{"${key}":1,`);
      const inLine = await api.request('POST', '/payments/v1/sessions', {
        rawBody: JSON.stringify({ ...cart, order_lines: 'LINES' }).replace('"LINES"', lines),
        headers: { 'content-type': 'application/json' },
      });
      expect(inLine.status).toBe(400);
      expect(inLine.json.error_messages).toEqual([`Bad value: order_lines[0].${key}`]);

      const orderId = await api.placedOrder();
      const capture = await api.request('POST', `/ordermanagement/v1/orders/${orderId}/captures`, {
        rawBody: withKey({ captured_amount: 100 }, key),
        headers: { 'content-type': 'application/json' },
      });
      expect(capture.status).toBe(400);
      expect(capture.json.error_messages).toEqual([`Bad value: ${key}`]);
      expect((await api.getOrder(orderId)).json.captured_amount).toBe(0);

      const tokenId = await api.customerToken();
      const charge = await api.request('POST', `/customer-token/v1/tokens/${tokenId}/order`, {
        rawBody: withKey({ purchase_currency: 'SEK', order_amount: 100, order_lines: [] }, key),
        headers: { 'content-type': 'application/json' },
      });
      expect(charge.status).toBe(400);
      expect(charge.json.error_messages).toContain(`Bad value: ${key}`);
    },
  );

  test.each(['__proto__', 'hasOwnProperty', 'constructor'])(
    '%s in control API bodies is a JSON 400',
    async (key) => {
      const json = { 'content-type': 'application/json' };
      const clock = await api.request('POST', '/_emulator/clock', { rawBody: `{"${key}":1}`, headers: json });
      expect(clock.status).toBe(400);
      expect(clock.json.error_messages).toEqual([`Bad value: ${key}`]);

      const { session_id: sessionId } = (await api.createSession()).json;
      const approve = await api.request('POST', `/_emulator/sessions/${sessionId}/authorize`, {
        rawBody: `{"email":"customer@email.se","${key}":{"x":1}}`,
        headers: json,
      });
      expect(approve.status).toBe(400);
      expect(approve.json.error_messages).toEqual([`Bad value: ${key}`]);

      const fault = await api.request('POST', '/_emulator/faults', {
        rawBody: `{"path":"/x","fault":"reset","${key}":1}`,
        headers: json,
      });
      expect(fault.status).toBe(400);
      expect(fault.json.error_messages).toEqual([`Bad value: ${key}`]);
    },
  );
});
