import { formatMoney } from '@/lib/money';
import type { UpcomingCharge } from '@/lib/subscription-basket';
import { chargeTermsText } from './format';

/**
 * What the checkout charges today and what it charges later, in plain words with amounts and
 * dates, next to the order summary. Only shown for a basket with subscriptions.
 */
export function ChargeSchedule({
  today,
  charges,
  currency,
  locale,
  taxEstimated = false,
}: {
  /** Minor units: the session's order_amount, exactly what Klarna is asked to charge now. */
  today: number;
  charges: readonly UpcomingCharge[];
  currency: string;
  locale: string;
  /** US: the amounts include the estimated sales tax, until checkout has the shipping state. */
  taxEstimated?: boolean;
}) {
  if (charges.length === 0) return null;
  return (
    <section
      aria-labelledby="charge-schedule-title"
      data-testid="charge-schedule"
      className="mb-8 rounded-2xl border border-brand-200 bg-brand-50 p-6 text-stone-900"
    >
      <h2 id="charge-schedule-title" className="text-lg font-semibold">
        What you pay, and when
      </h2>
      <p className="mt-2" data-testid="charged-today">
        {today === 0 ? (
          <>
            <strong>Nothing is charged today.</strong> Klarna saves your payment method for the charges below.
          </>
        ) : (
          <>
            Charged today: <strong className="tabular-nums">{formatMoney(today, currency, locale)}</strong>.
          </>
        )}
      </p>
      <ul className="mt-3 space-y-1" aria-label="Later charges">
        {charges.map((charge) => (
          <li key={charge.name} data-testid="later-charge">
            {charge.name}: <span data-testid="charge-terms">{chargeTermsText(charge, locale)}</span>, until
            you cancel.
          </li>
        ))}
      </ul>
      {taxEstimated ? (
        <p className="mt-3 text-sm text-stone-700">
          These amounts include estimated sales tax; your state&apos;s tax applies once you enter your
          address.
        </p>
      ) : null}
      <p className="mt-3 text-sm text-stone-700">
        You can cancel any time from your account, under Subscriptions; nothing is charged after that.
      </p>
    </section>
  );
}
