import { describe, expect, test } from 'vitest';
import {
  ADMIN,
  capture,
  configWith,
  dbOrder,
  klarnaOrder,
  omRequests,
  placeOrder,
  refund,
} from './admin-fixtures';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

// SE prices: mug 249.00, tea 89.00 (VAT included).
const MUG = 24900;
const TEA = 8900;

async function keys() {
  return import('@/lib/order-admin/idempotency-keys');
}

describe('capture', () => {
  test('two lines, then the rest: Klarna and the database agree after each, with deterministic keys', async () => {
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 2 },
      { slug: 'tea', quantity: 3 },
    ]);
    const { captureKey } = await keys();

    const first = await capture(h, {
      orderId: order.id,
      mode: 'lines',
      lines: [
        { position: 0, quantity: 1 },
        { position: 1, quantity: 2 },
      ],
      expectedAmount: MUG + 2 * TEA,
      expectedCapturedAmount: 0,
      shippingCompany: 'postnord',
      trackingNumber: 'PN123456789SE',
      trackingUri: undefined,
      description: undefined,
    });
    expect(first).toMatchObject({ ok: true });

    const afterFirst = await klarnaOrder(h, order.klarnaOrderId);
    expect(afterFirst).toMatchObject({ status: 'PART_CAPTURED', captured_amount: MUG + 2 * TEA });
    expect(afterFirst.captures[0]?.order_lines.map((line) => [line.name, line.quantity])).toEqual([
      ['Enamel Mug', 1],
      ['Sencha Tea', 2],
    ]);

    const rest = order.orderAmount - (MUG + 2 * TEA);
    const second = await capture(h, {
      orderId: order.id,
      mode: 'remaining',
      expectedAmount: rest,
      expectedCapturedAmount: MUG + 2 * TEA,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    expect(second).toMatchObject({ ok: true });

    const atKlarna = await klarnaOrder(h, order.klarnaOrderId);
    expect(atKlarna).toMatchObject({
      status: 'CAPTURED',
      captured_amount: order.orderAmount,
      remaining_authorized_amount: 0,
    });
    expect(atKlarna.captures.map((c) => c.order_lines.map((line) => [line.name, line.quantity]))).toEqual([
      [
        ['Enamel Mug', 1],
        ['Sencha Tea', 2],
      ],
      [
        ['Enamel Mug', 1],
        ['Sencha Tea', 1],
      ],
    ]);

    const local = await dbOrder(h, order.id);
    expect(local).toMatchObject({
      status: 'CAPTURED',
      capturedAmount: order.orderAmount,
      klarnaStatus: 'CAPTURED',
    });
    expect(local.captures.map((c) => [c.klarnaCaptureId, c.amount, c.idempotencyKey, c.actor])).toEqual([
      [
        atKlarna.captures[0]?.capture_id,
        MUG + 2 * TEA,
        captureKey(order.klarnaOrderId, MUG + 2 * TEA),
        ADMIN,
      ],
      [atKlarna.captures[1]?.capture_id, rest, captureKey(order.klarnaOrderId, order.orderAmount), ADMIN],
    ]);
    expect(local.captures[0]?.shippingInfo).toEqual({
      shippingCompany: 'postnord',
      trackingNumber: 'PN123456789SE',
    });
    const captureEvents = local.events.filter((event) => event.type === 'CAPTURE');
    expect(captureEvents.map((event) => [event.outcome, event.amount, event.actor])).toEqual([
      ['SUCCESS', MUG + 2 * TEA, ADMIN],
      ['SUCCESS', rest, ADMIN],
    ]);
    expect(captureEvents[0]?.idempotencyKey).toBe(local.captures[0]?.idempotencyKey);
  });

  test('a capture whose answer is dropped after Klarna committed it is retried with the same key: one capture', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 1 }]);
    await h.control('/_emulator/faults', {
      body: { match: 'POST /ordermanagement/v1/orders/*/captures', fault: 'commit-then-drop', times: 1 },
    });

    const retries: { method: string; code: string }[] = [];
    const { capturePayment } = await import('@/lib/order-admin/capture');
    const result = await capturePayment(
      {
        orderId: order.id,
        mode: 'remaining',
        expectedAmount: order.orderAmount,
        expectedCapturedAmount: 0,
        shippingCompany: undefined,
        trackingNumber: undefined,
        trackingUri: undefined,
        description: undefined,
      },
      ADMIN,
      {
        config: {
          ...h.config,
          log: (entry) => entry.event === 'klarna.request.retry' && retries.push(entry),
        },
      },
    );

    expect(result).toMatchObject({ ok: true });
    // The dropped answer was retried (same request, same key) and Klarna replayed its first answer.
    const { body } = await h.control('/_emulator/faults');
    expect((body as { faults: { fired: number }[] }).faults[0]?.fired).toBe(1);
    expect(retries).toEqual([expect.objectContaining({ method: 'POST', code: 'NETWORK_ERROR' })]);
    const { captureKey } = await keys();
    const posts = (await omRequests(h, '/captures')).filter((request) => request.method === 'POST');
    expect(posts.map((request) => (request.body as { reference?: string }).reference)).toEqual([
      captureKey(order.klarnaOrderId, order.orderAmount),
    ]);
    expect((await klarnaOrder(h, order.klarnaOrderId)).captures).toHaveLength(1);
    const local = await dbOrder(h, order.id);
    expect(local.captures).toHaveLength(1);
    expect(local).toMatchObject({ status: 'CAPTURED', capturedAmount: order.orderAmount });
  });

  test('without client retries, the lost answer is found by re-reading the order: one capture, failure then success under one key', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 2 }]);
    await h.control('/_emulator/faults', {
      body: { match: 'POST /ordermanagement/v1/orders/*/captures', fault: 'commit-then-drop', times: 1 },
    });

    const result = await capture(
      h,
      {
        orderId: order.id,
        mode: 'amount',
        amount: '89.00',
        expectedCapturedAmount: 0,
        shippingCompany: undefined,
        trackingNumber: undefined,
        trackingUri: undefined,
        description: undefined,
      },
      { retries: 1 },
    );

    expect(result).toMatchObject({ ok: true });
    expect((await klarnaOrder(h, order.klarnaOrderId)).captures).toHaveLength(1);
    const local = await dbOrder(h, order.id);
    expect(local.captures.map((c) => c.amount)).toEqual([TEA]);
    const events = local.events.filter((event) => event.type === 'CAPTURE');
    expect(events.map((event) => event.outcome)).toEqual(['FAILURE', 'SUCCESS']);
    expect(events[0]?.idempotencyKey).toBe(events[1]?.idempotencyKey);
    expect(events[0]?.message).toContain('NETWORK_ERROR');
  });

  test('an amount typed with a decimal comma is captured as that amount', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 1 }]);

    const result = await capture(h, {
      orderId: order.id,
      mode: 'amount',
      amount: '100,50',
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });

    expect(result).toMatchObject({ ok: true });
    expect((await klarnaOrder(h, order.klarnaOrderId)).captured_amount).toBe(10050);
    expect((await dbOrder(h, order.id)).captures.map((c) => c.amount)).toEqual([10050]);
  });

  test('an attempt that reached Klarna but died before recording it is recognised when the form is sent again', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 1 }]);
    const { captureKey } = await keys();
    const key = captureKey(order.klarnaOrderId, order.orderAmount);
    // What the lost attempt sent: the same key, and the key as the capture's reference.
    const lost = await fetch(
      `${h.emulatorUrl}/eu/ordermanagement/v1/orders/${order.klarnaOrderId}/captures`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`,
          'Content-Type': 'application/json',
          'Klarna-Idempotency-Key': key,
        },
        body: JSON.stringify({ captured_amount: order.orderAmount, reference: key }),
      },
    );
    expect(lost.status).toBe(201);

    const again = await capture(h, {
      orderId: order.id,
      mode: 'remaining',
      expectedAmount: order.orderAmount,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });

    expect(again).toMatchObject({ ok: true, message: expect.stringContaining('had already reached Klarna') });
    expect((await klarnaOrder(h, order.klarnaOrderId)).captures).toHaveLength(1);
    expect((await omRequests(h, '/captures')).filter((request) => request.method === 'POST')).toHaveLength(1);
    const local = await dbOrder(h, order.id);
    expect(local.captures).toEqual([
      expect.objectContaining({ amount: order.orderAmount, idempotencyKey: key }),
    ]);
    expect(local).toMatchObject({ status: 'CAPTURED', capturedAmount: order.orderAmount });
  });

  test('a double click (two identical captures at once) captures once; the second sees the first and says so', async () => {
    const order = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 2 }]);
    const form = {
      orderId: order.id,
      mode: 'lines' as const,
      lines: [{ position: 0, quantity: 1 }],
      expectedAmount: MUG,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    };

    const results = await Promise.all([capture(h, form), capture(h, form)]);

    expect(results).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    expect(
      results
        .map((result) => result.message)
        .filter((message) => message.includes('had already reached Klarna')),
    ).toHaveLength(1);
    expect((await klarnaOrder(h, order.klarnaOrderId)).captured_amount).toBe(MUG);
    expect((await omRequests(h, '/captures')).filter((request) => request.method === 'POST')).toHaveLength(1);
    expect((await dbOrder(h, order.id)).captures).toHaveLength(1);
  });

  test('two admins capturing different lines at once: one after the other, the second refused as stale', async () => {
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    const base = {
      orderId: order.id,
      mode: 'lines' as const,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    };

    const results = await Promise.all([
      capture(h, { ...base, lines: [{ position: 0, quantity: 1 }], expectedAmount: MUG }),
      capture(h, { ...base, lines: [{ position: 1, quantity: 1 }], expectedAmount: TEA }),
    ]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ reason: 'stale' });
    expect((await klarnaOrder(h, order.klarnaOrderId)).captures).toHaveLength(1);
  });
});

describe('refusals: nothing is sent to Klarna, an event says why', () => {
  test.each([
    {
      label: 'more than is left',
      input: { mode: 'amount' as const, amount: '250.00' },
      reason: 'invalid',
      message: 'left to capture',
    },
    {
      label: 'an amount with more decimals than the currency has',
      input: { mode: 'amount' as const, amount: '1.005' },
      reason: 'invalid',
      message: 'SEK amounts have at most 2 decimals.',
    },
    {
      label: 'more than is left, typed with a decimal comma',
      input: { mode: 'amount' as const, amount: '249,01' },
      reason: 'invalid',
      message: 'is left to capture, not 249,01',
    },
    {
      label: 'a thousand written with a comma (it could be 1.000)',
      input: { mode: 'amount' as const, amount: '1,000' },
      reason: 'invalid',
      message: 'For a thousand, write 1000.',
    },
    {
      label: 'a line of another order',
      input: { mode: 'lines' as const, lines: [{ position: 7, quantity: 1 }], expectedAmount: MUG },
      reason: 'invalid',
      message: 'Line 8 is not part of this order.',
    },
    {
      label: 'more of a line than was sold',
      input: { mode: 'lines' as const, lines: [{ position: 0, quantity: 2 }], expectedAmount: 2 * MUG },
      reason: 'invalid',
      message: 'Enamel Mug: only 1 is left to capture, not 2.',
    },
    {
      label: 'a stale form (captured total changed since it was opened)',
      input: { mode: 'amount' as const, amount: '10.00', expectedCapturedAmount: 500 },
      reason: 'stale',
      message: 'The order changed since this form was opened',
    },
  ])('capture: $label', async ({ input, reason, message }) => {
    const order = await placeOrder(h, 'SE', [{ slug: 'mug', quantity: 1 }]);

    const result = await capture(h, {
      orderId: order.id,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
      ...input,
    });

    expect(result).toMatchObject({ ok: false, reason, message: expect.stringContaining(message) });
    expect((await omRequests(h)).filter((request) => request.method !== 'GET')).toEqual([]);
    const local = await dbOrder(h, order.id);
    expect(local.captures).toEqual([]);
    expect(local).toMatchObject({ status: 'AUTHORIZED', capturedAmount: 0 });
    expect(local.events.at(-1)).toMatchObject({ type: 'CAPTURE', outcome: 'FAILURE', actor: ADMIN });
  });

  test('an unknown order id is refused without touching anything', async () => {
    const result = await capture(h, {
      orderId: 'no-such-order',
      mode: 'remaining',
      expectedAmount: 100,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    expect(result).toEqual({ ok: false, reason: 'not_found', message: 'This order does not exist.' });
    expect(await omRequests(h)).toEqual([]);
  });

  test('cancel is refused once something is captured, and refund is refused before anything is', async () => {
    const { cancelPayment } = await import('@/lib/order-admin/cancel');
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);

    const early = await refund(h, {
      orderId: order.id,
      mode: 'amount',
      amount: '10.00',
      expectedRefundedAmount: 0,
      reason: 'Damaged',
    });
    expect(early).toMatchObject({
      ok: false,
      reason: 'refused',
      message: expect.stringContaining('Nothing has been captured'),
    });

    await capture(h, {
      orderId: order.id,
      mode: 'lines',
      lines: [{ position: 1, quantity: 1 }],
      expectedAmount: TEA,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    const cancelled = await cancelPayment({ orderId: order.id, expectedCapturedAmount: TEA }, ADMIN, {
      config: h.config,
    });

    expect(cancelled).toMatchObject({
      ok: false,
      reason: 'refused',
      message: expect.stringContaining('Refund it instead'),
    });
    expect(
      (await omRequests(h)).filter(
        (request) => request.path.endsWith('/cancel') || request.path.endsWith('/refunds'),
      ),
    ).toEqual([]);
    expect((await klarnaOrder(h, order.klarnaOrderId)).status).toBe('PART_CAPTURED');
  });

  test.each([
    {
      label: 'more than is left to refund',
      input: { mode: 'amount' as const, amount: '90.00', expectedRefundedAmount: 0 },
      reason: 'invalid',
    },
    {
      label: 'a stale form (refunded total changed since it was opened)',
      input: { mode: 'amount' as const, amount: '1.00', expectedRefundedAmount: 100 },
      reason: 'stale',
    },
  ])('refund: $label is refused before anything is sent', async ({ input, reason }) => {
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    await capture(h, {
      orderId: order.id,
      mode: 'remaining',
      expectedAmount: TEA,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    const requestsBefore = (await omRequests(h)).length;

    const result = await refund(h, { orderId: order.id, reason: 'Damaged', ...input });

    expect(result).toMatchObject({ ok: false, reason });
    const sent = (await omRequests(h)).slice(requestsBefore);
    expect(sent.filter((request) => request.method !== 'GET')).toEqual([]);
    const local = await dbOrder(h, order.id);
    expect(local).toMatchObject({ status: 'CAPTURED', refundedAmount: 0 });
    expect(local.events.at(-1)).toMatchObject({ type: 'REFUND', outcome: 'FAILURE', actor: ADMIN });
  });

  test('a capture made outside the store makes an open form stale, and the capture is recorded from Klarna', async () => {
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    // Someone captures the tea in Klarna's own portal.
    const portal = await fetch(
      `${h.emulatorUrl}/eu/ordermanagement/v1/orders/${order.klarnaOrderId}/captures`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ captured_amount: TEA, reference: 'portal-1' }),
      },
    );
    expect(portal.status).toBe(201);

    const result = await capture(h, {
      orderId: order.id,
      mode: 'remaining',
      expectedAmount: order.orderAmount,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });

    expect(result).toMatchObject({ ok: false, reason: 'stale' });
    expect((await klarnaOrder(h, order.klarnaOrderId)).captured_amount).toBe(TEA);
    const local = await dbOrder(h, order.id);
    expect(local).toMatchObject({ status: 'PART_CAPTURED', capturedAmount: TEA });
    expect(local.captures).toEqual([
      expect.objectContaining({ amount: TEA, actor: 'klarna', idempotencyKey: null }),
    ]);
    expect(local.events.map((event) => [event.type, event.outcome])).toEqual(
      expect.arrayContaining([
        ['CAPTURE', 'SUCCESS'],
        ['ORDER_SYNCED', 'SUCCESS'],
        ['CAPTURE', 'FAILURE'],
      ]),
    );
  });
});

describe('refund', () => {
  test('one line, then the rest with a reason: everything captured is refunded, the status stays Klarna’s', async () => {
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 2 },
    ]);
    await capture(h, {
      orderId: order.id,
      mode: 'remaining',
      expectedAmount: order.orderAmount,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });

    const oneTea = await refund(h, {
      orderId: order.id,
      mode: 'lines',
      lines: [{ position: 1, quantity: 1 }],
      expectedAmount: TEA,
      expectedRefundedAmount: 0,
      reason: 'Arrived damaged',
    });
    expect(oneTea).toMatchObject({ ok: true });
    expect(await klarnaOrder(h, order.klarnaOrderId)).toMatchObject({ refunded_amount: TEA });

    const tooMuch = await refund(h, {
      orderId: order.id,
      mode: 'lines',
      lines: [{ position: 1, quantity: 2 }],
      expectedAmount: 2 * TEA,
      expectedRefundedAmount: TEA,
      reason: 'Again',
    });
    expect(tooMuch).toMatchObject({ ok: false, message: 'Sencha Tea: only 1 is left to refund, not 2.' });

    const rest = await refund(h, {
      orderId: order.id,
      mode: 'all',
      expectedAmount: order.orderAmount - TEA,
      expectedRefundedAmount: TEA,
      reason: 'Order returned',
    });
    expect(rest).toMatchObject({ ok: true });

    const atKlarna = await klarnaOrder(h, order.klarnaOrderId);
    expect(atKlarna).toMatchObject({ status: 'CAPTURED', refunded_amount: order.orderAmount });
    expect(atKlarna.refunds.map((r) => [r.refunded_amount, r.description])).toEqual([
      [TEA, 'Arrived damaged'],
      [order.orderAmount - TEA, 'Order returned'],
    ]);
    const { refundKey } = await keys();
    const local = await dbOrder(h, order.id);
    expect(local).toMatchObject({
      status: 'CAPTURED',
      refundedAmount: order.orderAmount,
      klarnaStatus: 'CAPTURED',
    });
    expect(local.refunds.map((r) => [r.amount, r.description, r.idempotencyKey])).toEqual([
      [TEA, 'Arrived damaged', refundKey(order.klarnaOrderId, TEA)],
      [order.orderAmount - TEA, 'Order returned', refundKey(order.klarnaOrderId, order.orderAmount)],
    ]);
  });
});

describe('cancel, extend, release and merchant references', () => {
  test('cancel an uncaptured order', async () => {
    const { cancelPayment } = await import('@/lib/order-admin/cancel');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);

    const result = await cancelPayment({ orderId: order.id, expectedCapturedAmount: 0 }, ADMIN, {
      config: h.config,
    });

    expect(result).toMatchObject({ ok: true });
    expect((await klarnaOrder(h, order.klarnaOrderId)).status).toBe('CANCELLED');
    const local = await dbOrder(h, order.id);
    expect(local.status).toBe('CANCELLED');
    expect(local.events.at(-1)).toMatchObject({ type: 'CANCEL', outcome: 'SUCCESS', actor: ADMIN });
  });

  test('extend the authorization: the expiry moves to 28 days from Klarna’s today', async () => {
    const { extendAuthorization } = await import('@/lib/order-admin/extend');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const before = (await dbOrder(h, order.id)).authorizationExpiresAt;
    await h.control('/_emulator/clock', { body: { advance: '10d' } });

    const result = await extendAuthorization({ orderId: order.id, expectedExpiresAt: undefined }, ADMIN, {
      config: h.config,
    });

    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('now expires') });
    const atKlarna = await klarnaOrder(h, order.klarnaOrderId);
    const after = (await dbOrder(h, order.id)).authorizationExpiresAt;
    expect(after?.toISOString()).toBe(new Date(atKlarna.expires_at).toISOString());
    expect((after?.getTime() ?? 0) - (before?.getTime() ?? 0)).toBeGreaterThan(9 * 86_400_000);
  });

  test('release the remainder after a partial capture: the order is closed', async () => {
    const { releaseRemaining } = await import('@/lib/order-admin/release');
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 1 },
    ]);
    const early = await releaseRemaining(
      { orderId: order.id, expectedCapturedAmount: 0, expectedAmount: order.orderAmount },
      ADMIN,
      {
        config: h.config,
      },
    );
    expect(early).toMatchObject({ ok: false, reason: 'refused' });

    await capture(h, {
      orderId: order.id,
      mode: 'lines',
      lines: [{ position: 0, quantity: 1 }],
      expectedAmount: MUG,
      expectedCapturedAmount: 0,
      shippingCompany: undefined,
      trackingNumber: undefined,
      trackingUri: undefined,
      description: undefined,
    });
    const result = await releaseRemaining(
      { orderId: order.id, expectedCapturedAmount: MUG, expectedAmount: TEA },
      ADMIN,
      {
        config: h.config,
      },
    );

    expect(result).toMatchObject({ ok: true });
    expect(await klarnaOrder(h, order.klarnaOrderId)).toMatchObject({
      status: 'CLOSED',
      remaining_authorized_amount: 0,
    });
    expect(await dbOrder(h, order.id)).toMatchObject({ status: 'CLOSED', capturedAmount: MUG });
  });

  test('merchant references are saved at Klarna and mirrored', async () => {
    const { setMerchantReferences } = await import('@/lib/order-admin/merchant-references');
    const order = await placeOrder(h, 'SE', [{ slug: 'tea', quantity: 1 }]);
    const placedWith = (await klarnaOrder(h, order.klarnaOrderId)).merchant_reference1 ?? '';
    const input = { orderId: order.id, reference1: 'ERP-1001', reference2: '', expectedReference2: '' };

    const stale = await setMerchantReferences({ ...input, expectedReference1: 'something else' }, ADMIN, {
      config: configWith(h),
    });
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    const result = await setMerchantReferences({ ...input, expectedReference1: placedWith }, ADMIN, {
      config: configWith(h),
    });

    expect(result).toMatchObject({ ok: true });
    expect((await klarnaOrder(h, order.klarnaOrderId)).merchant_reference1).toBe('ERP-1001');
    expect(await dbOrder(h, order.id)).toMatchObject({ merchantReference1: 'ERP-1001' });
  });
});
