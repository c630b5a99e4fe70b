import { describe, expect, test } from 'vitest';
import { getMarket, type Market } from './markets';
import { buildOrderLines } from './order-lines';
import {
  basketLines,
  intentCreatesToken,
  intentFor,
  intentPlacesOrder,
  recurringLines,
  renewalTotals,
  subscriptionTerms,
  upcomingCharges,
  type BasketItem,
} from './subscription-basket';

function market(country: string): Market {
  const found = getMarket(country);
  if (!found) throw new Error(country);
  return found;
}

const cups: BasketItem = {
  slug: 'stoneware-espresso-cups',
  name: 'Stoneware Espresso Cups, set of 2',
  kind: 'ONE_TIME',
  quantity: 1,
  price: { unitAmount: 24900, taxRate: 2500 },
};
// The seeded plans: the monthly club starts with a 14-day free trial; the yearly one is paid upfront.
const monthly: BasketItem = {
  slug: 'coffee-club-monthly',
  name: 'Coffee Club, monthly',
  kind: 'SUBSCRIPTION',
  interval: 'MONTH',
  quantity: 1,
  price: { unitAmount: 19900, taxRate: 1200 },
};
const yearly: BasketItem = {
  slug: 'coffee-club-yearly',
  name: 'Coffee Club, yearly',
  kind: 'SUBSCRIPTION',
  interval: 'YEAR',
  quantity: 1,
  price: { unitAmount: 199000, taxRate: 1200 },
};

function payload(items: BasketItem[], country = 'SE', signedIn = true) {
  const result = basketLines(items, { market: market(country), signedIn });
  if (!result.ok) throw new Error(result.message);
  return { ...result, totals: buildOrderLines({ taxStyle: market(country).taxStyle, lines: result.lines }) };
}

describe('the intent for every basket', () => {
  test.each([
    ['one-time products only: buy', [cups], 'buy', 24900],
    ['a subscription charged today: buy_and_tokenize', [yearly], 'buy_and_tokenize', 199000],
    ['a free trial, nothing charged today: tokenize', [monthly], 'tokenize', 0],
    [
      'one-time products and a free trial: buy_and_default_tokenize',
      [cups, monthly],
      'buy_and_default_tokenize',
      24900,
    ],
    [
      'one-time products and a paid subscription: buy_and_default_tokenize',
      [yearly, cups],
      'buy_and_default_tokenize',
      223900,
    ],
    ['a trial and a paid subscription: buy_and_tokenize', [monthly, yearly], 'buy_and_tokenize', 199000],
  ] as const)('%s', (_label, items, intent, amountToday) => {
    const { totals } = payload([...items]);
    expect(intentFor(totals)).toBe(intent);
    expect(totals.order_amount).toBe(amountToday);
  });

  test.each([
    ['buy', true, false],
    ['buy_and_tokenize', true, true],
    ['buy_and_default_tokenize', true, true],
    ['tokenize', false, true],
  ])('%s places an order: %s, creates a token: %s', (intent, placesOrder, createsToken) => {
    expect(intentPlacesOrder(intent)).toBe(placesOrder);
    expect(intentCreatesToken(intent)).toBe(createsToken);
  });
});

describe('subscription lines', () => {
  test('carry Klarna’s subscription object; one-time lines do not', () => {
    const { totals } = payload([cups, yearly]);
    expect(totals.order_lines.map((line) => line.subscription)).toEqual([
      undefined,
      { name: 'Coffee Club, yearly', interval: 'YEAR', interval_count: 1 },
    ]);
  });

  test('a free trial is a line at 0 that names the price that follows', () => {
    const { totals, subscriptions } = payload([monthly]);
    expect(totals.order_lines).toEqual([
      expect.objectContaining({
        reference: 'coffee-club-monthly',
        name: 'Coffee Club, monthly: 14 days free, then 199,00\u00a0kr per month',
        unit_price: 0,
        total_amount: 0,
        total_tax_amount: 0,
        subscription: { name: 'Coffee Club, monthly', interval: 'MONTH', interval_count: 1 },
      }),
    ]);
    expect(subscriptions).toEqual([
      expect.objectContaining({
        reference: 'coffee-club-monthly',
        unitAmount: 19900,
        chargedToday: false,
        trialDays: 14,
      }),
    ]);
  });

  test('in the US a trial line says sales tax comes on top, and a renewal carries a Sales Tax line', () => {
    const usMonthly = { ...monthly, quantity: 2, price: { unitAmount: 2000, taxRate: 825 } };
    const { totals, subscriptions } = payload([usMonthly], 'US');
    expect(totals.order_lines[0]?.name).toBe(
      'Coffee Club, monthly: 14 days free, then US$40.00 plus sales tax per month',
    );
    const [planned] = subscriptions;
    if (!planned) throw new Error('no subscription');
    const renewal = renewalTotals(planned, 'sales_tax');
    expect(renewal.order_amount).toBe(4000 + 330);
    expect(renewal.order_lines.map((line) => line.type)).toEqual(['physical', 'sales_tax']);
  });

  test('recurringLines reads the product name and today’s price back from a payload', () => {
    const { totals } = payload([cups, monthly, yearly]);
    expect(recurringLines(totals)).toEqual([
      {
        reference: 'coffee-club-monthly',
        name: 'Coffee Club, monthly',
        interval: 'MONTH',
        intervalCount: 1,
        quantity: 1,
        unitPriceToday: 0,
      },
      {
        reference: 'coffee-club-yearly',
        name: 'Coffee Club, yearly',
        interval: 'YEAR',
        intervalCount: 1,
        quantity: 1,
        unitPriceToday: 199000,
      },
    ]);
  });
});

describe('what the basket refuses', () => {
  test('a subscription for a shopper who is not signed in', () => {
    expect(basketLines([cups, monthly], { market: market('SE'), signedIn: false })).toMatchObject({
      ok: false,
      reason: 'sign_in_required',
    });
    // One-time products need no account.
    expect(basketLines([cups], { market: market('SE'), signedIn: false })).toMatchObject({ ok: true });
  });

  test.each([
    [
      'a yearly plan allows one',
      { ...yearly, quantity: 2 },
      'Coffee Club, yearly is one subscription per order',
    ],
    [
      'a monthly plan allows three',
      { ...monthly, quantity: 4 },
      'Coffee Club, monthly allows at most 3 per subscription',
    ],
  ])('a quantity above the plan’s: %s', (_label, item, message) => {
    expect(basketLines([item], { market: market('SE'), signedIn: true })).toEqual({
      ok: false,
      reason: 'subscription_quantity',
      message: expect.stringContaining(message),
    });
  });

  test('three bags a month are within the monthly plan', () => {
    expect(basketLines([{ ...monthly, quantity: 3 }], { market: market('SE'), signedIn: true }).ok).toBe(
      true,
    );
  });

  test('a subscription product without an interval or price', () => {
    expect(
      basketLines([{ ...yearly, interval: null }], { market: market('SE'), signedIn: true }),
    ).toMatchObject({ ok: false, reason: 'unavailable_items' });
  });
});

test('upcoming charges: the end of the trial, or one interval after today’s charge', () => {
  const now = new Date('2026-01-31T10:00:00Z');
  const { subscriptions } = payload([monthly, yearly]);
  expect(upcomingCharges(subscriptions, market('SE'), now)).toEqual([
    expect.objectContaining({
      name: 'Coffee Club, monthly',
      amount: 19900,
      firstChargeAt: new Date('2026-02-14T10:00:00Z'),
      every: 'per month',
      trialDays: 14,
    }),
    expect.objectContaining({
      name: 'Coffee Club, yearly',
      amount: 199000,
      firstChargeAt: new Date('2027-01-31T10:00:00Z'),
      every: 'per year',
      trialDays: 0,
    }),
  ]);
});

describe('a subscription product’s terms, as the product page and the cart state them', () => {
  const now = new Date('2026-12-07T10:00:00Z');

  test.each([
    ['a free trial', monthly, 'SE'],
    ['a plan charged today', yearly, 'SE'],
    ['a US plan, sales tax included', { ...monthly, price: { unitAmount: 4000, taxRate: 850 } }, 'US'],
  ] as const)('%s: the same charges checkout announces', (_name, item, country) => {
    const { subscriptions } = payload([item], country);
    expect(subscriptionTerms(item, market(country), now)).toEqual(
      upcomingCharges(subscriptions, market(country), now)[0],
    );
  });

  test('a free trial costs nothing today and the full price from the end of the trial', () => {
    expect(subscriptionTerms(monthly, market('SE'), now)).toMatchObject({
      today: 0,
      amount: 19900,
      firstChargeAt: new Date('2026-12-21T10:00:00Z'),
      every: 'per month',
    });
  });

  test('a plan charged today costs its price today and again a year later', () => {
    expect(subscriptionTerms(yearly, market('SE'), now)).toMatchObject({
      today: 199000,
      amount: 199000,
      firstChargeAt: new Date('2027-12-07T10:00:00Z'),
    });
  });

  test('more than the plan allows has no terms: checkout refuses it', () => {
    expect(subscriptionTerms({ ...yearly, quantity: 2 }, market('SE'), now)).toBeNull();
  });
});
