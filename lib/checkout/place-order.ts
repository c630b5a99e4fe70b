import 'server-only';

import { findOrderState } from '@/lib/data/order-reads';
import { getPaymentSession, type PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { fail } from '@/lib/result';
import { intentCreatesToken } from '@/lib/subscription-basket';
import { checkApprovedCart } from './approve';
import { announceClaimSettled, claimOrder, settleExistingOrder } from './claim';
import {
  MESSAGES,
  type Approval,
  type FinalizeInput,
  type FinalizeOptions,
  type FinalizeResult,
} from './outcomes';
import { placeClaimedOrder } from './place';
import { createTokenAfterOrder, finalizeSubscription } from './subscribe';

/**
 * Places the order for an approved Klarna authorization, exactly once (design invariant 3).
 * The browser's server action calls this, Klarna's authorization callback `finalizeApproval` (the
 * same steps for the session it has read); whichever comes second, or retries, gets the same order
 * back.
 *
 * 1. An existing order for the cart, session or authorization is returned (a PLACING one is waited
 *    for; a stale one is resolved by asking Klarna whether the session completed): claim.ts.
 * 2. Approve: the cart must still be what the shopper approved, in the session's market; if not,
 *    the session is brought up to date and a new approval asked for: approve.ts.
 * 3. Claim: the order row is claimed (PLACING, unique per cart, session and token): claim.ts.
 * 4. Place and record: its amount is checked once more against the catalogue, then it is placed
 *    with Klarna and recorded in one transaction; if Klarna refuses or certainly did not create
 *    the order, the claim is released: place.ts.
 * 5. A checkout that also starts a subscription then turns the same approval into a customer token
 *    (subscribe.ts); one that charges nothing today only does that.
 */
export async function finalizeOrder(
  input: FinalizeInput,
  options: FinalizeOptions = {},
): Promise<FinalizeResult> {
  const paymentSession = await getPaymentSession(input.paymentSessionId);
  if (!paymentSession) return fail('unknown_session', 'This checkout session does not exist.');
  return finalizeApproval(paymentSession, input, options);
}

/** finalizeOrder for a session the caller has read already (Klarna's callback, to check its secret). */
export async function finalizeApproval(
  paymentSession: PaymentSessionDTO,
  approval: Approval,
  options: FinalizeOptions = {},
): Promise<FinalizeResult> {
  // Nothing to charge today: the approval only becomes a customer token and its subscriptions.
  if (paymentSession.intent === 'tokenize') return finalizeSubscription(paymentSession, approval, options);

  const result = await placeOrderOnce(paymentSession, approval, options);
  // buy_and_tokenize / buy_and_default_tokenize: the second call, with the same authorization. Its
  // outcome does not change the answer (the order stands); a token not created yet is finished by
  // the next finalize call for this checkout or by the renewal job.
  if (result.ok && result.outcome === 'placed' && intentCreatesToken(paymentSession.intent)) {
    await createTokenAfterOrder({ paymentSession, orderId: result.orderId, actor: approval.actor }, options);
  }
  return result;
}

async function placeOrderOnce(
  paymentSession: PaymentSessionDTO,
  approval: Approval,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  // Bounded: each pass either finishes or clears a claim that blocked it.
  for (let pass = 0; pass < 3; pass++) {
    const existing = await findOrderOf(paymentSession, approval);
    const result = existing
      ? await settleExistingOrder(existing, paymentSession, approval.actor, options)
      : await placeNewOrder(paymentSession, approval, options);
    if (result) return result;
  }
  return fail('in_progress', MESSAGES.inProgress);
}

/** This checkout's order, if one was claimed or placed: by its cart, session or authorization. */
function findOrderOf(paymentSession: PaymentSessionDTO, approval: Approval) {
  return findOrderState({
    cartId: paymentSession.cartId,
    paymentSessionId: paymentSession.id,
    authorizationToken: approval.authorizationToken,
  });
}

/** Approves, claims, places and records a new order; null when the next pass must look again. */
async function placeNewOrder(
  paymentSession: PaymentSessionDTO,
  approval: Approval,
  options: FinalizeOptions,
): Promise<FinalizeResult | null> {
  const approved = await checkApprovedCart(paymentSession, approval.actor, options);
  if (!approved.ok) {
    // Another process (e.g. Klarna's callback reaching the server while this request ran) may have
    // placed the order and closed the cart since we looked: look again instead of refusing.
    const placedMeanwhile =
      approved.reason === 'cart_closed' && (await findOrderOf(paymentSession, approval));
    return placedMeanwhile ? null : approved;
  }
  const attempt = await claimOrder(paymentSession, approved, approval);
  if (!attempt) return null;
  try {
    return await placeClaimedOrder(attempt, approval, options);
  } finally {
    // Requests of this process waiting for this claim look again at once.
    announceClaimSettled(attempt.order.id);
  }
}
