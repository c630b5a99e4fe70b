import { describe, expect, test } from 'vitest';
import type { TaxStyle } from './markets';
import { OrderLinesError, buildOrderLines, type BuildOrderLinesInput } from './order-lines';
import { assertKlarnaRules, cart } from './order-lines.test-support';

describe('buildOrderLines: the rules hold for many generated carts', () => {
  // A small seeded generator, so a failure is reproducible from the case number.
  function random(seed: number) {
    let state = seed >>> 0;
    return (max: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state % max;
    };
  }
  const RATES = { vat: [0, 600, 1200, 2000, 2500, 1000, 700], sales_tax: [0, 400, 725, 875, 1025] };

  const generated = Array.from({ length: 400 }, (_, seed) => {
    const next = random(seed + 1);
    const taxStyle: TaxStyle = seed % 2 === 0 ? 'vat' : 'sales_tax';
    const rates = RATES[taxStyle];
    const lines = Array.from({ length: 1 + next(5) }, (_, i) =>
      cart(`P${i}`, 1 + next(99), next(4) === 0 ? next(10) : next(500_000), rates[next(rates.length)] ?? 0),
    );
    const discountRoll = next(4);
    const discount: BuildOrderLinesInput['discount'] =
      discountRoll === 0
        ? undefined
        : discountRoll === 1
          ? { kind: 'fixed', amount: next(3_000_000), name: 'Voucher', reference: 'V' }
          : { kind: 'percent', basisPoints: next(10_001), name: 'Sale', reference: 'S' };
    const shipping =
      next(2) === 0
        ? undefined
        : {
            name: 'Shipping',
            reference: 'ship',
            amount: next(10_000),
            taxRate: rates[next(rates.length)] ?? 0,
          };
    return { label: `case ${seed} (${taxStyle})`, input: { taxStyle, lines, discount, shipping } };
  });

  test.each(generated)('$label', ({ input }) => {
    const result = buildOrderLines(input);
    assertKlarnaRules(result, input.taxStyle);

    const goods = input.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    const discountTotal =
      0 - result.order_lines.filter((l) => l.type === 'discount').reduce((s, l) => s + l.total_amount, 0);
    const expectedDiscount = !input.discount
      ? 0
      : input.discount.kind === 'fixed'
        ? Math.min(input.discount.amount, goods)
        : Math.round((goods * input.discount.basisPoints) / 10000); // goods ≥ 0, so Math.round is half away from zero
    expect(discountTotal, 'the discount is the requested one, capped at the goods').toBe(expectedDiscount);
    const shippingLine = result.order_lines.find((l) => l.type === 'shipping_fee');
    expect(shippingLine?.total_amount, 'shipping is never discounted').toBe(input.shipping?.amount);
  });
});

describe('buildOrderLines: bad input throws a clear error', () => {
  const ok = cart('OK', 1, 1000, 2500);
  test.each<{ label: string; input: BuildOrderLinesInput; message: RegExp }>([
    {
      label: 'quantity 0',
      input: { taxStyle: 'vat', lines: [cart('X', 0, 1000, 2500)] },
      message: /lines\[0\]\.quantity must be a positive integer, got 0/,
    },
    {
      label: 'quantity -1',
      input: { taxStyle: 'vat', lines: [ok, cart('X', -1, 1000, 2500)] },
      message: /lines\[1\]\.quantity .* got -1/,
    },
    {
      label: 'quantity 2.5',
      input: { taxStyle: 'sales_tax', lines: [cart('X', 2.5, 1000, 0)] },
      message: /quantity .* got 2\.5/,
    },
    {
      label: 'quantity NaN',
      input: { taxStyle: 'vat', lines: [cart('X', Number.NaN, 1000, 2500)] },
      message: /quantity/,
    },
    {
      label: 'negative price',
      input: { taxStyle: 'vat', lines: [cart('X', 1, -100, 2500)] },
      message: /lines\[0\]\.unitPrice .* got -100/,
    },
    {
      label: 'fractional price',
      input: { taxStyle: 'vat', lines: [cart('X', 1, 99.99, 2500)] },
      message: /unitPrice .* got 99\.99/,
    },
    {
      label: 'tax rate above 100 %',
      input: { taxStyle: 'vat', lines: [cart('X', 1, 100, 10001)] },
      message: /taxRate .* got 10001/,
    },
    {
      label: 'negative tax rate',
      input: { taxStyle: 'vat', lines: [cart('X', 1, 100, -1)] },
      message: /taxRate/,
    },
    {
      label: 'tax rate as a fraction (25 instead of 2500 is fine, 0.25 is not)',
      input: { taxStyle: 'vat', lines: [cart('X', 1, 100, 0.25)] },
      message: /taxRate/,
    },
    {
      label: "line total above Klarna's cap",
      input: { taxStyle: 'vat', lines: [cart('X', 99, 3_000_000, 2500)] },
      message: /exceeds Klarna's limit/,
    },
    {
      label: 'empty name',
      input: { taxStyle: 'vat', lines: [{ ...ok, name: '' }] },
      message: /lines\[0\]\.name/,
    },
    {
      label: 'discount above 100 %',
      input: {
        taxStyle: 'vat',
        lines: [ok],
        discount: { kind: 'percent', basisPoints: 10001, name: 'D', reference: 'D' },
      },
      message: /discount\.basisPoints/,
    },
    {
      label: 'negative percentage',
      input: {
        taxStyle: 'vat',
        lines: [ok],
        discount: { kind: 'percent', basisPoints: -1, name: 'D', reference: 'D' },
      },
      message: /discount\.basisPoints/,
    },
    {
      label: 'negative fixed discount',
      input: {
        taxStyle: 'vat',
        lines: [ok],
        discount: { kind: 'fixed', amount: -500, name: 'D', reference: 'D' },
      },
      message: /discount\.amount .* got -500/,
    },
    {
      label: 'fractional fixed discount',
      input: {
        taxStyle: 'vat',
        lines: [ok],
        discount: { kind: 'fixed', amount: 4.5, name: 'D', reference: 'D' },
      },
      message: /discount\.amount/,
    },
    {
      label: 'negative shipping',
      input: {
        taxStyle: 'vat',
        lines: [ok],
        shipping: { name: 'S', reference: 's', amount: -1, taxRate: 2500 },
      },
      message: /shipping\.amount/,
    },
    { label: 'unknown tax style', input: { taxStyle: 'gst' as TaxStyle, lines: [ok] }, message: /taxStyle/ },
  ])('$label', ({ input, message }) => {
    expect(() => buildOrderLines(input)).toThrow(OrderLinesError);
    expect(() => buildOrderLines(input)).toThrow(message);
  });
});
