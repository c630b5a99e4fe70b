import { describe, expect, test } from 'vitest';
import {
  buildOrderLines,
  summarizeOrder,
  type BuildOrderLinesInput,
  type KlarnaOrderTotals,
} from './order-lines';
import { assertKlarnaRules, cart, line } from './order-lines.test-support';

// 25 %, 12 % and 6 % goods, VAT included: 39800 + 10000 + 14700 = 64500.
const MIXED_CART = [cart('A', 2, 19900, 2500), cart('B', 1, 10000, 1200), cart('C', 3, 4900, 600)];
const MIXED_PRODUCT_LINES = [
  line('physical', 'A', 'Product A', 2, 19900, 39800, 7960, 2500), // 39800 × 0.2
  line('physical', 'B', 'Product B', 1, 10000, 10000, 1071, 1200), // 1071.43
  line('physical', 'C', 'Product C', 3, 4900, 14700, 832, 600), // 832.08
];
const SHIPPING_25 = { name: 'Shipping', reference: 'shipping', amount: 4900, taxRate: 2500 };

interface PayloadCase {
  label: string;
  input: BuildOrderLinesInput;
  expected: KlarnaOrderTotals;
}

const vatCases: PayloadCase[] = [
  {
    label: '6 × 99.99 at 25 % (tax 11998.8 rounds to 11999)',
    input: { taxStyle: 'vat', lines: [cart('MUG', 6, 9999, 2500)] },
    expected: {
      order_lines: [line('physical', 'MUG', 'Product MUG', 6, 9999, 59994, 11999, 2500)],
      order_amount: 59994,
      order_tax_amount: 11999,
    },
  },
  {
    label: 'mixed rates 25 %, 12 %, 6 % in one cart',
    input: { taxStyle: 'vat', lines: MIXED_CART },
    expected: { order_lines: MIXED_PRODUCT_LINES, order_amount: 64500, order_tax_amount: 9863 },
  },
  {
    label: '10 % discount over mixed rates: one discount line per rate',
    input: {
      taxStyle: 'vat',
      lines: MIXED_CART,
      discount: { kind: 'percent', basisPoints: 1000, name: 'Spring sale', reference: 'SPRING10' },
    },
    expected: {
      order_lines: [
        ...MIXED_PRODUCT_LINES,
        // 6450 split 3980 / 1000 / 1470 in proportion to 39800 / 10000 / 14700.
        line('discount', 'SPRING10-vat-2500', 'Spring sale (25% VAT)', 1, -3980, -3980, -796, 2500),
        line('discount', 'SPRING10-vat-1200', 'Spring sale (12% VAT)', 1, -1000, -1000, -107, 1200),
        line('discount', 'SPRING10-vat-600', 'Spring sale (6% VAT)', 1, -1470, -1470, -83, 600),
      ],
      order_amount: 58050,
      order_tax_amount: 8877,
    },
  },
  {
    label: 'fixed 100.00 discount over mixed rates: largest remainder gives the spare unit to 25 %',
    input: {
      taxStyle: 'vat',
      lines: MIXED_CART,
      discount: { kind: 'fixed', amount: 10000, name: 'Voucher', reference: 'V100' },
    },
    expected: {
      order_lines: [
        ...MIXED_PRODUCT_LINES,
        // 6170.54 / 1550.39 / 2279.07 → 6171 / 1550 / 2279 = 10000.
        line('discount', 'V100-vat-2500', 'Voucher (25% VAT)', 1, -6171, -6171, -1234, 2500),
        line('discount', 'V100-vat-1200', 'Voucher (12% VAT)', 1, -1550, -1550, -166, 1200),
        line('discount', 'V100-vat-600', 'Voucher (6% VAT)', 1, -2279, -2279, -129, 600),
      ],
      order_amount: 54500,
      order_tax_amount: 8334,
    },
  },
  {
    label: '100 % discount on one rate: a zero total, one unsplit discount line',
    input: {
      taxStyle: 'vat',
      lines: [cart('MUG', 6, 9999, 2500)],
      discount: { kind: 'percent', basisPoints: 10000, name: 'Free', reference: 'FREE' },
    },
    expected: {
      order_lines: [
        line('physical', 'MUG', 'Product MUG', 6, 9999, 59994, 11999, 2500),
        line('discount', 'FREE', 'Free', 1, -59994, -59994, -11999, 2500),
      ],
      order_amount: 0,
      order_tax_amount: 0,
    },
  },
  {
    label: '100 % discount on mixed rates with shipping: only shipping is paid',
    input: {
      taxStyle: 'vat',
      lines: MIXED_CART,
      discount: { kind: 'percent', basisPoints: 10000, name: 'Free', reference: 'FREE' },
      shipping: SHIPPING_25,
    },
    expected: {
      order_lines: [
        ...MIXED_PRODUCT_LINES,
        line('discount', 'FREE-vat-2500', 'Free (25% VAT)', 1, -39800, -39800, -7960, 2500),
        line('discount', 'FREE-vat-1200', 'Free (12% VAT)', 1, -10000, -10000, -1071, 1200),
        line('discount', 'FREE-vat-600', 'Free (6% VAT)', 1, -14700, -14700, -832, 600),
        line('shipping_fee', 'shipping', 'Shipping', 1, 4900, 4900, 980, 2500),
      ],
      order_amount: 4900,
      order_tax_amount: 980,
    },
  },
  {
    label: 'a fixed discount larger than the goods is capped at the goods',
    input: {
      taxStyle: 'vat',
      lines: [cart('PEN', 1, 1000, 2500)],
      discount: { kind: 'fixed', amount: 5000, name: 'Gift', reference: 'GIFT' },
    },
    expected: {
      order_lines: [
        line('physical', 'PEN', 'Product PEN', 1, 1000, 1000, 200, 2500),
        line('discount', 'GIFT', 'Gift', 1, -1000, -1000, -200, 2500),
      ],
      order_amount: 0,
      order_tax_amount: 0,
    },
  },
  {
    label: 'shipping at its own rate (25 %) is not discounted; goods at 12 %',
    input: {
      taxStyle: 'vat',
      lines: [cart('BOOK', 1, 29900, 1200)],
      discount: { kind: 'percent', basisPoints: 1000, name: 'Discount', reference: 'D10' },
      shipping: SHIPPING_25,
    },
    expected: {
      order_lines: [
        line('physical', 'BOOK', 'Product BOOK', 1, 29900, 29900, 3204, 1200), // 3203.57
        line('discount', 'D10', 'Discount', 1, -2990, -2990, -320, 1200), // 320.36
        line('shipping_fee', 'shipping', 'Shipping', 1, 4900, 4900, 980, 2500),
      ],
      order_amount: 31810,
      order_tax_amount: 3864,
    },
  },
  {
    label: '0 % goods with a discount: the 0 % part carries zero tax',
    input: {
      taxStyle: 'vat',
      lines: [cart('ZERO', 1, 20000, 0), cart('STD', 1, 10000, 2500)],
      discount: { kind: 'fixed', amount: 3000, name: 'Voucher', reference: 'V30' },
    },
    expected: {
      order_lines: [
        line('physical', 'ZERO', 'Product ZERO', 1, 20000, 20000, 0, 0),
        line('physical', 'STD', 'Product STD', 1, 10000, 10000, 2000, 2500),
        line('discount', 'V30-vat-2500', 'Voucher (25% VAT)', 1, -1000, -1000, -200, 2500),
        line('discount', 'V30-vat-0', 'Voucher (0% VAT)', 1, -2000, -2000, 0, 0),
      ],
      order_amount: 27000,
      order_tax_amount: 1800,
    },
  },
  {
    label: 'a 0 % discount adds no line',
    input: {
      taxStyle: 'vat',
      lines: [cart('PEN', 1, 1000, 2500)],
      discount: { kind: 'percent', basisPoints: 0, name: 'Nothing', reference: 'NONE' },
    },
    expected: {
      order_lines: [line('physical', 'PEN', 'Product PEN', 1, 1000, 1000, 200, 2500)],
      order_amount: 1000,
      order_tax_amount: 200,
    },
  },
  {
    label: 'free shipping is still sent as a zero line',
    input: {
      taxStyle: 'vat',
      lines: [cart('PEN', 1, 1000, 2500)],
      shipping: { name: 'Free shipping', reference: 'shipping', amount: 0, taxRate: 2500 },
    },
    expected: {
      order_lines: [
        line('physical', 'PEN', 'Product PEN', 1, 1000, 1000, 200, 2500),
        line('shipping_fee', 'shipping', 'Free shipping', 1, 0, 0, 0, 2500),
      ],
      order_amount: 1000,
      order_tax_amount: 200,
    },
  },
];

const usCases: PayloadCase[] = [
  {
    label: 'US sales tax with a 10 % discount and taxed shipping',
    input: {
      taxStyle: 'sales_tax',
      lines: [cart('TEE', 2, 2500, 725), cart('BREAD', 1, 1500, 0)],
      discount: { kind: 'percent', basisPoints: 1000, name: 'Welcome', reference: 'WELCOME10' },
      shipping: { name: 'Shipping', reference: 'shipping', amount: 799, taxRate: 725 },
    },
    expected: {
      order_lines: [
        line('physical', 'TEE', 'Product TEE', 2, 2500, 5000, 0),
        line('physical', 'BREAD', 'Product BREAD', 1, 1500, 1500, 0),
        // 650 off: 500 from the 7.25 % goods, 150 from the exempt ones.
        line('discount', 'WELCOME10', 'Welcome', 1, -650, -650, 0),
        line('shipping_fee', 'shipping', 'Shipping', 1, 799, 799, 0),
        // (5000 − 500) × 7.25 % = 326.25 → 326; exempt 0; shipping 799 × 7.25 % = 57.93 → 58.
        line('sales_tax', 'sales-tax', 'Sales Tax', 1, 384, 384, 0),
      ],
      order_amount: 7033,
      order_tax_amount: 384,
    },
  },
  {
    label: 'US fixed discount over two rates is allocated before taxing each rate',
    input: {
      taxStyle: 'sales_tax',
      lines: [cart('A', 1, 10000, 1000), cart('B', 1, 5000, 500)],
      discount: { kind: 'fixed', amount: 1000, name: 'Coupon', reference: 'C10' },
    },
    expected: {
      order_lines: [
        line('physical', 'A', 'Product A', 1, 10000, 10000, 0),
        line('physical', 'B', 'Product B', 1, 5000, 5000, 0),
        line('discount', 'C10', 'Coupon', 1, -1000, -1000, 0),
        // 666.67 / 333.33 → 667 / 333; (10000 − 667) × 10 % = 933.3 → 933; (5000 − 333) × 5 % = 233.35 → 233.
        line('sales_tax', 'sales-tax', 'Sales Tax', 1, 1166, 1166, 0),
      ],
      order_amount: 15166,
      order_tax_amount: 1166,
    },
  },
  {
    label: 'US exempt goods only: no sales tax line',
    input: { taxStyle: 'sales_tax', lines: [cart('BREAD', 1, 1000, 0)] },
    expected: {
      order_lines: [line('physical', 'BREAD', 'Product BREAD', 1, 1000, 1000, 0)],
      order_amount: 1000,
      order_tax_amount: 0,
    },
  },
  {
    label: 'US 100 % discount with untaxed shipping: only shipping is paid, no tax',
    input: {
      taxStyle: 'sales_tax',
      lines: [cart('TEE', 1, 1000, 800)],
      discount: { kind: 'percent', basisPoints: 10000, name: 'Free', reference: 'FREE' },
      shipping: { name: 'Shipping', reference: 'shipping', amount: 500, taxRate: 0 },
    },
    expected: {
      order_lines: [
        line('physical', 'TEE', 'Product TEE', 1, 1000, 1000, 0),
        line('discount', 'FREE', 'Free', 1, -1000, -1000, 0),
        line('shipping_fee', 'shipping', 'Shipping', 1, 500, 500, 0),
      ],
      order_amount: 500,
      order_tax_amount: 0,
    },
  },
];

describe('buildOrderLines: exact Klarna payloads', () => {
  test.each(vatCases)('VAT: $label', ({ input, expected }) => {
    const result = buildOrderLines(input);
    expect(result).toStrictEqual(expected);
    assertKlarnaRules(result, 'vat');
  });

  test.each(usCases)('US: $label', ({ input, expected }) => {
    const result = buildOrderLines(input);
    expect(result).toStrictEqual(expected);
    assertKlarnaRules(result, 'sales_tax');
  });

  test('an empty cart gives no lines and zero totals', () => {
    expect(buildOrderLines({ taxStyle: 'vat', lines: [] })).toStrictEqual({
      order_lines: [],
      order_amount: 0,
      order_tax_amount: 0,
    });
  });

  test('digital goods, URLs and subscriptions pass through under Klarna names; unset fields are absent', () => {
    const result = buildOrderLines({
      taxStyle: 'vat',
      lines: [
        {
          reference: 'COFFEE-CLUB',
          name: 'Coffee club',
          quantity: 1,
          unitPrice: 14900,
          taxRate: 1200,
          type: 'digital',
          productUrl: 'http://localhost:3000/products/coffee-club',
          imageUrl: 'http://localhost:3000/images/coffee-club.jpg',
          subscription: { name: 'Coffee club', interval: 'MONTH', interval_count: 1 },
        },
      ],
    });
    expect(result.order_lines).toStrictEqual([
      {
        type: 'digital',
        reference: 'COFFEE-CLUB',
        name: 'Coffee club',
        quantity: 1,
        unit_price: 14900,
        tax_rate: 1200,
        total_amount: 14900,
        total_discount_amount: 0,
        total_tax_amount: 1596, // 1596.43
        product_url: 'http://localhost:3000/products/coffee-club',
        image_url: 'http://localhost:3000/images/coffee-club.jpg',
        subscription: { name: 'Coffee club', interval: 'MONTH', interval_count: 1 },
      },
    ]);
    // What is sent is plain JSON: nothing is lost or added by serialising it.
    expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
  });

  test('the same cart always gives the same payload', () => {
    const input: BuildOrderLinesInput = {
      taxStyle: 'vat',
      lines: [cart('C', 1, 333, 600), cart('A', 1, 333, 2500), cart('B', 1, 334, 1200)],
      discount: { kind: 'fixed', amount: 100, name: 'Voucher', reference: 'V' },
    };
    expect(buildOrderLines(input)).toStrictEqual(buildOrderLines(structuredClone(input)));
  });
});

describe('summarizeOrder: what the cart page shows is what Klarna gets', () => {
  test.each<{ label: string; input: BuildOrderLinesInput; expected: ReturnType<typeof summarizeOrder> }>([
    {
      label: 'VAT market with a discount and shipping',
      input: vatCases.find((c) => c.label.startsWith('shipping at its own rate'))?.input ?? {
        taxStyle: 'vat',
        lines: [],
      },
      expected: {
        subtotal: 29900,
        discount: 2990,
        shipping: 4900,
        tax: 3864,
        taxIncluded: true,
        total: 31810,
      },
    },
    {
      label: 'US with a discount, shipping and sales tax',
      input: usCases[0]?.input ?? { taxStyle: 'sales_tax', lines: [] },
      expected: { subtotal: 6500, discount: 650, shipping: 799, tax: 384, taxIncluded: false, total: 7033 },
    },
    {
      label: 'VAT market without extras',
      input: { taxStyle: 'vat', lines: MIXED_CART },
      expected: { subtotal: 64500, discount: 0, shipping: 0, tax: 9863, taxIncluded: true, total: 64500 },
    },
  ])('$label', ({ input, expected }) => {
    const totals = buildOrderLines(input);
    const summary = summarizeOrder(totals, input.taxStyle);
    expect(summary).toStrictEqual(expected);
    expect(summary.total).toBe(totals.order_amount);
    expect(
      summary.subtotal - summary.discount + summary.shipping + (summary.taxIncluded ? 0 : summary.tax),
    ).toBe(summary.total);
  });
});
