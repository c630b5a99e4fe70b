import 'server-only';

import { findCheckoutToken } from '@/lib/data/customer-tokens';
import type { PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { fail, succeed } from '@/lib/result';
import { checkApprovedCart, reauthorizeSession } from './approval';
import { continueTokenCreation, createToken, type TokenResult } from './create-token';
import { MESSAGES, type FinalizeInput, type FinalizeOptions, type FinalizeResult } from './outcomes';

/**
 * Finalizes a `tokenize` checkout (nothing charged today, e.g. a free trial): no order, a customer
 * token and the subscriptions it pays for, the cart closed. Answers like finalizeOrder, with
 * `subscribed` instead of `placed`.
 */
export async function finalizeSubscription(
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  // Bounded: each pass either finishes or finds a claim that changed hands meanwhile.
  for (let pass = 0; pass < 3; pass++) {
    const existing = await findCheckoutToken({
      cartId: paymentSession.cartId,
      paymentSessionId: paymentSession.id,
      authorizationToken: input.authorizationToken,
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
          actor: input.actor,
        },
        options,
      );
    } else {
      const approved = await checkApprovedCart(paymentSession, input.actor, options);
      if (!approved.ok) return approved;
      if (!approved.cart.userId) return fail('sign_in_required', 'Sign in to buy a subscription.');
      result = await createToken(
        {
          paymentSession,
          userId: approved.cart.userId,
          customer: approved.customer,
          authorizationToken: input.authorizationToken,
          originOrderId: null,
          actor: input.actor,
        },
        options,
      );
    }
    if (result) return answer(result, paymentSession, input, options);
  }
  return fail('in_progress', MESSAGES.inProgress);
}

/** The token step's outcome as the shopper's (or Klarna's callback's) answer. */
async function answer(
  result: TokenResult,
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
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
    return reauthorizeSession(paymentSession, input.actor, 'authorization_invalid', options);
  if (error.status === 409) return reauthorizeSession(paymentSession, input.actor, 'data_mismatch', options);
  if (error.status === 403) return fail('declined', 'Klarna declined this subscription. Your cart is saved.');
  return fail('klarna_refused', 'Klarna could not accept this subscription. Please contact us.');
}
