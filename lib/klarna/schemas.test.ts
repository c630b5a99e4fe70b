import { buildOrderLines } from '@/lib/order-lines';
import { describe, expect, test } from 'vitest';
import {
  captureRequestSchema,
  customerTokenOrderRequestSchema,
  customerTokenOrderSchema,
  customerTokenSchema,
  customerTokenStatusUpdateSchema,
  errorBodySchema,
  merchantOrderSchema,
  merchantSessionSchema,
  orderLineSchema,
  paymentsOrderSchema,
  refundRequestSchema,
  sessionCreateRequestSchema,
  sessionReadSchema,
  shippingInfoSchema,
  updateAuthorizationSchema,
} from './schemas';

// Documented payloads from api-reference; ids the document elides ("…") are filled in.
const address = {
  given_name: 'Testperson-pl',
  family_name: 'Approved',
  email: 'customer@email.pl',
  street_address: 'Ul. Górczewska 124',
  postal_code: '01-460',
  city: 'Warszawa',
  phone: '+48795222223',
  country: 'PL',
};

/** §4.2: a captured playground order as Order Management returns it. */
const omOrderExample = {
  order_id: '7849fd84-6b53-4d3c-8a3e-bd0a4b9c2f10',
  status: 'CAPTURED',
  fraud_status: 'ACCEPTED',
  order_amount: 200,
  original_order_amount: 200,
  captured_amount: 200,
  refunded_amount: 0,
  remaining_authorized_amount: 0,
  purchase_currency: 'PLN',
  locale: 'pl-PL',
  order_lines: [
    {
      reference: '',
      type: 'physical',
      quantity: 1,
      quantity_unit: '',
      name: 'dress',
      total_amount: 200,
      unit_price: 200,
      total_discount_amount: 0,
      tax_rate: 0,
      total_tax_amount: 0,
    },
  ],
  klarna_reference: '20S0XXXX',
  billing_address: address,
  created_at: '2022-07-08T09:48:16.680Z',
  purchase_country: 'PL',
  expires_at: '2022-08-05T00:00:00.000Z',
  captures: [
    {
      capture_id: '32904e4c-9f0e-4c35-a3b4-0a8f7f2d9b11',
      klarna_reference: '20S0XXXX-1',
      captured_amount: 200,
      captured_at: '2022-07-08T09:48:17.738Z',
      description: '',
      order_lines: [],
      refunded_amount: 0,
      billing_address: address,
    },
  ],
  refunds: [],
  initial_payment_method: { type: 'INVOICE', description: 'Pay later' },
};

/** §3.2: create-session response. */
const sessionCreatedExample = {
  session_id: '068df369-13a7-4d47-a564-62f8408bb760',
  client_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiMDY4ZGYzNjkifQ.c2ln',
  payment_method_categories: [
    {
      identifier: 'klarna',
      name: 'Pay with Klarna',
      asset_urls: {
        descriptive: 'https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg',
        standard: 'https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg',
      },
    },
  ],
};

/** §5: a customer token read. */
const customerTokenExample = {
  card: { brand: 'VISA', expiry_date: '12/2020', masked_number: '**1234' },
  direct_debit: { masked_number: '**124' },
  payment_method_type: 'INVOICE',
  status: 'ACTIVE',
};

const swedishCart = buildOrderLines({
  taxStyle: 'vat',
  lines: [{ reference: 'mug-01', name: 'Mug', quantity: 2, unitPrice: 12_500, taxRate: 2500 }],
});

describe('Payments responses', () => {
  test('accept the documented create-session response', () => {
    const session = merchantSessionSchema.parse(sessionCreatedExample);
    expect(session.session_id).toBe('068df369-13a7-4d47-a564-62f8408bb760');
    expect(session.payment_method_categories[0]?.identifier).toBe('klarna');
  });

  test('reject a create-session response without a client token', () => {
    const { client_token: _omitted, ...withoutToken } = sessionCreatedExample;
    expect(merchantSessionSchema.safeParse(withoutToken).success).toBe(false);
  });

  test('read a session with extra and null fields, dropping the unknown ones', () => {
    const read = sessionReadSchema.parse({
      status: 'incomplete',
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      locale: 'sv-SE',
      order_amount: swedishCart.order_amount,
      order_tax_amount: swedishCart.order_tax_amount,
      order_lines: swedishCart.order_lines,
      expires_at: '2026-01-03T10:00:00Z',
      authorization_token: null,
      some_future_field: { nested: true },
    });
    expect(read.authorization_token).toBeUndefined();
    expect(read.order_lines).toHaveLength(1);
    expect(read).not.toHaveProperty('some_future_field');
  });

  test('reject a session status outside complete/incomplete', () => {
    const result = sessionReadSchema.safeParse({
      status: 'authorized',
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      order_amount: 100,
    });
    expect(result.success).toBe(false);
  });

  test('accept the documented create-order response and its string payment-method form', () => {
    const order = paymentsOrderSchema.parse({
      order_id: '3eaeb557-5e30-47f8-b840-b8d987f5945d',
      redirect_url: 'https://payments.klarna.com/redirect/abc',
      fraud_status: 'ACCEPTED',
      authorized_payment_method: { type: 'invoice' },
    });
    expect(order.authorized_payment_method).toEqual({ type: 'invoice' });
    const legacy = paymentsOrderSchema.parse({
      order_id: '3eaeb557-5e30-47f8-b840-b8d987f5945d',
      fraud_status: 'PENDING',
      authorized_payment_method: 'invoice',
    });
    expect(legacy.authorized_payment_method).toEqual({ type: 'invoice' });
  });

  test('reject a create-order response without an order id or with an unknown fraud status', () => {
    expect(paymentsOrderSchema.safeParse({ fraud_status: 'ACCEPTED' }).success).toBe(false);
    expect(paymentsOrderSchema.safeParse({ order_id: 'x', fraud_status: 'MAYBE' }).success).toBe(false);
  });
});

describe('Payments requests', () => {
  test('a session built by buildOrderLines is a valid create-session request', () => {
    const result = sessionCreateRequestSchema.safeParse({
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      locale: 'sv-SE',
      intent: 'buy',
      ...swedishCart,
      merchant_urls: { authorization: 'http://localhost:3000/api/klarna/authorization?secret=s' },
    });
    expect(result.success).toBe(true);
  });

  test('a US cart with a sales-tax line is a valid create-session request', () => {
    const usCart = buildOrderLines({
      taxStyle: 'sales_tax',
      lines: [{ reference: 'mug-01', name: 'Mug', quantity: 1, unitPrice: 2_000, taxRate: 725 }],
    });
    const result = sessionCreateRequestSchema.safeParse({
      purchase_country: 'US',
      purchase_currency: 'USD',
      locale: 'en-US',
      ...usCart,
    });
    expect(result.success).toBe(true);
    expect(usCart.order_lines.some((line) => line.type === 'sales_tax')).toBe(true);
  });

  test.each([
    ['a three-letter country', { purchase_country: 'SWE' }],
    ['a decimal amount', { order_amount: 250.5 }],
    ['no order lines', { order_lines: [] }],
    ['an unknown intent', { intent: 'subscribe' }],
    ['a malformed locale', { locale: 'sv_SE' }],
  ])('reject a create-session request with %s', (_label, change) => {
    const request = { purchase_country: 'SE', purchase_currency: 'SEK', ...swedishCart, ...change };
    expect(sessionCreateRequestSchema.safeParse(request).success).toBe(false);
  });

  const line = { name: 'Mug', quantity: 1, unit_price: 12_500, total_amount: 12_500, tax_rate: 2500 };

  test.each([
    ['a fractional quantity', { quantity: 1.5 }],
    ['a tax rate above 100 %', { tax_rate: 12_000 }],
    ['an empty name', { name: '' }],
    ['a unit price above Klarna’s cap', { unit_price: 200_000_001 }],
    ['an unknown line type', { type: 'coupon' }],
    ['a subscription without an interval', { subscription: { name: 'Coffee', interval_count: 1 } }],
  ])('reject an order line with %s', (_label, change) => {
    expect(orderLineSchema.safeParse({ ...line, ...change }).success).toBe(false);
  });

  test('accept a negative discount line and a subscription line', () => {
    expect(
      orderLineSchema.safeParse({
        type: 'discount',
        name: 'Spring sale',
        quantity: 1,
        unit_price: -1_000,
        total_amount: -1_000,
        tax_rate: 2500,
        total_tax_amount: -200,
      }).success,
    ).toBe(true);
    expect(
      orderLineSchema.safeParse({
        ...line,
        subscription: { name: 'Coffee club', interval: 'MONTH', interval_count: 1 },
      }).success,
    ).toBe(true);
  });
});

describe('Order Management', () => {
  test('accept the documented captured order', () => {
    const order = merchantOrderSchema.parse(omOrderExample);
    expect(order.status).toBe('CAPTURED');
    expect(order.captures[0]?.capture_id).toBe('32904e4c-9f0e-4c35-a3b4-0a8f7f2d9b11');
    expect(order.shipping_info).toEqual([]);
  });

  test('tolerate unknown fields and nulls on an order', () => {
    const order = merchantOrderSchema.parse({
      ...omOrderExample,
      merchant_reference1: null,
      selected_shipping_option: { id: 'x' },
      brand_new_field: 1,
    });
    expect(order.merchant_reference1).toBeUndefined();
  });

  test.each([
    ['no status', { status: undefined }],
    ['an unknown status', { status: 'SHIPPED' }],
    ['a decimal captured amount', { captured_amount: 1.5 }],
    ['no remaining authorized amount', { remaining_authorized_amount: undefined }],
  ])('reject an order with %s', (_label, change) => {
    expect(merchantOrderSchema.safeParse({ ...omOrderExample, ...change }).success).toBe(false);
  });

  test('capture, refund and authorization requests need an integer amount', () => {
    expect(captureRequestSchema.safeParse({ captured_amount: 200, description: 'Shipped' }).success).toBe(
      true,
    );
    expect(captureRequestSchema.safeParse({ description: 'Shipped' }).success).toBe(false);
    expect(refundRequestSchema.safeParse({ refunded_amount: 99.9 }).success).toBe(false);
    expect(refundRequestSchema.safeParse({ refunded_amount: -1 }).success).toBe(false);
    expect(updateAuthorizationSchema.safeParse({ order_amount: 150 }).success).toBe(true);
  });

  test('refund lines may carry a return fee, session lines may not', () => {
    const returnFee = {
      type: 'return_fee',
      name: 'Return fee',
      quantity: 1,
      unit_price: -500,
      total_amount: -500,
    };
    expect(refundRequestSchema.safeParse({ refunded_amount: 500, order_lines: [returnFee] }).success).toBe(
      true,
    );
    expect(orderLineSchema.safeParse(returnFee).success).toBe(false);
  });

  test('shipping info accepts Klarna’s shipping methods only', () => {
    expect(shippingInfoSchema.safeParse({ shipping_method: 'Home', tracking_number: '123' }).success).toBe(
      true,
    );
    expect(shippingInfoSchema.safeParse({ shipping_method: 'Drone' }).success).toBe(false);
  });
});

describe('Customer Token', () => {
  test('accept the documented token read', () => {
    const token = customerTokenSchema.parse(customerTokenExample);
    expect(token.status).toBe('ACTIVE');
    expect(token.card?.masked_number).toBe('**1234');
  });

  test('reject a token without a payment method type or with an unknown status', () => {
    const { payment_method_type: _omitted, ...withoutType } = customerTokenExample;
    expect(customerTokenSchema.safeParse(withoutType).success).toBe(false);
    expect(customerTokenSchema.safeParse({ ...customerTokenExample, status: 'EXPIRED' }).success).toBe(false);
  });

  test('accept the documented token-order response, which has no redirect url', () => {
    const order = customerTokenOrderSchema.parse({
      order_id: 'a89ec121-9c4e-4c0a-a4a3-6b1f9b0f2c11',
      fraud_status: 'ACCEPTED',
    });
    expect(order.order_id).toBe('a89ec121-9c4e-4c0a-a4a3-6b1f9b0f2c11');
  });

  test('a token order needs a positive amount and at least one line', () => {
    const order = { purchase_currency: 'SEK', ...swedishCart };
    expect(customerTokenOrderRequestSchema.safeParse(order).success).toBe(true);
    expect(customerTokenOrderRequestSchema.safeParse({ ...order, order_amount: 0 }).success).toBe(false);
    expect(customerTokenOrderRequestSchema.safeParse({ ...order, order_lines: [] }).success).toBe(false);
  });

  test('the status patch only cancels', () => {
    expect(customerTokenStatusUpdateSchema.safeParse({ status: 'CANCELLED' }).success).toBe(true);
    expect(customerTokenStatusUpdateSchema.safeParse({ status: 'ACTIVE' }).success).toBe(false);
  });
});

describe('error body', () => {
  test('accept the documented error body', () => {
    const body = errorBodySchema.parse({
      error_code: 'BAD_VALUE',
      error_messages: ['Bad value: order_lines[3].total_tax_amount'],
      correlation_id: '9b716595-5b16-467d-b7a6-063062fc00f8',
    });
    expect(body.error_messages).toEqual(['Bad value: order_lines[3].total_tax_amount']);
  });

  test('keep the step-up fields of a declined token charge', () => {
    const body = errorBodySchema.parse({
      correlation_id: 'c0ffee00-0000-4000-8000-000000000000',
      error_code: 'UNAVAILABLE_PAYMENT_METHOD',
      error_messages: ['Purchase for payment method failed'],
      fraud_status: 'REJECTED',
      reason: 'Purchase for payment method failed',
      authorized_payment_method: { type: 'card' },
      step_up_id: '06826d76-1111-4222-8333-944445555666',
    });
    expect(body.step_up_id).toBe('06826d76-1111-4222-8333-944445555666');
  });

  test('reject an HTML page', () => {
    expect(errorBodySchema.safeParse('<html><h1>401 Authorization Required</h1></html>').success).toBe(false);
  });
});
