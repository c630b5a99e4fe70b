import 'server-only';

import {
  createPaymentSession,
  findReusablePaymentSession,
  getCartForPayment,
  savePaymentSessionUpdate,
  type CheckoutCustomer,
  type PaymentSessionDTO,
} from '@/lib/data/payment-sessions';
import { env } from '@/lib/env';
import { createSession, isKlarnaError, updateSession, type KlarnaCallOptions } from '@/lib/klarna';
import { getMarket, type Market } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { fail, succeed, type Result } from '@/lib/result';
import type { CheckoutIntent, PlannedSubscription } from '@/lib/subscription-basket';
import { addMs, HOUR_MS } from '@/lib/time';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { cartPayload, salesTaxState, serializePayload, type CartPayloadFailureReason } from './payload';

/** Klarna keeps a session for 48 hours after its last update (api-reference §3.5). */
const SESSION_LIFETIME_MS = 48 * HOUR_MS;

/** The shopper's contact and addresses, as sent to Klarna (stored on the payment session). */
export type { CheckoutCustomer };

/** What the checkout page and the widget get: nothing secret but the session's client token. */
export interface CheckoutSessionView {
  paymentSessionId: string;
  clientToken: string;
  purchaseCountry: string;
  purchaseCurrency: string;
  locale: string;
  totals: KlarnaOrderTotals;
  customer: CheckoutCustomer | null;
  /** True in the US while the session has no shipping state: its sales tax is an estimate. */
  taxEstimated: boolean;
}

export type CheckoutFailureReason =
  CartPayloadFailureReason | 'cart_closed' | 'klarna_unavailable' | 'klarna_refused' | 'market_changed';

export type CheckoutSessionResult = Result<
  { session: CheckoutSessionView; paymentSession: PaymentSessionDTO },
  CheckoutFailureReason
>;

export interface CheckoutOptions extends KlarnaCallOptions {
  /** Base of the merchant URLs Klarna calls back (default: APP_URL). */
  appUrl?: string;
  now?: () => Date;
}

/**
 * Opens the cart's Klarna session, or brings its open one up to date: the lines are always
 * recomputed from the DB cart, and Klarna (and the stored copy) are updated only when the
 * payload or the shopper's details differ from what Klarna already has. A session serves one
 * market (invariant 8): a cart that moved to another market gets a new session there (possibly at
 * another region's host), and the old one is never updated.
 */
export async function startCheckoutSession(
  input: { cartId: string; customer?: CheckoutCustomer },
  options: CheckoutOptions = {},
): Promise<
  Result<
    {
      session: CheckoutSessionView;
      paymentSession: PaymentSessionDTO;
      /** The cart's subscriptions, priced as the session's lines are (US: the state's tax). */
      subscriptions: PlannedSubscription[];
    },
    CheckoutFailureReason
  >
> {
  const cart = await getCartForPayment(input.cartId);
  if (!cart || cart.status !== 'OPEN') {
    return fail('cart_closed', 'This cart has already been ordered. Start a new one.');
  }
  // The lines are priced for the details Klarna will get with them (in the US, the state's tax).
  const customer = input.customer ?? (await openSessionCustomer(cart.id, cart.country, options));
  const payload = cartPayload(cart, customer?.shipping_address);
  if (!payload.ok) return fail(payload.reason, payload.message);
  const started = await sessionForCart(cart.id, payload, customer ?? undefined, options);
  return started.ok ? succeed({ ...started, subscriptions: payload.subscriptions }) : started;
}

/** The details the cart's open session in `country`'s market already has, if any. */
async function openSessionCustomer(
  cartId: string,
  country: string,
  options: CheckoutOptions,
): Promise<CheckoutCustomer | null> {
  const market = getMarket(country);
  const found = await findReusablePaymentSession(cartId, options.now?.() ?? new Date());
  return found && market && sessionServesMarket(found, market) ? found.customer : null;
}

/**
 * The cart's session for lines just priced from it: its open session brought up to date when that
 * can take them, else a new one. `customer` defaults to the details the open session has.
 */
export async function sessionForCart(
  cartId: string,
  priced: MarketTotals & { intent: CheckoutIntent },
  customer: CheckoutCustomer | undefined,
  options: CheckoutOptions,
): Promise<CheckoutSessionResult> {
  const now = options.now?.() ?? new Date();
  const found = await findReusablePaymentSession(cartId, now);
  const existing = found && sessionServesMarket(found, priced.market) ? found : null;
  // Details entered for another market (another country's address) are never carried over.
  const details = customer ?? existing?.customer ?? null;
  // A session's intent cannot change either: a cart that now needs another one (e.g. a
  // subscription was added) gets a new session.
  if (existing && existing.intent === priced.intent) {
    const synced = await syncPaymentSession(existing, priced, details, options);
    if (synced.ok) return view(synced.paymentSession);
    // A session Klarna no longer knows (expired, completed) is replaced by a new one below.
    if (synced.reason !== 'session_gone') return fail(synced.reason, synced.message);
  }
  return openSession(cartId, priced.market, priced.totals, priced.intent, details, options);
}

/**
 * Whether a session can take a cart in `market`. Its country, currency and locale were fixed when
 * Klarna created it, so a cart in any other market needs a new session.
 */
export function sessionServesMarket(
  paymentSession: Pick<PaymentSessionDTO, 'purchaseCountry' | 'currency' | 'locale'>,
  market: Market,
): boolean {
  return (
    paymentSession.purchaseCountry === market.country &&
    paymentSession.currency === market.currency &&
    paymentSession.locale === market.locale
  );
}

/** The market a stored session was created in (undefined only for a market no longer sold). */
export function marketOfSession(paymentSession: PaymentSessionDTO): Market | undefined {
  const market = getMarket(paymentSession.purchaseCountry);
  return market && sessionServesMarket(paymentSession, market) ? market : undefined;
}

/** Lines and totals together with the market whose currency and tax style they are in. */
export interface MarketTotals {
  market: Market;
  totals: KlarnaOrderTotals;
}

type SyncResult = Result<
  { paymentSession: PaymentSessionDTO; changed: boolean },
  'klarna_unavailable' | 'klarna_refused' | 'session_gone' | 'market_changed'
>;

/**
 * Makes Klarna's copy of the session equal `totals` and `customer`. With `force`, sends the
 * update even if the stored copy already matches (after Klarna reported a mismatch). Totals of
 * another market are refused without calling Klarna: amounts in one currency must never reach a
 * session in another.
 */
export async function syncPaymentSession(
  paymentSession: PaymentSessionDTO,
  { market, totals }: MarketTotals,
  customer: CheckoutCustomer | null,
  options: CheckoutOptions & { force?: boolean } = {},
): Promise<SyncResult> {
  if (!sessionServesMarket(paymentSession, market)) {
    return fail(
      'market_changed',
      `This payment was prepared for another market than ${market.label}. Please start the payment again.`,
    );
  }
  if (
    !options.force &&
    serializePayload(totals) === serializePayload(paymentSession.linesPayload) &&
    isDeepStrictEqual(customer, paymentSession.customer)
  ) {
    return succeed({ paymentSession, changed: false });
  }
  try {
    await updateSession(
      paymentSession.region,
      paymentSession.klarnaSessionId,
      {
        purchase_country: paymentSession.purchaseCountry,
        purchase_currency: paymentSession.currency,
        locale: paymentSession.locale,
        ...totals,
        ...(customer ?? {}),
      },
      options,
    );
  } catch (error) {
    const failure = klarnaFailure(error);
    return fail(failure.reason, failure.message);
  }
  const now = options.now?.() ?? new Date();
  const saved = await savePaymentSessionUpdate(paymentSession.id, {
    linesPayload: totals,
    orderAmount: totals.order_amount,
    taxAmount: totals.order_tax_amount,
    customer,
    expiresAt: addMs(now, SESSION_LIFETIME_MS),
  });
  return succeed({ paymentSession: saved, changed: true });
}

async function openSession(
  cartId: string,
  market: Market,
  totals: KlarnaOrderTotals,
  intent: CheckoutIntent,
  customer: CheckoutCustomer | null,
  options: CheckoutOptions,
): Promise<CheckoutSessionResult> {
  const callbackSecret = randomBytes(24).toString('base64url');
  const appUrl = (options.appUrl ?? env.APP_URL).replace(/\/+$/, '');
  const secret = encodeURIComponent(callbackSecret);
  let created;
  try {
    created = await createSession(
      {
        intent,
        purchase_country: market.country,
        purchase_currency: market.currency,
        locale: market.locale,
        ...totals,
        ...(customer ?? {}),
        merchant_urls: {
          authorization: `${appUrl}/api/klarna/authorization?secret=${secret}`,
          notification: `${appUrl}/api/klarna/notification?secret=${secret}`,
        },
      },
      options,
    );
  } catch (error) {
    const failure = klarnaFailure(error);
    return fail(failure.reason === 'session_gone' ? 'klarna_refused' : failure.reason, failure.message);
  }
  const now = options.now?.() ?? new Date();
  const paymentSession = await createPaymentSession({
    cartId,
    klarnaSessionId: created.session_id,
    region: created.region,
    intent,
    purchaseCountry: market.country,
    currency: market.currency,
    locale: market.locale,
    linesPayload: totals,
    orderAmount: totals.order_amount,
    taxAmount: totals.order_tax_amount,
    clientToken: created.client_token,
    callbackSecret,
    customer,
    expiresAt: addMs(now, SESSION_LIFETIME_MS),
  });
  return view(paymentSession);
}

function view(paymentSession: PaymentSessionDTO): CheckoutSessionResult {
  return succeed({ paymentSession, session: toCheckoutSessionView(paymentSession) });
}

export function toCheckoutSessionView(paymentSession: PaymentSessionDTO): CheckoutSessionView {
  return {
    paymentSessionId: paymentSession.id,
    clientToken: paymentSession.clientToken,
    purchaseCountry: paymentSession.purchaseCountry,
    purchaseCurrency: paymentSession.currency,
    locale: paymentSession.locale,
    totals: paymentSession.linesPayload,
    customer: paymentSession.customer,
    taxEstimated: taxEstimated(paymentSession),
  };
}

function taxEstimated(paymentSession: PaymentSessionDTO): boolean {
  const market = marketOfSession(paymentSession);
  return (
    market?.taxStyle === 'sales_tax' &&
    salesTaxState(market, paymentSession.customer?.shipping_address) === undefined
  );
}

function klarnaFailure(error: unknown): {
  reason: 'klarna_unavailable' | 'klarna_refused' | 'session_gone';
  message: string;
} {
  if (!isKlarnaError(error)) throw error;
  if (error.status === 404) {
    return { reason: 'session_gone', message: 'The Klarna session has expired. Please try again.' };
  }
  if (error.transient || error.status === null) {
    return {
      reason: 'klarna_unavailable',
      message: 'Klarna is not responding right now. Your cart is saved; please try again in a moment.',
    };
  }
  console.error('Klarna refused the checkout session', error);
  return {
    reason: 'klarna_refused',
    message: 'Klarna could not accept this purchase. Please check your details or contact us.',
  };
}
