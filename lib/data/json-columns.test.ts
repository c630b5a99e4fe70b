import { describe, expect, it } from 'vitest';
import {
  readAddress,
  readCheckoutCustomer,
  readLinesPayload,
  readRecordedLines,
  readShippingInfo,
} from './json-columns';

const address = {
  given_name: 'Ada',
  family_name: 'Lovelace',
  email: 'ada@example.com',
  street_address: 'Drottninggatan 1',
  postal_code: '111 51',
  city: 'Stockholm',
  country: 'SE',
};
const line = { position: 0, reference: 'oak-board', name: 'Oak board', quantity: 1, totalAmount: 44900 };

describe('JSON columns read through their schemas', () => {
  it.each([
    ['a whole address', address, address],
    ['an address with unknown keys, which are dropped', { ...address, note: 'x' }, address],
    ['a partial address', { city: 'Stockholm' }, { city: 'Stockholm' }],
    ['a field of the wrong type, as no address', { ...address, postal_code: 11151 }, {}],
    ['an array, as no address', [address], {}],
    ['null, as no address', null, {}],
  ])('reads %s', (_label, stored, expected) => {
    expect(readAddress(stored)).toEqual(expected);
  });

  it.each([
    ['both addresses', { billing_address: address, shipping_address: address }, true],
    ['a missing shipping address, as none', { billing_address: address }, false],
    ['an address without a required field, as none', { billing_address: { city: 'X' }, shipping_address: address }, false],
    ['null, as none', null, false],
  ])('reads a checkout customer with %s', (_label, stored, kept) => {
    expect(readCheckoutCustomer(stored)).toEqual(kept ? stored : null);
  });

  it('reads recorded lines, leaving out a line that does not fit', () => {
    const unmatched = { ...line, position: null };
    expect(readRecordedLines([line, { name: 'no quantity' }, unmatched])).toEqual([line, unmatched]);
    expect(readRecordedLines({ lines: [line] })).toEqual([]);
    expect(readRecordedLines(null)).toEqual([]);
  });

  it('reads shipping info, or none', () => {
    expect(readShippingInfo({ shippingCompany: 'PostNord', trackingNumber: 'PN1' })).toEqual({
      shippingCompany: 'PostNord',
      trackingNumber: 'PN1',
    });
    expect(readShippingInfo(null)).toBeNull();
  });

  it('reads a lines payload whole, and refuses one that is not', () => {
    const payload = {
      order_lines: [
        {
          type: 'physical',
          reference: 'oak-board',
          name: 'Oak board',
          quantity: 1,
          unit_price: 44900,
          tax_rate: 2500,
          total_amount: 44900,
          total_discount_amount: 0,
          total_tax_amount: 8980,
        },
      ],
      order_amount: 44900,
      order_tax_amount: 8980,
    };
    expect(readLinesPayload(payload)).toEqual(payload);
    expect(() => readLinesPayload({ ...payload, order_amount: 449.5 })).toThrow();
    expect(() => readLinesPayload(null)).toThrow();
  });
});
