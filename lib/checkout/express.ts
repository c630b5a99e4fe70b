import 'server-only';

import { readCheckoutCustomer } from '@/lib/data/json-columns';
import {
  createPaymentSession,
  getCartForPayment,
  getPaymentSessionByKlarnaId,
  type CheckoutCustomer,
  type PaymentSessionDTO,
} from '@/lib/data/payment-sessions';
import { isUniqueViolation } from '@/lib/data/prisma-errors';
import { env } from '@/lib/env';
import { isKlarnaError, readSession, type SessionRead } from '@/lib/klarna';
import { klarnaClientId } from '@/lib/klarna/client-id';
import { regionForPurchaseCountry } from '@/lib/klarna/config';
import { getMarket, type Market } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { fail, succeed, type Result } from '@/lib/result';
import { secretMatches } from '@/lib/secrets';
import { addMs, HOUR_MS } from '@/lib/time';
import { createHmac, randomBytes } from 'node:crypto';
import { cartPayload, type CartPayloadFailureReason } from './payload';
import {
  syncPaymentSession,
  toCheckoutSessionView,
  type CheckoutOptions,
  type CheckoutSessionView,
} from './start-session';

/*
 * Klarna Express Checkout (Klarna's multistep flow with the Payments library's `Buttons`): the
 * button's `authorize({ collect_shipping_address: true, auto_finalize: false }, payload, …)` makes
 * Klarna create the session from `expressPayload` and collect the shopper's address; then
 * `confirmExpressApproval` prices the cart for that address (US: the state's sales tax), records the
 * session and brings Klarna's copy up to date; the review step shows that total and its Pay button
 * calls `finalize()`, whose authorization goes through the checkout's one placing path (claim →
 * place → record, lib/checkout/place-order.ts), as do Klarna's authorization callbacks.
 *
 * It pays for the shopper's database cart, exactly as the checkout does: one market per session,
 * the same market-change rules, one order per cart, session and authorization.
 */

/** Klarna keeps a session for 48 hours after its last update (api-reference §3.5). */
const SESSION_LIFETIME_MS = 48 * HOUR_MS;

export type ExpressFailureReason =
  | CartPayloadFailureReason
  | 'cart_closed'
  | 'subscription'
  | 'unknown_session'
  | 'market_changed'
  | 'address_missing'
  | 'not_shipped'
  | 'klarna_unavailable'
  | 'klarna_refused';

/** The create-session body the Express button hands to Klarna's `authorize()`. */
export interface ExpressPayload extends KlarnaOrderTotals {
  intent: 'buy';
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  merchant_urls: { authorization: string; notification: string };
}

const SUBSCRIPTION_MESSAGE =
  'Subscriptions are bought through the checkout, where you sign in and see every later charge.';

/**
 * The payload for an Express approval of the cart, priced without an address (in the US the
 * catalogue's estimate; the collected address sets the real tax before anything is paid). Its
 * merchant URLs carry a secret bound to this cart, so an approval of any other session is refused.
 */
export async function expressPayload(
  cartId: string,
  options: Pick<CheckoutOptions, 'appUrl'> = {},
): Promise<Result<{ payload: ExpressPayload }, ExpressFailureReason>> {
  const cart = await getCartForPayment(cartId);
  if (!cart || cart.status !== 'OPEN') {
    return fail('cart_closed', 'This cart has already been ordered. Start a new one.');
  }
  const priced = cartPayload(cart);
  if (!priced.ok) return fail(priced.reason, priced.message);
  if (priced.intent !== 'buy') return fail('subscription', SUBSCRIPTION_MESSAGE);
  const { market, totals } = priced;
  const appUrl = (options.appUrl ?? env.APP_URL).replace(/\/+$/, '');
  const secret = encodeURIComponent(expressSecret(cartId));
  return succeed({
    payload: {
      intent: 'buy',
      purchase_country: market.country,
      purchase_currency: market.currency,
      locale: market.locale,
      ...totals,
      merchant_urls: {
        authorization: `${appUrl}/api/klarna/authorization?secret=${secret}`,
        notification: `${appUrl}/api/klarna/notification?secret=${secret}`,
      },
    },
  });
}

export interface ExpressReview {
  session: CheckoutSessionView;
  /** What Klarna showed the shopper at the button, when the collected address changed it. */
  approvedAmount: number | null;
}

/**
 * After the shopper approved in Klarna's overlay: checks that the session is this cart's, in its
 * market, with an address in that market; prices the cart for the address; records the session
 * (once, however often this runs) and sends Klarna the priced lines and the addresses, so
 * `finalize()` authorizes exactly what the review shows.
 */
export async function confirmExpressApproval(
  input: { cartId: string; klarnaSessionId: string },
  options: CheckoutOptions = {},
): Promise<Result<ExpressReview, ExpressFailureReason>> {
  const cart = await getCartForPayment(input.cartId);
  if (!cart || cart.status !== 'OPEN') {
    return fail('cart_closed', 'This cart has already been ordered. Start a new one.');
  }
  const market = getMarket(cart.country);
  if (!market || market.currency !== cart.currency) {
    return fail('unknown_market', 'We do not sell to this country in this currency.');
  }
  const known = await getPaymentSessionByKlarnaId(input.klarnaSessionId);
  if (known && known.cartId !== cart.id) return unknownSession();

  const read = await readExpressSession(
    regionForPurchaseCountry(market.country),
    input.klarnaSessionId,
    options,
  );
  if (!read.ok) return read;
  const { session } = read;
  const secret = secretOf(session);
  if (!secret || !expressSecretMatches(secret, cart.id)) return unknownSession();
  if (session.purchase_country !== market.country || session.purchase_currency !== market.currency) {
    return fail(
      'market_changed',
      `Your shop market changed to ${market.label} after you went to Klarna, so nothing was charged. Check the prices, then pay again.`,
    );
  }
  const customer = collectedCustomer(session);
  if (!customer) {
    return fail(
      'address_missing',
      'Klarna did not give us a complete address. Please use the checkout instead.',
    );
  }
  if (customer.shipping_address.country.toUpperCase() !== market.country) {
    return fail(
      'not_shipped',
      `This shop delivers to ${market.name} only, so nothing was charged. To ship elsewhere, choose that country in the shop first.`,
    );
  }

  const priced = cartPayload(cart, customer.shipping_address);
  if (!priced.ok) return fail(priced.reason, priced.message);
  if (priced.intent !== 'buy') return fail('subscription', SUBSCRIPTION_MESSAGE);

  const row =
    known ??
    (await recordExpressSession({
      cartId: cart.id,
      market,
      session,
      klarnaSessionId: input.klarnaSessionId,
      totals: priced.totals,
      customer,
      secret,
      now: options.now?.() ?? new Date(),
    }));
  // A new row is sent once whatever it holds: Klarna has the lines and addresses of the button.
  const synced = await syncPaymentSession(row, priced, customer, { ...options, force: !known });
  if (!synced.ok) {
    return fail(synced.reason === 'session_gone' ? 'unknown_session' : synced.reason, synced.message);
  }
  const approvedAmount = session.order_amount !== priced.totals.order_amount ? session.order_amount : null;
  return succeed({ session: toCheckoutSessionView(synced.paymentSession), approvedAmount });
}

function unknownSession() {
  return fail(
    'unknown_session' as const,
    'This Klarna payment does not belong to your cart, so nothing was charged. Please start again.',
  );
}

async function readExpressSession(
  region: ReturnType<typeof regionForPurchaseCountry>,
  klarnaSessionId: string,
  options: CheckoutOptions,
): Promise<Result<{ session: SessionRead }, ExpressFailureReason>> {
  try {
    return succeed({ session: await readSession(region, klarnaSessionId, options) });
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    if (error.status !== null && error.status >= 400 && error.status < 500) return unknownSession();
    return fail(
      'klarna_unavailable',
      'Klarna is not responding right now. Nothing was charged and your cart is saved; please try again.',
    );
  }
}

/** The session row for an Express approval; the one already there when a concurrent call won. */
async function recordExpressSession(input: {
  cartId: string;
  market: Market;
  session: SessionRead;
  klarnaSessionId: string;
  totals: KlarnaOrderTotals;
  customer: CheckoutCustomer;
  secret: string;
  now: Date;
}): Promise<PaymentSessionDTO> {
  const { market, session, totals } = input;
  try {
    return await createPaymentSession({
      cartId: input.cartId,
      klarnaSessionId: input.klarnaSessionId,
      region: regionForPurchaseCountry(market.country),
      intent: 'buy',
      purchaseCountry: market.country,
      currency: market.currency,
      locale: market.locale,
      linesPayload: totals,
      orderAmount: totals.order_amount,
      taxAmount: totals.order_tax_amount,
      clientToken: session.client_token ?? '',
      callbackSecret: input.secret,
      customer: input.customer,
      expiresAt: addMs(input.now, SESSION_LIFETIME_MS),
    });
  } catch (error) {
    const existing = isUniqueViolation(error)
      ? await getPaymentSessionByKlarnaId(input.klarnaSessionId)
      : null;
    if (existing && existing.cartId === input.cartId) return existing;
    throw error;
  }
}

/** The addresses Klarna collected: shipping, or the billing address Klarna ships to without one. */
function collectedCustomer(session: SessionRead): CheckoutCustomer | null {
  const billing = session.billing_address;
  const shipping = session.shipping_address ?? billing;
  const lower = <Address extends { email?: string }>(address: Address | undefined) =>
    address && { ...address, ...(address.email ? { email: address.email.trim().toLowerCase() } : {}) };
  return readCheckoutCustomer({ billing_address: lower(billing), shipping_address: lower(shipping) });
}

/** The secret in the session's authorization URL (the one `expressPayload` put there). */
function secretOf(session: SessionRead): string | null {
  const url = session.merchant_urls?.authorization;
  if (!url) return null;
  try {
    return new URL(url).searchParams.get('secret');
  } catch {
    return null;
  }
}

/** `nonce.mac`: random per button click, and provably made by this shop for this cart. */
function expressSecret(cartId: string): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${expressMac(cartId, nonce)}`;
}

function expressSecretMatches(secret: string, cartId: string): boolean {
  const [nonce, mac, ...rest] = secret.split('.');
  if (!nonce || !mac || rest.length > 0) return false;
  return secretMatches(mac, expressMac(cartId, nonce));
}

function expressMac(cartId: string, nonce: string): string {
  return createHmac('sha256', env.NEXTAUTH_SECRET)
    .update(`klarna-express:${cartId}:${nonce}`)
    .digest('base64url');
}

/**
 * The public client identifier the Express button starts with in `country`'s Klarna region, or
 * null when none is configured (then the page shows no button). Pages ask the flow, not the adapter.
 */
export function expressClientIdFor(country: string): string | null {
  return klarnaClientId(country);
}
