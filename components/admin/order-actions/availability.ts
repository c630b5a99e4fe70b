import type { ActionOrder } from './types';

/*
 * Why an action cannot be offered right now (null = it can). The server checks all of this again
 * against Klarna's fresh copy; these only keep staff from opening a dialog that is bound to fail.
 */

const OPEN = new Set(['AUTHORIZED', 'PART_CAPTURED']);

function notPlaced(order: ActionOrder): string | null {
  return order.hasKlarnaOrder ? null : 'This order was never placed with Klarna.';
}

export function captureBlocked(order: ActionOrder): string | null {
  return (
    notPlaced(order) ??
    (!OPEN.has(order.status)
      ? 'Only an authorized or part-captured order can be captured.'
      : order.fraudStatus === 'PENDING'
        ? 'Klarna is still checking this order for fraud.'
        : order.fraudStatus === 'REJECTED'
          ? 'Klarna rejected this order in its fraud check.'
          : order.authorizationExpired
            ? 'The authorization has expired.'
            : order.remainingAmount <= 0
              ? 'Nothing is left to capture.'
              : null)
  );
}

export function refundBlocked(order: ActionOrder): string | null {
  return (
    notPlaced(order) ??
    (order.capturedAmount - order.refundedAmount <= 0 ? 'Nothing captured is left to refund.' : null)
  );
}

export function cancelBlocked(order: ActionOrder): string | null {
  return (
    notPlaced(order) ??
    (order.capturedAmount > 0
      ? 'Part of this order is captured, so it cannot be cancelled; refund instead.'
      : order.status !== 'AUTHORIZED'
        ? 'Only an authorized order can be cancelled.'
        : null)
  );
}

export function extendBlocked(order: ActionOrder): string | null {
  return (
    notPlaced(order) ??
    (!OPEN.has(order.status)
      ? 'Only an open authorization can be extended.'
      : order.authorizationExpired
        ? 'The authorization has expired and can no longer be extended.'
        : null)
  );
}

export function releaseBlocked(order: ActionOrder): string | null {
  return (
    notPlaced(order) ??
    (order.status !== 'PART_CAPTURED' || order.remainingAmount <= 0
      ? 'Only a part-captured order has a remaining authorization to release.'
      : null)
  );
}

export function referencesBlocked(order: ActionOrder): string | null {
  return notPlaced(order) ?? (order.status === 'CANCELLED' ? 'A cancelled order cannot be changed.' : null);
}
