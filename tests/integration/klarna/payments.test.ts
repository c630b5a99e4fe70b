import {
  cancelAuthorization,
  createCustomerToken,
  createSession,
  klarnaConfigFromEnv,
  KlarnaError,
  placeOrder,
  readSession,
  updateSession,
  type KlarnaConfig,
  type KlarnaLogEntry,
  type SessionCreateRequest,
} from '@/lib/klarna';
import { buildOrderLines, type CartLineInput } from '@/lib/order-lines';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startPrivateEmulator, type RunningEmulator } from './emulator';

let emulator: RunningEmulator;
let config: KlarnaConfig;
const logs: KlarnaLogEntry[] = [];

/** The app's own env parsing, fed the private emulator's address instead of `process.env`. */
function emulatorEnv(url: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    KLARNA_EU_BASE_URL: `${url}/eu`,
    KLARNA_NA_BASE_URL: `${url}/na`,
    KLARNA_OC_BASE_URL: `${url}/oc`,
  };
}

beforeAll(async () => {
  emulator = await startPrivateEmulator();
  config = { ...klarnaConfigFromEnv(emulatorEnv(emulator.url)), log: (entry) => logs.push(entry) };
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  logs.length = 0;
  const reset = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  expect(reset.ok).toBe(true);
});

/** Approves a session as the given shopper without a browser, via the emulator's control API. */
async function authorizeHeadless(sessionId: string, email: string): Promise<string> {
  const response = await fetch(`${emulator.url}/_emulator/sessions/${sessionId}/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { authorization_token: string };
  return body.authorization_token;
}

async function klarnaFailure(call: Promise<unknown>): Promise<KlarnaError> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(KlarnaError);
  return error as KlarnaError;
}

const mug: CartLineInput = {
  reference: 'mug-01',
  name: 'Ceramic mug',
  quantity: 2,
  unitPrice: 12_500,
  taxRate: 2500,
};

function swedishSession(lines: CartLineInput[] = [mug]): SessionCreateRequest {
  return {
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    locale: 'sv-SE',
    intent: 'buy',
    ...buildOrderLines({ taxStyle: 'vat', lines }),
  };
}

describe('sessions', () => {
  test('EU: create, read and update a Swedish session in SEK', async () => {
    const body = swedishSession();
    const created = await createSession(body, { config });
    expect(created.region).toBe('eu');
    expect(created.session_id).not.toBe('');
    expect(created.client_token.split('.')).toHaveLength(3);

    const read = await readSession('eu', created.session_id, { config });
    expect(read).toMatchObject({
      status: 'incomplete',
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      order_amount: 25_000,
      order_tax_amount: 5_000,
    });
    expect(read.order_lines).toHaveLength(1);

    const bigger = buildOrderLines({ taxStyle: 'vat', lines: [{ ...mug, quantity: 3 }] });
    await updateSession('eu', created.session_id, bigger, { config });
    const updated = await readSession('eu', created.session_id, { config });
    expect(updated.order_amount).toBe(37_500);
    expect(updated.order_lines[0]?.quantity).toBe(3);
  });

  test('NA: a US session with a sales-tax line goes to the na region', async () => {
    const cart = buildOrderLines({
      taxStyle: 'sales_tax',
      lines: [{ reference: 'mug-01', name: 'Ceramic mug', quantity: 1, unitPrice: 2_000, taxRate: 725 }],
    });
    expect(cart.order_lines.some((line) => line.type === 'sales_tax')).toBe(true);
    const created = await createSession(
      { purchase_country: 'US', purchase_currency: 'USD', locale: 'en-US', ...cart },
      { config },
    );
    expect(created.region).toBe('na');

    const read = await readSession('na', created.session_id, { config });
    expect(read.order_amount).toBe(cart.order_amount);
    expect(read.order_tax_amount).toBe(cart.order_tax_amount);
    expect(read.order_lines.map((line) => line.type)).toEqual(['physical', 'sales_tax']);

    const twoMugs = buildOrderLines({
      taxStyle: 'sales_tax',
      lines: [{ reference: 'mug-01', name: 'Ceramic mug', quantity: 2, unitPrice: 2_000, taxRate: 725 }],
    });
    await updateSession('na', created.session_id, twoMugs, { config });
    expect((await readSession('na', created.session_id, { config })).order_amount).toBe(twoMugs.order_amount);
  });

  test('OC: an Australian session in AUD goes to the oc region', async () => {
    const cart = buildOrderLines({
      taxStyle: 'vat',
      lines: [{ reference: 'mug-01', name: 'Ceramic mug', quantity: 1, unitPrice: 3_300, taxRate: 1000 }],
    });
    const created = await createSession(
      { purchase_country: 'AU', purchase_currency: 'AUD', locale: 'en-AU', ...cart },
      { config },
    );
    expect(created.region).toBe('oc');
    const read = await readSession('oc', created.session_id, { config });
    expect(read).toMatchObject({ purchase_currency: 'AUD', order_amount: 3_300, order_tax_amount: 300 });

    await updateSession('oc', created.session_id, { merchant_reference1: 'cart-42' }, { config });
    expect((await readSession('oc', created.session_id, { config })).merchant_reference1).toBe('cart-42');
  });

  test('a wrong order amount is a BAD_VALUE KlarnaError naming the field', async () => {
    const body = swedishSession();
    const error = await klarnaFailure(
      createSession({ ...body, order_amount: body.order_amount + 1 }, { config }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('BAD_VALUE');
    expect(error.messages).toContain('Bad value: order_amount');
    expect(error.correlationId).toBeTruthy();
    expect(logs).toMatchObject([{ event: 'klarna.request.failed', code: 'BAD_VALUE', status: 400 }]);
  });

  test("another region's credentials get a 401 KlarnaError", async () => {
    const naCredentialsOnEu = klarnaConfigFromEnv({
      ...emulatorEnv(emulator.url),
      KLARNA_EU_USERNAME: 'PK_NA_TEST',
      KLARNA_EU_PASSWORD: 'emulator-na',
    });
    const error = await klarnaFailure(
      createSession(swedishSession(), { config: { ...naCredentialsOnEu, log: () => {} } }),
    );
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', region: 'eu', method: 'POST' });
  });

  test('reading an unknown session is a 404 KlarnaError', async () => {
    const error = await klarnaFailure(readSession('eu', '00000000-0000-4000-8000-000000000000', { config }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('authorizations', () => {
  test('an approved shopper’s authorization becomes an order, once', async () => {
    const body = swedishSession();
    const { session_id } = await createSession(body, { config });
    const authorizationToken = await authorizeHeadless(session_id, 'customer@email.se');

    const { intent: _intent, ...order } = body;
    const placed = await placeOrder(authorizationToken, order, { config });
    expect(placed.order_id).not.toBe('');
    expect(placed.fraud_status).toBe('ACCEPTED');
    expect((await readSession('eu', session_id, { config })).status).toBe('complete');

    const reused = await klarnaFailure(placeOrder(authorizationToken, order, { config }));
    expect(reused.status).toBe(404);
    expect(reused.path).toBe('/payments/v1/authorizations/{token}/order');
  });

  test('a cancelled authorization can no longer become an order', async () => {
    const body = swedishSession();
    const { session_id } = await createSession(body, { config });
    const authorizationToken = await authorizeHeadless(session_id, 'customer@email.se');

    await cancelAuthorization('eu', authorizationToken, { config });

    const { intent: _intent, ...order } = body;
    const error = await klarnaFailure(placeOrder(authorizationToken, order, { config }));
    expect(error.status).toBe(404);
  });

  test('an order whose cart differs from the authorized one is a 409', async () => {
    const body = swedishSession();
    const { session_id } = await createSession(body, { config });
    const authorizationToken = await authorizeHeadless(session_id, 'customer@email.se');

    const { intent: _intent, ...authorized } = body;
    const other = buildOrderLines({ taxStyle: 'vat', lines: [{ ...mug, quantity: 3 }] });
    const error = await klarnaFailure(
      placeOrder(authorizationToken, { ...authorized, ...other }, { config }),
    );
    expect(error.status).toBe(409);
    expect(error.code).toBe('BAD_VALUE');
  });
});

describe('customer tokens', () => {
  const subscription = {
    ...mug,
    quantity: 1,
    subscription: { name: 'Mug of the month', interval: 'MONTH', interval_count: 1 },
  } satisfies CartLineInput;
  const tokenRequest = {
    description: 'Mug of the month',
    intended_use: 'SUBSCRIPTION',
    locale: 'sv-SE',
    purchase_country: 'SE',
    purchase_currency: 'SEK',
  } as const;

  test('a tokenize authorization yields a customer token and completes the session', async () => {
    const { session_id } = await createSession(
      { ...swedishSession([subscription]), intent: 'tokenize' },
      { config },
    );
    const authorizationToken = await authorizeHeadless(session_id, 'customer@email.se');

    const token = await createCustomerToken(authorizationToken, tokenRequest, { config });
    expect(token.token_id).not.toBe('');
    expect((await readSession('eu', session_id, { config })).status).toBe('complete');
  });

  test('a buy authorization cannot be tokenized', async () => {
    const { session_id } = await createSession(swedishSession(), { config });
    const authorizationToken = await authorizeHeadless(session_id, 'customer@email.se');

    const error = await klarnaFailure(createCustomerToken(authorizationToken, tokenRequest, { config }));
    expect(error).toMatchObject({ status: 403, code: 'INVALID_OPERATION' });
    expect(error.messages).toEqual(['Not allowed to create customer tokens for intent buy.']);
  });
});
