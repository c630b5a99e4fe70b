import { assertKlarnaRules } from '@/lib/order-lines.test-support';
import { describe, expect, test } from 'vitest';
import { cartPayload, type PayableCart } from './payload';

// Seeded US prices: net, with 8.25 % as the catalogue's estimate; bread is exempt (0).
const usCart: PayableCart = {
  country: 'US',
  currency: 'USD',
  items: [
    item('oak-cutting-board', 'Oak Cutting Board', 2, 4200, 825),
    item('sourdough', 'Sourdough Loaf', 1, 600, 0),
  ],
};

function item(slug: string, name: string, quantity: number, unitAmount: number, taxRate: number) {
  return { slug, name, active: true, kind: 'ONE_TIME' as const, quantity, price: { unitAmount, taxRate } };
}

function priced(cart: PayableCart, region?: string) {
  const result = cartPayload(cart, region === undefined ? undefined : { region });
  if (!result.ok) throw new Error(result.message);
  return result;
}

const salesTaxLines = (region?: string) =>
  priced(usCart, region).totals.order_lines.filter((line) => line.type === 'sales_tax');

describe('cartPayload: US sales tax by the shipping state', () => {
  test('the same cart is taxed at CA, NY and OR rates once the state is known', () => {
    const ca = priced(usCart, 'CA');
    const ny = priced(usCart, 'NY');
    const or = priced(usCart, 'OR');
    // 8400 taxable: CA 7.25 % = 609, NY 4 % = 336, OR 0; the 600 loaf is exempt everywhere.
    expect(ca.totals.order_tax_amount).toBe(609);
    expect(ny.totals.order_tax_amount).toBe(336);
    expect(or.totals.order_tax_amount).toBe(0);
    expect([ca, ny, or].map((result) => result.totals.order_amount)).toEqual([9609, 9336, 9000]);
    for (const result of [ca, ny, or]) {
      expect(result.taxEstimated).toBe(false);
      assertKlarnaRules(result.totals, 'sales_tax');
    }
  });

  test('the tax reaches Klarna as one sales-tax line; Oregon gets none, not a zero line', () => {
    expect(salesTaxLines('CA')).toEqual([expect.objectContaining({ total_amount: 609, unit_price: 609 })]);
    expect(salesTaxLines('OR')).toEqual([]);
  });

  test('without a state the catalogue’s rate is used and marked as an estimate', () => {
    const estimate = priced(usCart);
    expect(estimate.taxEstimated).toBe(true);
    expect(estimate.totals.order_tax_amount).toBe(693); // 8400 × 8.25 %
  });

  test('a state is read as a shopper may type it', () => {
    expect(priced(usCart, ' ca ').totals.order_tax_amount).toBe(609);
  });

  test('a region that is not a US state is refused with a message, not priced', () => {
    const result = cartPayload(usCart, { region: 'ZZ' });
    expect(result).toMatchObject({
      ok: false,
      reason: 'unknown_state',
      message: expect.stringMatching(/state/),
    });
  });

  test('VAT markets ignore the region: prices already include their VAT', () => {
    const auCart: PayableCart = {
      country: 'AU',
      currency: 'AUD',
      items: [item('mug', 'Mug', 1, 2495, 1000)],
    };
    const result = priced(auCart, 'QLD');
    expect(result.taxEstimated).toBe(false);
    expect(result.totals.order_tax_amount).toBe(227);
  });
});

describe('cartPayload: links Klarna shows with each line', () => {
  const seCart: PayableCart = {
    country: 'SE',
    currency: 'SEK',
    items: [
      {
        ...item('oak-cutting-board', 'Oak Cutting Board', 1, 49900, 2500),
        image: '/products/oak-cutting-board.svg',
      },
      item('sourdough', 'Sourdough Loaf', 2, 5900, 1200),
    ],
  };

  test('every product line carries its page and picture as absolute URLs from the public URL', () => {
    const result = cartPayload(seCart, undefined, { appUrl: 'https://shop.example' });
    if (!result.ok) throw new Error(result.message);
    expect(result.totals.order_lines).toEqual([
      expect.objectContaining({
        reference: 'oak-cutting-board',
        product_url: 'https://shop.example/products/oak-cutting-board',
        image_url: 'https://shop.example/products/oak-cutting-board.svg',
      }),
      expect.objectContaining({
        reference: 'sourdough',
        product_url: 'https://shop.example/products/sourdough',
      }),
    ]);
    expect(result.totals.order_lines[1]).not.toHaveProperty('image_url');
  });

  test('a shop served under a path keeps that path in both links', () => {
    const result = cartPayload(seCart, undefined, { appUrl: 'https://example.com/store' });
    if (!result.ok) throw new Error(result.message);
    expect(result.totals.order_lines[0]).toMatchObject({
      product_url: 'https://example.com/store/products/oak-cutting-board',
      image_url: 'https://example.com/store/products/oak-cutting-board.svg',
    });
  });

  test('the sales-tax line of a US order carries no links', () => {
    const result = cartPayload(usCart, { region: 'CA' }, { appUrl: 'https://shop.example' });
    if (!result.ok) throw new Error(result.message);
    const salesTax = result.totals.order_lines.find((line) => line.type === 'sales_tax');
    expect(salesTax).toBeDefined();
    expect(salesTax).not.toHaveProperty('product_url');
    assertKlarnaRules(result.totals, 'sales_tax');
  });
});
