import { priceIn, type PriceDTO } from '@/lib/data/products';
import type { Market } from '@/lib/markets';
import { formatMoney } from '@/lib/money';

/**
 * "incl. GST" where prices include the tax; in the US prices are net and the sales tax, which
 * depends on the state the order ships to, is added at checkout.
 */
export function taxNote(market: Market): string {
  if (market.taxStyle === 'sales_tax') {
    return `plus ${market.taxName.toLowerCase()} for your state, added at checkout`;
  }
  return `incl. ${market.taxName}`;
}

/** "per month" / "per year" for subscriptions; nothing for one-time products. */
export function intervalText(interval: 'MONTH' | 'YEAR' | null): string | null {
  if (interval === 'MONTH') return 'per month';
  if (interval === 'YEAR') return 'per year';
  return null;
}

/** A product's price in the market's currency with its tax note, or why it cannot be bought. */
export function Price({
  prices,
  market,
  interval,
  size = 'md',
}: {
  prices: PriceDTO[];
  market: Market;
  interval: 'MONTH' | 'YEAR' | null;
  size?: 'md' | 'lg';
}) {
  const price = priceIn({ prices }, market.currency);
  if (!price) return <p className="text-sm text-stone-700">Not available in {market.name}</p>;
  const per = intervalText(interval);
  return (
    <p className="flex flex-wrap items-baseline gap-x-1.5" data-testid="price">
      <span
        className={size === 'lg' ? 'text-2xl font-semibold text-stone-950' : 'font-semibold text-stone-950'}
      >
        {formatMoney(price.unitAmount, market.currency, market.locale)}
      </span>
      {per ? <span className="text-stone-800">{per}</span> : null}
      <span className="text-xs text-stone-700">{taxNote(market)}</span>
    </p>
  );
}
