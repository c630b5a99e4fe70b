import 'server-only';

import { newClaimId } from '@/lib/data/claims';
import {
  claimTokenCreation,
  closeTokenClaim,
  getCheckoutToken,
  recordCreatedToken,
  releaseTokenClaim,
  takeOverTokenClaim,
  TokenClaimLostError,
  type CheckoutTokenDTO,
} from '@/lib/data/customer-tokens';
import { recordEvent, type EventActor } from '@/lib/data/orders';
import type { PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { listSubscriptionIdsOfToken } from '@/lib/data/subscriptions';
import {
  createCustomerToken,
  isKlarnaError,
  readCustomerToken,
  type KlarnaCallOptions,
  type KlarnaError,
} from '@/lib/klarna';
import { fail, succeed, type Failure, type Success } from '@/lib/result';
import { describeKlarnaError, describePaymentMethod } from '@/lib/subscriptions/klarna-token';
import { awaitClaim, klarnaSessionStatus } from './claim';
import type { ClaimWaitOptions } from './outcomes';
import type { CheckoutCustomer } from './start-session';
import { planSubscriptions, tokenDescription } from './token-subscriptions';

/*
 * Turning a shopper's approval into a Klarna customer token, exactly once, and recording the
 * subscriptions it pays for: the claim, the Klarna call, and its outcome recorded. Where a checkout
 * asks for it: subscribe.ts.
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

export type TokenOptions = KlarnaCallOptions & ClaimWaitOptions;

/** How creating a checkout's customer token ended. */
export type TokenResult =
  | Success<{ outcome: 'created' | 'exists'; tokenId: string; subscriptionIds: string[] }>
  /** Another request holds the claim, or Klarna did not answer: finished by a later attempt. */
  | Failure<'pending'>
  /**
   * Klarna refused (`error`), or did not answer while the session shows no token; nothing can be
   * charged with this approval. `released`: no claim is left, so the shopper may approve again.
   */
  | Failure<'failed', { error?: KlarnaError; released: boolean }>
  /** Klarna may hold a token we never recorded: staff check Klarna's portal. */
  | Failure<'needs_review'>;

/** Whose token this is and what it is created from. `originOrderId` is null for a `tokenize` checkout. */
export interface TokenContext {
  paymentSession: PaymentSessionDTO;
  userId: string;
  customer: CheckoutCustomer;
  authorizationToken: string;
  originOrderId: string | null;
  actor: EventActor;
}

export const TOKEN_MESSAGES = {
  pending: 'Your subscription is being set up. This page will update in a moment.',
  unavailable:
    'Klarna is not responding right now. Nothing was charged and your cart is saved; please try again.',
  failed: 'Klarna could not set up the recurring payment for this subscription.',
  needsReview: 'Your subscription needs a quick check by our staff; we will be in touch by email.',
} as const;

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
  return createWithClaim(context, { tokenId: claim.id, claimId, recovering: false }, options);
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
  const waited = await awaitClaim(
    {
      kind: 'tokenCreation',
      read: () => getCheckoutToken(existing.id),
      stillClaimed: (token) => token.status === 'CREATING',
    },
    context.actor,
    options,
  );
  switch (waited.state) {
    case 'released':
      return null; // try again ourselves
    case 'settled':
      return settledToken(waited.row);
    case 'held':
      return fail('pending', TOKEN_MESSAGES.pending);
    case 'stale':
      break;
  }
  // The attempt holding the claim died, before or after calling Klarna: ask Klarna again.
  const stale = waited.row;
  const claimId = newClaimId();
  if (!(await takeOverTokenClaim(stale.id, stale.claimId, claimId))) return null;
  return createWithClaim(
    { ...context, authorizationToken: stale.authorizationToken },
    { tokenId: stale.id, claimId, recovering: true },
    options,
  );
}

/** The answer for a token whose creation has ended. */
async function settledToken(token: CheckoutTokenDTO): Promise<TokenResult> {
  switch (token.status) {
    case 'FAILED':
      return fail('failed', token.statusReason ?? TOKEN_MESSAGES.failed, { released: false });
    case 'NEEDS_REVIEW':
      return fail('needs_review', TOKEN_MESSAGES.needsReview);
    default:
      return succeed({
        outcome: 'exists' as const,
        tokenId: token.id,
        subscriptionIds: await listSubscriptionIdsOfToken(token.id),
      });
  }
}

/**
 * The CREATING claim this attempt holds. `recovering`: taken over from an attempt that died, which
 * may have reached Klarna already.
 */
interface HeldClaim {
  tokenId: string;
  claimId: string;
  recovering: boolean;
}

/** Calls Klarna under a claim this attempt holds, and records the outcome. */
async function createWithClaim(
  context: TokenContext,
  held: HeldClaim,
  options: TokenOptions,
): Promise<TokenResult> {
  const { tokenId, claimId } = held;
  const { paymentSession, customer } = context;
  const tokenize = context.originOrderId === null;
  let created;
  try {
    created = await createCustomerToken(
      context.authorizationToken,
      {
        description: tokenDescription(paymentSession),
        intended_use: 'SUBSCRIPTION',
        locale: paymentSession.locale,
        purchase_country: paymentSession.purchaseCountry,
        purchase_currency: paymentSession.currency,
        billing_address: customer.billing_address,
      },
      options,
    );
  } catch (error) {
    if (!isKlarnaError(error)) {
      await releaseTokenClaim(tokenId, claimId);
      throw error;
    }
    return createFailed(error, context, held, options);
  }

  const now = options.now?.() ?? new Date();
  let paymentMethodDescription: string | null = null;
  let checkedAt: Date | null = null;
  try {
    const token = await readCustomerToken(
      { region: paymentSession.region, customerToken: created.token_id },
      options,
    );
    paymentMethodDescription = describePaymentMethod(token);
    checkedAt = now;
  } catch (error) {
    // Only the description is missing; the token itself is fine.
    if (!isKlarnaError(error)) throw error;
  }
  try {
    const subscriptions = await planSubscriptions(paymentSession, context.originOrderId, now);
    const subscriptionIds = await recordCreatedToken({
      tokenId,
      claimId,
      klarnaTokenId: created.token_id,
      paymentMethodDescription,
      checkedAt,
      userId: context.userId,
      cartId: paymentSession.cartId,
      paymentSessionId: paymentSession.id,
      originOrderId: context.originOrderId,
      closeCart: tokenize,
      currency: paymentSession.currency,
      country: paymentSession.purchaseCountry,
      locale: paymentSession.locale,
      region: paymentSession.region,
      actor: context.actor,
      subscriptions,
    });
    return succeed({ outcome: 'created' as const, tokenId, subscriptionIds });
  } catch (error) {
    if (error instanceof TokenClaimLostError) {
      const current = await getCheckoutToken(tokenId);
      return current ? settledToken(current) : fail('pending', TOKEN_MESSAGES.pending);
    }
    // Klarna has the token: keep it (with Klarna's id) for staff rather than lose it.
    console.error('recording a created customer token failed', error);
    return needsReview(
      context,
      held,
      'Klarna created the customer token but it could not be recorded with its subscriptions.',
      created.token_id,
    );
  }
}

async function createFailed(
  error: KlarnaError,
  context: TokenContext,
  held: HeldClaim,
  options: TokenOptions,
): Promise<TokenResult> {
  const { paymentSession } = context;
  const { tokenId, claimId } = held;
  const tokenize = context.originOrderId === null;
  const detail = describeKlarnaError(error);
  const failureEvent = {
    orderId: context.originOrderId ?? undefined,
    paymentSessionId: paymentSession.id,
    type: 'CUSTOMER_TOKEN_FAILED',
    actor: context.actor,
    outcome: 'FAILURE' as const,
    correlationId: error.correlationId,
    message: detail,
  };

  // No answer: Klarna may or may not have created the token.
  if (error.transient || error.code === 'INVALID_RESPONSE' || error.status === null) {
    await recordEvent(failureEvent);
    if (tokenize) {
      const status = await klarnaSessionStatus(paymentSession, options);
      // Creating a tokenize intent's token completes the session; still open means it did not happen.
      if (status === 'incomplete') {
        await releaseTokenClaim(tokenId, claimId);
        return fail('failed', TOKEN_MESSAGES.unavailable, { error, released: true });
      }
      if (status === 'complete')
        return needsReview(
          context,
          held,
          `Klarna completed the session after ${error.code}; the token id is unknown.`,
        );
    }
    // Unknown: the claim stays, so nothing creates a second token; it is resumed once stale.
    return fail('pending', TOKEN_MESSAGES.pending);
  }

  // "Invalid authorization token": expired, or already used. When resuming a claim that may have
  // reached Klarna, used means a token we never recorded; a tokenize session that is complete says so too.
  if (error.status === 404) {
    const used =
      held.recovering || (tokenize && (await klarnaSessionStatus(paymentSession, options)) === 'complete');
    if (used) {
      return needsReview(
        context,
        held,
        `Klarna refused the approval as already used (${detail}); a token may exist that was never recorded.`,
      );
    }
  }
  if (tokenize) {
    // Nothing was created and nothing was charged: the shopper may approve again.
    await releaseTokenClaim(tokenId, claimId);
    await recordEvent(failureEvent);
    return fail('failed', TOKEN_MESSAGES.failed, { error, released: true });
  }
  // The order stands; the subscription cannot be set up with this approval. Staff see why on the order.
  await closeTokenClaim({
    tokenId,
    claimId,
    status: 'FAILED',
    reason: `Klarna refused the customer token: ${detail}`,
    paymentSessionId: paymentSession.id,
    originOrderId: context.originOrderId,
    actor: context.actor,
    correlationId: error.correlationId,
  });
  return fail('failed', TOKEN_MESSAGES.failed, { error, released: false });
}

/** Klarna may hold a token we never recorded (`klarnaTokenId` when we know it): staff check. */
async function needsReview(
  context: TokenContext,
  { tokenId, claimId }: HeldClaim,
  reason: string,
  klarnaTokenId?: string,
): Promise<TokenResult> {
  await closeTokenClaim({
    tokenId,
    claimId,
    status: 'NEEDS_REVIEW',
    reason,
    klarnaTokenId,
    paymentSessionId: context.paymentSession.id,
    originOrderId: context.originOrderId,
    actor: context.actor,
    ...(context.originOrderId === null ? { closeCart: { cartId: context.paymentSession.cartId } } : {}),
  });
  return fail('needs_review', TOKEN_MESSAGES.needsReview);
}
