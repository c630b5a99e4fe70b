import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { KlarnaApi, orderBodyFrom, rawRequest, seCart, startTestEmulator } from './helpers.js';

let emulator: RunningEmulator;
let eu: KlarnaApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  eu = new KlarnaApi(emulator, 'eu');
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

type Claims = Record<string, unknown>;

function decodeJwt(token: string): { header: Claims; payload: Claims } {
  const [header, payload, signature] = token.split('.');
  expect(signature).toBeTruthy();
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Claims,
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Claims,
  };
}

describe('create session', () => {
  test('answers 200 with session_id, a JWT client_token and payment method categories', async () => {
    const response = await eu.createSession();
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(Object.keys(response.json).sort()).toEqual([
      'client_token',
      'payment_method_categories',
      'session_id',
    ]);
    const { header, payload } = decodeJwt(response.json.client_token);
    expect(header.alg).toBe('RS256');
    expect(payload.session_id).toBe(response.json.session_id);
    expect(payload.region).toBe('eu');
    expect(payload.purchase_country).toBe('SE');
    expect(response.json.payment_method_categories).toEqual([
      {
        identifier: 'klarna',
        name: 'Pay later with Klarna',
        asset_urls: {
          descriptive: `${emulator.url}/kp/assets/badges/klarna.svg`,
          standard: `${emulator.url}/kp/assets/badges/klarna.svg`,
        },
      },
    ]);
  });

  test('the badge in asset_urls is served by the emulator as SVG', async () => {
    const created = await eu.createSession();
    const badgeUrl = created.json.payment_method_categories[0]!.asset_urls.standard;
    const badge = await fetch(badgeUrl);
    expect(badge.status).toBe(200);
    expect(badge.headers.get('content-type')).toBe('image/svg+xml');
    expect(await badge.text()).toContain('<svg');
  });

  test.each(['buy', 'tokenize', 'buy_and_tokenize', 'buy_and_default_tokenize'])(
    'accepts intent %s and reads it back',
    async (intent) => {
      const created = await eu.createSession(seCart({ intent }));
      expect(created.status).toBe(200);
      const read = await eu.readSession(created.json.session_id);
      expect(read.json.intent).toBe(intent);
    },
  );

  test('buy_and_tokenize charges today, so an amount of 0 is refused; tokenize takes 0', async () => {
    const freeCart = {
      order_amount: 0,
      order_tax_amount: 0,
      order_lines: [
        { name: 'Trial', quantity: 1, unit_price: 0, tax_rate: 2500, total_amount: 0, total_tax_amount: 0 },
      ],
    };
    const refused = await eu.createSession(seCart({ ...freeCart, intent: 'buy_and_tokenize' }));
    expect(refused.status).toBe(400);
    expect(refused.json.error_messages).toEqual(['Bad value: order_amount']);

    const trial = await eu.createSession(seCart({ ...freeCart, intent: 'tokenize' }));
    expect(trial.status).toBe(200);
    const changed = await eu.updateSession(trial.json.session_id, { intent: 'buy_and_tokenize' });
    expect(changed.status).toBe(400);
    expect(changed.json.error_messages).toEqual(['Bad value: order_amount']);
  });

  test('rejects an unknown intent', async () => {
    const response = await eu.createSession(seCart({ intent: 'subscribe' }));
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: intent']);
  });

  test('a session for a market of another region is a bad purchase_country', async () => {
    const response = await eu.createSession({
      purchase_country: 'US',
      purchase_currency: 'USD',
      order_amount: 100,
      order_lines: [{ name: 'x', quantity: 1, unit_price: 100, total_amount: 100 }],
    });
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: purchase_country']);
  });
});

describe('read session', () => {
  test('returns session_read: the data sent plus status, expiry, client token and categories, no session_id', async () => {
    const cart = seCart({
      merchant_reference1: 'ORDER-1',
      customer: {
        date_of_birth: '1941-03-21',
        national_identification_number: '194103219202',
        type: 'person',
      },
    });
    const created = await eu.createSession(cart);
    const read = await eu.readSession(created.json.session_id);
    expect(read.status).toBe(200);
    expect(read.json.session_id).toBeUndefined();
    expect(read.json).toMatchObject({
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      locale: 'sv-SE',
      order_amount: 24900,
      order_tax_amount: 4980,
      order_lines: cart.order_lines,
      merchant_reference1: 'ORDER-1',
      intent: 'buy',
      status: 'incomplete',
      client_token: created.json.client_token,
      payment_method_categories: created.json.payment_method_categories,
    });
    // customer_read leaves out national identification numbers.
    expect(read.json.customer).toEqual({ date_of_birth: '1941-03-21', type: 'person' });
  });

  test('expires_at is 48 hours after creation on the emulator clock', async () => {
    const before = await eu.request('POST', '/_emulator/clock', {
      body: { set: '2030-01-01T10:00:00.000Z' },
    });
    const created = await eu.createSession();
    const after = await eu.request('GET', '/_emulator/clock');
    const read = await eu.readSession(created.json.session_id);
    const expiresAt = Date.parse(read.json.expires_at);
    const hours48 = 48 * 3_600_000;
    // The emulator clock keeps running in real time between the calls.
    expect(expiresAt).toBeGreaterThanOrEqual(Date.parse(before.json.now) + hours48);
    expect(expiresAt).toBeLessThanOrEqual(Date.parse(after.json.now) + hours48);
    expect(read.json.expires_at.startsWith('2030-01-03T10:00:00')).toBe(true);
  });

  test('defaults the locale to the market language when none is sent', async () => {
    const { locale: _locale, ...cart } = seCart();
    const created = await eu.createSession(cart);
    const read = await eu.readSession(created.json.session_id);
    expect(read.json.locale).toBe('sv-SE');
  });
});

describe('update session', () => {
  test('POST answers 204 with no body and the change is visible on read', async () => {
    const created = await eu.createSession();
    const cart = seCart();
    const lines = cart.order_lines as Record<string, unknown>[];
    const update = {
      order_amount: 20000,
      order_tax_amount: 4000,
      order_lines: [lines[0]],
      merchant_reference2: 'basket-7',
    };
    const response = await eu.updateSession(created.json.session_id, update);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const read = await eu.readSession(created.json.session_id);
    expect(read.json.order_amount).toBe(20000);
    expect(read.json.order_lines).toHaveLength(1);
    expect(read.json.merchant_reference2).toBe('basket-7');
    expect(read.json.purchase_country).toBe('SE');
  });

  test('the merged session is validated as a new one: new lines without a new amount are rejected', async () => {
    const created = await eu.createSession();
    const lines = seCart().order_lines as Record<string, unknown>[];
    const response = await eu.updateSession(created.json.session_id, { order_lines: [lines[0]] });
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toContain('Bad value: order_amount');
    const read = await eu.readSession(created.json.session_id);
    expect(read.json.order_lines).toHaveLength(2);
  });

  test('field constraints apply to updates', async () => {
    const created = await eu.createSession();
    const response = await eu.updateSession(created.json.session_id, { locale: 'swedish' });
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: locale']);
  });

  test('an unknown session is 404', async () => {
    const response = await eu.updateSession('3f1e4a2c-0000-4000-8000-000000000000', {
      merchant_reference1: 'x',
    });
    expect(response.status).toBe(404);
    expect(response.json.error_code).toBe('NOT_FOUND');
  });

  test('after the order is placed the session is complete and updates are refused', async () => {
    const cart = seCart();
    const { sessionId, token } = await eu.authorizedSession(cart);
    const order = await eu.placeOrder(token, orderBodyFrom(cart));
    expect(order.status).toBe(200);
    const read = await eu.readSession(sessionId);
    expect(read.json.status).toBe('complete');
    const update = await eu.updateSession(sessionId, { merchant_reference1: 'late' });
    expect(update.status).toBe(404);
    expect(update.json.error_code).toBe('SESSION_COMPLETED');
  });
});

describe('session lifetime', () => {
  test('a session lives 48 hours from its last update', async () => {
    const created = await eu.createSession();
    const id = created.json.session_id;
    await eu.advanceClock('47h');
    expect((await eu.readSession(id)).status).toBe(200);
    expect((await eu.updateSession(id, { merchant_reference1: 'still here' })).status).toBe(204);
    await eu.advanceClock('47h');
    expect((await eu.readSession(id)).status).toBe(200);
    await eu.advanceClock('1h');
    const expired = await eu.readSession(id);
    expect(expired.status).toBe(404);
    expect(expired.json.error_messages).toEqual(['Invalid session id']);
    expect((await eu.updateSession(id, { merchant_reference1: 'too late' })).status).toBe(404);
  });

  test('an expired session cannot be approved any more', async () => {
    const created = await eu.createSession();
    await eu.advanceClock('48h');
    const approval = await eu.approve(created.json.session_id, { email: 'customer@email.se' });
    expect(approval.json).toEqual({ approved: false, show_form: false });
  });
});

describe('stored session (control API)', () => {
  test('GET /_emulator/sessions/{id} shows the stored record with its data', async () => {
    const created = await eu.createSession(seCart({ locale: 'SV-se' }));
    const stored = await eu.request<Record<string, unknown> & { data: Record<string, unknown> }>(
      'GET',
      `/_emulator/sessions/${created.json.session_id}`,
    );
    expect(stored.json).toMatchObject({
      id: created.json.session_id,
      region: 'eu',
      merchantId: 'PK_EU_TEST',
      status: 'incomplete',
      clientToken: created.json.client_token,
    });
    // Normalized and completed as at creation.
    expect(stored.json.data).toMatchObject({ locale: 'sv-SE', intent: 'buy', order_amount: 24900 });
  });
});

describe('reset', () => {
  test('POST /_emulator/reset forgets sessions', async () => {
    const created = await eu.createSession();
    const reset = await rawRequest(emulator, 'POST', '/_emulator/reset');
    expect(reset.status).toBe(200);
    expect((await eu.readSession(created.json.session_id)).status).toBe(404);
  });
});
