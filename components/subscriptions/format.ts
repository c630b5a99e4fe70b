import type { SubscriptionStatus } from '@/lib/data/subscriptions';
import { formatLongDate, getMarket } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import { everyText, renewalTotals, type UpcomingCharge } from '@/lib/subscription-basket';

/*
 * Formatting for subscriptions, at the edge only: amounts in the subscription's currency and the
 * shopper's locale, dates in UTC (the renewal job's dates are UTC instants) so every page agrees.
 */

/** "14 December 2026" for a Swedish shopper, "December 14, 2026" for an American one. */
export function chargeDate(date: Date, locale: string): string {
  return formatLongDate(date, locale);
}

/**
 * "0,00 kr today, then 199,00 kr per month from 21 December 2026": a subscription's terms in the
 * same words on the product page, in the cart and at checkout. Without `firstChargeAt` (a cached
 * page that does not know today's date yet) the sentence stops before "from".
 */
export function chargeTermsText(
  charge: Pick<UpcomingCharge, 'today' | 'amount' | 'currency' | 'every'> & { firstChargeAt: Date | null },
  locale: string,
): string {
  const text = `${formatMoney(charge.today, charge.currency, locale)} today, then ${formatMoney(charge.amount, charge.currency, locale)} ${charge.every}`;
  return charge.firstChargeAt ? `${text} from ${chargeDate(charge.firstChargeAt, locale)}` : text;
}

interface PricedSubscription {
  reference: string;
  name: string;
  quantity: number;
  unitAmount: number;
  taxRate: number;
  currency: string;
  country: string;
  locale: string;
  interval: 'MONTH' | 'YEAR';
  intervalCount: number;
}

/** What one period costs, exactly as a renewal charges it (US: sales tax included). */
export function periodAmount(subscription: PricedSubscription): number {
  const market = getMarket(subscription.country);
  return renewalTotals(subscription, market?.taxStyle ?? 'vat').order_amount;
}

/** "199,00 kr per month", "$21.65 per year". */
export function pricePerPeriod(subscription: PricedSubscription): string {
  return `${formatMoney(periodAmount(subscription), subscription.currency, subscription.locale)} ${everyText(subscription.interval, subscription.intervalCount)}`;
}

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = {
  ACTIVE: 'Active',
  PAST_DUE: 'Payment overdue',
  SUSPENDED: 'On hold',
  CANCELLED: 'Cancelled',
};

const STATUS_COLOURS: Record<SubscriptionStatus, string> = {
  ACTIVE: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
  PAST_DUE: 'bg-red-50 text-red-800 ring-red-300',
  SUSPENDED: 'bg-amber-50 text-amber-900 ring-amber-300',
  CANCELLED: 'bg-stone-100 text-stone-700 ring-stone-300',
};

export function subscriptionStatusClasses(status: SubscriptionStatus): string {
  return `inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_COLOURS[status]}`;
}
