import { describe, expect, test } from 'vitest';
import { orderAmounts, refundStateOf } from './amounts';

describe('orderAmounts and refundStateOf', () => {
  test.each([
    {
      label: 'authorized, nothing captured',
      order: { status: 'AUTHORIZED', orderAmount: 164500, capturedAmount: 0, refundedAmount: 0 },
      leftToCapture: 164500,
      refundable: 0,
      refundState: 'NONE',
    },
    {
      label: 'one line captured and refunded in full: the rest is still there to capture',
      order: { status: 'PART_CAPTURED', orderAmount: 164500, capturedAmount: 44900, refundedAmount: 44900 },
      leftToCapture: 119600,
      refundable: 0,
      refundState: 'FULL',
    },
    {
      label: 'part captured, part of it refunded',
      order: { status: 'PART_CAPTURED', orderAmount: 164500, capturedAmount: 44900, refundedAmount: 10000 },
      leftToCapture: 119600,
      refundable: 34900,
      refundState: 'PART',
    },
    {
      label: 'captured in full and refunded in full',
      order: { status: 'CAPTURED', orderAmount: 164500, capturedAmount: 164500, refundedAmount: 164500 },
      leftToCapture: 0,
      refundable: 0,
      refundState: 'FULL',
    },
    {
      label: 'closed after releasing the rest: nothing left to capture, the capture still refundable',
      order: { status: 'CLOSED', orderAmount: 164500, capturedAmount: 44900, refundedAmount: 0 },
      leftToCapture: 0,
      refundable: 44900,
      refundState: 'NONE',
    },
    {
      label: 'cancelled',
      order: { status: 'CANCELLED', orderAmount: 164500, capturedAmount: 0, refundedAmount: 0 },
      leftToCapture: 0,
      refundable: 0,
      refundState: 'NONE',
    },
    {
      label: 'expired',
      order: { status: 'EXPIRED', orderAmount: 164500, capturedAmount: 0, refundedAmount: 0 },
      leftToCapture: 0,
      refundable: 0,
      refundState: 'NONE',
    },
  ] as const)('$label', ({ order, leftToCapture, refundable, refundState }) => {
    expect(orderAmounts(order)).toEqual({
      authorized: order.orderAmount,
      captured: order.capturedAmount,
      refunded: order.refundedAmount,
      leftToCapture,
      refundable,
    });
    expect(refundStateOf(order)).toBe(refundState);
  });
});
