import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { seCart, seShippingAddress, startTestEmulator, usCart } from './helpers.js';
import { ONE_SHIRT, orderApi, type OrderApi } from './order-management-helpers.js';

let emulator: RunningEmulator;
let api: OrderApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = orderApi(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const amounts = (order: Record<string, unknown>) => ({
  status: order.status,
  order_amount: order.order_amount,
  original_order_amount: order.original_order_amount,
  captured_amount: order.captured_amount,
  refunded_amount: order.refunded_amount,
  remaining_authorized_amount: order.remaining_authorized_amount,
});

const shippingAddress = seShippingAddress();

describe('GET order', () => {
  test('returns the placed order as MerchantOrderDto with empty strings for unset line fields', async () => {
    const orderId = await api.placedOrder();
    const { status, json } = await api.getOrder(orderId);
    expect(status).toBe(200);
    expect(amounts(json)).toEqual({
      status: 'AUTHORIZED',
      order_amount: 24900,
      original_order_amount: 24900,
      captured_amount: 0,
      refunded_amount: 0,
      remaining_authorized_amount: 24900,
    });
    expect(json).toMatchObject({
      order_id: orderId,
      fraud_status: 'ACCEPTED',
      purchase_country: 'SE',
      purchase_currency: 'SEK',
      locale: 'sv-SE',
      captures: [],
      refunds: [],
      initial_payment_method: { type: 'INVOICE', description: 'Pay later' },
    });
    expect(json.klarna_reference).toMatch(/^[A-Z0-9]{6,}$/);
    expect(json.order_lines[1]).toEqual({
      reference: '',
      type: 'shipping_fee',
      quantity: 1,
      quantity_unit: '',
      name: 'Shipping',
      total_amount: 4900,
      unit_price: 4900,
      total_discount_amount: 0,
      tax_rate: 2500,
      total_tax_amount: 980,
    });
    expect(Date.parse(json.expires_at) - Date.parse(json.created_at)).toBe(28 * 86_400_000);
  });

  test('an unknown order is NO_SUCH_ORDER and a non-UUID id is INVALID_ORDER_ID', async () => {
    const unknown = await api.getOrder(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('NO_SUCH_ORDER');
    const invalid = await api.getOrder('not-a-uuid');
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({
      error_code: 'INVALID_ORDER_ID',
      error_messages: ['Order ID must be a valid UUID.'],
    });
    const write = await api.capture('not-a-uuid', { captured_amount: 1 });
    expect(write.json.error_code).toBe('INVALID_ORDER_ID');
  });

  test("another region's credentials cannot read or change the order", async () => {
    const orderId = await api.placedOrder();
    const na = orderApi(emulator, 'na');
    expect((await na.getOrder(orderId)).json.error_code).toBe('NO_SUCH_ORDER');
    const capture = await na.capture(orderId, { captured_amount: 100 });
    expect(capture.status).toBe(404);
    expect(capture.json.error_code).toBe('NO_SUCH_ORDER');
    const cancel = await na.write('POST', orderId, '/cancel');
    expect(cancel.status).toBe(404);
    // The eu path with na credentials is refused before any route, like Klarna's regional hosts.
    const crossed = await api.request('GET', `/ordermanagement/v1/orders/${orderId}`, {
      auth: emulator.credentials.na,
    });
    expect(crossed.status).toBe(401);
    expect(amounts((await api.getOrder(orderId)).json).status).toBe('AUTHORIZED');
  });
});

describe('captures', () => {
  test('partial then full capture: 201 with Location and Capture-Id, amounts and status after each', async () => {
    const orderId = await api.placedOrder();
    const first = await api.capture(orderId, {
      captured_amount: 10000,
      description: 'First shirt',
      reference: 'SHIP-1',
      order_lines: [ONE_SHIRT],
      shipping_info: [{ shipping_company: 'DHL', shipping_method: 'Home', tracking_number: '123' }],
    });
    expect(first.status).toBe(201);
    expect(first.text).toBe('');
    const captureId = first.headers.get('capture-id');
    expect(captureId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get('location')).toBe(
      `${emulator.url}/eu/ordermanagement/v1/orders/${orderId}/captures/${captureId}`,
    );
    let order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toEqual({
      status: 'PART_CAPTURED',
      order_amount: 24900,
      original_order_amount: 24900,
      captured_amount: 10000,
      refunded_amount: 0,
      remaining_authorized_amount: 14900,
    });

    const fetched = await api.request('GET', `/ordermanagement/v1/orders/${orderId}/captures/${captureId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toMatchObject({
      capture_id: captureId,
      klarna_reference: `${order.klarna_reference}-1`,
      captured_amount: 10000,
      description: 'First shirt',
      reference: 'SHIP-1',
      refunded_amount: 0,
      shipping_info: [{ shipping_company: 'DHL', shipping_method: 'Home', tracking_number: '123' }],
    });
    expect(fetched.json.order_lines[0]).toMatchObject({
      name: 'Shirt',
      quantity_unit: '',
      total_amount: 10000,
    });
    expect(Date.parse(fetched.json.captured_at)).not.toBeNaN();

    const second = await api.capture(orderId, { captured_amount: 14900 });
    expect(second.status).toBe(201);
    order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toMatchObject({
      status: 'CAPTURED',
      captured_amount: 24900,
      remaining_authorized_amount: 0,
    });
    expect(order.captures.map((c: { klarna_reference: string }) => c.klarna_reference)).toEqual([
      `${order.klarna_reference}-1`,
      `${order.klarna_reference}-2`,
    ]);
    const list = await api.request('GET', `/ordermanagement/v1/orders/${orderId}/captures`);
    expect(list.status).toBe(200);
    expect(list.json.map((c: { captured_amount: number }) => c.captured_amount)).toEqual([10000, 14900]);
  });

  test('more than the remaining authorization, or a capture after full capture, is CAPTURE_NOT_ALLOWED', async () => {
    const orderId = await api.placedOrder();
    const over = await api.capture(orderId, { captured_amount: 24901 });
    expect(over.status).toBe(403);
    expect(over.json).toMatchObject({
      error_code: 'CAPTURE_NOT_ALLOWED',
      error_messages: ['Capture not allowed'],
    });
    expect(over.json.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.capture(orderId, { captured_amount: 24900 })).status).toBe(201);
    const again = await api.capture(orderId, { captured_amount: 1 });
    expect(again.status).toBe(403);
    expect(again.json.error_code).toBe('CAPTURE_NOT_ALLOWED');
    expect(amounts((await api.getOrder(orderId)).json).captured_amount).toBe(24900);
  });

  test.each([
    ['a string amount', { captured_amount: '100' }, 'Bad value: captured_amount'],
    ['a negative amount', { captured_amount: -5 }, 'Bad value: captured_amount'],
    ['a fractional amount', { captured_amount: 10.5 }, 'Bad value: captured_amount'],
    ['no amount', { description: 'x' }, 'Bad value: captured_amount'],
    [
      'lines that do not add up to the amount',
      { captured_amount: 9000, order_lines: [ONE_SHIRT] },
      'Bad value: captured_amount',
    ],
    [
      'a line whose total is wrong',
      { captured_amount: 10000, order_lines: [{ ...ONE_SHIRT, quantity: 2 }] },
      'Bad value: order_lines[0].total_amount',
    ],
    [
      'a line whose tax is wrong',
      { captured_amount: 10000, order_lines: [{ ...ONE_SHIRT, total_tax_amount: 2500 }] },
      'Bad value: order_lines[0].total_tax_amount',
    ],
    [
      'a bad shipping method',
      { captured_amount: 100, shipping_info: [{ shipping_method: 'Drone' }] },
      'Bad value: shipping_info[0].shipping_method',
    ],
  ])('%s is 400 BAD_VALUE and captures nothing', async (_label, body, message) => {
    const orderId = await api.placedOrder();
    const response = await api.capture(orderId, body);
    expect(response.status).toBe(400);
    expect(response.json.error_code).toBe('BAD_VALUE');
    expect(response.json.error_messages).toContain(message);
    expect(amounts((await api.getOrder(orderId)).json).captured_amount).toBe(0);
  });

  test('malformed JSON and a missing body are 4xx, never 500', async () => {
    const orderId = await api.placedOrder();
    const malformed = await api.request('POST', `/ordermanagement/v1/orders/${orderId}/captures`, {
      rawBody: '{"captured_amount":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const empty = await api.request('POST', `/ordermanagement/v1/orders/${orderId}/captures`);
    expect(empty.status).toBe(400);
    const array = await api.capture(orderId, [1, 2]);
    expect(array.status).toBe(400);
    expect(array.json.error_code).toBe('BAD_VALUE');
  });

  test('an unknown capture is NO_SUCH_CAPTURE; shipping info can be added to a capture later', async () => {
    const orderId = await api.placedOrder();
    const unknown = await api.request(
      'GET',
      `/ordermanagement/v1/orders/${orderId}/captures/${randomUUID()}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('NO_SUCH_CAPTURE');

    const captureId = (await api.capture(orderId, { captured_amount: 4900 })).headers.get('capture-id');
    const info = {
      shipping_company: 'postnord',
      tracking_number: 'PN1',
      tracking_uri: 'https://track.example/PN1',
    };
    const added = await api.write(
      'POST',
      orderId,
      `/captures/${captureId}/shipping-info`,
      { shipping_info: [info] },
      randomUUID(),
    );
    expect(added.status).toBe(204);
    const capture = await api.request('GET', `/ordermanagement/v1/orders/${orderId}/captures/${captureId}`);
    expect(capture.json.shipping_info).toEqual([info]);

    const toUnknown = await api.write('POST', orderId, `/captures/${randomUUID()}/shipping-info`, {
      shipping_info: [info],
    });
    expect(toUnknown.status).toBe(404);
    expect(toUnknown.json.error_code).toBe('NO_SUCH_CAPTURE');
    const empty = await api.write('POST', orderId, `/captures/${captureId}/shipping-info`, {
      shipping_info: [],
    });
    expect(empty.status).toBe(400);

    expect((await api.write('POST', orderId, `/captures/${captureId}/trigger-send-out`)).status).toBe(204);
    const sendOutUnknown = await api.write('POST', orderId, `/captures/${randomUUID()}/trigger-send-out`);
    expect(sendOutUnknown.status).toBe(404);
    expect(sendOutUnknown.json.error_code).toBe('NO_SUCH_CAPTURE');
  });
});

describe('follow-ups on captures', () => {
  test.each([
    [
      'shipping info',
      '/shipping-info',
      { shipping_info: [{ tracking_number: 'T1' }] },
      'Shipping info cannot be added to capture',
    ],
    ['trigger send-out', '/trigger-send-out', undefined, 'Send out cannot be triggered for capture'],
  ])(
    '%s on an order without captures is 403 NOT_ALLOWED and changes nothing',
    async (_label, suffix, body, consequence) => {
      const orderId = await api.placedOrder();
      const before = (await api.getOrder(orderId)).json;
      const captureId = randomUUID();
      const refused = await api.write('POST', orderId, `/captures/${captureId}${suffix}`, body, randomUUID());
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({
        error_code: 'NOT_ALLOWED',
        error_messages: [`Order has no captures. ${consequence} ${captureId}.`],
        correlation_id: refused.headers.get('klarna-correlation-id'),
      });
      expect((await api.getOrder(orderId)).json).toEqual(before);
    },
  );

  test('GET captures of an unknown order is 404 NO_SUCH_ORDER', async () => {
    const id = randomUUID();
    const response = await api.request('GET', `/ordermanagement/v1/orders/${id}/captures`);
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({
      error_code: 'NO_SUCH_ORDER',
      error_messages: [`Order ${id} cannot be found`],
    });
  });
});

describe('refunds', () => {
  test('a refund on, or a refund read of, an unknown order is 404 NOT_FOUND', async () => {
    const id = randomUUID();
    const refund = await api.refund(id, { refunded_amount: 100 });
    expect(refund.status).toBe(404);
    expect(refund.json).toEqual({
      error_code: 'NOT_FOUND',
      error_messages: [`Order ${id} cannot be found`],
      correlation_id: refund.headers.get('klarna-correlation-id'),
    });
    expect(refund.headers.get('refund-id')).toBeNull();
    const read = await api.request('GET', `/ordermanagement/v1/orders/${id}/refunds/${randomUUID()}`);
    expect(read.status).toBe(404);
    expect(read.json).toMatchObject({
      error_code: 'NOT_FOUND',
      error_messages: [`Order ${id} cannot be found`],
    });
  });

  test('refusals before captures and above captured minus refunded; partial refunds with lines', async () => {
    const orderId = await api.placedOrder();
    const early = await api.refund(orderId, { refunded_amount: 100 });
    expect(early.status).toBe(403);
    expect(early.json).toMatchObject({
      error_code: 'REFUND_NOT_ALLOWED',
      error_messages: ['Order has no captures. Refund not possible'],
    });

    await api.capture(orderId, { captured_amount: 10000 });
    const over = await api.refund(orderId, { refunded_amount: 10001 });
    expect(over.status).toBe(403);
    expect(over.json.error_messages).toEqual(['Over refund is not allowed. Refund not possible.']);

    const refund = await api.refund(orderId, {
      refunded_amount: 10000,
      description: 'Returned shirt',
      reference: 'RMA-1',
      order_lines: [ONE_SHIRT],
    });
    expect(refund.status).toBe(201);
    expect(refund.text).toBe('');
    const refundId = refund.headers.get('refund-id');
    expect(refund.headers.get('location')).toBe(
      `${emulator.url}/eu/ordermanagement/v1/orders/${orderId}/refunds/${refundId}`,
    );
    const order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toEqual({
      status: 'PART_CAPTURED',
      order_amount: 24900,
      original_order_amount: 24900,
      captured_amount: 10000,
      refunded_amount: 10000,
      remaining_authorized_amount: 14900,
    });
    expect(order.captures[0].refunded_amount).toBe(10000);
    expect(order.refunds).toHaveLength(1);

    const fetched = await api.request('GET', `/ordermanagement/v1/orders/${orderId}/refunds/${refundId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toMatchObject({
      refund_id: refundId,
      refunded_amount: 10000,
      description: 'Returned shirt',
      reference: 'RMA-1',
    });
    expect(fetched.json.order_lines[0]).toMatchObject({ name: 'Shirt', total_amount: 10000 });

    const nothingLeft = await api.refund(orderId, { refunded_amount: 1 });
    expect(nothingLeft.json.error_code).toBe('REFUND_NOT_ALLOWED');

    const unknownRefund = await api.request(
      'GET',
      `/ordermanagement/v1/orders/${orderId}/refunds/${randomUUID()}`,
    );
    expect(unknownRefund.status).toBe(404);
    expect(unknownRefund.json.error_code).toBe('NOT_FOUND');
  });

  test('a refund with a return fee line on an order captured in full in one capture', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 24900 });
    const fee = {
      type: 'return_fee',
      name: 'Return fee',
      quantity: 1,
      unit_price: -500,
      total_amount: -500,
      tax_rate: 2500,
      total_tax_amount: -100,
    };
    const mismatched = await api.refund(orderId, { refunded_amount: 10000, order_lines: [ONE_SHIRT, fee] });
    expect(mismatched.status).toBe(400);
    expect(mismatched.json.error_messages).toContain('Bad value: refunded_amount');

    const refund = await api.refund(orderId, { refunded_amount: 9500, order_lines: [ONE_SHIRT, fee] });
    expect(refund.status).toBe(201);
    const order = (await api.getOrder(orderId)).json;
    expect(order.refunded_amount).toBe(9500);
    expect(order.refunds[0].order_lines[1]).toMatchObject({
      type: 'return_fee',
      total_amount: -500,
      reference: '',
    });
  });

  test('a return fee is refused on an order captured in parts', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 10000 });
    await api.capture(orderId, { captured_amount: 14900 });
    const fee = { type: 'return_fee', name: 'Return fee', quantity: 1, unit_price: -500, total_amount: -500 };
    const refused = await api.refund(orderId, { refunded_amount: 9500, order_lines: [ONE_SHIRT, fee] });
    expect(refused.status).toBe(403);
    expect(refused.json.error_code).toBe('REFUND_NOT_ALLOWED');
  });

  test('refunds spread over captures oldest first', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 10000 });
    await api.capture(orderId, { captured_amount: 14900 });
    await api.refund(orderId, { refunded_amount: 12000 });
    const order = (await api.getOrder(orderId)).json;
    expect(order.captures.map((c: { refunded_amount: number }) => c.refunded_amount)).toEqual([10000, 2000]);
    expect(amounts(order)).toMatchObject({
      status: 'CAPTURED',
      captured_amount: 24900,
      refunded_amount: 12000,
    });
  });
});

describe('cancel, update authorization, release', () => {
  test('cancel an uncaptured order; nothing more can be captured', async () => {
    const orderId = await api.placedOrder();
    expect((await api.write('POST', orderId, '/cancel')).status).toBe(204);
    const order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toMatchObject({
      status: 'CANCELLED',
      remaining_authorized_amount: 0,
      captured_amount: 0,
    });
    const capture = await api.capture(orderId, { captured_amount: 100 });
    expect(capture.json.error_code).toBe('CAPTURE_NOT_ALLOWED');
    const references = await api.write('PATCH', orderId, '/merchant-references', {
      merchant_reference1: 'X',
    });
    expect(references.status).toBe(403);
    expect(references.json).toMatchObject({
      error_code: 'NOT_ALLOWED',
      error_messages: ['Can not update a cancelled order.'],
    });
  });

  test('cancel after a capture is CANCEL_NOT_ALLOWED', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 100 });
    const cancel = await api.write('POST', orderId, '/cancel');
    expect(cancel.status).toBe(403);
    expect(cancel.json).toMatchObject({
      error_code: 'CANCEL_NOT_ALLOWED',
      error_messages: ['Order has previous captures. Cancel not possible.'],
    });
  });

  test('update authorization replaces amount and lines; not below the captured amount', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 4900 });
    const lower = await api.write('PATCH', orderId, '/authorization', {
      order_amount: 10000,
      order_lines: [ONE_SHIRT],
    });
    expect(lower.status).toBe(204);
    let order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toEqual({
      status: 'PART_CAPTURED',
      order_amount: 10000,
      original_order_amount: 24900,
      captured_amount: 4900,
      refunded_amount: 0,
      remaining_authorized_amount: 5100,
    });
    expect(order.order_lines).toHaveLength(1);

    const higher = await api.write('PATCH', orderId, '/authorization', { order_amount: 30000 });
    expect(higher.status).toBe(204);
    order = (await api.getOrder(orderId)).json;
    expect(order.order_lines).toEqual([]);
    expect(order.remaining_authorized_amount).toBe(25100);

    const below = await api.write('PATCH', orderId, '/authorization', { order_amount: 4000 });
    expect(below.status).toBe(403);
    expect(below.json.error_code).toBe('NOT_ALLOWED');
    expect(below.json.error_messages[0]).toContain(
      'Resulting authorization amount 4000 cannot be less than the captured amount 4900',
    );

    const badLines = await api.write('PATCH', orderId, '/authorization', {
      order_amount: 12000,
      order_lines: [ONE_SHIRT],
    });
    expect(badLines.status).toBe(400);
    expect(badLines.json.error_messages).toContain('Bad value: order_amount');
    const missing = await api.write('PATCH', orderId, '/authorization', { description: 'x' });
    expect(missing.status).toBe(400);

    await api.capture(orderId, { captured_amount: 25100 });
    const captured = await api.write('PATCH', orderId, '/authorization', { order_amount: 40000 });
    expect(captured.status).toBe(403);
    expect(captured.json.error_code).toBe('NOT_ALLOWED');
  });

  test('release the remaining authorization of a part-captured order: CLOSED, refunds still possible', async () => {
    const orderId = await api.placedOrder();
    const early = await api.write('POST', orderId, '/release-remaining-authorization');
    expect(early.status).toBe(403);
    expect(early.json.error_code).toBe('NOT_ALLOWED');

    await api.capture(orderId, { captured_amount: 10000 });
    expect((await api.write('POST', orderId, '/release-remaining-authorization')).status).toBe(204);
    let order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toEqual({
      status: 'CLOSED',
      order_amount: 24900,
      original_order_amount: 24900,
      captured_amount: 10000,
      refunded_amount: 0,
      remaining_authorized_amount: 0,
    });
    expect((await api.capture(orderId, { captured_amount: 1 })).json.error_code).toBe('CAPTURE_NOT_ALLOWED');
    expect((await api.refund(orderId, { refunded_amount: 2500 })).status).toBe(201);
    order = (await api.getOrder(orderId)).json;
    expect(amounts(order)).toMatchObject({ status: 'CLOSED', refunded_amount: 2500 });
  });

  test('release on a fully captured order is NOT_ALLOWED with Klarna message', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 24900 });
    const release = await api.write('POST', orderId, '/release-remaining-authorization');
    expect(release.status).toBe(403);
    expect(release.json.error_messages).toEqual([
      'Order is fully captured. Remaining authorization cannot be released.',
    ]);
  });
});

describe('refusals leave the order as it was', () => {
  test.each([
    [
      'extend authorization time',
      'POST',
      '/extend-authorization-time',
      undefined,
      'NOT_ALLOWED',
      'Authorization time cannot be extended for this order.',
    ],
    [
      'cancel again',
      'POST',
      '/cancel',
      undefined,
      'CANCEL_NOT_ALLOWED',
      'Order is cancelled. Cancel not possible.',
    ],
    [
      'release remaining authorization',
      'POST',
      '/release-remaining-authorization',
      undefined,
      'NOT_ALLOWED',
      'Can not release when order is cancelled or has no captures.',
    ],
    [
      'update authorization',
      'PATCH',
      '/authorization',
      { order_amount: 10000, order_lines: [ONE_SHIRT] },
      'NOT_ALLOWED',
      'Update not allowed.',
    ],
    [
      'update customer details',
      'PATCH',
      '/customer-details',
      { shipping_address: shippingAddress },
      'NOT_ALLOWED',
      'Can not update a cancelled order.',
    ],
  ] as const)(
    '%s on a CANCELLED order is 403 and changes nothing',
    async (_label, method, suffix, body, code, message) => {
      const orderId = await api.placedOrder();
      await api.write('POST', orderId, '/cancel');
      const before = (await api.getOrder(orderId)).json;
      const refused = await api.write(method, orderId, suffix, body, randomUUID());
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({
        error_code: code,
        error_messages: [message],
        correlation_id: refused.headers.get('klarna-correlation-id'),
      });
      expect((await api.getOrder(orderId)).json).toEqual(before);
    },
  );

  test('extend authorization time on a CAPTURED order is 403 NOT_ALLOWED; expires_at stays', async () => {
    const orderId = await api.placedOrder();
    await api.capture(orderId, { captured_amount: 24900 });
    await api.advanceClock('2d');
    const before = (await api.getOrder(orderId)).json;
    expect(before.status).toBe('CAPTURED');
    const refused = await api.write('POST', orderId, '/extend-authorization-time', undefined, randomUUID());
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error_code: 'NOT_ALLOWED',
      error_messages: ['Authorization time cannot be extended for this order.'],
    });
    expect((await api.getOrder(orderId)).json).toEqual(before);
  });

  test('customer details with a bad shipping address are 400 BAD_VALUE; the address stays', async () => {
    const orderId = await api.placedOrder();
    const before = (await api.getOrder(orderId)).json;
    const refused = await api.write('PATCH', orderId, '/customer-details', {
      shipping_address: { ...shippingAddress, postal_code: '1'.repeat(11), country: 'Sweden' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error_code).toBe('BAD_VALUE');
    expect(refused.json.error_messages).toEqual(
      expect.arrayContaining([
        'Bad value: shipping_address.postal_code',
        'Bad value: shipping_address.country',
      ]),
    );
    expect((await api.getOrder(orderId)).json).toEqual(before);
  });
});

describe('acknowledge, references, customer details, shipping info', () => {
  test('each answers 204 and the order shows the change', async () => {
    const orderId = await api.placedOrder(seCart(), 'customer@email.se', { merchant_reference1: 'ORDER-1' });
    expect((await api.write('POST', orderId, '/acknowledge')).status).toBe(204);

    expect(
      (await api.write('PATCH', orderId, '/merchant-references', { merchant_reference2: 'INV-9' })).status,
    ).toBe(204);
    let order = (await api.getOrder(orderId)).json;
    expect(order).toMatchObject({ merchant_reference1: 'ORDER-1', merchant_reference2: 'INV-9' });
    await api.write('PATCH', orderId, '/merchant-references', { merchant_reference1: '' });
    expect((await api.getOrder(orderId)).json.merchant_reference1).toBe('');
    const tooLong = await api.write('PATCH', orderId, '/merchant-references', {
      merchant_reference1: 'x'.repeat(256),
    });
    expect(tooLong.status).toBe(400);

    expect(
      (await api.write('PATCH', orderId, '/customer-details', { shipping_address: shippingAddress })).status,
    ).toBe(204);
    order = (await api.getOrder(orderId)).json;
    expect(order.shipping_address).toEqual(shippingAddress);
    const billing = await api.write('PATCH', orderId, '/customer-details', {
      billing_address: shippingAddress,
    });
    expect(billing.status).toBe(403);
    expect(billing.json.error_code).toBe('NOT_ALLOWED');

    const info = { shipping_company: 'DHL', shipping_method: 'PickUpPoint', tracking_number: 'D1' };
    expect((await api.write('POST', orderId, '/shipping-info', { shipping_info: [info] })).status).toBe(204);
    expect(
      (await api.write('POST', orderId, '/shipping-info', { shipping_info: [{ tracking_number: 'D2' }] }))
        .status,
    ).toBe(204);
    order = (await api.getOrder(orderId)).json;
    expect(order.shipping_info).toEqual([info, { tracking_number: 'D2' }]);
    const noInfo = await api.write('POST', orderId, '/shipping-info', {});
    expect(noInfo.status).toBe(400);
    expect(noInfo.json.error_messages).toContain('Bad value: shipping_info');
  });

  test('operation-specific 404 messages for an unknown order', async () => {
    const id = randomUUID();
    const ack = await api.write('POST', id, '/acknowledge');
    expect(ack.status).toBe(404);
    expect(ack.json.error_messages).toEqual([`Order ${id} cannot be found. Acknowledgement not possible.`]);
    const refs = await api.write('PATCH', id, '/merchant-references', { merchant_reference1: 'x' });
    expect(refs.json.error_messages).toEqual([
      'Order cannot be found. Merchant references cannot be updated.',
    ]);
    const ship = await api.write('POST', id, '/shipping-info', { shipping_info: [{ tracking_number: '1' }] });
    expect(ship.json).toMatchObject({ error_code: 'NO_SUCH_ORDER' });
  });
});

describe('US orders in the na region', () => {
  test('capture and refund work the same way with sales tax lines', async () => {
    const na = orderApi(emulator, 'na');
    const orderId = await na.placedOrder(usCart(), 'customer@email.us');
    expect((await na.capture(orderId, { captured_amount: 21000 })).status).toBe(201);
    expect((await na.refund(orderId, { refunded_amount: 1000 })).status).toBe(201);
    const order = (await na.getOrder(orderId)).json;
    expect(amounts(order)).toMatchObject({
      status: 'CAPTURED',
      captured_amount: 21000,
      refunded_amount: 1000,
    });
    expect((await api.getOrder(orderId)).status).toBe(404);
  });
});
