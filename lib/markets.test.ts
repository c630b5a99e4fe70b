import { describe, expect, test } from 'vitest';
import {
  DEFAULT_MARKET,
  deliveryTimeText,
  formatLongDate,
  getMarket,
  isCountryCode,
  MARKETS,
  regionForCountry,
  taxLabelFor,
  taxNameFor,
} from './markets';
import { isCurrencyCode } from './money';

// Klarna's market table (api-reference §3.7) for the countries we sell to, written out
// independently of MARKETS so a typo in either shows up here.
const KLARNA_MARKET_TABLE: Record<string, { locales: string[]; currency: string }> = {
  SE: { locales: ['sv-SE', 'en-SE'], currency: 'SEK' },
  DE: { locales: ['de-DE', 'en-DE'], currency: 'EUR' },
  GB: { locales: ['en-GB'], currency: 'GBP' },
  US: { locales: ['en-US', 'es-US'], currency: 'USD' },
  AU: { locales: ['en-AU'], currency: 'AUD' },
};

describe('MARKETS', () => {
  test.each(MARKETS.map((market) => ({ label: market.country, market })))(
    '$label is a country/locale/currency triple Klarna accepts',
    ({ market }) => {
      const klarna = KLARNA_MARKET_TABLE[market.country];
      expect(klarna).toBeDefined();
      expect(klarna?.locales).toContain(market.locale);
      expect(market.currency).toBe(klarna?.currency);
      expect(isCurrencyCode(market.currency)).toBe(true);
      expect(market.region).toBe(regionForCountry(market.country));
    },
  );

  test('only the US uses sales tax; every other market includes VAT in prices', () => {
    expect(MARKETS.filter((m) => m.taxStyle === 'sales_tax').map((m) => m.country)).toEqual(['US']);
  });

  test('sells to exactly SE, DE, GB, US and AU, once each', () => {
    expect(MARKETS.map((m) => m.country)).toEqual(['SE', 'DE', 'GB', 'US', 'AU']);
  });

  test('labels and flags for a selector', () => {
    expect(getMarket('SE')).toMatchObject({ flag: '🇸🇪', label: 'Sweden (SEK)' });
    expect(getMarket('GB')).toMatchObject({ flag: '🇬🇧', label: 'United Kingdom (GBP)' });
  });

  test('the default market is Sweden', () => {
    expect(DEFAULT_MARKET).toMatchObject({
      country: 'SE',
      currency: 'SEK',
      locale: 'sv-SE',
      region: 'eu',
      taxStyle: 'vat',
    });
  });
});

describe('getMarket', () => {
  test.each([
    { label: 'upper case', input: 'US', expected: 'US' },
    { label: 'lower case', input: 'de', expected: 'DE' },
    { label: 'mixed case with spaces', input: ' gB ', expected: 'GB' },
    { label: 'Australia', input: 'au', expected: 'AU' },
  ])('$label: "$input" → $expected', ({ input, expected }) => {
    expect(getMarket(input)?.country).toBe(expected);
  });

  test.each([
    { label: 'a Klarna country we do not sell to', input: 'NO' },
    { label: 'not a country', input: 'XX' },
    { label: 'empty', input: '' },
    { label: 'a currency, not a country', input: 'SEK' },
  ])('$label: "$input" → undefined', ({ input }) => {
    expect(getMarket(input)).toBeUndefined();
  });
});

describe('regionForCountry', () => {
  test.each([
    { country: 'US', region: 'na' },
    { country: 'CA', region: 'na' },
    { country: 'MX', region: 'na' },
    { country: 'mx', region: 'na' },
    { country: 'AU', region: 'oc' },
    { country: 'NZ', region: 'oc' },
    { country: 'nz', region: 'oc' },
    { country: 'SE', region: 'eu' },
    { country: 'DE', region: 'eu' },
    { country: 'GB', region: 'eu' },
    { country: 'CH', region: 'eu' },
    { country: 'NO', region: 'eu' },
  ])('$country → $region', ({ country, region }) => {
    expect(regionForCountry(country)).toBe(region);
  });
});

test('isCountryCode accepts only stored (upper-case) codes we sell to', () => {
  expect(['SE', 'DE', 'GB', 'US', 'AU', 'se', 'NO'].filter(isCountryCode)).toEqual([
    'SE',
    'DE',
    'GB',
    'US',
    'AU',
  ]);
});

describe('words and dates each market shows', () => {
  test.each([
    ['SE', 'VAT'],
    ['DE', 'VAT'],
    ['GB', 'VAT'],
    ['US', 'Sales tax'],
    ['AU', 'GST'],
  ])('%s calls its tax %s on every page', (country, name) => {
    expect(getMarket(country)?.taxName).toBe(name);
    expect(taxNameFor(country)).toBe(name);
  });

  test('US sales tax is "Estimated sales tax" until the shipping state is known; VAT is never estimated', () => {
    expect(taxLabelFor('US', true)).toBe('Estimated sales tax');
    expect(taxLabelFor('US', false)).toBe('Sales tax');
    expect(taxLabelFor('AU', true)).toBe('GST');
  });

  test.each([
    ['sv-SE', '17 December 2026'],
    ['de-DE', '17 December 2026'],
    ['en-GB', '17 December 2026'],
    ['en-US', 'December 17, 2026'],
    ['en-AU', '17 December 2026'],
  ])('a date in %s text reads %s: English month names, the region’s order', (locale, expected) => {
    expect(formatLongDate(new Date('2026-12-17T23:30:00Z'), locale)).toBe(expected);
  });
});

describe('deliveryTimeText', () => {
  test('a range of working days, with an en dash', () => {
    expect(deliveryTimeText({ min: 1, max: 3 })).toBe('Delivered in 1–3 working days');
  });

  test('one number when the range is a single day, singular for one day', () => {
    expect(deliveryTimeText({ min: 2, max: 2 })).toBe('Delivered in 2 working days');
    expect(deliveryTimeText({ min: 1, max: 1 })).toBe('Delivered in 1 working day');
  });

  test('Sweden promises 1–3 working days and the US 4–7', () => {
    expect(deliveryTimeText(getMarket('SE')!.deliveryDays)).toBe('Delivered in 1–3 working days');
    expect(deliveryTimeText(getMarket('US')!.deliveryDays)).toBe('Delivered in 4–7 working days');
  });

  test('every market promises a range that starts at a working day and never runs backwards', () => {
    for (const market of MARKETS) {
      expect(market.deliveryDays.min, market.country).toBeGreaterThanOrEqual(1);
      expect(market.deliveryDays.max, market.country).toBeGreaterThanOrEqual(market.deliveryDays.min);
    }
  });
});
