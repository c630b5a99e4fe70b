/**
 * A refund never strands the rest of an authorization: after every sequence of partial captures,
 * refunds, release and cancel, the local status and amounts are Klarna's (the emulator over HTTP),
 * and the order page offers exactly the actions Klarna would carry out.
 */
import {
  cancelBlocked,
  captureBlocked,
  extendBlocked,
  refundBlocked,
  releaseBlocked,
} from '@/components/admin/order-actions/availability';
import { describe, expect, test } from 'vitest';
import { ADMIN, dbOrder, klarnaOrder, placeOrder, type PlacedOrder } from './admin-fixtures';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

// SE prices: mug 249.00, tea 89.00. The order: one mug and two teas, 427.00 kr.
const MUG = 24900;
const TEA = 8900;
const TOTAL = MUG + 2 * TEA;

type Step =
  | { do: 'capture-mug' }
  | { do: 'capture-tea' }
  | { do: 'capture-rest' }
  | { do: 'refund'; amount: number }
  | { do: 'refund-all' }
  | { do: 'release' }
  | { do: 'cancel' };

type Action = 'capture' | 'refund' | 'cancel' | 'extend' | 'release';

interface Sequence {
  label: string;
  steps: Step[];
  /** Steps Klarna refuses (by index); every other step must succeed. */
  refused?: number[];
  status: string;
  captured: number;
  refunded: number;
  leftToCapture: number;
  allowed: Action[];
  /** What the shopper's order page says about the payment. */
  shopper: string;
}

const noShipping = {
  shippingCompany: undefined,
  trackingNumber: undefined,
  trackingUri: undefined,
  description: undefined,
};

/** One step as staff would take it: the form carries the amounts the page showed. */
async function run(order: PlacedOrder, step: Step) {
  const { capturePayment } = await import('@/lib/order-admin/capture');
  const { refundPayment } = await import('@/lib/order-admin/refund');
  const { releaseRemaining } = await import('@/lib/order-admin/release');
  const { cancelPayment } = await import('@/lib/order-admin/cancel');
  const { orderAmounts } = await import('@/lib/order-admin/amounts');
  const shown = await dbOrder(h, order.id);
  const amounts = orderAmounts(shown);
  const options = { config: h.config };
  switch (step.do) {
    case 'capture-mug':
    case 'capture-tea':
      return capturePayment(
        {
          orderId: order.id,
          mode: 'lines',
          lines: [{ position: step.do === 'capture-mug' ? 0 : 1, quantity: 1 }],
          expectedAmount: step.do === 'capture-mug' ? MUG : TEA,
          expectedCapturedAmount: shown.capturedAmount,
          ...noShipping,
        },
        ADMIN,
        options,
      );
    case 'capture-rest':
      return capturePayment(
        {
          orderId: order.id,
          mode: 'remaining',
          expectedAmount: amounts.leftToCapture,
          expectedCapturedAmount: shown.capturedAmount,
          ...noShipping,
        },
        ADMIN,
        options,
      );
    case 'refund':
      return refundPayment(
        {
          orderId: order.id,
          mode: 'amount',
          amount: (step.amount / 100).toFixed(2),
          expectedRefundedAmount: shown.refundedAmount,
          reason: 'Returned',
        },
        ADMIN,
        options,
      );
    case 'refund-all':
      return refundPayment(
        {
          orderId: order.id,
          mode: 'all',
          expectedAmount: amounts.refundable,
          expectedRefundedAmount: shown.refundedAmount,
          reason: 'Returned',
        },
        ADMIN,
        options,
      );
    case 'release':
      return releaseRemaining(
        {
          orderId: order.id,
          expectedCapturedAmount: shown.capturedAmount,
          expectedAmount: amounts.leftToCapture,
        },
        ADMIN,
        options,
      );
    case 'cancel':
      return cancelPayment(
        { orderId: order.id, expectedCapturedAmount: shown.capturedAmount },
        ADMIN,
        options,
      );
  }
}

/** The actions the order page offers (a dialog that opens rather than a reason it cannot). */
async function allowedActions(orderId: string): Promise<Action[]> {
  const { getAdminOrderDetail } = await import('@/lib/data/admin-order');
  const { actionOrderOf } = await import('@/components/admin/order-actions/action-order');
  const detail = await getAdminOrderDetail(orderId);
  if (!detail) throw new Error('order not found');
  const order = actionOrderOf(detail, new Date());
  const checks: [Action, string | null][] = [
    ['capture', captureBlocked(order)],
    ['refund', refundBlocked(order)],
    ['cancel', cancelBlocked(order)],
    ['extend', extendBlocked(order)],
    ['release', releaseBlocked(order)],
  ];
  return checks.filter(([, blocked]) => blocked === null).map(([action]) => action);
}

const sequences: Sequence[] = [
  {
    label: 'nothing done yet',
    steps: [],
    status: 'AUTHORIZED',
    captured: 0,
    refunded: 0,
    leftToCapture: TOTAL,
    allowed: ['capture', 'cancel', 'extend'],
    shopper: 'Payment approved',
  },
  {
    label: 'capture one line, refund it in full: the rest is still authorized and can be captured',
    steps: [{ do: 'capture-mug' }, { do: 'refund-all' }],
    status: 'PART_CAPTURED',
    captured: MUG,
    refunded: MUG,
    leftToCapture: 2 * TEA,
    allowed: ['capture', 'extend', 'release'],
    shopper: 'Partly refunded',
  },
  {
    label: 'capture one line, refund it, then capture the rest',
    steps: [{ do: 'capture-mug' }, { do: 'refund-all' }, { do: 'capture-rest' }],
    status: 'CAPTURED',
    captured: TOTAL,
    refunded: MUG,
    leftToCapture: 0,
    allowed: ['refund'],
    shopper: 'Partly refunded',
  },
  {
    label: 'capture one line, refund it, then release the rest',
    steps: [{ do: 'capture-mug' }, { do: 'refund-all' }, { do: 'release' }],
    status: 'CLOSED',
    captured: MUG,
    refunded: MUG,
    leftToCapture: 0,
    allowed: [],
    shopper: 'Refunded',
  },
  {
    label: 'capture one line, release the rest, then refund part of the capture',
    steps: [{ do: 'capture-mug' }, { do: 'release' }, { do: 'refund', amount: 5000 }],
    status: 'CLOSED',
    captured: MUG,
    refunded: 5000,
    leftToCapture: 0,
    allowed: ['refund'],
    shopper: 'Partly refunded',
  },
  {
    label: 'capture two lines one by one, refund both: the third is still authorized',
    steps: [
      { do: 'capture-mug' },
      { do: 'capture-tea' },
      { do: 'refund', amount: MUG },
      { do: 'refund-all' },
    ],
    status: 'PART_CAPTURED',
    captured: MUG + TEA,
    refunded: MUG + TEA,
    leftToCapture: TEA,
    allowed: ['capture', 'extend', 'release'],
    shopper: 'Partly refunded',
  },
  {
    label: 'capture one line, refund part of it',
    steps: [{ do: 'capture-mug' }, { do: 'refund', amount: 4900 }],
    status: 'PART_CAPTURED',
    captured: MUG,
    refunded: 4900,
    leftToCapture: 2 * TEA,
    allowed: ['capture', 'refund', 'extend', 'release'],
    shopper: 'Partly refunded',
  },
  {
    label: 'capture everything, refund everything',
    steps: [{ do: 'capture-rest' }, { do: 'refund-all' }],
    status: 'CAPTURED',
    captured: TOTAL,
    refunded: TOTAL,
    leftToCapture: 0,
    allowed: [],
    shopper: 'Refunded',
  },
  {
    label: 'cancel before anything is captured',
    steps: [{ do: 'cancel' }],
    status: 'CANCELLED',
    captured: 0,
    refunded: 0,
    leftToCapture: 0,
    allowed: [],
    shopper: 'Cancelled',
  },
  {
    label: 'a refund before any capture, and a cancel after a refunded capture, are refused',
    steps: [{ do: 'refund', amount: 1000 }, { do: 'capture-tea' }, { do: 'refund-all' }, { do: 'cancel' }],
    refused: [0, 3],
    status: 'PART_CAPTURED',
    captured: TEA,
    refunded: TEA,
    leftToCapture: MUG + TEA,
    allowed: ['capture', 'extend', 'release'],
    shopper: 'Partly refunded',
  },
];

describe('after each sequence the local order is Klarna’s, and the page offers what Klarna allows', () => {
  test.each(sequences)('$label', async (sequence) => {
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 2 },
    ]);
    expect(order.orderAmount).toBe(TOTAL);

    for (const [index, step] of sequence.steps.entries()) {
      const result = await run(order, step);
      const refused = sequence.refused?.includes(index) ?? false;
      expect(result, `step ${index + 1}: ${step.do}`).toMatchObject({ ok: !refused });
    }

    const atKlarna = await klarnaOrder(h, order.klarnaOrderId);
    expect(atKlarna).toMatchObject({
      status: sequence.status,
      captured_amount: sequence.captured,
      refunded_amount: sequence.refunded,
    });
    if (sequence.status === 'AUTHORIZED' || sequence.status === 'PART_CAPTURED') {
      expect(atKlarna.remaining_authorized_amount).toBe(sequence.leftToCapture);
    }
    const { orderAmounts } = await import('@/lib/order-admin/amounts');
    const local = await dbOrder(h, order.id);
    expect(local).toMatchObject({
      status: sequence.status,
      // Klarna's own status is read into the copy by the first action (placing does not).
      ...(sequence.steps.length > 0 ? { klarnaStatus: sequence.status } : {}),
      capturedAmount: sequence.captured,
      refundedAmount: sequence.refunded,
    });
    expect(orderAmounts(local).leftToCapture).toBe(sequence.leftToCapture);
    expect(await allowedActions(order.id)).toEqual(sequence.allowed);
    const { getOrderDetail } = await import('@/lib/data/order-reads');
    const { paymentStatusText } = await import('@/components/orders/order-status');
    const forShopper = await getOrderDetail(order.id);
    expect(forShopper && paymentStatusText(forShopper).label).toBe(sequence.shopper);

    // Nothing is left to bring in step.
    const { syncOrder } = await import('@/lib/order-admin/reconcile');
    expect(await syncOrder({ orderId: order.id }, ADMIN, { config: h.config })).toEqual({
      ok: true,
      message: 'Already in step with Klarna.',
    });
  });

  test('an allowed action is carried out: after a refunded partial capture, the rest is captured', async () => {
    const order = await placeOrder(h, 'SE', [
      { slug: 'mug', quantity: 1 },
      { slug: 'tea', quantity: 2 },
    ]);
    for (const step of [{ do: 'capture-mug' }, { do: 'refund-all' }] as const) {
      expect(await run(order, step)).toMatchObject({ ok: true });
    }
    const { extendAuthorization } = await import('@/lib/order-admin/extend');
    await h.control('/_emulator/clock', { body: { advance: '2d' } });
    expect(
      await extendAuthorization({ orderId: order.id, expectedExpiresAt: undefined }, ADMIN, {
        config: h.config,
      }),
    ).toMatchObject({ ok: true });
    expect(await run(order, { do: 'capture-tea' })).toMatchObject({ ok: true });

    expect(await klarnaOrder(h, order.klarnaOrderId)).toMatchObject({
      status: 'PART_CAPTURED',
      captured_amount: MUG + TEA,
      refunded_amount: MUG,
      remaining_authorized_amount: TEA,
    });
    expect(await dbOrder(h, order.id)).toMatchObject({
      status: 'PART_CAPTURED',
      capturedAmount: MUG + TEA,
      refundedAmount: MUG,
    });
  });
});
