import 'server-only';

import { getOrderState } from '@/lib/data/order-reads';
import {
  ClaimLostError,
  markOrderNeedsReview,
  recordEvent,
  recordPlacedOrder,
  releaseOrderClaim,
} from '@/lib/data/orders';
import { getCartForPayment } from '@/lib/data/payment-sessions';
import {
  AUTHORIZATION_DAYS,
  isKlarnaError,
  placeOrder,
  type KlarnaError,
  type PaymentsOrder,
} from '@/lib/klarna';
import { sendOrderMailsSoon } from '@/lib/mail/deliver';
import { mailSettings } from '@/lib/mail/settings';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { fail } from '@/lib/result';
import { addDays } from '@/lib/time';
import { reauthorizeSession } from './approve';
import { klarnaSessionStatus, type Attempt } from './claim';
import { MESSAGES, placed, type Approval, type FinalizeOptions, type FinalizeResult } from './outcomes';
import { cartPayload, serializePayload, type ShipTo } from './payload';

/*
 * The last steps of placing an order, under the claim this attempt holds: its amount checked once
 * more against the catalogue, the order placed with Klarna, and recorded with its lines, event and
 * the cart closed in one transaction. If Klarna refuses, or certainly did not create the order,
 * the claim is released.
 */

/** Places and records the claimed order; null when the next pass must look again. */
export async function placeClaimedOrder(
  attempt: Attempt,
  approval: Approval,
  options: FinalizeOptions,
): Promise<FinalizeResult | null> {
  const { order, claimId, paymentSession, totals } = attempt;
  // The last word before Klarna is asked: the cart may have changed since it was checked.
  // Whatever happened meanwhile, the next pass checks the cart again and answers accordingly.
  const inOrderCurrency = {
    cartId: paymentSession.cartId,
    country: paymentSession.purchaseCountry,
    currency: paymentSession.currency,
    shipTo: attempt.customer.shipping_address,
  };
  if (!(await pricedAsCatalogue(inOrderCurrency, totals))) {
    await releaseOrderClaim(order.id, claimId);
    return null;
  }

  let klarnaOrder;
  try {
    klarnaOrder = await placeOrder(
      approval.authorizationToken,
      {
        purchase_country: paymentSession.purchaseCountry,
        purchase_currency: paymentSession.currency,
        locale: paymentSession.locale,
        ...totals,
        ...attempt.customer,
        merchant_reference1: order.number,
      },
      options,
    );
  } catch (error) {
    if (!isKlarnaError(error)) {
      await releaseOrderClaim(order.id, claimId);
      throw error;
    }
    return placeOrderFailed(error, attempt, approval, options);
  }
  await recordOrder(attempt, klarnaOrder, approval, options);
  // After commit, never awaited: the shopper's confirmation does not wait for SMTP.
  sendOrderMailsSoon(order.id, options);
  return placed(order, true);
}

/**
 * Invariant 8, checked right before an order is placed: its lines and amount equal the cart priced
 * now from the catalogue in the order's own country and currency (not in whatever market the cart
 * has moved to meanwhile), taxed for the address the shopper approved.
 */
export async function pricedAsCatalogue(
  order: { cartId: string; country: string; currency: string; shipTo?: ShipTo | null },
  totals: KlarnaOrderTotals,
): Promise<boolean> {
  const cart = await getCartForPayment(order.cartId, { currency: order.currency });
  if (!cart) return false;
  const priced = cartPayload({ ...cart, country: order.country, currency: order.currency }, order.shipTo);
  return priced.ok && serializePayload(priced.totals) === serializePayload(totals);
}

async function recordOrder(
  { order, claimId, paymentSession, cart, totals }: Attempt,
  klarnaOrder: PaymentsOrder,
  approval: Approval,
  options: FinalizeOptions,
): Promise<void> {
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
      actor: approval.actor,
      amount: totals.order_amount,
      // An order Klarna rejected is cancelled: no "thank you" mail for it.
      confirmationMail: mailSettings(options) !== null && klarnaOrder.fraud_status !== 'REJECTED',
    });
  } catch (error) {
    if (error instanceof ClaimLostError) return;
    // Klarna has the order: keep the claim (with Klarna's id) so nothing places it again.
    console.error('recording a placed order failed', error);
    await markOrderNeedsReview({
      orderId: order.id,
      claimId,
      cartId: cart.id,
      paymentSessionId: paymentSession.id,
      actor: approval.actor,
      message: `Klarna order ${klarnaOrder.order_id} was placed but could not be recorded.`,
      klarnaOrderId: klarnaOrder.order_id,
    });
  }
}

async function placeOrderFailed(
  error: KlarnaError,
  { order, claimId, paymentSession, totals }: Attempt,
  approval: Approval,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  const failure = {
    paymentSessionId: paymentSession.id,
    type: 'PLACE_ORDER_FAILED',
    actor: approval.actor,
    outcome: 'FAILURE' as const,
    amount: totals.order_amount,
    correlationId: error.correlationId,
    message: `${error.status ?? 'no response'} ${error.code}: ${error.messages.join('; ')}`,
  };

  // No answer, a 5xx or an unreadable 2xx: Klarna may or may not have created the order.
  if (error.transient || error.code === 'INVALID_RESPONSE') {
    const sessionStatus = await klarnaSessionStatus(paymentSession, options);
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
        actor: approval.actor,
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
    return reauthorizeSession(paymentSession, approval.actor, 'authorization_invalid', options);
  if (error.status === 409)
    return reauthorizeSession(paymentSession, approval.actor, 'data_mismatch', options);
  if (error.status === 403) return fail('declined', MESSAGES.declined);
  return fail('klarna_refused', 'Klarna could not accept this order. Please contact us.');
}
