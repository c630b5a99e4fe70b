/**
 * What the order-lines tests share: Klarna's own validation rules as an independent check, and
 * short ways to write a cart line and an expected Klarna line.
 */
import { expect } from 'vitest';
import type { TaxStyle } from './markets';
import type { CartLineInput, KlarnaOrderLine, KlarnaOrderTotals } from './order-lines';

/**
 * Klarna's validation rules (api-reference §3.3 and §3.6), written from the spec text and
 * independent of the module: this is what Klarna (and our emulator) would check.
 */
export function assertKlarnaRules(result: KlarnaOrderTotals, taxStyle: TaxStyle): void {
  const lines = result.order_lines;
  const integerFields = [
    'quantity',
    'unit_price',
    'total_amount',
    'total_discount_amount',
    'total_tax_amount',
  ] as const;
  lines.forEach((line, i) => {
    for (const field of integerFields) {
      expect(Number.isSafeInteger(line[field]), `order_lines[${i}].${field} is an integer`).toBe(true);
    }
    expect(line.name.length, `order_lines[${i}].name is 1..255`).toBeGreaterThanOrEqual(1);
    expect(line.quantity, `order_lines[${i}].quantity ≥ 0`).toBeGreaterThanOrEqual(0);
    expect(line.total_discount_amount, `order_lines[${i}].total_discount_amount ≥ 0`).toBeGreaterThanOrEqual(
      0,
    );
    expect(line.unit_price, `order_lines[${i}].unit_price ≤ cap`).toBeLessThanOrEqual(200_000_000);
    expect(line.total_amount, `order_lines[${i}].total_amount ≤ cap`).toBeLessThanOrEqual(200_000_000);
    // Rule 2: the line total is exact.
    expect(line.total_amount, `order_lines[${i}].total_amount`).toBe(
      line.quantity * line.unit_price - line.total_discount_amount,
    );
    if (line.type !== 'discount') {
      expect(line.total_amount, `order_lines[${i}] only discounts are negative`).toBeGreaterThanOrEqual(0);
    } else {
      expect(line.total_amount, `order_lines[${i}] a discount line is negative`).toBeLessThan(0);
    }
  });

  // Rule 3: the order amount is the exact sum of the lines.
  expect(Number.isSafeInteger(result.order_amount)).toBe(true);
  expect(result.order_amount, 'order_amount').toBe(lines.reduce((s, l) => s + l.total_amount, 0));
  expect(result.order_amount, 'order_amount is never negative').toBeGreaterThanOrEqual(0);

  // A discount never exceeds the goods it discounts.
  const goodsAndDiscounts = lines
    .filter((l) => l.type === 'physical' || l.type === 'digital' || l.type === 'discount')
    .reduce((s, l) => s + l.total_amount, 0);
  expect(goodsAndDiscounts, 'discounts do not exceed the goods').toBeGreaterThanOrEqual(0);

  // Fixed order: products, discounts, shipping, sales tax.
  const rank: Record<string, number> = {
    physical: 0,
    digital: 0,
    discount: 1,
    shipping_fee: 2,
    sales_tax: 3,
  };
  const ranks = lines.map((l) => rank[l.type] ?? -1);
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect(ranks, 'line order').toEqual([...ranks].sort((a, b) => a - b));

  if (taxStyle === 'vat') {
    lines.forEach((line, i) => {
      const rate = line.tax_rate;
      expect(rate, `order_lines[${i}].tax_rate is present`).toBeDefined();
      if (rate === undefined) return;
      expect(
        Number.isInteger(rate) && rate >= 0 && rate <= 10000,
        `order_lines[${i}].tax_rate in 0..10000`,
      ).toBe(true);
      // Rule 4: |tax − (total − total × 10000 / (10000 + rate))| ≤ 1, multiplied out by
      // (10000 + rate) so it is checked in exact integers.
      const deviation = Math.abs(line.total_tax_amount * (10000 + rate) - line.total_amount * rate);
      expect(deviation, `order_lines[${i}].total_tax_amount within ±1`).toBeLessThanOrEqual(10000 + rate);
      if (line.type === 'discount') {
        expect(line.total_tax_amount, `order_lines[${i}] discount tax ≤ 0`).toBeLessThanOrEqual(0);
      }
    });
    // Rule 5 (within any tolerance): the order tax is the exact sum of the line taxes.
    expect(result.order_tax_amount, 'order_tax_amount').toBe(
      lines.reduce((s, l) => s + l.total_tax_amount, 0),
    );
    expect(lines.some((l) => l.type === 'sales_tax')).toBe(false);
  } else {
    // Rule 6: no tax_rate anywhere, tax only as one "Sales Tax" line.
    lines.forEach((line, i) => {
      expect(Object.hasOwn(line, 'tax_rate'), `order_lines[${i}] has no tax_rate`).toBe(false);
      expect(line.total_tax_amount, `order_lines[${i}].total_tax_amount`).toBe(0);
    });
    const salesTax = lines.filter((l) => l.type === 'sales_tax');
    expect(salesTax.length).toBeLessThanOrEqual(1);
    salesTax.forEach((l) => {
      expect(l.name).toBe('Sales Tax');
      expect(l.total_amount).toBeGreaterThan(0);
    });
    expect(result.order_tax_amount, 'order_tax_amount').toBe(
      salesTax.reduce((s, l) => s + l.total_amount, 0),
    );
  }
}

/** An expected line written out in full; totals are given, not computed. */
export function line(
  type: KlarnaOrderLine['type'],
  reference: string,
  name: string,
  quantity: number,
  unitPrice: number,
  total: number,
  tax: number,
  taxRate?: number,
): KlarnaOrderLine {
  return {
    type,
    reference,
    name,
    quantity,
    unit_price: unitPrice,
    ...(taxRate === undefined ? {} : { tax_rate: taxRate }),
    total_amount: total,
    total_discount_amount: 0,
    total_tax_amount: tax,
  };
}

export const cart = (
  reference: string,
  quantity: number,
  unitPrice: number,
  taxRate: number,
): CartLineInput => ({
  reference,
  name: `Product ${reference}`,
  quantity,
  unitPrice,
  taxRate,
});
