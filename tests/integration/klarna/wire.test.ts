import {
  acknowledgeOrder,
  addShippingInfo,
  cancelCustomerToken,
  cancelOrder,
  captureOrder,
  createCustomerTokenOrder,
  extendAuthorizationTime,
  getCapture,
  getOrder,
  getRefund,
  KlarnaError,
  listCaptures,
  readCustomerToken,
  refundOrder,
  releaseRemainingAuthorization,
  updateAuthorization,
  updateMerchantReferences,
  type KlarnaCallOptions,
} from '@/lib/klarna';
import { afterEach, describe, expect, test } from 'vitest';
import { empty, json, startLocalServer, testConfig, type LocalServer, type Responder } from './local-server';

/*
 * What each Order Management and Customer Token wrapper puts on the wire (api-reference §4.1, §5),
 * checked against a recording loopback server.
 */

let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ORDER = '/ordermanagement/v1/orders/o-1';
const region = 'eu' as const;
const orderId = 'o-1';
const idempotencyKey = 'o-1:action:1';

const line = { name: 'Mug', quantity: 1, unit_price: 100, total_amount: 100 };
const capture = { capture_id: 'cap-1', captured_amount: 100 };
const refund = { refund_id: 'ref-1', refunded_amount: 50 };
const merchantOrder = {
  order_id: 'o-1',
  status: 'AUTHORIZED',
  fraud_status: 'ACCEPTED',
  order_amount: 100,
  captured_amount: 0,
  refunded_amount: 0,
  remaining_authorized_amount: 100,
  purchase_currency: 'SEK',
};

interface WireCase {
  name: string;
  call: (options: KlarnaCallOptions) => Promise<unknown>;
  answer: Responder;
  method: string;
  path: string;
  body?: unknown;
  key?: string;
}

const cases: WireCase[] = [
  {
    name: 'getOrder',
    call: (o) => getOrder({ region, orderId }, o),
    answer: json(200, merchantOrder),
    method: 'GET',
    path: ORDER,
  },
  {
    name: 'captureOrder',
    call: (o) => captureOrder({ region, orderId, idempotencyKey, capture: { captured_amount: 100 } }, o),
    answer: empty(201, { 'Capture-Id': 'cap-1' }),
    method: 'POST',
    path: `${ORDER}/captures`,
    body: { captured_amount: 100 },
    key: idempotencyKey,
  },
  {
    name: 'listCaptures',
    call: (o) => listCaptures({ region, orderId }, o),
    answer: json(200, [capture]),
    method: 'GET',
    path: `${ORDER}/captures`,
  },
  {
    name: 'getCapture',
    call: (o) => getCapture({ region, orderId, captureId: 'cap-1' }, o),
    answer: json(200, capture),
    method: 'GET',
    path: `${ORDER}/captures/cap-1`,
  },
  {
    name: 'refundOrder',
    call: (o) => refundOrder({ region, orderId, idempotencyKey, refund: { refunded_amount: 50 } }, o),
    answer: empty(201, { 'Refund-Id': 'ref-1' }),
    method: 'POST',
    path: `${ORDER}/refunds`,
    body: { refunded_amount: 50 },
    key: idempotencyKey,
  },
  {
    name: 'getRefund',
    call: (o) => getRefund({ region, orderId, refundId: 'ref-1' }, o),
    answer: json(200, refund),
    method: 'GET',
    path: `${ORDER}/refunds/ref-1`,
  },
  {
    name: 'cancelOrder',
    call: (o) => cancelOrder({ region, orderId, idempotencyKey }, o),
    answer: empty(204),
    method: 'POST',
    path: `${ORDER}/cancel`,
    key: idempotencyKey,
  },
  {
    name: 'extendAuthorizationTime',
    call: (o) => extendAuthorizationTime({ region, orderId, idempotencyKey }, o),
    answer: empty(204),
    method: 'POST',
    path: `${ORDER}/extend-authorization-time`,
    key: idempotencyKey,
  },
  {
    name: 'releaseRemainingAuthorization',
    call: (o) => releaseRemainingAuthorization({ region, orderId, idempotencyKey }, o),
    answer: empty(204),
    method: 'POST',
    path: `${ORDER}/release-remaining-authorization`,
    key: idempotencyKey,
  },
  {
    name: 'updateMerchantReferences',
    call: (o) =>
      updateMerchantReferences(
        { region, orderId, idempotencyKey, references: { merchant_reference1: 'A-1' } },
        o,
      ),
    answer: empty(204),
    method: 'PATCH',
    path: `${ORDER}/merchant-references`,
    body: { merchant_reference1: 'A-1' },
    key: idempotencyKey,
  },
  {
    name: 'updateAuthorization',
    call: (o) =>
      updateAuthorization(
        { region, orderId, idempotencyKey, authorization: { order_amount: 100, order_lines: [line] } },
        o,
      ),
    answer: empty(204),
    method: 'PATCH',
    path: `${ORDER}/authorization`,
    body: { order_amount: 100, order_lines: [line] },
    key: idempotencyKey,
  },
  {
    name: 'acknowledgeOrder',
    call: (o) => acknowledgeOrder({ region, orderId, idempotencyKey }, o),
    answer: empty(204),
    method: 'POST',
    path: `${ORDER}/acknowledge`,
    key: idempotencyKey,
  },
  {
    name: 'addShippingInfo',
    call: (o) =>
      addShippingInfo(
        {
          region,
          orderId,
          idempotencyKey,
          shippingInfo: [{ shipping_method: 'Home', tracking_number: 'T1' }],
        },
        o,
      ),
    answer: empty(204),
    method: 'POST',
    path: `${ORDER}/shipping-info`,
    body: { shipping_info: [{ shipping_method: 'Home', tracking_number: 'T1' }] },
    key: idempotencyKey,
  },
  {
    name: 'readCustomerToken',
    call: (o) => readCustomerToken({ region, customerToken: 'ct-1' }, o),
    answer: json(200, { payment_method_type: 'INVOICE', status: 'ACTIVE' }),
    method: 'GET',
    path: '/customer-token/v1/tokens/ct-1',
  },
  {
    name: 'createCustomerTokenOrder',
    call: (o) =>
      createCustomerTokenOrder(
        {
          region,
          customerToken: 'ct-1',
          idempotencyKey: 'sub-1:2026-01',
          order: { purchase_currency: 'SEK', order_amount: 100, order_lines: [line] },
        },
        o,
      ),
    answer: json(200, { order_id: 'o-2', fraud_status: 'ACCEPTED' }),
    method: 'POST',
    path: '/customer-token/v1/tokens/ct-1/order',
    body: { purchase_currency: 'SEK', order_amount: 100, order_lines: [line] },
    key: 'sub-1:2026-01',
  },
  {
    name: 'cancelCustomerToken',
    call: (o) => cancelCustomerToken({ region, customerToken: 'ct-1' }, o),
    answer: empty(202),
    method: 'PATCH',
    path: '/customer-token/v1/tokens/ct-1/status',
    body: { status: 'CANCELLED' },
  },
];

describe('Order Management and Customer Token requests', () => {
  test.each(cases)('$name sends $method $path', async ({ call, answer, method, path, body, key }) => {
    server = await startLocalServer([answer]);
    const { config } = testConfig(server.url);
    await call({ config });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe(method);
    expect(request?.url).toBe(path);
    expect(request?.headers['klarna-idempotency-key']).toBe(key);
    expect(request?.body === '' ? undefined : JSON.parse(request?.body ?? '')).toEqual(body);
  });

  test('ids in paths are URL-encoded', async () => {
    server = await startLocalServer([json(200, merchantOrder)]);
    const { config } = testConfig(server.url);
    await getOrder({ region, orderId: 'a/b?c' }, { config });
    expect(server.requests[0]?.url).toBe('/ordermanagement/v1/orders/a%2Fb%3Fc');
  });

  test('a declined token charge keeps the step-up details on the KlarnaError', async () => {
    server = await startLocalServer([
      json(403, {
        correlation_id: 'corr-step-up',
        error_code: 'UNAVAILABLE_PAYMENT_METHOD',
        error_messages: ['Purchase for payment method failed'],
        fraud_status: 'REJECTED',
        reason: 'Purchase for payment method failed',
        authorized_payment_method: { type: 'card' },
        step_up_id: 'step-up-1',
      }),
    ]);
    const { config } = testConfig(server.url);
    const error = await createCustomerTokenOrder(
      {
        region,
        customerToken: 'ct-1',
        idempotencyKey: 'sub-1:2026-02',
        order: { purchase_currency: 'SEK', order_amount: 100, order_lines: [line], step_up: 'SUPPORTED' },
      },
      { config },
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(KlarnaError);
    expect(error).toMatchObject({
      status: 403,
      code: 'UNAVAILABLE_PAYMENT_METHOD',
      correlationId: 'corr-step-up',
      path: '/customer-token/v1/tokens/{token}/order',
      details: {
        step_up_id: 'step-up-1',
        fraud_status: 'REJECTED',
        reason: 'Purchase for payment method failed',
      },
    });
  });
});
