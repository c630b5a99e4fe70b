'use client';

import type { TaxStyle } from '@/lib/markets';
import { formatMoney, type CurrencyCode } from '@/lib/money';
import { summarizeOrder, type KlarnaOrderTotals } from '@/lib/order-lines';
import { useId, useState } from 'react';
import { OrderSummary } from './order-summary';

interface SummaryDisclosureProps {
  totals: KlarnaOrderTotals;
  taxStyle: TaxStyle;
  /** The market's country, for its tax's name. */
  country: string;
  currency: CurrencyCode;
  locale: string;
  /** US: the shipping state is not known yet, so the sales tax is an estimate. */
  taxEstimated: boolean;
}

/**
 * The order summary, ahead of the form. Beside the form on a wide screen, always open; on a phone
 * it comes first, folded into a bar that shows the total and opens it, so the shopper can check
 * what they pay for without scrolling past the whole form.
 */
export function SummaryDisclosure(props: SummaryDisclosureProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const total = formatMoney(summarizeOrder(props.totals, props.taxStyle).total, props.currency, props.locale);
  return (
    <div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        className="flex w-full items-center justify-between gap-4 rounded-2xl border border-stone-200 bg-white px-5 py-4 text-left font-medium text-stone-900 shadow-sm hover:bg-stone-50 lg:hidden"
      >
        <span className="flex items-center gap-2">
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className={`h-4 w-4 shrink-0 ${open ? 'rotate-180' : ''}`}
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          >
            <path d="m5 8 5 5 5-5" />
          </svg>
          {open ? 'Hide order summary' : 'Show order summary'}
        </span>
        <span className="font-semibold tabular-nums">{total}</span>
      </button>
      <div id={panelId} className={`${open ? 'mt-3 block' : 'hidden'} lg:mt-0 lg:block`}>
        <OrderSummary {...props} />
      </div>
    </div>
  );
}
