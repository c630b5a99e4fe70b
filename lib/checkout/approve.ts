import 'server-only';

import { recordEvent, type EventActor } from '@/lib/data/orders';
import { getCartForPayment, type PaymentCartDTO, type PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { getMarket, type Market } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { fail, succeed, type Success } from '@/lib/result';
import { intentFor } from '@/lib/subscription-basket';
import { MESSAGES, type FinalizeFailure, type FinalizeOptions, type ReauthorizeReason } from './outcomes';
import { cartPayload, serializePayload } from './payload';
import {
  marketOfSession,
  sessionForCart,
  sessionServesMarket,
  syncPaymentSession,
  toCheckoutSessionView,
  type CheckoutCustomer,
  type CheckoutSessionView,
  type MarketTotals,
} from './start-session';

/*
 * The first step of placing an order: what the shopper approved, checked against the cart as it is
 * now; and, when they differ (or Klarna refused the approval), the session brought up to date and
 * the shopper asked to approve again.
 */

/** The cart as the shopper approved it: open, payable, with their details, and unchanged. */
export interface ApprovedCart {
  cart: PaymentCartDTO;
  totals: KlarnaOrderTotals;
  customer: CheckoutCustomer;
}

/** The approved cart, or the answer to give instead (a new approval is asked for when it changed). */
export async function checkApprovedCart(
  paymentSession: PaymentSessionDTO,
  actor: EventActor,
  options: FinalizeOptions,
): Promise<Success<ApprovedCart> | FinalizeFailure> {
  const cart = await getCartForPayment(paymentSession.cartId);
  if (!cart || cart.status !== 'OPEN') return fail('cart_closed', 'This cart is no longer open.');
  // The shopper switched market (e.g. in another tab) after this session was opened: its country,
  // currency and locale are fixed, so no update can make it fit the cart; a new session must.
  const cartMarket = getMarket(cart.country);
  if (
    !cartMarket ||
    cartMarket.currency !== cart.currency ||
    !sessionServesMarket(paymentSession, cartMarket)
  ) {
    return marketChanged(paymentSession, cartMarket ?? null);
  }
  const customer = paymentSession.customer;
  if (!customer) return fail('details_missing', MESSAGES.detailsMissing);
  const payload = cartPayload(cart, customer.shipping_address);
  if (!payload.ok) return fail(payload.reason, payload.message);

  // The cart changed after the shopper approved: never send Klarna data they did not approve.
  if (serializePayload(payload.totals) !== serializePayload(paymentSession.linesPayload)) {
    return reauthorize(paymentSession, payload, customer, actor, 'cart_changed', options);
  }
  return succeed({ cart, totals: paymentSession.linesPayload, customer });
}

/**
 * Asks for a new approval of `priced`, which is always in the session's own market (the market
 * check comes first): the session is updated at Klarna, or replaced when the intent changed.
 */
async function reauthorize(
  paymentSession: PaymentSessionDTO,
  priced: MarketTotals,
  customer: CheckoutCustomer,
  actor: EventActor,
  reason: 'cart_changed' | 'data_mismatch',
  options: FinalizeOptions & { force?: boolean },
): Promise<FinalizeFailure> {
  const { totals } = priced;
  // A session's intent cannot change; a cart that now needs another (a subscription added or
  // removed) gets a new session for the shopper to approve.
  const intent = intentFor(totals);
  const replace = intent !== paymentSession.intent;
  const done = replace
    ? await sessionForCart(paymentSession.cartId, { ...priced, intent }, customer, options)
    : await syncPaymentSession(paymentSession, priced, customer, options);
  await recordEvent({
    paymentSessionId: paymentSession.id,
    type: replace ? 'SESSION_REPLACED' : 'SESSION_UPDATED',
    actor,
    outcome: done.ok ? 'SUCCESS' : 'FAILURE',
    amount: totals.order_amount,
    message: !done.ok
      ? done.message
      : replace
        ? `New session for intent ${intent}: ${reason}`
        : `Session updated: ${reason}`,
  });
  if (!done.ok) {
    return !replace && done.reason === 'market_changed'
      ? marketChanged(paymentSession, priced.market)
      : fail('unavailable', done.message);
  }
  return reauthorizeWith(reason, toCheckoutSessionView(done.paymentSession));
}

/**
 * Asks again for the session's own payload: after Klarna refused the approval (`authorization_invalid`
 * needs no update, only a new approval) or reported other data than ours (`data_mismatch`: ours is
 * pushed again).
 */
export async function reauthorizeSession(
  paymentSession: PaymentSessionDTO,
  actor: EventActor,
  reason: 'authorization_invalid' | 'data_mismatch',
  options: FinalizeOptions,
): Promise<FinalizeFailure> {
  const customer = paymentSession.customer;
  if (reason === 'authorization_invalid' || !customer) {
    return reauthorizeWith('authorization_invalid', toCheckoutSessionView(paymentSession));
  }
  const market = marketOfSession(paymentSession);
  if (!market) return marketChanged(paymentSession, null);
  const totals = paymentSession.linesPayload;
  return reauthorize(paymentSession, { market, totals }, customer, actor, reason, {
    ...options,
    force: true,
  });
}

function reauthorizeWith(
  reason: Exclude<ReauthorizeReason, 'market_changed'>,
  session: CheckoutSessionView,
): FinalizeFailure {
  const message =
    reason === 'cart_changed'
      ? MESSAGES.cartChanged
      : reason === 'data_mismatch'
        ? MESSAGES.dataMismatch
        : MESSAGES.authorizationInvalid;
  return fail(reason, message, { session });
}

/**
 * The refusal for a session whose market is not the cart's: nothing is placed or updated, and the
 * shopper starts checkout again in the cart's market (a new session, approved anew).
 */
function marketChanged(paymentSession: PaymentSessionDTO, cartMarket: Market | null): FinalizeFailure {
  const from = getMarket(paymentSession.purchaseCountry)?.label ?? paymentSession.purchaseCountry;
  const to = cartMarket ? ` to ${cartMarket.label}` : '';
  return fail(
    'market_changed',
    `Your shop market changed${to} after this payment was prepared for ${from}, so nothing was ` +
      'charged. Check your details and the prices, then pay again.',
    { session: null },
  );
}
