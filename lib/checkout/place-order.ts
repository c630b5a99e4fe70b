import 'server-only';

import {
  ClaimLostError,
  claimOrderPlacement,
  findOrderState,
  getOrderState,
  markOrderNeedsReview,
  recordEvent,
  recordPlacedOrder,
  releaseOrderClaim,
  type EventActor,
  type OrderStateDTO,
} from '@/lib/data/orders';
import {
  getCartForPayment,
  getPaymentSession,
  getPaymentSessionByKlarnaId,
  type PaymentCartDTO,
  type PaymentSessionDTO,
} from '@/lib/data/payment-sessions';
import {
  isKlarnaError,
  placeOrder,
  readSession,
  type KlarnaCallOptions,
  type KlarnaError,
} from '@/lib/klarna';
import { getMarket, type KlarnaRegion, type Market } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { intentCreatesToken, intentFor } from '@/lib/subscriptions/basket';
import { randomUUID } from 'node:crypto';
import { createTokenAfterOrder, finalizeTokenization } from './create-token';
import { cartPayload, parsePayload, serializePayload } from './payload';
import {
  marketOfSession,
  parseCustomer,
  sessionServesMarket,
  startCheckoutSession,
  syncPaymentSession,
  toCheckoutSessionView,
  type CheckoutCustomer,
  type CheckoutSessionView,
  type MarketTotals,
} from './start-session';

/** Klarna keeps an order's authorization for 28 days unless extended (api-reference §4.3). */
export const AUTHORIZATION_DAYS = 28;

/**
 * A PLACING claim older than this belongs to an attempt that died: a place-order call is a single
 * request with the client's 10 s timeout, and the session check after a failure adds at most a few
 * seconds more.
 */
export const STALE_CLAIM_MS = 60_000;

export type FinalizeResult =
  /** The order exists (now, or already: `created` says which). The shopper goes to its page. */
  | { kind: 'placed'; orderId: string; accessKey: string; number: string; created: boolean }
  /**
   * Nothing was charged today (intent `tokenize`, free trials): no order, but the customer token and
   * the subscriptions it pays for exist (now, or already).
   */
  | { kind: 'subscribed'; subscriptionIds: string[]; created: boolean }
  /**
   * The shopper must approve again, for the cart as it is now (`session` holds its new figures).
   * `market_changed`: the cart moved to another market than the session's, so this session can
   * never be paid for it; checkout starts again in the cart's market, on a new session
   * (`session` is null).
   */
  | {
      kind: 'reauthorize';
      reason: 'cart_changed' | 'authorization_invalid' | 'data_mismatch' | 'market_changed';
      message: string;
      session: CheckoutSessionView | null;
    }
  /** Klarna refused the purchase. */
  | { kind: 'declined'; message: string }
  /** Klarna is down or slow; nothing was recorded and the same approval can be retried. */
  | { kind: 'unavailable'; message: string }
  /** Another request is placing this order right now. */
  | { kind: 'in_progress'; message: string }
  /** Bad input: unknown session, closed or empty cart, a token used elsewhere. Nothing written. */
  | { kind: 'invalid'; status: 400 | 404 | 409; message: string };

export interface FinalizeInput {
  /** Our PaymentSession id (browser) or Klarna's session id (authorization callback). */
  paymentSessionId?: string;
  klarnaSessionId?: string;
  authorizationToken: string;
  actor: EventActor;
}

export interface FinalizeOptions extends KlarnaCallOptions {
  now?: () => Date;
  /** How long to wait for another request's claim to resolve before answering `in_progress`. */
  waitForClaimMs?: number;
  staleClaimMs?: number;
}

const MESSAGES = {
  cartChanged: 'Your cart changed after you approved the payment. Check the new total and confirm again.',
  authorizationInvalid:
    'Your Klarna approval has expired or was already used. Please confirm the payment again.',
  dataMismatch:
    'Your order details changed since you approved the payment. Please confirm the payment again.',
  unavailable:
    'Klarna is not responding right now. Nothing was charged and your cart is saved; please try again.',
  inProgress: 'Your order is being placed. This page will update in a moment.',
  declined: 'Klarna declined this purchase. Your cart is saved; you can choose another way to pay.',
} as const;

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
  if (!paymentSession)
    return { kind: 'invalid', status: 404, message: 'This checkout session does not exist.' };

  // Nothing to charge today: the approval only becomes a customer token (lib/subscriptions).
  if (paymentSession.intent === 'tokenize') {
    return finalizeTokenization(paymentSession, input, options, {
      checkCart: async () => {
        const checked = await checkCart(paymentSession, input.actor, options);
        return 'ok' in checked
          ? { ok: true, userId: checked.cart.userId, customer: checked.customer }
          : checked;
      },
      reauthorize: async (reason) => {
        const customer = paymentSession.customer ? parseCustomer(paymentSession.customer) : null;
        if (reason === 'authorization_invalid' || !customer) {
          return {
            kind: 'reauthorize',
            reason: 'authorization_invalid',
            message: MESSAGES.authorizationInvalid,
            session: toCheckoutSessionView(paymentSession),
          };
        }
        const market = marketOfSession(paymentSession);
        if (!market) return marketChanged(paymentSession, null);
        const totals = parsePayload(paymentSession.linesPayload);
        return reauthorize(paymentSession, { market, totals }, customer, input.actor, reason, {
          ...options,
          force: true,
        });
      },
    });
  }

  const result = await placeOrderOnce(paymentSession, input, options);
  // buy_and_tokenize / buy_and_default_tokenize: the second call, with the same authorization. Its
  // outcome does not change the answer (the order stands); a token not created yet is finished by
  // the next finalize call for this checkout or by the renewal job.
  if (result.kind === 'placed' && intentCreatesToken(paymentSession.intent)) {
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
    if (existing) {
      const settled = await settleExisting(existing, paymentSession, input, options);
      if (settled) return settled;
      continue;
    }

    const result = await placeNewOrder(paymentSession, input, options);
    if (result !== 'retry') return result;
  }
  return { kind: 'in_progress', message: MESSAGES.inProgress };
}

/** An order already exists for this cart, session or token; null = its stale claim was cleared. */
async function settleExisting(
  existing: OrderStateDTO,
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
  options: FinalizeOptions,
): Promise<FinalizeResult | null> {
  if (existing.cartId !== paymentSession.cartId) {
    return { kind: 'invalid', status: 409, message: 'This Klarna approval belongs to another order.' };
  }
  if (existing.status !== 'PLACING') return placed(existing, false);

  const settled = await waitForClaim(existing.id, options.waitForClaimMs ?? waitFor(input.actor));
  if (settled && settled.status !== 'PLACING') return placed(settled, false);
  if (settled === null) return null; // released: try again ourselves

  const now = options.now?.() ?? new Date();
  const staleMs = options.staleClaimMs ?? STALE_CLAIM_MS;
  if (now.getTime() - settled.updatedAt.getTime() < staleMs) {
    return { kind: 'in_progress', message: MESSAGES.inProgress };
  }
  return recoverStaleClaim(settled, paymentSession, input.actor, options);
}

/** The browser can wait a few seconds; Klarna's callback gives up after 2 s, so it waits less. */
function waitFor(actor: EventActor): number {
  return actor === 'klarna-callback' ? 1_000 : 8_000;
}

/**
 * Waits for a PLACING claim to resolve. Claims taken in this process announce their end, so the
 * usual race (callback and browser in one server) wakes at once; the short poll covers claims
 * held by another server process.
 */
async function waitForClaim(orderId: string, maxMs: number): Promise<OrderStateDTO | null> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const order = await getOrderState(orderId);
    if (!order || order.status !== 'PLACING' || Date.now() >= deadline) return order;
    await claimSettled(orderId, Math.min(100, Math.max(0, deadline - Date.now())));
  }
}

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

function announceClaimSettled(orderId: string): void {
  for (const wake of [...(claimWaiters.get(orderId) ?? [])]) wake();
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
  let status: 'complete' | 'incomplete';
  try {
    status = (
      await readSession(paymentSession.region as KlarnaRegion, paymentSession.klarnaSessionId, options)
    ).status;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return { kind: 'unavailable', message: MESSAGES.unavailable };
  }
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

/** The cart as the shopper approved it: open, payable, with their details, and unchanged. */
interface CheckedCart {
  ok: true;
  cart: PaymentCartDTO;
  totals: KlarnaOrderTotals;
  customer: CheckoutCustomer;
}

async function checkCart(
  paymentSession: PaymentSessionDTO,
  actor: EventActor,
  options: FinalizeOptions,
): Promise<CheckedCart | FinalizeResult> {
  const cart = await getCartForPayment(paymentSession.cartId);
  if (!cart || cart.status !== 'OPEN') {
    return { kind: 'invalid', status: 409, message: 'This cart is no longer open.' };
  }
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
  const payload = cartPayload(cart);
  if (!payload.ok) return { kind: 'invalid', status: 409, message: payload.message };
  const customer = paymentSession.customer ? parseCustomer(paymentSession.customer) : null;
  if (!customer)
    return { kind: 'invalid', status: 409, message: 'Enter your contact details before paying.' };

  // The cart changed after the shopper approved: never send Klarna data they did not approve.
  if (serializePayload(payload.totals) !== paymentSession.linesPayload) {
    return reauthorize(paymentSession, payload, customer, actor, 'cart_changed', options);
  }
  return { ok: true, cart, totals: parsePayload(paymentSession.linesPayload), customer };
}

async function placeNewOrder(
  paymentSession: PaymentSessionDTO,
  input: FinalizeInput,
  options: FinalizeOptions,
): Promise<FinalizeResult | 'retry'> {
  const checked = await checkCart(paymentSession, input.actor, options);
  if (!('ok' in checked)) {
    // Another process (e.g. Klarna's callback reaching the server while this request ran) may have
    // placed the order and closed the cart since we looked: look again instead of refusing.
    const placedMeanwhile =
      checked.kind === 'invalid' &&
      (await findOrderState({
        cartId: paymentSession.cartId,
        paymentSessionId: paymentSession.id,
        authorizationToken: input.authorizationToken,
      }));
    return placedMeanwhile ? 'retry' : checked;
  }
  const { cart, totals, customer } = checked;
  const claimId = randomUUID();
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
    billingAddress: JSON.stringify(customer.billing_address),
    shippingAddress: JSON.stringify(customer.shipping_address),
  };
  const claim = await claimOrderPlacement(newOrder);
  if (!claim.ok) return 'retry';
  const order = claim.order;

  // The last word before Klarna is asked: the cart may have changed since it was checked above.
  // Whatever happened meanwhile, the next pass checks the cart again and answers accordingly.
  if (!(await pricedAsCatalogue(newOrder, totals))) {
    await releaseOrderClaim(order.id, claimId);
    announceClaimSettled(order.id);
    return 'retry';
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
      return await placeOrderFailed(
        error,
        order,
        claimId,
        paymentSession,
        totals,
        customer,
        input.actor,
        options,
      );
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
      authorizationExpiresAt: new Date(now.getTime() + AUTHORIZATION_DAYS * 86_400_000),
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

async function placeOrderFailed(
  error: KlarnaError,
  order: OrderStateDTO,
  claimId: string,
  paymentSession: PaymentSessionDTO,
  totals: ReturnType<typeof parsePayload>,
  customer: NonNullable<ReturnType<typeof parseCustomer>>,
  actor: EventActor,
  options: FinalizeOptions,
): Promise<FinalizeResult | 'retry'> {
  const failure = {
    paymentSessionId: paymentSession.id,
    type: 'PLACE_ORDER_FAILED',
    actor,
    outcome: 'FAILURE' as const,
    amount: totals.order_amount,
    correlationId: error.correlationId,
    message: `${error.status ?? 'no response'} ${error.code}: ${error.messages.join('; ')}`,
  };

  // No answer, a 5xx or an unreadable 2xx: Klarna may or may not have created the order.
  if (error.transient || error.code === 'INVALID_RESPONSE') {
    let sessionStatus: 'complete' | 'incomplete' | null = null;
    try {
      const session = await readSession(
        paymentSession.region as KlarnaRegion,
        paymentSession.klarnaSessionId,
        options,
      );
      sessionStatus = session.status;
    } catch {
      sessionStatus = null;
    }
    await recordEvent(failure);
    if (sessionStatus === 'incomplete') {
      await releaseOrderClaim(order.id, claimId);
      return { kind: 'unavailable', message: MESSAGES.unavailable };
    }
    if (sessionStatus === 'complete') {
      await markOrderNeedsReview({
        orderId: order.id,
        claimId,
        cartId: paymentSession.cartId,
        paymentSessionId: paymentSession.id,
        actor,
        message: `Klarna completed the session after ${error.code}; the order id is unknown.`,
      });
      const current = await getOrderState(order.id);
      return placed(current ?? order, true);
    }
    // Unknown: the claim stays, so no retry can place a second order; it is resolved once stale.
    return { kind: 'unavailable', message: MESSAGES.unavailable };
  }

  // Klarna answered with a refusal: it certainly created nothing.
  await releaseOrderClaim(order.id, claimId);
  await recordEvent(failure);
  if (error.status === 404) {
    return {
      kind: 'reauthorize',
      reason: 'authorization_invalid',
      message: MESSAGES.authorizationInvalid,
      session: toCheckoutSessionView(paymentSession),
    };
  }
  if (error.status === 409) {
    // Klarna holds other data than ours (e.g. the browser authorized a stale page): push ours again.
    const market = marketOfSession(paymentSession);
    if (!market) return marketChanged(paymentSession, null);
    return reauthorize(paymentSession, { market, totals }, customer, actor, 'data_mismatch', {
      ...options,
      force: true,
    });
  }
  if (error.status === 403) return { kind: 'declined', message: MESSAGES.declined };
  return { kind: 'invalid', status: 400, message: 'Klarna could not accept this order. Please contact us.' };
}

/**
 * Asks for a new approval of `priced`, which is always in the session's own market (the market
 * check comes first): the session is updated at Klarna, or replaced when the intent changed.
 */
async function reauthorize(
  paymentSession: PaymentSessionDTO,
  priced: MarketTotals,
  customer: NonNullable<ReturnType<typeof parseCustomer>>,
  actor: EventActor,
  reason: 'cart_changed' | 'data_mismatch',
  options: FinalizeOptions & { force?: boolean },
): Promise<FinalizeResult> {
  const { totals } = priced;
  // A session's intent cannot change; a cart that now needs another (a subscription added or
  // removed) gets a new session for the shopper to approve.
  if (intentFor(totals) !== paymentSession.intent) {
    const started = await startCheckoutSession({ cartId: paymentSession.cartId, customer }, options);
    await recordEvent({
      paymentSessionId: paymentSession.id,
      type: 'SESSION_REPLACED',
      actor,
      outcome: started.ok ? 'SUCCESS' : 'FAILURE',
      amount: totals.order_amount,
      message: started.ok ? `New session for intent ${intentFor(totals)}: ${reason}` : started.message,
    });
    if (!started.ok) return { kind: 'unavailable', message: started.message };
    return {
      kind: 'reauthorize',
      reason,
      message: reason === 'cart_changed' ? MESSAGES.cartChanged : MESSAGES.dataMismatch,
      session: started.session,
    };
  }
  const synced = await syncPaymentSession(paymentSession, priced, customer, options);
  await recordEvent({
    paymentSessionId: paymentSession.id,
    type: 'SESSION_UPDATED',
    actor,
    outcome: synced.ok ? 'SUCCESS' : 'FAILURE',
    amount: totals.order_amount,
    message: synced.ok ? `Session updated: ${reason}` : synced.message,
  });
  if (!synced.ok) {
    return synced.reason === 'market_changed'
      ? marketChanged(paymentSession, priced.market)
      : { kind: 'unavailable', message: synced.message };
  }
  return {
    kind: 'reauthorize',
    reason,
    message: reason === 'cart_changed' ? MESSAGES.cartChanged : MESSAGES.dataMismatch,
    session: toCheckoutSessionView(synced.paymentSession),
  };
}

/**
 * The refusal for a session whose market is not the cart's: nothing is placed or updated, and the
 * shopper starts checkout again in the cart's market (a new session, approved anew).
 */
function marketChanged(paymentSession: PaymentSessionDTO, cartMarket: Market | null): FinalizeResult {
  const from = getMarket(paymentSession.purchaseCountry)?.label ?? paymentSession.purchaseCountry;
  const to = cartMarket ? ` to ${cartMarket.label}` : '';
  return {
    kind: 'reauthorize',
    reason: 'market_changed',
    message:
      `Your shop market changed${to} after this payment was prepared for ${from}, so nothing was ` +
      'charged. Check your details and the prices, then pay again.',
    session: null,
  };
}

/**
 * Invariant 8, checked right before an order is placed: its lines and amount equal the cart priced
 * now from the catalogue in the order's own country and currency (not in whatever market the cart
 * has moved to meanwhile).
 */
export async function pricedAsCatalogue(
  order: { cartId: string; country: string; currency: string },
  totals: KlarnaOrderTotals,
): Promise<boolean> {
  const cart = await getCartForPayment(order.cartId, { currency: order.currency });
  if (!cart) return false;
  const priced = cartPayload({ ...cart, country: order.country, currency: order.currency });
  return priced.ok && serializePayload(priced.totals) === serializePayload(totals);
}

function placed(order: OrderStateDTO, created: boolean): FinalizeResult {
  return { kind: 'placed', orderId: order.id, accessKey: order.accessKey, number: order.number, created };
}
