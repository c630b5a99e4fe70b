import 'server-only';

import { newClaimId } from '@/lib/data/claims';
import { findOrderState, getOrderState, type OrderStateDTO } from '@/lib/data/order-reads';
import {
  ClaimLostError,
  claimOrderPlacement,
  markOrderNeedsReview,
  recordEvent,
  recordPlacedOrder,
  releaseOrderClaim,
} from '@/lib/data/orders';
import {
  getPaymentSession,
  getPaymentSessionByKlarnaId,
  type PaymentSessionDTO,
} from '@/lib/data/payment-sessions';
import { AUTHORIZATION_DAYS, isKlarnaError, placeOrder, readSession, type KlarnaError } from '@/lib/klarna';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { fail } from '@/lib/result';
import { intentCreatesToken } from '@/lib/subscriptions/basket';
import { addDays } from '@/lib/time';
import { checkApprovedCart, pricedAsCatalogue, reauthorizeSession } from './approval';
import { createTokenAfterOrder } from './create-token';
import { MESSAGES, placed, type FinalizeInput, type FinalizeOptions, type FinalizeResult } from './outcomes';
import { announceClaimSettled, settleExistingOrder } from './placement-claim';
import { finalizeSubscription } from './subscribe';

/**
 * Places the order for an approved Klarna authorization, exactly once (design invariant 3).
 * The browser's server action and Klarna's authorization callback both call this; whichever comes
 * second, or retries, gets the same order back.
 *
 * 1. An existing order for the cart or session is returned (a PLACING one is waited for; a stale
 *    one is resolved by asking Klarna whether the session completed).
 * 2. A cart that moved to another market than the session's is refused: the shopper starts again
 *    in the cart's market, on a new session (invariant 8).
 * 3. The lines are recomputed from the DB cart; if they differ from the session's payload the
 *    session is updated and a new authorization is asked for.
 * 4. The order is claimed in the DB (PLACING, unique per cart, session and token); its amount is
 *    checked once more against the catalogue in the order's own currency; then it is placed with
 *    Klarna, then recorded with its lines, event and the cart closed, in one transaction. If Klarna
 *    refuses or certainly did not create the order, the claim is released.
 */
export async function finalizeOrder(
  input: FinalizeInput,
  options: FinalizeOptions = {},
): Promise<FinalizeResult> {
  const paymentSession = input.paymentSessionId
    ? await getPaymentSession(input.paymentSessionId)
    : input.klarnaSessionId
      ? await getPaymentSessionByKlarnaId(input.klarnaSessionId)
      : null;
  if (!paymentSession) return fail('unknown_session', 'This checkout session does not exist.');

  // Nothing to charge today: the approval only becomes a customer token and its subscriptions.
  if (paymentSession.intent === 'tokenize') return finalizeSubscription(paymentSession, input, options);

  const result = await placeOrderOnce(paymentSession, input, options);
  // buy_and_tokenize / buy_and_default_tokenize: the second call, with the same authorization. Its
  // outcome does not change the answer (the order stands); a token not created yet is finished by
  // the next finalize call for this checkout or by the renewal job.
  if (result.ok && result.outcome === 'placed' && intentCreatesToken(paymentSession.intent)) {
    await createTokenAfterOrder({ paymentSession, orderId: result.orderId, actor: input.actor }, options);
  }
  return result;
}

async function placeOrderOnce(
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  // Bounded: each pass either finishes or clears a stale claim that blocked it.
  for (let pass = 0; pass < 3; pass++) {
    const existing = await findOrderState({
      cartId: paymentSession.cartId,
      paymentSessionId: paymentSession.id,
      authorizationToken: input.authorizationToken,
    });
    const result = existing
      ? await settleExistingOrder(existing, paymentSession, input.actor, options)
      : await placeNewOrder(paymentSession, input, options);
    if (result) return result;
  }
  return fail('in_progress', MESSAGES.inProgress);
}

/** Claims, places and records a new order; null when the next pass must look again. */
async function placeNewOrder(
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
  options: FinalizeOptions,
): Promise<FinalizeResult | null> {
  const approved = await checkApprovedCart(paymentSession, input.actor, options);
  if (!approved.ok) {
    // Another process (e.g. Klarna's callback reaching the server while this request ran) may have
    // placed the order and closed the cart since we looked: look again instead of refusing.
    const placedMeanwhile =
      approved.reason === 'cart_closed' &&
      (await findOrderState({
        cartId: paymentSession.cartId,
        paymentSessionId: paymentSession.id,
        authorizationToken: input.authorizationToken,
      }));
    return placedMeanwhile ? null : approved;
  }
  const { cart, totals, customer } = approved;
  const claimId = newClaimId();
  const newOrder = {
    cartId: cart.id,
    paymentSessionId: paymentSession.id,
    userId: cart.userId,
    email: customer.billing_address.email,
    authorizationToken: input.authorizationToken,
    claimId,
    region: paymentSession.region,
    country: paymentSession.purchaseCountry,
    currency: paymentSession.currency,
    locale: paymentSession.locale,
    orderAmount: totals.order_amount,
    taxAmount: totals.order_tax_amount,
    billingAddress: customer.billing_address,
    shippingAddress: customer.shipping_address,
  };
  const claim = await claimOrderPlacement(newOrder);
  if (!claim.ok) return null;
  const order = claim.order;

  // The last word before Klarna is asked: the cart may have changed since it was checked above.
  // Whatever happened meanwhile, the next pass checks the cart again and answers accordingly.
  if (!(await pricedAsCatalogue(newOrder, totals))) {
    await releaseOrderClaim(order.id, claimId);
    announceClaimSettled(order.id);
    return null;
  }

  let klarnaOrder;
  try {
    klarnaOrder = await placeOrder(
      input.authorizationToken,
      {
        purchase_country: paymentSession.purchaseCountry,
        purchase_currency: paymentSession.currency,
        locale: paymentSession.locale,
        ...totals,
        ...customer,
        merchant_reference1: order.number,
      },
      options,
    );
  } catch (error) {
    if (!isKlarnaError(error)) {
      await releaseOrderClaim(order.id, claimId);
      announceClaimSettled(order.id);
      throw error;
    }
    try {
      return await placeOrderFailed(error, { order, claimId, paymentSession, totals }, input, options);
    } finally {
      announceClaimSettled(order.id);
    }
  }

  const now = options.now?.() ?? new Date();
  try {
    await recordPlacedOrder({
      orderId: order.id,
      claimId,
      cartId: cart.id,
      paymentSessionId: paymentSession.id,
      klarnaOrderId: klarnaOrder.order_id,
      merchantReference1: order.number,
      fraudStatus: klarnaOrder.fraud_status,
      authorizationExpiresAt: addDays(now, AUTHORIZATION_DAYS),
      lines: totals.order_lines,
      actor: input.actor,
      amount: totals.order_amount,
    });
  } catch (error) {
    if (!(error instanceof ClaimLostError)) {
      // Klarna has the order: keep the claim (with Klarna's id) so nothing places it again.
      console.error('recording a placed order failed', error);
      await markOrderNeedsReview({
        orderId: order.id,
        claimId,
        cartId: cart.id,
        paymentSessionId: paymentSession.id,
        actor: input.actor,
        message: `Klarna order ${klarnaOrder.order_id} was placed but could not be recorded.`,
        klarnaOrderId: klarnaOrder.order_id,
      });
    }
  }
  announceClaimSettled(order.id);
  return placed(order, true);
}

/** The order this attempt claimed and what it asked Klarna to place. */
interface Attempt {
  order: OrderStateDTO;
  claimId: string;
  paymentSession: PaymentSessionDTO;
  totals: KlarnaOrderTotals;
}

async function placeOrderFailed(
  error: KlarnaError,
  { order, claimId, paymentSession, totals }: Attempt,
  input: FinalizeInput,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  const failure = {
    paymentSessionId: paymentSession.id,
    type: 'PLACE_ORDER_FAILED',
    actor: input.actor,
    outcome: 'FAILURE' as const,
    amount: totals.order_amount,
    correlationId: error.correlationId,
    message: `${error.status ?? 'no response'} ${error.code}: ${error.messages.join('; ')}`,
  };

  // No answer, a 5xx or an unreadable 2xx: Klarna may or may not have created the order.
  if (error.transient || error.code === 'INVALID_RESPONSE') {
    let sessionStatus: 'complete' | 'incomplete' | null = null;
    try {
      const session = await readSession(paymentSession.region, paymentSession.klarnaSessionId, options);
      sessionStatus = session.status;
    } catch {
      sessionStatus = null;
    }
    await recordEvent(failure);
    if (sessionStatus === 'incomplete') {
      await releaseOrderClaim(order.id, claimId);
      return fail('unavailable', MESSAGES.unavailable);
    }
    if (sessionStatus === 'complete') {
      await markOrderNeedsReview({
        orderId: order.id,
        claimId,
        cartId: paymentSession.cartId,
        paymentSessionId: paymentSession.id,
        actor: input.actor,
        message: `Klarna completed the session after ${error.code}; the order id is unknown.`,
      });
      const current = await getOrderState(order.id);
      return placed(current ?? order, true);
    }
    // Unknown: the claim stays, so no retry can place a second order; it is resolved once stale.
    return fail('unavailable', MESSAGES.unavailable);
  }

  // Klarna answered with a refusal: it certainly created nothing.
  await releaseOrderClaim(order.id, claimId);
  await recordEvent(failure);
  // 404: the approval expired or was used. 409: Klarna holds other data than ours (e.g. the browser
  // authorized a stale page): ours is pushed again.
  if (error.status === 404)
    return reauthorizeSession(paymentSession, input.actor, 'authorization_invalid', options);
  if (error.status === 409) return reauthorizeSession(paymentSession, input.actor, 'data_mismatch', options);
  if (error.status === 403) return fail('declined', MESSAGES.declined);
  return fail('klarna_refused', 'Klarna could not accept this order. Please contact us.');
}
