import 'server-only';

import {
  claimTokenCreation,
  closeTokenClaim,
  findCheckoutToken,
  getCheckoutToken,
  recordCreatedToken,
  releaseTokenClaim,
  takeOverTokenClaim,
  TokenClaimLostError,
  type CheckoutTokenDTO,
  type NewSubscription,
} from '@/lib/data/customer-tokens';
import { getOrderState, recordEvent, type EventActor } from '@/lib/data/orders';
import { getCartForPayment, type PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { getSubscriptionProducts, listSubscriptionIdsOfToken } from '@/lib/data/subscriptions';
import {
  createCustomerToken,
  isKlarnaError,
  readCustomerToken,
  readSession,
  type KlarnaCallOptions,
  type KlarnaError,
  type KlarnaRegion,
} from '@/lib/klarna';
import { getMarket } from '@/lib/markets';
import { recurringLines, renewalTotals } from '@/lib/subscriptions/basket';
import { describeKlarnaError, describePaymentMethod } from '@/lib/subscriptions/klarna-token';
import { planTerms } from '@/lib/subscriptions/plans';
import { addDays, periodDueAt } from '@/lib/subscriptions/schedule';
import { randomUUID } from 'node:crypto';
import { parsePayload } from './payload';
import type { FinalizeInput, FinalizeResult } from './place-order';
import { parseCustomer, type CheckoutCustomer } from './start-session';

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

/** A CREATING claim older than this belongs to an attempt that died (one Klarna call of ≤ 10 s). */
export const STALE_TOKEN_CLAIM_MS = 60_000;

export interface TokenStepOptions extends KlarnaCallOptions {
  now?: () => Date;
  /** How long to wait for another request's claim before answering that it is in progress. */
  waitForClaimMs?: number;
  staleClaimMs?: number;
}

/** How the token step ended. */
export type TokenStepResult =
  | { kind: 'created' | 'exists'; tokenId: string; subscriptionIds: string[] }
  /** Another request holds the claim, or Klarna did not answer: finished by a later attempt. */
  | { kind: 'pending'; message: string }
  /** Klarna refused; nothing can be charged with this approval. */
  | { kind: 'failed'; message: string; error?: KlarnaError; released: boolean }
  /** Klarna may hold a token we never recorded: staff check Klarna's portal. */
  | { kind: 'needs_review'; message: string };

interface TokenContext {
  paymentSession: PaymentSessionDTO;
  userId: string;
  customer: CheckoutCustomer;
  authorizationToken: string;
  originOrderId: string | null;
  actor: EventActor;
}

const MESSAGES = {
  pending: 'Your subscription is being set up. This page will update in a moment.',
  unavailable:
    'Klarna is not responding right now. Nothing was charged and your cart is saved; please try again.',
  failed: 'Klarna could not set up the recurring payment for this subscription.',
  needsReview: 'Your subscription needs a quick check by our staff; we will be in touch by email.',
} as const;

// ---------------------------------------------------------------------------------------------
// buy_and_tokenize, buy_and_default_tokenize: the token after the order

/**
 * Creates the token of a checkout whose order was placed with the same authorization. Safe to call
 * any number of times: an existing token is returned, a live claim waited for, a stale one resumed.
 */
export async function createTokenAfterOrder(
  input: { paymentSession: PaymentSessionDTO; orderId: string; actor: EventActor },
  options: TokenStepOptions = {},
): Promise<TokenStepResult> {
  const order = await getOrderState(input.orderId);
  // NEEDS_REVIEW orders are for staff to reconcile; nothing more happens automatically.
  if (!order?.authorizationToken || order.status === 'PLACING' || order.status === 'NEEDS_REVIEW') {
    return { kind: 'pending', message: MESSAGES.pending };
  }
  const cart = await getCartForPayment(input.paymentSession.cartId);
  const customer = input.paymentSession.customer ? parseCustomer(input.paymentSession.customer) : null;
  if (!cart?.userId || !customer) {
    return {
      kind: 'failed',
      message: 'A subscription needs a signed-in shopper and their details.',
      released: true,
    };
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
      ? await settleExisting(existing, context, options)
      : await claimAndCreate(context, options);
    if (result !== 'retry') return result;
  }
  return { kind: 'pending', message: MESSAGES.pending };
}

// ---------------------------------------------------------------------------------------------
// tokenize: the whole finalize of a checkout that charges nothing today

/** What finalize-order lends the tokenize path, so both share one cart check and one reauthorization. */
export interface TokenizeDependencies {
  /** The cart as approved (open, payable, unchanged), or the answer to give instead. */
  checkCart: () => Promise<{ ok: true; userId: string | null; customer: CheckoutCustomer } | FinalizeResult>;
  /** Pushes the session's data to Klarna again and asks for a new approval. */
  reauthorize: (reason: 'authorization_invalid' | 'data_mismatch') => Promise<FinalizeResult>;
}

/**
 * Finalizes a `tokenize` checkout: no order, a customer token and the subscriptions it pays for,
 * the cart closed. Answers like finalizeOrder, with `subscribed` instead of `placed`.
 */
export async function finalizeTokenization(
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
  options: TokenStepOptions,
  dependencies: TokenizeDependencies,
): Promise<FinalizeResult> {
  for (let pass = 0; pass < 3; pass++) {
    const existing = await findCheckoutToken({
      cartId: paymentSession.cartId,
      paymentSessionId: paymentSession.id,
      authorizationToken: input.authorizationToken,
    });
    if (existing && existing.cartId !== paymentSession.cartId) {
      return { kind: 'invalid', status: 409, message: 'This Klarna approval belongs to another checkout.' };
    }
    let result: TokenStepResult | 'retry';
    if (existing) {
      const customer = paymentSession.customer ? parseCustomer(paymentSession.customer) : null;
      if (!customer)
        return { kind: 'invalid', status: 409, message: 'Enter your contact details before paying.' };
      result = await settleExisting(
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
      const checked = await dependencies.checkCart();
      if (!('ok' in checked)) return checked;
      if (!checked.userId) {
        return { kind: 'invalid', status: 409, message: 'Sign in to buy a subscription.' };
      }
      result = await claimAndCreate(
        {
          paymentSession,
          userId: checked.userId,
          customer: checked.customer,
          authorizationToken: input.authorizationToken,
          originOrderId: null,
          actor: input.actor,
        },
        options,
      );
    }
    if (result === 'retry') continue;
    switch (result.kind) {
      case 'created':
      case 'exists':
        return {
          kind: 'subscribed',
          subscriptionIds: result.subscriptionIds,
          created: result.kind === 'created',
        };
      case 'pending':
        return { kind: 'in_progress', message: result.message };
      case 'needs_review':
        return { kind: 'invalid', status: 409, message: result.message };
      case 'failed':
        return tokenizeRefused(result, dependencies);
    }
  }
  return { kind: 'in_progress', message: MESSAGES.pending };
}

/** A refused tokenize checkout: nothing was created, so the shopper may approve again or not at all. */
async function tokenizeRefused(
  result: Extract<TokenStepResult, { kind: 'failed' }>,
  dependencies: TokenizeDependencies,
): Promise<FinalizeResult> {
  const error = result.error;
  if (!error) return { kind: 'invalid', status: 409, message: result.message };
  if (error.transient || error.code === 'INVALID_RESPONSE' || error.status === null) {
    return { kind: 'unavailable', message: MESSAGES.unavailable };
  }
  if (error.status === 404) return dependencies.reauthorize('authorization_invalid');
  if (error.status === 409) return dependencies.reauthorize('data_mismatch');
  if (error.status === 403) {
    return { kind: 'declined', message: 'Klarna declined this subscription. Your cart is saved.' };
  }
  return {
    kind: 'invalid',
    status: 400,
    message: 'Klarna could not accept this subscription. Please contact us.',
  };
}

// ---------------------------------------------------------------------------------------------
// The shared core

/** A token already exists (or is being created) for this checkout. */
async function settleExisting(
  existing: CheckoutTokenDTO,
  context: TokenContext,
  options: TokenStepOptions,
): Promise<TokenStepResult | 'retry'> {
  if (existing.status !== 'CREATING') return settled(existing);
  const waited = await waitForClaim(existing.id, options.waitForClaimMs ?? waitFor(context.actor));
  if (!waited) return 'retry'; // released: try again ourselves
  if (waited.status !== 'CREATING') return settled(waited);
  const now = options.now?.() ?? new Date();
  if (now.getTime() - waited.updatedAt.getTime() < (options.staleClaimMs ?? STALE_TOKEN_CLAIM_MS)) {
    return { kind: 'pending', message: MESSAGES.pending };
  }
  // The attempt holding the claim died, before or after calling Klarna: ask Klarna again.
  const claimId = randomUUID();
  if (!(await takeOverTokenClaim(waited.id, waited.claimId, claimId))) return 'retry';
  return createWithClaim(
    { ...context, authorizationToken: waited.authorizationToken },
    waited.id,
    claimId,
    options,
    {
      recovering: true,
    },
  );
}

async function settled(token: CheckoutTokenDTO): Promise<TokenStepResult> {
  switch (token.status) {
    case 'FAILED':
      return { kind: 'failed', message: token.statusReason ?? MESSAGES.failed, released: false };
    case 'NEEDS_REVIEW':
      return { kind: 'needs_review', message: MESSAGES.needsReview };
    default:
      return {
        kind: 'exists',
        tokenId: token.id,
        subscriptionIds: await listSubscriptionIdsOfToken(token.id),
      };
  }
}

/** The browser can wait a few seconds; Klarna's callback gives up after 2 s, so it waits less. */
function waitFor(actor: EventActor): number {
  return actor === 'klarna-callback' ? 1_000 : 8_000;
}

async function waitForClaim(tokenId: string, maxMs: number): Promise<CheckoutTokenDTO | null> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const token = await getCheckoutToken(tokenId);
    if (!token || token.status !== 'CREATING' || Date.now() >= deadline) return token;
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(0, deadline - Date.now()))));
  }
}

async function claimAndCreate(
  context: TokenContext,
  options: TokenStepOptions,
): Promise<TokenStepResult | 'retry'> {
  const { paymentSession, customer } = context;
  const claimId = randomUUID();
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
    billingAddress: JSON.stringify(customer.billing_address),
    shippingAddress: JSON.stringify(customer.shipping_address),
  });
  if (!claim) return 'retry';
  return createWithClaim(context, claim.id, claimId, options, { recovering: false });
}

/** Calls Klarna under a claim this attempt holds, and records the outcome. */
async function createWithClaim(
  context: TokenContext,
  tokenId: string,
  claimId: string,
  options: TokenStepOptions,
  mode: { recovering: boolean },
): Promise<TokenStepResult> {
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
    return createFailed(error, context, tokenId, claimId, options, mode);
  }

  const now = options.now?.() ?? new Date();
  let paymentMethodDescription: string | null = null;
  let checkedAt: Date | null = null;
  try {
    const token = await readCustomerToken(
      { region: paymentSession.region as KlarnaRegion, customerToken: created.token_id },
      options,
    );
    paymentMethodDescription = describePaymentMethod(token);
    checkedAt = now;
  } catch (error) {
    // Only the description is missing; the token itself is fine.
    if (!isKlarnaError(error)) throw error;
  }
  try {
    const subscriptions = await planSubscriptions(context, now);
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
    return { kind: 'created', tokenId, subscriptionIds };
  } catch (error) {
    if (error instanceof TokenClaimLostError) {
      const current = await getCheckoutToken(tokenId);
      return current ? settled(current) : { kind: 'pending', message: MESSAGES.pending };
    }
    // Klarna has the token: keep it (with Klarna's id) for staff rather than lose it.
    console.error('recording a created customer token failed', error);
    await closeTokenClaim({
      tokenId,
      claimId,
      status: 'NEEDS_REVIEW',
      reason: 'Klarna created the customer token but it could not be recorded with its subscriptions.',
      klarnaTokenId: created.token_id,
      paymentSessionId: paymentSession.id,
      originOrderId: context.originOrderId,
      actor: context.actor,
      ...(tokenize ? { closeCart: { cartId: paymentSession.cartId } } : {}),
    });
    return { kind: 'needs_review', message: MESSAGES.needsReview };
  }
}

async function createFailed(
  error: KlarnaError,
  context: TokenContext,
  tokenId: string,
  claimId: string,
  options: TokenStepOptions,
  mode: { recovering: boolean },
): Promise<TokenStepResult> {
  const { paymentSession } = context;
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
      const status = await sessionStatus(paymentSession, options);
      // Creating a tokenize intent's token completes the session; still open means it did not happen.
      if (status === 'incomplete') {
        await releaseTokenClaim(tokenId, claimId);
        return { kind: 'failed', message: MESSAGES.unavailable, error, released: true };
      }
      if (status === 'complete')
        return needsReview(
          context,
          tokenId,
          claimId,
          `Klarna completed the session after ${error.code}; the token id is unknown.`,
        );
    }
    // Unknown: the claim stays, so nothing creates a second token; it is resumed once stale.
    return { kind: 'pending', message: MESSAGES.pending };
  }

  // "Invalid authorization token": expired, or already used. When resuming a claim that may have
  // reached Klarna, used means a token we never recorded; a tokenize session that is complete says so too.
  if (error.status === 404) {
    const used =
      mode.recovering || (tokenize && (await sessionStatus(paymentSession, options)) === 'complete');
    if (used) {
      return needsReview(
        context,
        tokenId,
        claimId,
        `Klarna refused the approval as already used (${detail}); a token may exist that was never recorded.`,
      );
    }
  }
  if (tokenize) {
    // Nothing was created and nothing was charged: the shopper may approve again.
    await releaseTokenClaim(tokenId, claimId);
    await recordEvent(failureEvent);
    return { kind: 'failed', message: MESSAGES.failed, error, released: true };
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
  return { kind: 'failed', message: MESSAGES.failed, error, released: false };
}

async function needsReview(
  context: TokenContext,
  tokenId: string,
  claimId: string,
  reason: string,
): Promise<TokenStepResult> {
  await closeTokenClaim({
    tokenId,
    claimId,
    status: 'NEEDS_REVIEW',
    reason,
    paymentSessionId: context.paymentSession.id,
    originOrderId: context.originOrderId,
    actor: context.actor,
    ...(context.originOrderId === null ? { closeCart: { cartId: context.paymentSession.cartId } } : {}),
  });
  return { kind: 'needs_review', message: MESSAGES.needsReview };
}

async function sessionStatus(
  paymentSession: PaymentSessionDTO,
  options: KlarnaCallOptions,
): Promise<'complete' | 'incomplete' | null> {
  try {
    return (await readSession(paymentSession.region as KlarnaRegion, paymentSession.klarnaSessionId, options))
      .status;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return null;
  }
}

/** "Subscription: Coffee Club, monthly" (Klarna shows it to the shopper; ≤ 255 characters). */
function tokenDescription(paymentSession: PaymentSessionDTO): string {
  const names = recurringLines(parsePayload(paymentSession.linesPayload)).map((line) => line.name);
  const text = `Subscription: ${names.join(', ') || 'recurring purchase'}`;
  return text.length <= 255 ? text : `${text.slice(0, 254)}…`;
}

/**
 * The subscriptions the approved payload describes. A line charged today keeps the price the
 * shopper approved and starts now (its first period is paid by the checkout's order); a free-trial
 * line (0 today) takes the product's current price, which its line name quoted, and starts when the
 * trial ends.
 */
async function planSubscriptions(context: TokenContext, now: Date): Promise<NewSubscription[]> {
  const { paymentSession } = context;
  const market = getMarket(paymentSession.purchaseCountry);
  if (!market) throw new Error(`no market for ${paymentSession.purchaseCountry}`);
  const lines = recurringLines(parsePayload(paymentSession.linesPayload));
  const products = await getSubscriptionProducts(
    lines.map((line) => line.reference),
    paymentSession.currency,
  );
  return lines.flatMap((line): NewSubscription[] => {
    const product = products.get(line.reference);
    if (!product) {
      console.error(`subscription product ${line.reference} has no ${paymentSession.currency} price`);
      return [];
    }
    const chargedToday = line.unitPriceToday > 0;
    const unitAmount = chargedToday ? line.unitPriceToday : product.unitAmount;
    const trialDays = chargedToday ? 0 : planTerms(line.reference).trialDays;
    const anchorAt = addDays(now, trialDays);
    const nextPeriod = chargedToday ? 2 : 1;
    const period = renewalTotals({ ...line, unitAmount, taxRate: product.taxRate }, market.taxStyle);
    return [
      {
        productId: product.productId,
        reference: line.reference,
        name: line.name,
        interval: line.interval,
        intervalCount: line.intervalCount,
        quantity: line.quantity,
        unitAmount,
        taxRate: product.taxRate,
        anchorAt,
        trialEndsAt: chargedToday ? null : anchorAt,
        nextPeriod,
        nextChargeAt: periodDueAt(anchorAt, line.interval, line.intervalCount, nextPeriod),
        paidAtCheckout:
          chargedToday && context.originOrderId
            ? { amount: period.order_amount, taxAmount: period.order_tax_amount, paidAt: now }
            : null,
      },
    ];
  });
}

/**
 * Finishes token creations whose process died (the renewal job calls this): within the
 * authorization's 60 minutes the call is simply sent again under a new claim.
 */
export async function resumeStaleTokenCreation(
  token: CheckoutTokenDTO,
  paymentSession: PaymentSessionDTO,
  options: TokenStepOptions = {},
): Promise<TokenStepResult | 'retry'> {
  const customer = paymentSession.customer ? parseCustomer(paymentSession.customer) : null;
  if (!customer) return { kind: 'pending', message: MESSAGES.pending };
  return settleExisting(
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
}
