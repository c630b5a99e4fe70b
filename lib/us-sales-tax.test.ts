import { describe, expect, test } from 'vitest';
import { isUsState, US_SALES_TAX_RATES, US_STATES, usSalesTaxRate } from './us-sales-tax';

describe('US sales-tax table', () => {
  test('has the 50 states and DC, each once, with a whole basis-point rate below 10 %', () => {
    expect(US_STATES).toHaveLength(51);
    expect(new Set(US_STATES).size).toBe(51);
    expect(US_STATES).toContain('DC');
    for (const state of US_STATES) {
      const rate = US_SALES_TAX_RATES[state];
      expect(Number.isInteger(rate) && rate >= 0 && rate < 1000, `${state}: ${rate}`).toBe(true);
    }
  });

  test('states without a statewide sales tax have 0; others their statewide base rate', () => {
    const untaxed = US_STATES.filter((state) => US_SALES_TAX_RATES[state] === 0);
    expect([...untaxed].sort()).toEqual(['AK', 'DE', 'MT', 'NH', 'OR']);
    expect(US_SALES_TAX_RATES.CA).toBe(725);
    expect(US_SALES_TAX_RATES.NY).toBe(400);
    expect(US_SALES_TAX_RATES.TX).toBe(625);
    // 6.875 %: rounded down, never more than the state's rate.
    expect(US_SALES_TAX_RATES.MN).toBe(687);
  });

  test('only two-letter state codes, as stored, are states', () => {
    expect(isUsState('OR')).toBe(true);
    expect(isUsState('or')).toBe(false);
    expect(isUsState('PR')).toBe(false);
    expect(isUsState('toString')).toBe(false);
  });
});

describe('usSalesTaxRate', () => {
  test('taxable goods take the shipping state’s rate', () => {
    expect(usSalesTaxRate(825, 'CA')).toBe(725);
    expect(usSalesTaxRate(825, 'OR')).toBe(0);
    expect(usSalesTaxRate(825, 'NY')).toBe(400);
  });

  test('before the state is known the catalogue’s rate is the estimate', () => {
    expect(usSalesTaxRate(825, undefined)).toBe(825);
  });

  test('exempt goods stay exempt in every state', () => {
    expect(usSalesTaxRate(0, 'CA')).toBe(0);
    expect(usSalesTaxRate(0, undefined)).toBe(0);
  });
});
