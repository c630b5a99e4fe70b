/*
 * What an order's amounts mean to staff, from the mirrored fields of its row. Pure, for the order
 * pages and their dialogs as much as for the tests.
 */

/**
 * What staff can still do with an order's money, each amount a fact of its own: Klarna's status
 * says whether the authorization is open; a refund changes neither it nor what is left to capture.
 */
export interface OrderAmounts {
  authorized: number;
  captured: number;
  refunded: number;
  /** Still authorized and not captured: Klarna's `remaining_authorized_amount` (0 once closed). */
  leftToCapture: number;
  /** Captured and not yet refunded. */
  refundable: number;
}

const OPEN_STATUSES: ReadonlySet<string> = new Set(['AUTHORIZED', 'PART_CAPTURED']);

export function orderAmounts(order: {
  status: string;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
}): OrderAmounts {
  return {
    authorized: order.orderAmount,
    captured: order.capturedAmount,
    refunded: order.refundedAmount,
    leftToCapture: OPEN_STATUSES.has(order.status)
      ? Math.max(0, order.orderAmount - order.capturedAmount)
      : 0,
    refundable: Math.max(0, order.capturedAmount - order.refundedAmount),
  };
}

/** How much of what was captured went back: none, part of it, or all of it. */
export type RefundState = 'NONE' | 'PART' | 'FULL';

export function refundStateOf(order: { capturedAmount: number; refundedAmount: number }): RefundState {
  if (order.refundedAmount <= 0) return 'NONE';
  return order.refundedAmount >= order.capturedAmount ? 'FULL' : 'PART';
}
