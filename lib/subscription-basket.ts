/**
 * How a basket with subscriptions goes to Klarna: its order lines (subscription lines carry Klarna's
 * `subscription` object; a free trial is a line at 0), the session intent that follows from them,
 * and what is charged today and later. Pure: checkout, the checkout page and the token step all
 * derive the same answer from the same cart.
 */
import type { Market, TaxStyle } from '@/lib/markets';
import { formatMoney, type CurrencyCode } from '@/lib/money';
import {
  buildOrderLines,
  type CartLineInput,
  type KlarnaOrderLine,
  type KlarnaOrderTotals,
} from '@/lib/order-lines';
import { addDays } from '@/lib/time';
import { planQuantityMessage, planTerms } from './subscription-plans';
import { periodDueAt, type BillingInterval } from './subscription-schedule';

/**
 * Klarna's session intents (api-reference §3.2, §3.5):
 * - `buy`: one-time products only; an order, no token;
 * - `buy_and_tokenize`: subscriptions only, charged now: an order and a customer token;
 * - `buy_and_default_tokenize`: one-time products with a subscription: an order and a token;
 * - `tokenize`: nothing is charged today (free trials): a token only, the first charge later.
 */
export type CheckoutIntent = 'buy' | 'buy_and_tokenize' | 'buy_and_default_tokenize' | 'tokenize';

/** Whether the authorization becomes an order (the first call after approval). */
export function intentPlacesOrder(intent: string): boolean {
  return intent === 'buy' || intent === 'buy_and_tokenize' || intent === 'buy_and_default_tokenize';
}

/** Whether the authorization becomes a customer token (the second call, or the only one). */
export function intentCreatesToken(intent: string): boolean {
  return intent === 'tokenize' || intent === 'buy_and_tokenize' || intent === 'buy_and_default_tokenize';
}

/** A cart line as checkout reads it (see `getCartForPayment`). */
export interface BasketItem {
  slug: string;
  name: string;
  kind: 'ONE_TIME' | 'SUBSCRIPTION';
  interval?: BillingInterval | null;
  quantity: number;
  price: { unitAmount: number; taxRate: number } | null;
}

/** A subscription as the basket sells it, with its real price even when today's line is a free trial. */
export interface PlannedSubscription {
  reference: string;
  name: string;
  interval: BillingInterval;
  intervalCount: number;
  trialDays: number;
  quantity: number;
  /** Minor units per unit and period (VAT included; US: before sales tax). */
  unitAmount: number;
  taxRate: number;
  /** False for a free trial: nothing is charged for it today. */
  chargedToday: boolean;
}

export type BasketLinesResult =
  | { ok: true; lines: CartLineInput[]; subscriptions: PlannedSubscription[] }
  | {
      ok: false;
      reason: 'sign_in_required' | 'subscription_quantity' | 'unavailable_items';
      message: string;
    };

const SIGN_IN_MESSAGE =
  'Sign in or create an account to buy a subscription: you manage and cancel it from your account.';

/**
 * The order lines for a basket whose items are all available and priced. Subscriptions need a
 * signed-in shopper (the renewals, the token and the cancel button belong to an account) and at most
 * the plan's quantity.
 */
export function basketLines(
  items: readonly BasketItem[],
  options: { market: Market; signedIn: boolean },
): BasketLinesResult {
  const recurring = items.filter((item) => item.kind === 'SUBSCRIPTION');
  if (recurring.length > 0 && !options.signedIn) {
    return { ok: false, reason: 'sign_in_required', message: SIGN_IN_MESSAGE };
  }
  const misconfigured = recurring.filter(
    (item) => !item.interval || !item.price || item.price.unitAmount < 1,
  );
  if (misconfigured.length > 0) {
    return {
      ok: false,
      reason: 'unavailable_items',
      message: `Remove ${misconfigured.map((item) => item.name).join(', ')} from your cart: this subscription cannot be bought right now.`,
    };
  }
  for (const item of recurring) {
    const { maxQuantity } = planTerms(item.slug);
    if (item.quantity > maxQuantity) {
      return {
        ok: false,
        reason: 'subscription_quantity',
        message: `${planQuantityMessage(item.name, maxQuantity)} Change it in your cart.`,
      };
    }
  }

  const subscriptions: PlannedSubscription[] = [];
  const lines = items.map((item): CartLineInput => {
    const base = {
      reference: item.slug,
      name: item.name,
      quantity: item.quantity,
      unitPrice: item.price?.unitAmount ?? 0,
      taxRate: item.price?.taxRate ?? 0,
    };
    if (item.kind !== 'SUBSCRIPTION' || !item.interval) return base;
    const terms = planTerms(item.slug);
    const planned: PlannedSubscription = {
      reference: item.slug,
      name: item.name,
      interval: item.interval,
      intervalCount: terms.intervalCount,
      trialDays: terms.trialDays,
      quantity: item.quantity,
      unitAmount: base.unitPrice,
      taxRate: base.taxRate,
      chargedToday: terms.trialDays === 0,
    };
    subscriptions.push(planned);
    const subscription = { name: item.name, interval: item.interval, interval_count: terms.intervalCount };
    if (planned.chargedToday) return { ...base, subscription };
    // Nothing is charged today. The line still says what follows, so the shopper approves the real
    // price and a price change before the order alters the payload (and asks for a new approval).
    return {
      ...base,
      name: trialLineName(planned, options.market),
      unitPrice: 0,
      subscription,
    };
  });
  return { ok: true, lines, subscriptions };
}

/** "Coffee Club, monthly: 14 days free, then 199,00 kr per month" (≤ 255 characters). */
function trialLineName(
  subscription: Pick<
    PlannedSubscription,
    'name' | 'trialDays' | 'quantity' | 'unitAmount' | 'interval' | 'intervalCount'
  >,
  market: Pick<Market, 'currency' | 'taxStyle' | 'locale' | 'taxName'>,
): string {
  // Written as every page writes money, so Klarna's summary reads like the shop's.
  const amount = formatMoney(subscription.quantity * subscription.unitAmount, market.currency, market.locale);
  const tax = market.taxStyle === 'sales_tax' ? ` plus ${market.taxName.toLowerCase()}` : '';
  const text = `${subscription.name}: ${subscription.trialDays} days free, then ${amount}${tax} ${everyText(subscription.interval, subscription.intervalCount)}`;
  return text.length <= 255 ? text : `${text.slice(0, 254)}…`;
}

/** "per month", "every 3 months", "per year". */
export function everyText(interval: BillingInterval, intervalCount: number): string {
  const unit = interval === 'YEAR' ? 'year' : 'month';
  return intervalCount === 1 ? `per ${unit}` : `every ${intervalCount} ${unit}s`;
}

/**
 * The intent a payload needs. Decided from the lines alone, so equal payloads always have equal
 * intents: a cart change that changes the intent also changes the payload.
 */
export function intentFor(totals: KlarnaOrderTotals): CheckoutIntent {
  const products = totals.order_lines.filter((line) => line.type === 'physical' || line.type === 'digital');
  if (!products.some((line) => line.subscription)) return 'buy';
  // Nothing to charge today: Klarna refuses buy_and_tokenize for 0, so only a token is created.
  if (totals.order_amount === 0) return 'tokenize';
  return products.some((line) => !line.subscription) ? 'buy_and_default_tokenize' : 'buy_and_tokenize';
}

/** A subscription line of an approved payload: what the shopper agreed to. */
export interface RecurringLine {
  reference: string;
  /** The product's name (Klarna's `subscription.name`), not the trial wording of the line. */
  name: string;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  /** Today's unit price: 0 for a free trial. */
  unitPriceToday: number;
}

/** The subscription lines of a payload, in line order. */
export function recurringLines(totals: KlarnaOrderTotals): RecurringLine[] {
  return totals.order_lines.flatMap((line: KlarnaOrderLine) => {
    const subscription = line.subscription;
    if (!subscription || (subscription.interval !== 'MONTH' && subscription.interval !== 'YEAR')) return [];
    return [
      {
        reference: line.reference,
        name: subscription.name,
        interval: subscription.interval,
        intervalCount: subscription.interval_count,
        quantity: line.quantity,
        unitPriceToday: line.unit_price,
      },
    ];
  });
}

/** What one period of a subscription costs, as the renewal order will charge it (US: plus sales tax). */
export function renewalTotals(
  subscription: Pick<
    PlannedSubscription,
    'reference' | 'name' | 'interval' | 'intervalCount' | 'quantity' | 'unitAmount' | 'taxRate'
  >,
  taxStyle: TaxStyle,
): KlarnaOrderTotals {
  return buildOrderLines({
    taxStyle,
    lines: [
      {
        reference: subscription.reference,
        name: subscription.name,
        quantity: subscription.quantity,
        unitPrice: subscription.unitAmount,
        taxRate: subscription.taxRate,
        subscription: {
          name: subscription.name,
          interval: subscription.interval,
          interval_count: subscription.intervalCount,
        },
      },
    ],
  });
}

/** One future charge the checkout page announces. */
export interface UpcomingCharge {
  name: string;
  /** Minor units charged for it today (0 during a free trial; US: sales tax included). */
  today: number;
  /** Minor units per period, in the market's currency. */
  amount: number;
  currency: CurrencyCode;
  /** The first charge after today's. */
  firstChargeAt: Date;
  every: string;
  trialDays: number;
}

/**
 * When each subscription is next charged, counted from `now` (the approval): the end of the free
 * trial, or one interval after today's charge.
 */
export function upcomingCharges(
  subscriptions: readonly PlannedSubscription[],
  market: Pick<Market, 'currency' | 'taxStyle'>,
  now: Date,
): UpcomingCharge[] {
  return subscriptions.map((subscription) => {
    const amount = renewalTotals(subscription, market.taxStyle).order_amount;
    return {
      name: subscription.name,
      today: subscription.chargedToday ? amount : 0,
      amount,
      currency: market.currency,
      firstChargeAt: subscription.chargedToday
        ? periodDueAt(now, subscription.interval, subscription.intervalCount, 2)
        : addDays(now, subscription.trialDays),
      every: everyText(subscription.interval, subscription.intervalCount),
      trialDays: subscription.trialDays,
    };
  });
}

/**
 * What one subscription product costs today and later, worked out exactly as checkout does (the
 * same basket lines and charges), so the product page and the cart can say what checkout will say.
 * Null when checkout would refuse the item (no price, or more than the plan allows).
 */
export function subscriptionTerms(
  item: Omit<BasketItem, 'kind'>,
  market: Market,
  now: Date,
): UpcomingCharge | null {
  // Signed in: the product page and the cart show the price a shopper gets once signed in.
  const basket = basketLines([{ ...item, kind: 'SUBSCRIPTION' }], { market, signedIn: true });
  if (!basket.ok) return null;
  return upcomingCharges(basket.subscriptions, market, now)[0] ?? null;
}
