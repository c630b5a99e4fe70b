import { env } from '@/lib/env';
import { getMarket, type Market } from '@/lib/markets';
import { buildOrderLines, OrderLinesError, type KlarnaOrderTotals } from '@/lib/order-lines';
import { fail, succeed, type Result } from '@/lib/result';
import {
  basketLines,
  intentFor,
  type CheckoutIntent,
  type PlannedSubscription,
} from '@/lib/subscription-basket';
import { isUsState, usSalesTaxRate, type UsState } from '@/lib/us-sales-tax';

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
    /** The product's picture: a path served from public/ (or an absolute URL). */
    image?: string;
  }[];
}

export type CartPayloadFailureReason =
  | 'empty'
  | 'unavailable_items'
  | 'unknown_market'
  | 'unknown_state'
  | 'sign_in_required'
  | 'subscription_quantity'
  | 'amount_limit';

/** Where the order ships, as far as the checkout knows it: in the US its state sets the sales tax. */
export interface ShipTo {
  region?: string;
}

export type CartPayloadResult = Result<
  {
    market: Market;
    totals: KlarnaOrderTotals;
    /** Klarna's session intent for these lines (lib/subscription-basket.ts). */
    intent: CheckoutIntent;
    subscriptions: PlannedSubscription[];
    /** True in the US until the shipping state is known: the sales tax is the catalogue's estimate. */
    taxEstimated: boolean;
  },
  CartPayloadFailureReason
>;

/**
 * The Klarna order lines and totals for a cart, from the prices in the database only: the one
 * payload that goes to create/update session, `authorize()` and place order (invariant 2). In the
 * US, `shipTo`'s state sets the sales tax (lib/us-sales-tax.ts); without one it is an estimate.
 */
export function cartPayload(
  cart: PayableCart,
  shipTo?: ShipTo | null,
  options: { appUrl?: string } = {},
): CartPayloadResult {
  const market = getMarket(cart.country);
  if (!market || market.currency !== cart.currency) {
    return fail('unknown_market', 'We do not sell to this country in this currency.');
  }
  const state = salesTaxState(market, shipTo);
  if (state === null) {
    return fail('unknown_state', 'Choose the US state your order ships to.');
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
  const items = cart.items.map((item) => taxedIn(item, market, state));
  const basket = basketLines(items, { market, signedIn: Boolean(cart.userId) });
  if (!basket.ok) return fail(basket.reason, basket.message);
  const appUrl = options.appUrl ?? env.APP_URL;
  // basketLines keeps the cart's order, so line i is item i.
  const lines = basket.lines.map((line, i) => {
    const item = cart.items[i];
    return item ? { ...line, ...productLinks(item, appUrl) } : line;
  });
  let totals: KlarnaOrderTotals;
  try {
    totals = buildOrderLines({ taxStyle: market.taxStyle, lines });
  } catch (error) {
    // Only Klarna's cap on an amount can get here: every other field comes checked from the database.
    if (!(error instanceof OrderLinesError)) throw error;
    return fail(
      'amount_limit',
      'This order is above the amount Klarna can take in one payment. Lower a quantity and try again.',
    );
  }
  return succeed({
    market,
    totals,
    intent: intentFor(totals),
    subscriptions: basket.subscriptions,
    taxEstimated: market.taxStyle === 'sales_tax' && state === undefined,
  });
}

/**
 * The absolute links Klarna shows with a line in its app and e-mails: the product's page (its public
 * path, which the shopper's market cookie serves) and its picture.
 */
export function productLinks(
  item: { slug: string; image?: string },
  appUrl: string,
): { productUrl: string; imageUrl?: string } {
  const base = appUrl.endsWith('/') ? appUrl : `${appUrl}/`;
  return {
    productUrl: new URL(`products/${encodeURIComponent(item.slug)}`, base).href,
    // A public/ path is resolved under the shop's base path, like the page itself.
    ...(item.image ? { imageUrl: new URL(item.image.replace(/^\/+/, ''), base).href } : {}),
  };
}

/**
 * The state whose sales tax applies: undefined when the market has no sales tax or the address is
 * not known yet; null for a region that is not a US state.
 */
export function salesTaxState(
  market: Pick<Market, 'taxStyle'>,
  shipTo?: ShipTo | null,
): UsState | undefined | null {
  if (market.taxStyle !== 'sales_tax' || shipTo?.region === undefined) return undefined;
  const region = shipTo.region.trim().toUpperCase();
  return isUsState(region) ? region : null;
}

/** The rate a line is taxed at in `market`: the catalogue's, or in the US the state's (see usSalesTaxRate). */
export function taxRateIn(
  market: Pick<Market, 'taxStyle'>,
  catalogueRate: number,
  state: UsState | undefined,
): number {
  return market.taxStyle === 'sales_tax' ? usSalesTaxRate(catalogueRate, state) : catalogueRate;
}

function taxedIn<Item extends PayableCart['items'][number]>(
  item: Item,
  market: Pick<Market, 'taxStyle'>,
  state: UsState | undefined,
): Item {
  if (!item.price) return item;
  return { ...item, price: { ...item.price, taxRate: taxRateIn(market, item.price.taxRate, state) } };
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
