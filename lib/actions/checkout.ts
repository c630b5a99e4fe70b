'use server';

import { needsReauthorization } from '@/lib/checkout/outcomes';
import { finalizeOrder } from '@/lib/checkout/place-order';
import { startCheckoutSession, type CheckoutSessionView } from '@/lib/checkout/start-session';
import { getPaymentSessionOwner } from '@/lib/data/payment-sessions';
import { getMarket, isCountryCode } from '@/lib/markets';
import { getRequestCart, getRequestCartOwner } from '@/lib/request-cart';
import { upcomingCharges, type UpcomingCharge } from '@/lib/subscription-basket';
import {
  checkoutFormInput,
  checkoutFormSchema,
  placeOrderInputSchema,
  toKlarnaAddress,
  type CheckoutField,
} from '@/lib/validations/checkout';
import { isForm, NOT_A_FORM_MESSAGE } from '@/lib/validations/form';
import { z } from 'zod';

export type StartCheckoutResult =
  | {
      ok: true;
      session: CheckoutSessionView;
      /** The subscriptions' later charges, priced for the address just given. */
      charges: UpcomingCharge[];
    }
  | {
      ok: false;
      message: string;
      fieldErrors: Partial<Record<CheckoutField, string>>;
      /** The cart is in another market than the page was shown for: show checkout again. */
      restart?: true;
    };

/**
 * Validates the contact and address form for the cart's market, then opens (or updates) the
 * cart's Klarna session from the DB cart. Only the form's fields are read: amounts and lines never
 * come from the browser.
 */
export async function startCheckout(formData: FormData): Promise<StartCheckoutResult> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM_MESSAGE, fieldErrors: {} };
  const cart = await getRequestCart();
  if (!cart.id || cart.lines.length === 0) {
    return { ok: false, message: 'Your cart is empty. Add something before checking out.', fieldErrors: {} };
  }
  if (!isCountryCode(cart.country)) {
    return { ok: false, message: 'We do not sell to this country.', fieldErrors: {} };
  }
  // The market was switched (e.g. in another tab) since this page was shown: its prices, address
  // fields and totals are another market's, so the shopper sees checkout again before paying.
  // (`market`: a hidden field of the checkout form, the country the page was shown for.)
  const shownFor = formData.get('market');
  if (typeof shownFor === 'string' && shownFor !== cart.country) {
    return {
      ok: false,
      restart: true,
      message: `Your shop market changed to ${getMarket(cart.country)?.label ?? cart.country}. Check the prices and your details, then continue.`,
      fieldErrors: {},
    };
  }
  const parsed = checkoutFormSchema(cart.country).safeParse(checkoutFormInput(formData));
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return {
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: Object.fromEntries(
        Object.entries(fieldErrors).map(([field, messages]) => [field, messages?.[0]]),
      ),
    };
  }
  const address = toKlarnaAddress(parsed.data, cart.country);
  const result = await startCheckoutSession({
    cartId: cart.id,
    customer: { billing_address: address, shipping_address: { ...address } },
  });
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: {} };
  const market = getMarket(cart.country);
  const charges = market ? upcomingCharges(result.subscriptions, market, new Date()) : [];
  return { ok: true, session: result.session, charges };
}

export type PlaceOrderResult =
  | { kind: 'placed'; url: string }
  | { kind: 'reauthorize'; message: string; session: CheckoutSessionView | null }
  /** The cart moved to another market: checkout starts again there, on a new session. */
  | { kind: 'restart'; message: string }
  | { kind: 'declined' | 'unavailable' | 'in_progress' | 'invalid'; message: string };

/**
 * Called by the Klarna widget once the shopper approved: places the order (or finds the one the
 * authorization callback, a double click or another tab already placed) and says where to go.
 */
export async function placeOrder(input: unknown): Promise<PlaceOrderResult> {
  const parsed = placeOrderInputSchema.safeParse(input);
  if (!parsed.success)
    return { kind: 'invalid', message: 'This payment could not be read. Please try again.' };

  // Only the shopper whose cart this is (by cookie or account) may finalize it and see the order.
  const [owner, sessionOwner] = await Promise.all([
    getRequestCartOwner(),
    getPaymentSessionOwner(parsed.data.paymentSessionId),
  ]);
  const mine =
    sessionOwner !== null &&
    (owner.token === sessionOwner.cartToken ||
      (owner.userId !== null && owner.userId === sessionOwner.userId));
  if (!mine) return { kind: 'invalid', message: 'This checkout session was not found. Please start again.' };

  const result = await finalizeOrder({ ...parsed.data, actor: 'shopper' });
  if (result.ok) {
    return result.outcome === 'placed'
      ? { kind: 'placed', url: `/orders/${result.orderId}?key=${encodeURIComponent(result.accessKey)}` }
      : // No order (nothing was charged today): the shopper's subscriptions show what happens next.
        { kind: 'placed', url: '/account/subscriptions?started=1' };
  }
  if (needsReauthorization(result)) {
    return result.reason === 'market_changed'
      ? { kind: 'restart', message: result.message }
      : { kind: 'reauthorize', message: result.message, session: result.session };
  }
  switch (result.reason) {
    case 'declined':
    case 'unavailable':
    case 'in_progress':
      return { kind: result.reason, message: result.message };
    default:
      return { kind: 'invalid', message: result.message };
  }
}
