import 'server-only';

import { staleBefore } from '@/lib/data/claims';
import { findCheckoutToken, listStaleTokenClaims, type CheckoutTokenDTO } from '@/lib/data/customer-tokens';
import { getOrderState } from '@/lib/data/order-reads';
import type { EventActor } from '@/lib/data/orders';
import { getPaymentSession, type PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { fail, succeed } from '@/lib/result';
import { checkApprovedCart, reauthorizeSession } from './approve';
import {
  continueTokenCreation,
  createToken,
  TOKEN_MESSAGES,
  type TokenContext,
  type TokenOptions,
  type TokenResult,
} from './create-token';
import { MESSAGES, type Approval, type FinalizeOptions, type FinalizeResult } from './outcomes';

/*
 * The subscription half of a checkout: where its approval becomes a customer token (create-token.ts).
 * A `tokenize` checkout does only that; buy_and_tokenize does it after its order was placed; the
 * renewal job finishes what a dead process left half done.
 */

/**
 * Finalizes a `tokenize` checkout (nothing charged today, e.g. a free trial): no order, a customer
 * token and the subscriptions it pays for, the cart closed. Answers like finalizeOrder, with
 * `subscribed` instead of `placed`.
 */
export async function finalizeSubscription(
  paymentSession: PaymentSessionDTO,
  approval: Approval,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  // Bounded: each pass either finishes or finds a claim that changed hands meanwhile.
  for (let pass = 0; pass < 3; pass++) {
    const existing = await findCheckoutToken({
      cartId: paymentSession.cartId,
      paymentSessionId: paymentSession.id,
      authorizationToken: approval.authorizationToken,
    });
    if (existing && existing.cartId !== paymentSession.cartId) {
      return fail('approval_used_elsewhere', 'This Klarna approval belongs to another checkout.');
    }
    let result: TokenResult | null;
    if (existing) {
      const customer = paymentSession.customer;
      if (!customer) return fail('details_missing', MESSAGES.detailsMissing);
      result = await continueTokenCreation(
        existing,
        {
          paymentSession,
          userId: existing.userId,
          customer,
          authorizationToken: existing.authorizationToken,
          originOrderId: null,
          actor: approval.actor,
        },
        options,
      );
    } else {
      const approved = await checkApprovedCart(paymentSession, approval.actor, options);
      if (!approved.ok) return approved;
      if (!approved.cart.userId) return fail('sign_in_required', 'Sign in to buy a subscription.');
      result = await createToken(
        {
          paymentSession,
          userId: approved.cart.userId,
          customer: approved.customer,
          authorizationToken: approval.authorizationToken,
          originOrderId: null,
          actor: approval.actor,
        },
        options,
      );
    }
    if (result) return answer(result, paymentSession, approval, options);
  }
  return fail('in_progress', MESSAGES.inProgress);
}

/** The token step's outcome as the shopper's (or Klarna's callback's) answer. */
async function answer(
  result: TokenResult,
  paymentSession: PaymentSessionDTO,
  approval: Approval,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  if (result.ok) {
    return succeed({
      outcome: 'subscribed' as const,
      subscriptionIds: result.subscriptionIds,
      created: result.outcome === 'created',
    });
  }
  switch (result.reason) {
    case 'pending':
      return fail('in_progress', result.message);
    case 'needs_review':
      return fail('needs_review', result.message);
    case 'failed':
      break;
  }
  // Refused: nothing was created, so the shopper may approve again or not at all.
  const { error } = result;
  if (!error) return fail('token_refused', result.message);
  if (error.transient || error.code === 'INVALID_RESPONSE' || error.status === null) {
    return fail('unavailable', MESSAGES.unavailable);
  }
  if (error.status === 404)
    return reauthorizeSession(paymentSession, approval.actor, 'authorization_invalid', options);
  if (error.status === 409)
    return reauthorizeSession(paymentSession, approval.actor, 'data_mismatch', options);
  if (error.status === 403) return fail('declined', 'Klarna declined this subscription. Your cart is saved.');
  return fail('klarna_refused', 'Klarna could not accept this subscription. Please contact us.');
}

/**
 * Creates the token of a checkout whose order was placed with the same authorization
 * (buy_and_tokenize, buy_and_default_tokenize). Safe to call any number of times: an existing token
 * is returned, a live claim waited for, a stale one resumed.
 */
export async function createTokenAfterOrder(
  input: { paymentSession: PaymentSessionDTO; orderId: string; actor: EventActor },
  options: TokenOptions = {},
): Promise<TokenResult> {
  const order = await getOrderState(input.orderId);
  // NEEDS_REVIEW orders are for staff to reconcile; nothing more happens automatically.
  if (!order?.authorizationToken || order.status === 'PLACING' || order.status === 'NEEDS_REVIEW') {
    return fail('pending', TOKEN_MESSAGES.pending);
  }
  const customer = input.paymentSession.customer;
  if (!order.userId || !customer) {
    return fail('failed', 'A subscription needs a signed-in shopper and their details.', { released: true });
  }
  const context: TokenContext = {
    paymentSession: input.paymentSession,
    userId: order.userId,
    customer,
    authorizationToken: order.authorizationToken,
    originOrderId: order.id,
    actor: input.actor,
  };
  for (let pass = 0; pass < 3; pass++) {
    const existing = await findCheckoutToken({
      cartId: input.paymentSession.cartId,
      paymentSessionId: input.paymentSession.id,
    });
    const result = existing
      ? await continueTokenCreation(existing, context, options)
      : await createToken(context, options);
    if (result) return result;
  }
  return fail('pending', TOKEN_MESSAGES.pending);
}

/**
 * Finishes token creations whose process died (the renewal job runs this first): within the
 * authorization's 60 minutes the call is simply sent again under a new claim. Answers how many
 * tokens it created.
 */
export async function resumeInterruptedTokenCreations(options: TokenOptions = {}): Promise<number> {
  const stale = await listStaleTokenClaims(staleBefore('tokenCreation', new Date()), 20);
  let resumed = 0;
  for (const token of stale) {
    const paymentSession = await getPaymentSession(token.paymentSessionId);
    if (!paymentSession) continue;
    const result = await resumeStaleTokenCreation(token, paymentSession, options);
    if (result.ok && result.outcome === 'created') resumed++;
  }
  return resumed;
}

async function resumeStaleTokenCreation(
  token: CheckoutTokenDTO,
  paymentSession: PaymentSessionDTO,
  options: TokenOptions = {},
): Promise<TokenResult> {
  const customer = paymentSession.customer;
  if (!customer) return fail('pending', TOKEN_MESSAGES.pending);
  const result = await continueTokenCreation(
    token,
    {
      paymentSession,
      userId: token.userId,
      customer,
      authorizationToken: token.authorizationToken,
      originOrderId: token.originOrderId,
      actor: 'system',
    },
    { ...options, waitForClaimMs: 0 },
  );
  return result ?? fail('pending', TOKEN_MESSAGES.pending);
}
