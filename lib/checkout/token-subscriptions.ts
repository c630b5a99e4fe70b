import 'server-only';

import type { NewSubscription } from '@/lib/data/customer-tokens';
import type { PaymentSessionDTO } from '@/lib/data/payment-sessions';
import { getSubscriptionProducts } from '@/lib/data/subscriptions';
import { getMarket } from '@/lib/markets';
import { recurringLines, renewalTotals } from '@/lib/subscription-basket';
import { planTerms } from '@/lib/subscription-plans';
import { periodDueAt } from '@/lib/subscription-schedule';
import { addDays } from '@/lib/time';
import { salesTaxState, taxRateIn } from './payload';

/** "Subscription: Coffee Club, monthly" (Klarna shows it to the shopper; ≤ 255 characters). */
export function tokenDescription(paymentSession: PaymentSessionDTO): string {
  const names = recurringLines(paymentSession.linesPayload).map((line) => line.name);
  const text = `Subscription: ${names.join(', ') || 'recurring purchase'}`;
  return text.length <= 255 ? text : `${text.slice(0, 254)}…`;
}

/**
 * The subscriptions the approved payload describes. A line charged today keeps the price the
 * shopper approved and starts now (its first period is paid by the checkout's order, when there is
 * one); a free-trial line (0 today) takes the product's current price, which its line name quoted,
 * and starts when the trial ends.
 */
export async function planSubscriptions(
  paymentSession: PaymentSessionDTO,
  originOrderId: string | null,
  now: Date,
): Promise<NewSubscription[]> {
  const market = getMarket(paymentSession.purchaseCountry);
  if (!market) throw new Error(`no market for ${paymentSession.purchaseCountry}`);
  // In the US, the rate of the state the shopper gave: every renewal is taxed as the first order.
  const state = salesTaxState(market, paymentSession.customer?.shipping_address) ?? undefined;
  const lines = recurringLines(paymentSession.linesPayload);
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
    const taxRate = taxRateIn(market, product.taxRate, state);
    const period = renewalTotals({ ...line, unitAmount, taxRate }, market.taxStyle);
    return [
      {
        productId: product.productId,
        reference: line.reference,
        name: line.name,
        interval: line.interval,
        intervalCount: line.intervalCount,
        quantity: line.quantity,
        unitAmount,
        taxRate,
        anchorAt,
        trialEndsAt: chargedToday ? null : anchorAt,
        nextPeriod,
        nextChargeAt: periodDueAt(anchorAt, line.interval, line.intervalCount, nextPeriod),
        paidAtCheckout:
          chargedToday && originOrderId
            ? { amount: period.order_amount, taxAmount: period.order_tax_amount, paidAt: now }
            : null,
      },
    ];
  });
}
