import type { CartDTO } from '@/lib/data/carts';
import { taxLabelFor, type Market } from '@/lib/markets';
import { formatMoney } from '@/lib/money';

/** Totals exactly as checkout will send them to Klarna (`summarizeOrder` over `buildOrderLines`). */
export function CartSummary({ cart, market }: { cart: CartDTO; market: Market }) {
  const money = (amount: number) => formatMoney(amount, cart.currency, market.locale);
  const { summary } = cart;
  return (
    <div className="flex flex-col gap-2">
      <dl className="flex flex-col gap-2 text-stone-800">
        <div className="flex justify-between gap-4">
          <dt>Subtotal</dt>
          <dd>{money(summary.subtotal)}</dd>
        </div>
        {summary.discount > 0 ? (
          <div className="flex justify-between gap-4">
            <dt>Discount</dt>
            <dd>−{money(summary.discount)}</dd>
          </div>
        ) : null}
        {summary.taxIncluded ? null : (
          <div className="flex justify-between gap-4">
            {/* The cart has no address yet: US sales tax is an estimate until checkout has the state. */}
            <dt>{taxLabelFor(market.country, true)}</dt>
            <dd data-testid="cart-tax">{money(summary.tax)}</dd>
          </div>
        )}
        <div className="flex justify-between gap-4 border-t border-stone-200 pt-2 text-lg font-semibold text-stone-950">
          <dt>Total</dt>
          <dd data-testid="cart-total">{money(summary.total)}</dd>
        </div>
      </dl>
      {summary.taxIncluded ? (
        <p className="text-sm text-stone-700">
          Includes {market.taxName} of {money(summary.tax)}
        </p>
      ) : null}
    </div>
  );
}
