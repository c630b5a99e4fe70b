import 'server-only';

import { CLAIM_TIMEOUT_MS } from '@/lib/data/claims';
import { getOrderState, type OrderStateDTO } from '@/lib/data/order-reads';
import { markOrderNeedsReview, recordEvent, releaseOrderClaim, type EventActor } from '@/lib/data/orders';
import type { PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { isKlarnaError, readSession } from '@/lib/klarna';
import { fail } from '@/lib/result';
import { addMs } from '@/lib/time';
import { claimWaitFor, waitForClaim } from './claim-wait';
import { MESSAGES, placed, type FinalizeOptions, type FinalizeResult } from './outcomes';

/*
 * An order found already PLACING belongs to another attempt: it is waited for while it lives, and
 * once its claim is stale (its process died) Klarna is asked what that attempt managed to do.
 */

/**
 * An order already exists for this cart, session or token: its answer, or null when its claim was
 * given back (or cleared as stale) and placing may start over.
 */
export async function settleExistingOrder(
  existing: OrderStateDTO,
  paymentSession: PaymentSessionDTO,
  actor: EventActor,
  options: FinalizeOptions,
): Promise<FinalizeResult | null> {
  if (existing.cartId !== paymentSession.cartId) {
    return fail('approval_used_elsewhere', 'This Klarna approval belongs to another order.');
  }
  if (existing.status !== 'PLACING') return placed(existing, false);

  const settled = await waitForClaim(
    () => getOrderState(existing.id),
    (order) => order.status === 'PLACING',
    options.waitForClaimMs ?? claimWaitFor(actor),
    (ms) => claimSettled(existing.id, ms),
  );
  if (settled && settled.status !== 'PLACING') return placed(settled, false);
  if (settled === null) return null; // released: try again ourselves

  const now = options.now?.() ?? new Date();
  const staleAfterMs = options.staleClaimMs ?? CLAIM_TIMEOUT_MS.orderPlacement;
  if (addMs(settled.updatedAt, staleAfterMs) > now) return fail('in_progress', MESSAGES.inProgress);
  return recoverStaleClaim(settled, paymentSession, actor, options);
}

/*
 * Claims taken in this process announce their end, so the usual race (callback and browser in one
 * server) wakes at once; the short poll of waitForClaim covers claims held by another process.
 */
const claimWaiters = new Map<string, Set<() => void>>();

function claimSettled(orderId: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const waiters = claimWaiters.get(orderId) ?? new Set<() => void>();
    claimWaiters.set(orderId, waiters);
    const done = () => {
      clearTimeout(timer);
      waiters.delete(done);
      if (waiters.size === 0) claimWaiters.delete(orderId);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    waiters.add(done);
  });
}

/** Wakes the requests of this process waiting for the order's claim to resolve. */
export function announceClaimSettled(orderId: string): void {
  for (const wake of [...(claimWaiters.get(orderId) ?? [])]) wake();
}

/**
 * A claim whose process died somewhere between claiming and recording. Klarna's session tells
 * whether an order was created: still `incomplete` means it was not, so the claim is cleared and
 * placing can start over; `complete` means Klarna has an order we never recorded, so the claim is
 * kept for staff (NEEDS_REVIEW) and never placed again.
 */
async function recoverStaleClaim(
  claim: OrderStateDTO,
  paymentSession: PaymentSessionDTO,
  actor: EventActor,
  options: FinalizeOptions,
): Promise<FinalizeResult | null> {
  let status: 'complete' | 'incomplete';
  try {
    status = (await readSession(paymentSession.region, paymentSession.klarnaSessionId, options)).status;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return fail('unavailable', MESSAGES.unavailable);
  }
  if (status === 'incomplete') {
    await releaseOrderClaim(claim.id, claim.claimId ?? '');
    await recordEvent({
      paymentSessionId: paymentSession.id,
      type: 'PLACE_ORDER_RECOVERED',
      actor,
      outcome: 'SUCCESS',
      message: 'A stale placement claim was cleared: Klarna had not created the order.',
    });
    return null;
  }
  await markOrderNeedsReview({
    orderId: claim.id,
    claimId: claim.claimId ?? '',
    cartId: paymentSession.cartId,
    paymentSessionId: paymentSession.id,
    actor,
    message:
      'Klarna completed the session but the order was never recorded; reconcile it in the Klarna portal.',
  });
  const order = await getOrderState(claim.id);
  return order ? placed(order, false) : null;
}
