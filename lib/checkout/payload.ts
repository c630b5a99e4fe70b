import { getMarket, type Market } from '@/lib/markets';
import { buildOrderLines, type KlarnaOrderTotals } from '@/lib/order-lines';
import { fail, succeed, type Result } from '@/lib/result';
import {
  basketLines,
  intentFor,
  type CheckoutIntent,
  type PlannedSubscription,
} from '@/lib/subscription-basket';

/** The slice of a cart this module needs (see `getCartForPayment`). */
export interface PayableCart {
  country: string;
  currency: string;
  /** The cart's account; subscriptions can only be bought signed in. */
  userId?: string | null;
  items: readonly {
    slug: string;
    name: string;
    active: boolean;
    kind: 'ONE_TIME' | 'SUBSCRIPTION';
    interval?: 'MONTH' | 'YEAR' | null;
    quantity: number;
    price: { unitAmount: number; taxRate: number } | null;
  }[];
}

export type CartPayloadFailureReason =
  'empty' | 'unavailable_items' | 'unknown_market' | 'sign_in_required' | 'subscription_quantity';

export type CartPayloadResult = Result<
  {
    market: Market;
    totals: KlarnaOrderTotals;
    /** Klarna's session intent for these lines (lib/subscription-basket.ts). */
    intent: CheckoutIntent;
    subscriptions: PlannedSubscription[];
  },
  CartPayloadFailureReason
>;

/**
 * The Klarna order lines and totals for a cart, from the prices in the database only: the one
 * payload that goes to create/update session, `authorize()` and place order (invariant 2).
 */
export function cartPayload(cart: PayableCart): CartPayloadResult {
  const market = getMarket(cart.country);
  if (!market || market.currency !== cart.currency) {
    return fail('unknown_market', 'We do not sell to this country in this currency.');
  }
  if (cart.items.length === 0) {
    return fail('empty', 'Your cart is empty. Add something before checking out.');
  }
  const unavailable = cart.items.filter((item) => !item.active || !item.price);
  if (unavailable.length > 0) {
    return fail(
      'unavailable_items',
      `Remove ${unavailable.map((item) => item.name).join(', ')} from your cart: not available for checkout in ${market.name}.`,
    );
  }
  // Subscription lines carry Klarna's `subscription` object (a free trial is a line at 0).
  const basket = basketLines(cart.items, { market, signedIn: Boolean(cart.userId) });
  if (!basket.ok) return fail(basket.reason, basket.message);
  const totals = buildOrderLines({ taxStyle: market.taxStyle, lines: basket.lines });
  return succeed({ market, totals, intent: intentFor(totals), subscriptions: basket.subscriptions });
}

/**
 * A canonical JSON string of a payload (keys sorted), so "the cart changed" is a string
 * comparison that does not depend on key order.
 */
export function serializePayload(totals: KlarnaOrderTotals): string {
  return JSON.stringify(totals, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}
