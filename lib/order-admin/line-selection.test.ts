import { includedTax } from '@/lib/money';
import { describe, expect, test } from 'vitest';
import {
  captureBasis,
  linePart,
  recordKlarnaLines,
  refundBasis,
  selectEverythingLeft,
  selectLines,
  takenQuantities,
  type SoldLine,
} from './line-selection';

// A Swedish order: 3 mugs at 249.00 and 2 teas at 89.00 (25 % VAT), shipping 49.00, a 10 % discount line.
const SE_LINES: SoldLine[] = [
  { position: 0, type: 'physical', reference: 'mug', name: 'Enamel Mug', quantity: 3, unitPrice: 24900, taxRate: 2500, totalAmount: 74700, totalDiscountAmount: 0, totalTaxAmount: 14940 },
  { position: 1, type: 'physical', reference: 'tea', name: 'Sencha Tea', quantity: 2, unitPrice: 8900, taxRate: 2500, totalAmount: 17800, totalDiscountAmount: 0, totalTaxAmount: 3560 },
  { position: 2, type: 'shipping_fee', reference: 'shipping', name: 'Shipping', quantity: 1, unitPrice: 4900, taxRate: 2500, totalAmount: 4900, totalDiscountAmount: 0, totalTaxAmount: 980 },
  { position: 3, type: 'discount', reference: 'welcome', name: 'Welcome 10 %', quantity: 1, unitPrice: -9250, taxRate: 2500, totalAmount: -9250, totalDiscountAmount: 0, totalTaxAmount: -1850 },
]; // prettier-ignore

const nothing = new Map<number, number>();

describe('selectLines for a capture', () => {
  test('two of one line and one of another: Klarna arithmetic holds and the amount is their sum', () => {
    const result = selectLines(
      SE_LINES,
      captureBasis(SE_LINES, nothing),
      [
        { position: 0, quantity: 2 },
        { position: 1, quantity: 1 },
      ],
      'capture',
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.amount).toBe(2 * 24900 + 8900);
    for (const line of result.klarnaLines) {
      expect(line.total_amount).toBe(line.quantity * line.unit_price - line.total_discount_amount);
      expect(
        Math.abs(line.total_tax_amount - includedTax(line.total_amount, line.tax_rate ?? 0)),
      ).toBeLessThanOrEqual(1);
    }
    expect(result.recorded).toEqual([
      { position: 0, reference: 'mug', name: 'Enamel Mug', quantity: 2, totalAmount: 49800 },
      { position: 1, reference: 'tea', name: 'Sencha Tea', quantity: 1, totalAmount: 8900 },
    ]);
  });

  test.each([
    {
      label: 'a line of another order',
      choice: { position: 9, quantity: 1 },
      message: 'Line 10 is not part of this order.',
    },
    {
      label: 'more than is left',
      choice: { position: 0, quantity: 2 },
      message: 'Enamel Mug: only 1 is left to capture, not 2.',
    },
    {
      label: 'a fraction',
      choice: { position: 1, quantity: 1.5 },
      message: 'Enter a whole quantity of at least 1 for Sencha Tea.',
    },
    {
      label: 'a negative quantity',
      choice: { position: 1, quantity: -1 },
      message: 'Enter a whole quantity of at least 1 for Sencha Tea.',
    },
  ])('refuses $label with a message naming it', ({ choice, message }) => {
    const captured = takenQuantities([
      [{ position: 0, reference: 'mug', name: 'Enamel Mug', quantity: 2, totalAmount: 49800 }],
    ]);
    expect(selectLines(SE_LINES, captureBasis(SE_LINES, captured), [choice], 'capture')).toMatchObject({
      ok: false,
      message,
    });
  });

  test('refuses an empty choice and a line chosen twice', () => {
    const basis = captureBasis(SE_LINES, nothing);
    expect(selectLines(SE_LINES, basis, [{ position: 0, quantity: 0 }], 'capture')).toMatchObject({
      ok: false,
      message: 'Choose at least one line to capture.',
    });
    expect(
      selectLines(
        SE_LINES,
        basis,
        [
          { position: 1, quantity: 1 },
          { position: 1, quantity: 1 },
        ],
        'capture',
      ),
    ).toMatchObject({ ok: false, message: 'Sencha Tea was chosen twice.' });
  });

  test('a fully captured line has none left', () => {
    const captured = new Map([[2, 1]]);
    expect(
      selectLines(SE_LINES, captureBasis(SE_LINES, captured), [{ position: 2, quantity: 1 }], 'capture'),
    ).toMatchObject({
      ok: false,
      message: 'Shipping: none is left to capture, not 1.',
    });
  });
});

describe('sharing a line over several captures', () => {
  test('a discount on a line splits so that the parts add up to the line exactly', () => {
    const line: SoldLine = {
      position: 0,
      type: 'physical',
      reference: 'cup',
      name: 'Cup',
      quantity: 3,
      unitPrice: 1000,
      taxRate: 2500,
      totalAmount: 2900,
      totalDiscountAmount: 100,
      totalTaxAmount: 580,
    };
    const parts = [linePart(line, 1, 0), linePart(line, 1, 1), linePart(line, 1, 2)];

    expect(parts.map((part) => part.total_discount_amount)).toEqual([33, 34, 33]);
    expect(parts.reduce((sum, part) => sum + part.total_amount, 0)).toBe(line.totalAmount);
    for (const part of parts)
      expect(part.total_amount).toBe(part.quantity * part.unit_price - part.total_discount_amount);
  });

  test('a US line has no tax rate and its sales-tax line splits its tax by quantity', () => {
    const salesTax: SoldLine = {
      position: 1,
      type: 'sales_tax',
      reference: 'sales-tax',
      name: 'Sales Tax',
      quantity: 1,
      unitPrice: 297,
      taxRate: null,
      totalAmount: 297,
      totalDiscountAmount: 0,
      totalTaxAmount: 297,
    };
    const part = linePart(salesTax, 1, 0);
    expect(part).not.toHaveProperty('tax_rate');
    expect(part).toMatchObject({ total_amount: 297, total_tax_amount: 297 });
  });

  test('everything left after a partial capture is exactly the rest of the order', () => {
    const first = selectLines(
      SE_LINES,
      captureBasis(SE_LINES, nothing),
      [{ position: 0, quantity: 1 }],
      'capture',
    );
    if (!first.ok) throw new Error(first.message);
    const captured = takenQuantities([first.recorded]);

    const rest = selectEverythingLeft(SE_LINES, captureBasis(SE_LINES, captured), 'capture');

    const orderTotal = SE_LINES.reduce((sum, line) => sum + line.totalAmount, 0);
    expect(rest.amount).toBe(orderTotal - first.amount);
    expect(rest.recorded.map((line) => [line.position, line.quantity])).toEqual([
      [0, 2],
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
  });
});

describe('refundBasis', () => {
  test('only what was captured and not yet refunded can be refunded', () => {
    const captured = new Map([
      [0, 2],
      [1, 2],
    ]);
    const refunded = new Map([[0, 1]]);
    const basis = refundBasis(SE_LINES, captured, refunded);

    expect(selectLines(SE_LINES, basis, [{ position: 0, quantity: 2 }], 'refund')).toMatchObject({
      ok: false,
      message: 'Enamel Mug: only 1 is left to refund, not 2.',
    });
    expect(selectLines(SE_LINES, basis, [{ position: 2, quantity: 1 }], 'refund')).toMatchObject({
      ok: false,
      message: 'Shipping: none is left to refund, not 1.',
    });
    expect(selectEverythingLeft(SE_LINES, basis, 'refund').amount).toBe(24900 + 2 * 8900);
  });
});

describe('recordKlarnaLines', () => {
  test('matches lines of a capture made elsewhere to the sold lines by reference and name', () => {
    expect(
      recordKlarnaLines(SE_LINES, [
        { reference: 'tea', name: 'Sencha Tea', quantity: 1, total_amount: 8900 },
        { reference: 'gift-wrap', name: 'Gift wrap', quantity: 1, total_amount: 500 },
      ]),
    ).toEqual([
      { position: 1, reference: 'tea', name: 'Sencha Tea', quantity: 1, totalAmount: 8900 },
      { position: null, reference: 'gift-wrap', name: 'Gift wrap', quantity: 1, totalAmount: 500 },
    ]);
  });
});
