import { describe, expect, test } from 'vitest';
import {
  captureSchema,
  fieldErrorsOf,
  formDataToInput,
  merchantReferencesSchema,
  refundSchema,
} from './admin-orders';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

function parseCapture(entries: Record<string, string>) {
  const input = formDataToInput(form(entries));
  const parsed = captureSchema.safeParse(input);
  return parsed.success
    ? { ok: true as const, data: parsed.data }
    : { ok: false as const, errors: fieldErrorsOf(parsed.error, input) };
}

const base = { orderId: 'cmwsg1abc', expectedCapturedAmount: '0' };

describe('captureSchema with formDataToInput', () => {
  test('reads chosen lines from quantity-<position> fields, blanks as 0, and numbers from text', () => {
    const result = parseCapture({
      ...base,
      mode: 'lines',
      expectedAmount: '24900',
      'quantity-0': '1',
      'quantity-2': '',
      'quantity-3': '2',
    });
    expect(result).toEqual({
      ok: true,
      data: expect.objectContaining({
        mode: 'lines',
        expectedAmount: 24900,
        expectedCapturedAmount: 0,
        lines: [
          { position: 0, quantity: 1 },
          { position: 2, quantity: 0 },
          { position: 3, quantity: 2 },
        ],
      }),
    });
  });

  test.each<{ label: string; entries: Record<string, string>; field: string; message: string }>([
    {
      label: 'a negative quantity',
      entries: { mode: 'lines', expectedAmount: '100', 'quantity-1': '-1' },
      field: 'quantity-1',
      message: 'A quantity cannot be negative.',
    },
    {
      label: 'a fractional quantity',
      entries: { mode: 'lines', expectedAmount: '100', 'quantity-4': '1.5' },
      field: 'quantity-4',
      message: 'Quantities are whole numbers.',
    },
    {
      label: 'a quantity that is not a number',
      entries: { mode: 'lines', expectedAmount: '100', 'quantity-0': 'two' },
      field: 'quantity-0',
      message: 'Enter a quantity.',
    },
    {
      label: 'a negative amount',
      entries: { mode: 'amount', amount: '-5.00' },
      field: 'amount',
      message: 'The amount cannot be negative.',
    },
    {
      label: 'an amount with a currency',
      entries: { mode: 'amount', amount: '5 kr' },
      field: 'amount',
      message: 'Enter the amount with digits and a decimal point or comma, like 120.50 or 120,50.',
    },
    {
      label: 'a non-integer expected total',
      entries: { mode: 'remaining', expectedAmount: '99.5' },
      field: 'expectedAmount',
      message: 'The amount shown must be a whole number of minor units.',
    },
    {
      label: 'an unknown mode',
      entries: { mode: 'everything' },
      field: 'mode',
      message: 'Choose what to capture: the remaining amount, chosen lines or an amount.',
    },
    {
      label: 'a tracking link that is not http(s)',
      entries: { mode: 'remaining', expectedAmount: '100', trackingUri: 'javascript:alert(1)' },
      field: 'trackingUri',
      message: 'Enter the tracking link as an http(s) address.',
    },
    {
      label: 'markup in the carrier',
      entries: { mode: 'remaining', expectedAmount: '100', shippingCompany: '<b>dhl</b>' },
      field: 'shippingCompany',
      message: 'The carrier cannot contain < or >.',
    },
  ])('refuses $label with a message on the field', ({ entries, field, message }) => {
    const result = parseCapture({ ...base, ...entries });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toBe(message);
  });

  test('refuses an order id that is not one', () => {
    const result = parseCapture({
      orderId: '../../etc',
      expectedCapturedAmount: '0',
      mode: 'remaining',
      expectedAmount: '1',
    });
    expect(result).toEqual({ ok: false, errors: { orderId: 'That is not an order id.' } });
  });
});

describe('refundSchema and merchantReferencesSchema', () => {
  test('a refund needs a reason', () => {
    const input = formDataToInput(
      form({ orderId: 'o1', expectedRefundedAmount: '0', mode: 'all', expectedAmount: '100', reason: '  ' }),
    );
    const parsed = refundSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(fieldErrorsOf(parsed.error, input)).toEqual({ reason: 'Give a reason for the refund.' });
  });

  test('references are trimmed, limited to 255 characters, and may be cleared', () => {
    expect(
      merchantReferencesSchema.parse({ orderId: 'o1', reference1: '  PO-7 ', reference2: '' }),
    ).toMatchObject({ reference1: 'PO-7', reference2: '' });
    expect(merchantReferencesSchema.safeParse({ orderId: 'o1', reference1: 'x'.repeat(256) }).success).toBe(
      false,
    );
  });
});
