import { taxLabelFor, taxNameFor, type TaxStyle } from '@/lib/markets';
import { formatMoney, type CurrencyCode } from '@/lib/money';
import { summarizeOrder, type KlarnaOrderTotals } from '@/lib/order-lines';

interface OrderSummaryProps {
  totals: KlarnaOrderTotals;
  taxStyle: TaxStyle;
  /** The market's country: its tax's name ("GST", "Sales tax", "VAT"). */
  country: string;
  currency: CurrencyCode;
  locale: string;
  /** US: the shipping state is not known yet, so the sales tax is an estimate. */
  taxEstimated: boolean;
}

/**
 * The lines and totals exactly as Klarna receives them (the same payload), so what the shopper
 * reads here is what they approve.
 */
export function OrderSummary({
  totals,
  taxStyle,
  country,
  currency,
  locale,
  taxEstimated,
}: OrderSummaryProps) {
  const taxName = taxNameFor(country);
  const summary = summarizeOrder(totals, taxStyle);
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const products = totals.order_lines.filter((line) => line.type === 'physical' || line.type === 'digital');
  return (
    <section
      aria-labelledby="order-summary-title"
      className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm"
    >
      <h2 id="order-summary-title" className="text-lg font-semibold text-stone-900">
        Order summary
      </h2>
      <ul className="mt-4 divide-y divide-stone-100" aria-label="Items">
        {products.map((line) => (
          <li key={line.reference} className="flex justify-between gap-4 py-2 text-sm">
            <span>
              {line.name} <span className="text-stone-500">× {line.quantity}</span>
            </span>
            <span className="tabular-nums">{money(line.total_amount)}</span>
          </li>
        ))}
      </ul>
      <dl className="mt-4 space-y-1 border-t border-stone-200 pt-4 text-sm">
        <div className="flex justify-between">
          <dt>Subtotal</dt>
          <dd className="tabular-nums">{money(summary.subtotal)}</dd>
        </div>
        {summary.discount > 0 ? (
          <div className="flex justify-between">
            <dt>Discount</dt>
            <dd className="tabular-nums">−{money(summary.discount)}</dd>
          </div>
        ) : null}
        <div className="flex justify-between">
          <dt>Shipping</dt>
          <dd className="tabular-nums">{summary.shipping > 0 ? money(summary.shipping) : 'Free'}</dd>
        </div>
        {summary.taxIncluded ? null : (
          <div className="flex justify-between">
            <dt>{taxLabelFor(country, taxEstimated)}</dt>
            <dd className="tabular-nums" data-testid="order-tax">
              {money(summary.tax)}
            </dd>
          </div>
        )}
        <div className="flex justify-between pt-2 text-base font-semibold text-stone-900">
          <dt>Total</dt>
          <dd className="tabular-nums" data-testid="order-total">
            {money(summary.total)}
          </dd>
        </div>
      </dl>
      {summary.taxIncluded ? (
        <p className="mt-1 text-xs text-stone-600">
          Including {money(summary.tax)} {taxName}
        </p>
      ) : null}
    </section>
  );
}
