import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import {
  KlarnaApi,
  orderBodyFrom,
  rawRequest,
  seBillingAddress,
  seCart,
  startTestEmulator,
} from './helpers.js';

let emulator: RunningEmulator;
let eu: KlarnaApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  eu = new KlarnaApi(emulator, 'eu');
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function cartWithAddress(overrides: Record<string, unknown> = {}) {
  return seCart({ billing_address: seBillingAddress(), ...overrides });
}

function tokenRequest(overrides: Record<string, unknown> = {}) {
  return {
    description: 'Coffee subscription',
    intended_use: 'SUBSCRIPTION',
    locale: 'sv-SE',
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    ...overrides,
  };
}

describe('place order', () => {
  test('answers 200 with order_id, fraud_status ACCEPTED and the payment method', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const response = await eu.placeOrder(token, orderBodyFrom(cart));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      order_id: expect.stringMatching(UUID),
      fraud_status: 'ACCEPTED',
      authorized_payment_method: { type: 'invoice' },
    });
  });

  test('stores the order with what Order Management needs, captureable for 28 days', async () => {
    const cart = cartWithAddress({ merchant_reference1: 'ORDER-42' });
    const { sessionId, token } = await eu.authorizedSession(cart);
    const placed = await eu.placeOrder(token, orderBodyFrom(cart));
    const order = await eu.request('GET', `/_emulator/orders/${placed.json.order_id}`);
    expect(order.json).toMatchObject({
      orderId: placed.json.order_id,
      region: 'eu',
      sessionId,
      authorizationToken: token,
      status: 'AUTHORIZED',
      fraudStatus: 'ACCEPTED',
      purchaseCountry: 'SE',
      purchaseCurrency: 'SEK',
      orderAmount: 24900,
      originalOrderAmount: 24900,
      orderTaxAmount: 4980,
      capturedAmount: 0,
      refundedAmount: 0,
      orderLines: cart.order_lines,
      billingAddress: seBillingAddress(),
      // Klarna copies billing to shipping when no shipping address was given.
      shippingAddress: seBillingAddress(),
      merchantReference1: 'ORDER-42',
    });
    const days = (Date.parse(order.json.expiresAt) - Date.parse(order.json.createdAt)) / 86_400_000;
    expect(days).toBe(28);
  });

  test('redirect_url appears only with a confirmation URL and leads there with {order.id} filled in', async () => {
    const plain = cartWithAddress();
    const first = await eu.authorizedSession(plain);
    expect((await eu.placeOrder(first.token, orderBodyFrom(plain))).json.redirect_url).toBeUndefined();

    const cart = cartWithAddress();
    const second = await eu.authorizedSession(cart);
    const placed = await eu.placeOrder(
      second.token,
      orderBodyFrom(cart, {
        merchant_urls: { confirmation: 'http://localhost:3000/orders/confirm?order={order.id}' },
      }),
    );
    expect(placed.json.redirect_url).toMatch(new RegExp(`^${emulator.url}/kp/redirect/`));
    const hop = await fetch(placed.json.redirect_url!, { redirect: 'manual' });
    expect(hop.status).toBe(303);
    expect(hop.headers.get('location')).toBe(
      `http://localhost:3000/orders/confirm?order=${placed.json.order_id}`,
    );
  });

  test('an authorization token is single-use', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    expect((await eu.placeOrder(token, orderBodyFrom(cart))).status).toBe(200);
    const again = await eu.placeOrder(token, orderBodyFrom(cart));
    expect(again.status).toBe(404);
    expect(again.json).toMatchObject({
      error_code: 'NOT_FOUND',
      error_messages: ['Invalid authorization token'],
    });
  });

  test('an authorization token lives 60 minutes', async () => {
    const cart = cartWithAddress();
    const early = await eu.authorizedSession(cart);
    const late = await eu.authorizedSession(cart);
    await eu.advanceClock('59m');
    expect((await eu.placeOrder(early.token, orderBodyFrom(cart))).status).toBe(200);
    await eu.advanceClock('1m');
    const expired = await eu.placeOrder(late.token, orderBodyFrom(cart));
    expect(expired.status).toBe(404);
    expect(expired.json.error_messages).toEqual(['Invalid authorization token']);
  });

  test('an unknown token is 404, a token of another region too', async () => {
    const cart = cartWithAddress();
    expect((await eu.placeOrder('00000000-0000-4000-8000-000000000000', orderBodyFrom(cart))).status).toBe(
      404,
    );
    const { token } = await eu.authorizedSession(cart);
    const na = new KlarnaApi(emulator, 'na');
    expect((await na.placeOrder(token, orderBodyFrom(cart))).status).toBe(404);
  });

  test('the order body is validated like a session', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const body = orderBodyFrom(cart, { order_amount: 1 });
    const response = await eu.placeOrder(token, body);
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: order_amount']);
    const { order_lines: _lines, ...withoutLines } = orderBodyFrom(cart);
    const missing = await eu.placeOrder(token, withoutLines);
    expect(missing.json.error_messages).toEqual(['Bad value: order_lines']);
  });

  test('auto_capture creates the order captured in full', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const placed = await eu.placeOrder(token, orderBodyFrom(cart, { auto_capture: true }));
    const order = await eu.request('GET', `/_emulator/orders/${placed.json.order_id}`);
    expect(order.json).toMatchObject({ status: 'CAPTURED', capturedAmount: 24900 });
    expect(order.json.captures).toHaveLength(1);
  });

  test('placing the order retires the session’s other authorizations', async () => {
    const cart = cartWithAddress();
    const created = await eu.createSession(cart);
    const first = await eu.approve(created.json.session_id);
    const second = await eu.approve(created.json.session_id);
    expect((await eu.placeOrder(second.json.authorization_token!, orderBodyFrom(cart))).status).toBe(200);
    expect((await eu.placeOrder(first.json.authorization_token!, orderBodyFrom(cart))).status).toBe(404);
  });
});

describe('place order must match what was authorized (409)', () => {
  test('a different number of lines', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const lines = cart.order_lines as Record<string, unknown>[];
    const body = orderBodyFrom(cart, {
      order_lines: [...lines, { name: 'Socks', quantity: 1, unit_price: 0, total_amount: 0 }],
    });
    const response = await eu.placeOrder(token, body);
    expect(response.status).toBe(409);
    expect(response.json.error_code).toBe('BAD_VALUE');
    expect(response.json.error_messages).toEqual([
      'Not matching fields: [Incorrect number of items in the cart. Expected: 2, Actual: 3]',
    ]);
  });

  test('a different price on a line and a different total', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const changed = structuredClone(cart) as Record<string, unknown> & {
      order_lines: Record<string, unknown>[];
    };
    Object.assign(changed.order_lines[1]!, { unit_price: 5900, total_amount: 5900, total_tax_amount: 1180 });
    changed.order_amount = 25900;
    changed.order_tax_amount = 5180;
    const response = await eu.placeOrder(token, orderBodyFrom(changed));
    expect(response.status).toBe(409);
    expect(response.json.error_messages).toEqual([
      'Not matching fields: [order_amount, order_tax_amount, order_lines[1].unit_price, order_lines[1].total_amount, order_lines[1].total_tax_amount]',
    ]);
  });

  test('a different billing postal code', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const body = orderBodyFrom(cart, { billing_address: { ...seBillingAddress(), postal_code: '11460' } });
    const response = await eu.placeOrder(token, body);
    expect(response.status).toBe(409);
    expect(response.json.error_messages).toEqual(['Not matching fields: [billing_address.postal_code]']);
  });

  test('a shipping address other than the authorized one (billing copied)', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const body = orderBodyFrom(cart, {
      shipping_address: { ...seBillingAddress(), street_address: 'Karlaplan 3' },
    });
    const response = await eu.placeOrder(token, body);
    expect(response.status).toBe(409);
    expect(response.json.error_messages).toEqual(['Not matching fields: [shipping_address.street_address]']);
  });

  test('an absent address matches, and case or spacing differences do not count', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const { billing_address: _billing, ...withoutAddress } = orderBodyFrom(cart);
    expect((await eu.placeOrder(token, withoutAddress)).status).toBe(200);

    const again = cartWithAddress();
    const second = await eu.authorizedSession(again);
    const shouting = Object.fromEntries(
      Object.entries(seBillingAddress()).map(([key, value]) => [
        key,
        key === 'country' ? value : ` ${value.toUpperCase()} `,
      ]),
    );
    expect(
      (await eu.placeOrder(second.token, orderBodyFrom(again, { billing_address: shouting }))).status,
    ).toBe(200);
  });

  test('the mismatch leaves the token usable for a corrected request', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    expect(
      (await eu.placeOrder(token, orderBodyFrom(cart, { purchase_currency: 'SEK', order_tax_amount: 4979 })))
        .status,
    ).toBe(409);
    expect((await eu.placeOrder(token, orderBodyFrom(cart))).status).toBe(200);
  });
});

describe('intents', () => {
  test('intent tokenize cannot place an order (403 INVALID_OPERATION)', async () => {
    const cart = cartWithAddress({ intent: 'tokenize' });
    const { token } = await eu.authorizedSession(cart);
    const response = await eu.placeOrder(token, orderBodyFrom(cart));
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({
      error_code: 'INVALID_OPERATION',
      error_messages: ['Not allowed to create orders for intent tokenize.'],
    });
  });

  test('intent buy cannot create a customer token (403 INVALID_OPERATION)', async () => {
    const { token } = await eu.authorizedSession(cartWithAddress());
    const response = await eu.createCustomerToken(token, tokenRequest());
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({
      error_code: 'INVALID_OPERATION',
      error_messages: ['Not allowed to create customer tokens for intent buy.'],
    });
  });

  test.each(['buy_and_tokenize', 'buy_and_default_tokenize'])(
    'intent %s places the order and creates a token from the same authorization',
    async (intent) => {
      const cart = cartWithAddress({ intent });
      const { token } = await eu.authorizedSession(cart);
      expect((await eu.placeOrder(token, orderBodyFrom(cart))).status).toBe(200);
      const created = await eu.createCustomerToken(token, tokenRequest());
      expect(created.status).toBe(200);
      expect((await eu.createCustomerToken(token, tokenRequest())).status).toBe(404);
    },
  );
});

describe('create customer token', () => {
  test('answers 200 and stores an ACTIVE token the Customer Token API can read', async () => {
    const cart = cartWithAddress({ intent: 'tokenize', customer: { date_of_birth: '1941-03-21' } });
    const { sessionId, token } = await eu.authorizedSession(cart);
    const response = await eu.createCustomerToken(
      token,
      tokenRequest({ billing_address: seBillingAddress() }),
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      token_id: expect.stringMatching(UUID),
      billing_address: seBillingAddress(),
      customer: { date_of_birth: '1941-03-21' },
      payment_method_reference: expect.stringMatching(UUID),
    });
    const stored = await eu.request('GET', `/_emulator/customer-tokens/${response.json.token_id}`);
    expect(stored.json).toMatchObject({
      tokenId: response.json.token_id,
      status: 'ACTIVE',
      region: 'eu',
      paymentMethodType: 'INVOICE',
      billingAddress: seBillingAddress(),
      purchaseCountry: 'SE',
      purchaseCurrency: 'SEK',
      sessionId,
    });
    // A tokenize session is complete once its token exists.
    expect((await eu.readSession(sessionId)).json.status).toBe('complete');
  });

  test('accepts intended_use in lower case, as Klarna’s guide sends it', async () => {
    const { token } = await eu.authorizedSession(cartWithAddress({ intent: 'tokenize' }));
    expect((await eu.createCustomerToken(token, tokenRequest({ intended_use: 'subscription' }))).status).toBe(
      200,
    );
  });

  test('required fields are checked', async () => {
    const { token } = await eu.authorizedSession(cartWithAddress({ intent: 'tokenize' }));
    const { description: _d, ...body } = tokenRequest({ intended_use: 'ONE_OFF' });
    const response = await eu.createCustomerToken(token, body);
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: intended_use', 'Bad value: description']);
  });

  test('another purchase country than the session’s is a bad purchase_country', async () => {
    const { token } = await eu.authorizedSession(cartWithAddress({ intent: 'tokenize' }));
    const response = await eu.createCustomerToken(
      token,
      tokenRequest({ purchase_country: 'NO', purchase_currency: 'NOK', locale: 'nb-NO' }),
    );
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: purchase_country']);
  });

  test('a billing address other than the authorized one is 409', async () => {
    const { token } = await eu.authorizedSession(cartWithAddress({ intent: 'tokenize' }));
    const response = await eu.createCustomerToken(
      token,
      tokenRequest({ billing_address: { ...seBillingAddress(), city: 'Göteborg' } }),
    );
    expect(response.status).toBe(409);
    expect(response.json.error_messages).toEqual(['Not matching fields: [billing_address.city]']);
  });
});

describe('cancel authorization', () => {
  test('DELETE answers 204 with a correlation id and the token can no longer place an order', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    const response = await eu.cancelAuthorization(token);
    expect(response.status).toBe(204);
    expect(response.headers.get('klarna-correlation-id')).toMatch(UUID);
    expect((await eu.placeOrder(token, orderBodyFrom(cart))).status).toBe(404);
    expect((await eu.cancelAuthorization(token)).status).toBe(404);
  });

  test('a token already used for an order cannot be cancelled', async () => {
    const cart = cartWithAddress();
    const { token } = await eu.authorizedSession(cart);
    await eu.placeOrder(token, orderBodyFrom(cart));
    expect((await eu.cancelAuthorization(token)).status).toBe(404);
  });
});

describe('headless approval (control API)', () => {
  test('returns the SDK callback object and binds the session as it is then', async () => {
    const created = await eu.createSession(seCart());
    const approved = await eu.approve(created.json.session_id, {
      email: 'customer@email.se',
      billing_address: seBillingAddress(),
    });
    expect(approved.json).toEqual({
      approved: true,
      show_form: true,
      authorization_token: expect.stringMatching(UUID),
    });
    const read = await eu.readSession(created.json.session_id);
    expect(read.json.authorization_token).toBe(approved.json.authorization_token);
    expect(read.json.billing_address).toEqual(seBillingAddress());
  });

  test('with just an email it fills in a sample shopper for the market', async () => {
    const created = await eu.createSession(seCart());
    const approved = await eu.approve(created.json.session_id, { email: 'someone@example.com' });
    expect(approved.json.approved).toBe(true);
    const read = await eu.readSession(created.json.session_id);
    expect(read.json.billing_address).toMatchObject({ email: 'someone@example.com', country: 'SE' });
  });

  test('an incomplete billing address comes back as invalid_fields', async () => {
    const created = await eu.createSession(seCart());
    const { street_address: _s, city: _c, ...partial } = seBillingAddress();
    const approved = await eu.approve(created.json.session_id, { billing_address: partial });
    expect(approved.json).toEqual({
      approved: false,
      show_form: true,
      error: { invalid_fields: ['billing_address.street_address', 'billing_address.city'] },
    });
  });

  test('an unknown session is 404', async () => {
    const response = await eu.approve('nope', { email: 'customer@email.se' });
    expect(response.status).toBe(404);
  });
});

describe('request log', () => {
  test('GET /_emulator/requests lists API calls with status, region and body', async () => {
    await eu.createSession(seCart({ purchase_currency: 'EUR' }));
    const log = await rawRequest(emulator, 'GET', '/_emulator/requests?limit=1');
    expect(log.json.requests).toHaveLength(1);
    expect(log.json.requests[0]).toMatchObject({
      method: 'POST',
      path: '/eu/payments/v1/sessions',
      region: 'eu',
      status: 400,
      body: expect.objectContaining({ purchase_currency: 'EUR' }),
    });
  });
});
