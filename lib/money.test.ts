import { describe, expect, test } from 'vitest';
import {
  CURRENCIES,
  allocateProportionally,
  applyBasisPoints,
  divideRoundHalfAwayFromZero,
  formatMoney,
  includedTax,
  isCurrencyCode,
  minorToDecimalString,
  minorUnitDigits,
  parseMoneyInput,
  readMoneyInput,
  type CurrencyCode,
} from './money';

// Intl uses a no-break space (U+00A0) and, in Swedish, a real minus sign (U+2212).
const NBSP = '\u00a0';
const MINUS = '\u2212';

describe('formatMoney', () => {
  test.each<{ label: string; amount: number; currency: CurrencyCode; locale: string; expected: string }>([
    {
      label: '6 × 99.99 SEK in Swedish',
      amount: 59994,
      currency: 'SEK',
      locale: 'sv-SE',
      expected: `599,94${NBSP}kr`,
    },
    {
      label: 'thousands in Swedish',
      amount: 123456789,
      currency: 'SEK',
      locale: 'sv-SE',
      expected: `1${NBSP}234${NBSP}567,89${NBSP}kr`,
    },
    {
      label: 'a refund in Swedish',
      amount: -500,
      currency: 'SEK',
      locale: 'sv-SE',
      expected: `${MINUS}5,00${NBSP}kr`,
    },
    {
      label: 'EUR in German',
      amount: 123456,
      currency: 'EUR',
      locale: 'de-DE',
      expected: `1.234,56${NBSP}€`,
    },
    { label: 'GBP in British English', amount: 1999, currency: 'GBP', locale: 'en-GB', expected: '£19.99' },
    { label: 'USD in US English', amount: 100000, currency: 'USD', locale: 'en-US', expected: 'US$1,000.00' },
    { label: 'AUD in Australian English', amount: 5, currency: 'AUD', locale: 'en-AU', expected: 'A$0.05' },
    { label: 'negative AUD', amount: -1264, currency: 'AUD', locale: 'en-AU', expected: '-A$12.64' },
    { label: 'zero', amount: 0, currency: 'USD', locale: 'en-US', expected: 'US$0.00' },
    {
      label: 'a foreign currency is marked',
      amount: 1999,
      currency: 'USD',
      locale: 'en-GB',
      expected: 'US$19.99',
    },
    {
      label: 'beyond float precision for cents',
      amount: 900719925474099,
      currency: 'USD',
      locale: 'en-US',
      expected: 'US$9,007,199,254,740.99',
    },
  ])('$label', ({ amount, currency, locale, expected }) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected);
  });

  test('shows a currency that is not ours as plain minor units instead of guessing its decimals', () => {
    expect(formatMoney(59994, 'XYZ', 'sv-SE')).toBe('59994 XYZ (minor units)');
  });

  test('rejects a non-integer amount instead of formatting a fraction of a minor unit', () => {
    expect(() => formatMoney(99.5, 'SEK', 'sv-SE')).toThrow(/safe integer/);
  });
});

describe('minorUnitDigits and minorToDecimalString', () => {
  test.each(CURRENCIES.map((currency) => ({ currency })))('$currency has 2 minor digits', ({ currency }) => {
    expect(minorUnitDigits(currency)).toBe(2);
  });

  test.each([
    { label: 'ordinary', amount: 9999, expected: '99.99' },
    { label: 'below one unit', amount: 5, expected: '0.05' },
    { label: 'zero', amount: 0, expected: '0.00' },
    { label: 'negative', amount: -120, expected: '-1.20' },
  ])('$label: $amount → $expected', ({ amount, expected }) => {
    expect(minorToDecimalString(amount, 'EUR')).toBe(expected);
  });
});

describe('parseMoneyInput', () => {
  test.each<{ label: string; text: string; expected: number | null }>([
    { label: 'two decimals', text: '99.99', expected: 9999 },
    { label: 'one decimal is padded', text: '99.9', expected: 9990 },
    { label: 'whole units', text: '99', expected: 9900 },
    { label: 'surrounding spaces are ignored', text: '  5.00 ', expected: 500 },
    { label: 'zero', text: '0', expected: 0 },
    { label: 'leading zeros', text: '007.10', expected: 710 },
    { label: 'a value float maths gets wrong (0.29 * 100 = 28.999…)', text: '0.29', expected: 29 },
    { label: 'too many decimals is not rounded', text: '99.999', expected: null },
    { label: 'letters', text: 'abc', expected: null },
    { label: 'empty', text: '', expected: null },
    { label: 'blank', text: '   ', expected: null },
    { label: 'thousands separator is ambiguous', text: '1,000.00', expected: null },
    { label: 'a decimal comma', text: '99,99', expected: 9999 },
    { label: 'a decimal comma with one decimal', text: '100,5', expected: 10050 },
    { label: 'a comma then three digits may be a thousand', text: '1,000', expected: null },
    { label: 'grouping and a decimal comma', text: '1.000,50', expected: null },
    { label: 'grouping space', text: '1 000', expected: null },
    { label: 'negative', text: '-5', expected: null },
    { label: 'explicit plus', text: '+5', expected: null },
    { label: 'trailing dot', text: '99.', expected: null },
    { label: 'leading dot', text: '.5', expected: null },
    { label: 'exponent', text: '1e3', expected: null },
    { label: 'currency symbol', text: '$5', expected: null },
    { label: 'beyond safe integers', text: '90071992547409.93', expected: null },
  ])('$label: "$text" → $expected', ({ text, expected }) => {
    expect(parseMoneyInput(text, 'USD')).toBe(expected);
  });
});

describe('readMoneyInput says why it cannot read an amount', () => {
  test.each<{ label: string; text: string; message: RegExp }>([
    { label: 'empty', text: ' ', message: /^Enter an amount in SEK, like 120\.50 or 120,50\.$/ },
    { label: 'letters', text: 'ten', message: /^That is not an amount/ },
    { label: 'grouping separators', text: '1 000,50', message: /without thousands separators/ },
    { label: 'a point and a comma', text: '1,000.50', message: /without thousands separators/ },
    {
      label: 'a thousand with a comma',
      text: '1,000',
      message: /at most 2 decimals\. For a thousand, write 1000\.$/,
    },
    { label: 'too many decimals', text: '10.505', message: /^SEK amounts have at most 2 decimals\.$/ },
    { label: 'a sign', text: '-5', message: /without a sign/ },
  ])('$label: "$text"', ({ text, message }) => {
    const reading = readMoneyInput(text, 'SEK');
    expect(reading.ok).toBe(false);
    expect(reading.ok ? '' : reading.message).toMatch(message);
  });
});

describe('divideRoundHalfAwayFromZero', () => {
  test.each([
    { label: 'exact', n: 10, d: 2, expected: 5 },
    { label: 'half rounds up', n: 5, d: 2, expected: 3 },
    { label: 'negative half rounds down (away from zero)', n: -5, d: 2, expected: -3 },
    { label: 'below half rounds down', n: 4, d: 3, expected: 1 },
    { label: 'above half rounds up', n: 5, d: 3, expected: 2 },
    { label: 'negative below half', n: -4, d: 3, expected: -1 },
    { label: 'negative denominator', n: 5, d: -2, expected: -3 },
    { label: 'zero', n: 0, d: 7, expected: 0 },
  ])('$label: $n / $d → $expected', ({ n, d, expected }) => {
    expect(divideRoundHalfAwayFromZero(n, d)).toBe(expected);
  });

  test('refuses to divide by zero', () => {
    expect(() => divideRoundHalfAwayFromZero(1, 0)).toThrow(/division by zero/);
  });
});

describe('applyBasisPoints and includedTax', () => {
  test.each([
    { label: '10 % of 1999 (199.9 → 200)', amount: 1999, bp: 1000, expected: 200 },
    { label: '10 % of 1995 (199.5 → 200)', amount: 1995, bp: 1000, expected: 200 },
    { label: '100 %', amount: 59994, bp: 10000, expected: 59994 },
    { label: '0 %', amount: 59994, bp: 0, expected: 0 },
    { label: '12.5 % of 101 (12.625 → 13)', amount: 101, bp: 1250, expected: 13 },
  ])('applyBasisPoints: $label', ({ amount, bp, expected }) => {
    expect(applyBasisPoints(amount, bp)).toBe(expected);
  });

  test.each([
    { label: "Klarna's example: 2000 at 20 %", amount: 2000, rate: 2000, expected: 333 },
    { label: '59994 at 25 % (11998.8)', amount: 59994, rate: 2500, expected: 11999 },
    { label: '10000 at 12 % (1071.43)', amount: 10000, rate: 1200, expected: 1071 },
    { label: '10000 at 6 % (566.04)', amount: 10000, rate: 600, expected: 566 },
    { label: 'a discount gets the negated tax', amount: -59994, rate: 2500, expected: -11999 },
    { label: '0 %', amount: 12345, rate: 0, expected: 0 },
    { label: 'exact half (5 at 25 % = 1) ', amount: 5, rate: 2500, expected: 1 },
  ])('includedTax: $label', ({ amount, rate, expected }) => {
    expect(includedTax(amount, rate)).toBe(expected);
  });
});

describe('allocateProportionally', () => {
  test.each([
    { label: 'even split', total: 100, weights: [50, 50], expected: [50, 50] },
    {
      label: 'a third each: leftover goes to the first on a tie',
      total: 100,
      weights: [1, 1, 1],
      expected: [34, 33, 33],
    },
    { label: 'largest remainder wins', total: 10, weights: [1, 2, 4], expected: [1, 3, 6] },
    { label: 'zero total', total: 0, weights: [3, 4], expected: [0, 0] },
    { label: 'whole weights', total: 700, weights: [300, 400], expected: [300, 400] },
    { label: 'a zero weight gets nothing', total: 5, weights: [0, 3], expected: [0, 5] },
  ])('$label', ({ total, weights, expected }) => {
    const parts = allocateProportionally(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  test('never gives a part more than its weight when the total fits', () => {
    const weights = [1, 999, 7, 13, 2];
    for (let total = 0; total <= 1022; total++) {
      const parts = allocateProportionally(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((part, i) => expect(part).toBeLessThanOrEqual(weights[i] ?? 0));
    }
  });

  test('refuses a non-zero total over zero weights', () => {
    expect(() => allocateProportionally(1, [0, 0])).toThrow(/zero weights/);
  });
});

test('isCurrencyCode narrows only our currencies', () => {
  expect(['SEK', 'EUR', 'GBP', 'USD', 'AUD', 'sek', 'NOK', ''].filter(isCurrencyCode)).toEqual([
    'SEK',
    'EUR',
    'GBP',
    'USD',
    'AUD',
  ]);
});
