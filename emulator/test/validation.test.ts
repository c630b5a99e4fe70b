import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { KlarnaApi, seCart, startTestEmulator, usCart } from './helpers.js';

/**
 * Klarna's validation of a session body (api-reference §3.6): each rule with a passing and a
 * failing case, checked over HTTP against `Bad value: <path>` messages.
 */

let emulator: RunningEmulator;
let eu: KlarnaApi;
let na: KlarnaApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  eu = new KlarnaApi(emulator, 'eu');
  na = new KlarnaApi(emulator, 'na');
});
afterAll(() => emulator.close());

type Line = Record<string, unknown>;
type Cart = Record<string, unknown> & { order_lines: Line[] };
type Mutation = (cart: Cart) => void;

function line(cart: Cart, index: number): Line {
  return cart.order_lines[index]!;
}

async function expectRejected(api: KlarnaApi, cart: Record<string, unknown>, messages: string[]) {
  const response = await api.createSession(cart);
  expect(response.status, response.text).toBe(400);
  expect(response.json.error_code).toBe('BAD_VALUE');
  expect(response.json.error_messages).toEqual(messages);
}

async function expectAccepted(api: KlarnaApi, cart: Record<string, unknown>) {
  const response = await api.createSession(cart);
  expect(response.status, response.text).toBe(200);
}

function mutated(mutation: Mutation, base: () => Record<string, unknown> = seCart): Cart {
  const cart = structuredClone(base()) as Cart;
  mutation(cart);
  return cart;
}

describe('rule 1: field constraints', () => {
  test.each<[string, Mutation, string[]]>([
    ['missing purchase_country', (c) => delete c.purchase_country, ['Bad value: purchase_country']],
    ['missing purchase_currency', (c) => delete c.purchase_currency, ['Bad value: purchase_currency']],
    ['missing order_amount', (c) => delete c.order_amount, ['Bad value: order_amount']],
    [
      'missing order_lines',
      (c) => delete (c as Record<string, unknown>).order_lines,
      ['Bad value: order_lines'],
    ],
    ['empty order_lines', (c) => (c.order_lines = []), ['Bad value: order_lines']],
    ['line without a name', (c) => delete line(c, 0).name, ['Bad value: order_lines[0].name']],
    ['line with an empty name', (c) => (line(c, 0).name = ''), ['Bad value: order_lines[0].name']],
    [
      'line name over 255 characters',
      (c) => (line(c, 0).name = 'n'.repeat(256)),
      ['Bad value: order_lines[0].name'],
    ],
    ['line without quantity', (c) => delete line(c, 1).quantity, ['Bad value: order_lines[1].quantity']],
    ['fractional quantity', (c) => (line(c, 0).quantity = 1.5), ['Bad value: order_lines[0].quantity']],
    ['negative quantity', (c) => (line(c, 0).quantity = -1), ['Bad value: order_lines[0].quantity']],
    ['amount sent as a string', (c) => (c.order_amount = '24900'), ['Bad value: order_amount']],
    ['amount with decimals', (c) => (c.order_amount = 249.0001), ['Bad value: order_amount']],
    ['negative order_amount', (c) => (c.order_amount = -1), ['Bad value: order_amount']],
    ['negative order_tax_amount', (c) => (c.order_tax_amount = -1), ['Bad value: order_tax_amount']],
    ['tax_rate over 10000', (c) => (line(c, 0).tax_rate = 10001), ['Bad value: order_lines[0].tax_rate']],
    [
      'negative total_discount_amount',
      (c) => (line(c, 0).total_discount_amount = -5),
      ['Bad value: order_lines[0].total_discount_amount'],
    ],
    [
      'unit_price over 200 000 000',
      (c) => (line(c, 0).unit_price = 200_000_001),
      ['Bad value: order_lines[0].unit_price'],
    ],
    ['unknown line type', (c) => (line(c, 0).type = 'voucher'), ['Bad value: order_lines[0].type']],
    [
      'quantity_unit over 8 characters',
      (c) => (line(c, 0).quantity_unit = 'kilograms'),
      ['Bad value: order_lines[0].quantity_unit'],
    ],
    [
      'reference over 255 characters',
      (c) => (line(c, 0).reference = 'r'.repeat(256)),
      ['Bad value: order_lines[0].reference'],
    ],
    [
      'purchase_country of three letters',
      (c) => (c.purchase_country = 'SWE'),
      ['Bad value: purchase_country'],
    ],
    [
      'purchase_currency with a digit',
      (c) => (c.purchase_currency = 'SE1'),
      ['Bad value: purchase_currency'],
    ],
    ['malformed locale', (c) => (c.locale = 'sv_SE'), ['Bad value: locale']],
    ['unknown acquiring_channel', (c) => (c.acquiring_channel = 'PHONE'), ['Bad value: acquiring_channel']],
    [
      'merchant_reference1 over 255 characters',
      (c) => (c.merchant_reference1 = 'm'.repeat(256)),
      ['Bad value: merchant_reference1'],
    ],
    [
      'merchant_data over 6000 characters',
      (c) => (c.merchant_data = 'd'.repeat(6001)),
      ['Bad value: merchant_data'],
    ],
    [
      'postal_code over 10 characters',
      (c) => (c.billing_address = { postal_code: '12345678901' }),
      ['Bad value: billing_address.postal_code'],
    ],
    [
      'email over 99 characters',
      (c) => (c.billing_address = { email: `${'e'.repeat(95)}@x.se` }),
      ['Bad value: billing_address.email'],
    ],
    [
      'address country of three letters',
      (c) => (c.shipping_address = { country: 'SWE' }),
      ['Bad value: shipping_address.country'],
    ],
    ['address given as a string', (c) => (c.billing_address = 'Stockholm'), ['Bad value: billing_address']],
    ['unknown customer gender', (c) => (c.customer = { gender: 'other' }), ['Bad value: customer.gender']],
    [
      'malformed last_four_ssn',
      (c) => (c.customer = { last_four_ssn: '12a4' }),
      ['Bad value: customer.last_four_ssn'],
    ],
    [
      'malformed date_of_birth',
      (c) => (c.customer = { date_of_birth: '21-03-1941' }),
      ['Bad value: customer.date_of_birth'],
    ],
    [
      'colour option not in #RRGGBB',
      (c) => (c.options = { color_border: 'red' }),
      ['Bad value: options.color_border'],
    ],
    [
      'subscription without interval',
      (c) => (line(c, 0).subscription = { name: 'Box', interval_count: 1 }),
      ['Bad value: order_lines[0].subscription.interval'],
    ],
    [
      'subscription interval_count 0',
      (c) => (line(c, 0).subscription = { name: 'Box', interval: 'MONTH', interval_count: 0 }),
      ['Bad value: order_lines[0].subscription.interval_count'],
    ],
    [
      'attachment without body',
      (c) => (c.attachment = { content_type: 'application/vnd.klarna.internal.emd-v2+json' }),
      ['Bad value: attachment.body'],
    ],
  ])('%s is rejected', async (_label, mutation, messages) => {
    await expectRejected(eu, mutated(mutation), messages);
  });

  test('read-only fields sent back on input are ignored, not rejected', async () => {
    await expectAccepted(
      eu,
      mutated((c) => Object.assign(c, { status: 'complete', client_token: 'x', expires_at: 'y' })),
    );
  });

  test('null means absent for optional fields', async () => {
    await expectAccepted(
      eu,
      mutated((c) => Object.assign(c, { merchant_reference1: null, billing_address: null })),
    );
  });

  test('1000 order lines are accepted, 1001 are not', async () => {
    const oneLine = {
      name: 'Pin',
      quantity: 1,
      unit_price: 100,
      tax_rate: 2500,
      total_amount: 100,
      total_tax_amount: 20,
    };
    const build = (count: number) => ({
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      order_amount: 100 * count,
      order_tax_amount: 20 * count,
      order_lines: Array.from({ length: count }, () => ({ ...oneLine })),
    });
    await expectAccepted(eu, build(1000));
    await expectRejected(eu, build(1001), ['Bad value: order_lines']);
  });
});

describe('merchant_urls', () => {
  test.each([
    'https://shop.example/klarna/authorization?secret=abc',
    'http://localhost:3000/api/klarna/authorization',
    'http://127.0.0.1:3000/api/klarna/notification?s={session.id}',
    'http://[::1]:3000/callback',
  ])('accepts %s', async (url) => {
    await expectAccepted(
      eu,
      mutated((c) => (c.merchant_urls = { authorization: url, notification: url, confirmation: url })),
    );
  });

  test.each([
    ['plain http to a public host', 'http://shop.example/klarna'],
    ['http to a host that only starts with localhost', 'http://localhost.evil.example/klarna'],
    ['not a URL', 'shop/klarna'],
  ])('rejects %s', async (_label, url) => {
    await expectRejected(
      eu,
      mutated((c) => (c.merchant_urls = { authorization: url })),
      ['Bad value: merchant_urls.authorization'],
    );
  });

  test('app_return_url must be an app scheme, not http(s)', async () => {
    await expectAccepted(
      eu,
      mutated((c) => (c.merchant_urls = { app_return_url: 'myshop://klarna/return' })),
    );
    await expectRejected(
      eu,
      mutated((c) => (c.merchant_urls = { app_return_url: 'https://shop.example' })),
      ['Bad value: merchant_urls.app_return_url'],
    );
  });
});

describe('rule 2: line total = quantity × unit_price − total_discount_amount, exactly', () => {
  test('a discounted line adds up', async () => {
    await expectAccepted(
      eu,
      mutated((c) => {
        Object.assign(line(c, 0), {
          total_discount_amount: 2000,
          total_amount: 18000,
          total_tax_amount: 3600,
        });
        c.order_amount = 22900;
        c.order_tax_amount = 4580;
      }),
    );
  });

  test.each<[string, Mutation]>([
    ['one minor unit off', (c) => (line(c, 0).total_amount = 19999)],
    ['discount not subtracted', (c) => (line(c, 0).total_discount_amount = 1000)],
  ])('%s is rejected', async (_label, mutation) => {
    const cart = mutated(mutation);
    const response = await eu.createSession(cart);
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toContain('Bad value: order_lines[0].total_amount');
  });

  test('a physical line cannot have a negative price', async () => {
    const response = await eu.createSession(
      mutated((c) =>
        Object.assign(line(c, 1), { unit_price: -4900, total_amount: -4900, total_tax_amount: -980 }),
      ),
    );
    expect(response.json.error_messages).toEqual(
      expect.arrayContaining([
        'Bad value: order_lines[1].unit_price',
        'Bad value: order_lines[1].total_amount',
      ]),
    );
  });

  test('a discount line is negative, with negative tax', async () => {
    await expectAccepted(
      eu,
      mutated((c) => {
        c.order_lines.push({
          type: 'discount',
          name: 'Spring sale',
          quantity: 1,
          unit_price: -5000,
          tax_rate: 2500,
          total_amount: -5000,
          total_tax_amount: -1000,
        });
        c.order_amount = 19900;
        c.order_tax_amount = 3980;
      }),
    );
  });
});

describe('rule 3: order_amount = sum of line totals, exactly', () => {
  test.each([24899, 24901])('order_amount %i is rejected', async (amount) => {
    await expectRejected(
      eu,
      mutated((c) => (c.order_amount = amount)),
      ['Bad value: order_amount'],
    );
  });
});

describe('rule 4: line tax within ±1 of total − total × 10000 / (10000 + rate)', () => {
  // 2000 at 20 %: 2000 − 2000 × 10000 / 12000 = 333.33…
  const cartWithTax = (tax: number) => ({
    purchase_country: 'GB',
    purchase_currency: 'GBP',
    locale: 'en-GB',
    order_amount: 2000,
    order_tax_amount: tax,
    order_lines: [
      {
        name: 'Mug',
        quantity: 1,
        unit_price: 2000,
        tax_rate: 2000,
        total_amount: 2000,
        total_tax_amount: tax,
      },
    ],
  });

  test.each([333, 334])('total_tax_amount %i is accepted', async (tax) => {
    await expectAccepted(eu, cartWithTax(tax));
  });

  test.each([332, 335, 400])('total_tax_amount %i is rejected', async (tax) => {
    const response = await eu.createSession(cartWithTax(tax));
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toContain('Bad value: order_lines[0].total_tax_amount');
  });

  test('a 0 % line must carry no tax', async () => {
    const cart = {
      purchase_country: 'GB',
      purchase_currency: 'GBP',
      order_amount: 500,
      order_lines: [
        { name: 'Book', quantity: 1, unit_price: 500, tax_rate: 0, total_amount: 500, total_tax_amount: 50 },
      ],
    };
    await expectRejected(eu, cart, ['Bad value: order_lines[0].total_tax_amount']);
  });
});

describe('rule 5: order_tax_amount within ±(number of lines) of the line taxes', () => {
  // Two lines: the line taxes sum to 4980, tolerance 2.
  test.each([4978, 4982])('order_tax_amount %i is accepted', async (tax) => {
    await expectAccepted(
      eu,
      mutated((c) => (c.order_tax_amount = tax)),
    );
  });

  test.each([4977, 4983, 0])('order_tax_amount %i is rejected', async (tax) => {
    await expectRejected(
      eu,
      mutated((c) => (c.order_tax_amount = tax)),
      ['Bad value: order_tax_amount'],
    );
  });
});

describe('rule 6: the US sales_tax style', () => {
  test('tax on a separate sales_tax line, no rates, order_tax_amount = the sales tax', async () => {
    await expectAccepted(na, usCart());
  });

  test('the sales tax line counts towards order_amount', async () => {
    await expectRejected(na, usCart({ order_amount: 20000 }), ['Bad value: order_amount']);
  });

  test('order_tax_amount must equal the sales tax lines', async () => {
    await expectRejected(na, usCart({ order_tax_amount: 999 }), ['Bad value: order_tax_amount']);
  });

  test('lines may not carry a tax rate beside a sales_tax line', async () => {
    const cart = usCart();
    Object.assign((cart.order_lines as Line[])[0]!, { tax_rate: 500, total_tax_amount: 952 });
    await expectRejected(na, cart, [
      'Bad value: order_lines[0].tax_rate',
      'Bad value: order_lines[0].total_tax_amount',
    ]);
  });
});

describe('rule 7: country, currency and locale form a Klarna market', () => {
  test.each<[string, Mutation, string[]]>([
    ['SE priced in EUR', (c) => (c.purchase_currency = 'EUR'), ['Bad value: purchase_currency']],
    ['SE with a Danish locale', (c) => (c.locale = 'da-DK'), ['Bad value: locale']],
    [
      'a country Klarna does not serve',
      (c) => Object.assign(c, { purchase_country: 'JP', purchase_currency: 'JPY', locale: 'ja-JP' }),
      ['Bad value: purchase_country'],
    ],
  ])('%s is rejected', async (_label, mutation, messages) => {
    await expectRejected(eu, mutated(mutation), messages);
  });

  test.each([
    ['FI', 'EUR', 'sv-FI'],
    ['CH', 'CHF', 'it-CH'],
    ['DE', 'EUR', 'en-DE'],
    ['se', 'sek', 'SV-se'],
  ])('%s / %s / %s is a market (case-insensitive)', async (country, currency, locale) => {
    await expectAccepted(
      eu,
      mutated((c) => Object.assign(c, { purchase_country: country, purchase_currency: currency, locale })),
    );
  });

  test('several broken rules are all reported', async () => {
    await expectRejected(
      eu,
      mutated((c) => Object.assign(c, { purchase_currency: 'NOK', order_amount: 1 })),
      ['Bad value: purchase_currency', 'Bad value: order_amount'],
    );
  });
});
