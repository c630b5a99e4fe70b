import 'server-only';

import { CLAIM_TIMEOUT_MS, newClaimId } from '@/lib/data/claims';
import { getOrderState, type OrderStateDTO } from '@/lib/data/order-reads';
import {
  claimOrderPlacement,
  markOrderNeedsReview,
  recordEvent,
  releaseOrderClaim,
  type EventActor,
} from '@/lib/data/orders';
import type { PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { isKlarnaError, readSession, type KlarnaCallOptions } from '@/lib/klarna';
import { fail } from '@/lib/result';
import { addMs, SECOND_MS } from '@/lib/time';
import type { ApprovedCart } from './approve';
import {
  MESSAGES,
  placed,
  type Approval,
  type ClaimWaitOptions,
  type FinalizeOptions,
  type FinalizeResult,
} from './outcomes';

/*
 * The second step of placing an order: the placement claim. An order row is claimed (PLACING,
 * unique per cart, session and authorization token) before Klarna is called, so no race or retry
 * can place two. An order found already PLACING belongs to another attempt: it is waited for while
 * it lives, and once its claim is stale (its process died) Klarna is asked what that attempt
 * managed to do. Creating a customer token is claimed and waited for the same way.
 */

/** The order this attempt claimed, and the approved cart it will ask Klarna to place. */
export interface Attempt extends ApprovedCart {
  order: OrderStateDTO;
  claimId: string;
  paymentSession: PaymentSessionDTO;
}

/** Claims the order of this checkout; null when another attempt claimed it first (look again). */
export async function claimOrder(
  paymentSession: PaymentSessionDTO,
  { cart, totals, customer }: ApprovedCart,
  approval: Approval,
): Promise<Attempt | null> {
  const claimId = newClaimId();
  const claim = await claimOrderPlacement({
    cartId: cart.id,
    paymentSessionId: paymentSession.id,
    userId: cart.userId,
    email: customer.billing_address.email,
    authorizationToken: approval.authorizationToken,
    claimId,
    region: paymentSession.region,
    country: paymentSession.purchaseCountry,
    currency: paymentSession.currency,
    locale: paymentSession.locale,
    orderAmount: totals.order_amount,
    taxAmount: totals.order_tax_amount,
    billingAddress: customer.billing_address,
    shippingAddress: customer.shipping_address,
  });
  if (!claim.ok) return null;
  return { order: claim.order, claimId, paymentSession, cart, totals, customer };
}

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

  const waited = await awaitClaim(
    {
      kind: 'orderPlacement',
      read: () => getOrderState(existing.id),
      stillClaimed: (order) => order.status === 'PLACING',
      pause: (ms) => claimSettled(existing.id, ms),
    },
    actor,
    options,
  );
  switch (waited.state) {
    case 'released':
      return null; // try again ourselves
    case 'settled':
      return placed(waited.row, false);
    case 'held':
      return fail('in_progress', MESSAGES.inProgress);
    case 'stale':
      return recoverStaleClaim(waited.row, paymentSession, actor, options);
  }
}

/*
 * Claims taken in this process announce their end, so the usual race (callback and browser in one
 * server) wakes at once; the short poll of awaitClaim covers claims held by another process.
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

/** Where another attempt's claim on a row stands once waited for. */
export type AwaitedClaim<Row> =
  /** The row is gone: its claim was given back, so this attempt may try itself. */
  | { state: 'released' }
  /** The holder finished: the row as it left it. */
  | { state: 'settled'; row: Row }
  /** Still held, by an attempt that may be alive: answer that it is in progress. */
  | { state: 'held'; row: Row }
  /** Held past the claim timeout: its holder died, and the caller finds out what it managed. */
  | { state: 'stale'; row: Row };

/**
 * Waits for another attempt's claim (an order being placed, a token being created): the row is
 * re-read until it is no longer claimed, or the wait is over. The browser can wait a few seconds;
 * Klarna's callback gives up after 2 s, so it waits less. `pause` may end early when the holder
 * announces it is done.
 */
export async function awaitClaim<Row extends { updatedAt: Date }>(
  claim: {
    kind: 'orderPlacement' | 'tokenCreation';
    read: () => Promise<Row | null>;
    stillClaimed: (row: Row) => boolean;
    pause?: (ms: number) => Promise<void>;
  },
  actor: EventActor,
  options: ClaimWaitOptions,
): Promise<AwaitedClaim<Row>> {
  const pause = claim.pause ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline =
    Date.now() + (options.waitForClaimMs ?? (actor === 'klarna-callback' ? SECOND_MS : 8 * SECOND_MS));
  let row = await claim.read();
  while (row && claim.stillClaimed(row) && Date.now() < deadline) {
    await pause(Math.min(100, Math.max(0, deadline - Date.now())));
    row = await claim.read();
  }
  if (!row) return { state: 'released' };
  if (!claim.stillClaimed(row)) return { state: 'settled', row };
  const now = options.now?.() ?? new Date();
  const staleAfterMs = options.staleClaimMs ?? CLAIM_TIMEOUT_MS[claim.kind];
  return addMs(row.updatedAt, staleAfterMs) > now ? { state: 'held', row } : { state: 'stale', row };
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
  const status = await klarnaSessionStatus(paymentSession, options);
  if (status === null) return fail('unavailable', MESSAGES.unavailable);
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

/**
 * Whether Klarna completed the checkout's session, i.e. created an order or token from it: what
 * settles an attempt whose outcome is unknown. Null when Klarna cannot be asked right now.
 */
export async function klarnaSessionStatus(
  paymentSession: PaymentSessionDTO,
  options: KlarnaCallOptions,
): Promise<'complete' | 'incomplete' | null> {
  try {
    return (await readSession(paymentSession.region, paymentSession.klarnaSessionId, options)).status;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return null;
  }
}
