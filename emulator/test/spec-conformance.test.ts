import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { rawRequest, startTestEmulator } from './helpers.js';
import { OrderApi } from './order-management-helpers.js';

let emulator: RunningEmulator;
let api: OrderApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = new OrderApi(emulator, 'eu');
});
afterAll(() => emulator.close());

const TOKEN_CHARGE = {
  purchase_currency: 'SEK',
  order_amount: 10000,
  order_tax_amount: 2000,
  order_lines: [
    {
      name: 'Socks',
      quantity: 1,
      unit_price: 10000,
      tax_rate: 2500,
      total_amount: 10000,
      total_tax_amount: 2000,
    },
  ],
};

describe('customer-token order: what the spec requires', () => {
  test('redirect_url is always in the answer; without a confirmation URL it leads to a page of the emulator', async () => {
    const tokenId = await api.customerToken();
    const charged = await api.chargeToken(tokenId, TOKEN_CHARGE, null);
    expect(charged.status).toBe(200);
    expect(Object.keys(charged.json).sort()).toEqual(
      ['authorized_payment_method', 'fraud_status', 'order_id', 'redirect_url'].sort(),
    );
    const page = await fetch(charged.json.redirect_url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Purchase complete');

    const withConfirmation = await api.chargeToken(tokenId, {
      ...TOKEN_CHARGE,
      merchant_urls: { confirmation: 'https://shop.example/orders/{order.id}' },
    });
    const hop = await fetch(withConfirmation.json.redirect_url, { redirect: 'manual' });
    expect(hop.status).toBe(303);
    expect(hop.headers.get('location')).toBe(`https://shop.example/orders/${withConfirmation.json.order_id}`);
  });
});

describe('extend a capture’s due date', () => {
  async function capturedOrder(): Promise<{ orderId: string; captureId: string }> {
    const orderId = await api.placedOrder();
    const captured = await api.capture(orderId, { captured_amount: 24900 });
    expect(captured.status).toBe(201);
    return { orderId, captureId: captured.headers.get('capture-id') as string };
  }

  const optionsPath = (orderId: string, captureId: string) =>
    `/ordermanagement/v1/orders/${orderId}/captures/${captureId}/extend-due-date-options`;

  test('the options name days and fees in minor units, in the order currency', async () => {
    const { orderId, captureId } = await capturedOrder();
    const options = await api.request('GET', optionsPath(orderId, captureId));
    expect(options.status).toBe(200);
    expect(options.json).toEqual({
      currency: 'sek',
      options: [
        { number_of_days: 7, amount: 249 },
        { number_of_days: 14, amount: 498 },
        { number_of_days: 28, amount: 996 },
      ],
    });
  });

  test('extending by an offered option answers 204, once; then no options are left', async () => {
    const { orderId, captureId } = await capturedOrder();
    const extend = (days: unknown, key = randomUUID()) =>
      api.write('PATCH', orderId, `/captures/${captureId}/extend-due-date`, { number_of_days: days }, key);

    const notOffered = await extend(10);
    expect(notOffered.status).toBe(403);
    expect(notOffered.json.error_code).toBe('NOT_ALLOWED');
    expect(notOffered.json.error_messages[0]).toMatch(/10 days is not one of the offered options/);

    const key = randomUUID();
    expect((await extend(14, key)).status).toBe(204);
    // The same key replays the answer; a new one is refused: one extension per capture.
    expect((await extend(14, key)).status).toBe(204);
    const again = await extend(7);
    expect(again.status).toBe(403);
    expect(again.json.error_messages[0]).toMatch(/already extended/);
    expect((await api.request('GET', optionsPath(orderId, captureId))).json.options).toEqual([]);
    expect((await api.storedOrder(orderId)).captures[0]!.dueDateExtensionDays).toBe(14);
  });

  test.each([
    ['no number_of_days', {}],
    ['a string', { number_of_days: '7' }],
    ['a fraction', { number_of_days: 7.5 }],
  ])('%s is 400 BAD_VALUE', async (_label, body) => {
    const { orderId, captureId } = await capturedOrder();
    const response = await api.write('PATCH', orderId, `/captures/${captureId}/extend-due-date`, body);
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual(['Bad value: number_of_days']);
  });

  test('an unknown capture is 404 NO_SUCH_CAPTURE, an unknown order 404 NO_SUCH_ORDER', async () => {
    const { orderId } = await capturedOrder();
    const noCapture = await api.request('GET', optionsPath(orderId, randomUUID()));
    expect(noCapture.status).toBe(404);
    expect(noCapture.json.error_code).toBe('NO_SUCH_CAPTURE');
    const noOrder = await rawRequest(emulator, 'PATCH', `/eu${optionsPath(randomUUID(), randomUUID())}`, {
      auth: emulator.credentials.eu,
    });
    expect(noOrder.status).toBe(405);
    const patchNoOrder = await api.write('PATCH', randomUUID(), `/captures/${randomUUID()}/extend-due-date`, {
      number_of_days: 7,
    });
    expect(patchNoOrder.status).toBe(404);
    expect(patchNoOrder.json.error_code).toBe('NO_SUCH_ORDER');
  });
});
