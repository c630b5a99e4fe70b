import 'server-only';

import { CLAIM_TIMEOUT_MS, newClaimId, staleBefore } from '@/lib/data/claims';
import {
  claimTokenCreation,
  findCheckoutToken,
  getCheckoutToken,
  listStaleTokenClaims,
  takeOverTokenClaim,
  type CheckoutTokenDTO,
} from '@/lib/data/customer-tokens';
import { getOrderState } from '@/lib/data/order-reads';
import type { EventActor } from '@/lib/data/orders';
import { getCartForPayment, getPaymentSession, type PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { fail } from '@/lib/result';
import { addMs } from '@/lib/time';
import { claimWaitFor, waitForClaim } from './claim-wait';
import {
  createWithClaim,
  settledToken,
  TOKEN_MESSAGES,
  type TokenContext,
  type TokenOptions,
  type TokenResult,
} from './create-token-call';

/*
 * The second half of a subscription checkout: turning the shopper's approval into a Klarna customer
 * token, exactly once, and recording the subscriptions it pays for.
 *
 * Klarna offers no idempotency key for this call, but an authorization gives at most one token
 * (a second call is a 404), so the guarantees are those of order placement: a CREATING claim in the
 * database (unique per cart, payment session and authorization token) before Klarna is called, and
 * the token recorded with its subscriptions in one transaction. A crash between the order and the
 * token leaves the order recorded and no claim: any later finalize call (the shopper's retry,
 * Klarna's authorization callback) or the renewal job continues with the token. A crash after
 * Klarna answered leaves a stale claim: the call is sent again, and Klarna either creates the token
 * (it never got the first call) or refuses (it did): the claim then waits for staff (NEEDS_REVIEW),
 * never creating a second token.
 */

export type { TokenContext, TokenOptions, TokenResult } from './create-token-call';

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
  const cart = await getCartForPayment(input.paymentSession.cartId);
  const customer = input.paymentSession.customer;
  if (!cart?.userId || !customer) {
    return fail('failed', 'A subscription needs a signed-in shopper and their details.', { released: true });
  }
  const context: TokenContext = {
    paymentSession: input.paymentSession,
    userId: cart.userId,
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
 * Claims the token of this checkout and creates it at Klarna. Null when another attempt claimed it
 * first: look it up again and continue with theirs.
 */
export async function createToken(context: TokenContext, options: TokenOptions): Promise<TokenResult | null> {
  const { paymentSession, customer } = context;
  const claimId = newClaimId();
  const claim = await claimTokenCreation({
    userId: context.userId,
    cartId: paymentSession.cartId,
    paymentSessionId: paymentSession.id,
    authorizationToken: context.authorizationToken,
    originOrderId: context.originOrderId,
    claimId,
    region: paymentSession.region,
    country: paymentSession.purchaseCountry,
    currency: paymentSession.currency,
    locale: paymentSession.locale,
    billingAddress: customer.billing_address,
    shippingAddress: customer.shipping_address,
  });
  if (!claim) return null;
  return createWithClaim(context, claim.id, claimId, options, { recovering: false });
}

/**
 * A token already exists (or is being created) for this checkout: its answer once settled, the
 * other attempt waited for while it lives, or its stale claim taken over and Klarna asked again.
 * Null when the claim was given back: look again.
 */
export async function continueTokenCreation(
  existing: CheckoutTokenDTO,
  context: TokenContext,
  options: TokenOptions,
): Promise<TokenResult | null> {
  if (existing.status !== 'CREATING') return settledToken(existing);
  const waited = await waitForClaim(
    () => getCheckoutToken(existing.id),
    (token) => token.status === 'CREATING',
    options.waitForClaimMs ?? claimWaitFor(context.actor),
  );
  if (!waited) return null; // released: try again ourselves
  if (waited.status !== 'CREATING') return settledToken(waited);
  const now = options.now?.() ?? new Date();
  if (addMs(waited.updatedAt, options.staleClaimMs ?? CLAIM_TIMEOUT_MS.tokenCreation) > now) {
    return fail('pending', TOKEN_MESSAGES.pending);
  }
  // The attempt holding the claim died, before or after calling Klarna: ask Klarna again.
  const claimId = newClaimId();
  if (!(await takeOverTokenClaim(waited.id, waited.claimId, claimId))) return null;
  return createWithClaim(
    { ...context, authorizationToken: waited.authorizationToken },
    waited.id,
    claimId,
    options,
    { recovering: true },
  );
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
