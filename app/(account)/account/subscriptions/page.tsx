import { ConfirmAction } from '@/components/subscriptions/confirm-action';
import { chargeDate, periodAmount, pricePerPeriod } from '@/components/subscriptions/format';
import { SubscriptionStatusBadge } from '@/components/subscriptions/status-badge';
import { cancelMySubscription } from '@/lib/actions/subscriptions';
import { getCurrentUser } from '@/lib/auth';
import {
  countPendingTokensForUser,
  listSubscriptionsForUser,
  type SubscriptionSummaryDTO,
} from '@/lib/data/subscription-list';
import { formatMoney } from '@/lib/money';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';

export const metadata: Metadata = { title: 'Your subscriptions', robots: { index: false } };

export default async function AccountSubscriptionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Faccount%2Fsubscriptions');
  const [subscriptions, pending, params] = await Promise.all([
    listSubscriptionsForUser(user.id),
    countPendingTokensForUser(user.id),
    searchParams,
  ]);
  const started = params.started === '1';

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl px-4 py-10">
      <h1 className="mb-6 text-3xl font-semibold tracking-tight">Your subscriptions</h1>
      <div role="status" aria-live="polite" className="empty:hidden">
        {started ? (
          <p className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-emerald-900">
            Your subscription is set up. Nothing was charged today; the first charge is shown below.
          </p>
        ) : null}
        {pending > 0 ? (
          <p className="mb-6 rounded-lg border border-stone-200 bg-stone-50 px-4 py-3 text-stone-800">
            We are still setting up {pending === 1 ? 'a subscription' : `${pending} subscriptions`} with
            Klarna. Reload this page in a minute.
          </p>
        ) : null}
      </div>
      {subscriptions.length === 0 ? (
        <p className="text-stone-700">
          You have no subscriptions.{' '}
          <Link href="/c/subscriptions" className="font-medium text-brand-700 underline underline-offset-2">
            See our subscriptions
          </Link>
        </p>
      ) : (
        <ul className="space-y-6" aria-label="Subscriptions">
          {subscriptions.map((subscription) => (
            <SubscriptionCard key={subscription.id} subscription={subscription} />
          ))}
        </ul>
      )}
    </main>
  );
}

function SubscriptionCard({ subscription }: { subscription: SubscriptionSummaryDTO }) {
  const { locale, currency } = subscription;
  const titleId = `subscription-${subscription.id}`;
  const paid = subscription.charges.filter((charge) => charge.status === 'SUCCEEDED');
  return (
    <li aria-labelledby={titleId} className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={titleId} className="text-lg font-semibold text-stone-900">
            {subscription.name}
            {subscription.quantity > 1 ? ` × ${subscription.quantity}` : ''}
          </h2>
          <p className="text-sm text-stone-700">
            {pricePerPeriod(subscription)}
            {subscription.paymentMethod ? ` · paid with ${subscription.paymentMethod}` : ''}
          </p>
        </div>
        <SubscriptionStatusBadge status={subscription.status} />
      </div>

      <p className="mt-3 text-stone-800" data-testid="next-charge">
        {nextChargeText(subscription)}
      </p>
      {subscription.status === 'PAST_DUE' || subscription.status === 'SUSPENDED' ? (
        <p className="mt-2 text-sm text-red-800">
          We could not take the last payment. Contact us and we will sort it out with you; nothing is charged
          until then.
        </p>
      ) : null}

      <h3 className="mt-5 text-sm font-semibold text-stone-900">Past charges</h3>
      {paid.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">No charges yet.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <caption className="sr-only">Past charges of {subscription.name}</caption>
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-stone-500">
              <th scope="col" className="py-1 font-medium">
                Date
              </th>
              <th scope="col" className="py-1 font-medium">
                Order
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {paid.map((charge) => (
              <tr key={charge.period} className="border-t border-stone-100" data-testid="past-charge">
                <td className="py-1.5">{chargeDate(charge.chargedAt ?? charge.dueAt, locale)}</td>
                <td className="py-1.5">
                  {charge.orderId ? (
                    <Link
                      href={`/orders/${charge.orderId}`}
                      className="font-mono text-brand-700 underline underline-offset-2"
                    >
                      {charge.orderNumber ?? 'View order'}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="py-1.5 text-right tabular-nums">
                  {formatMoney(charge.amount, currency, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {subscription.status !== 'CANCELLED' ? (
        <div className="mt-5">
          <ConfirmAction
            action={cancelMySubscription}
            subscriptionId={subscription.id}
            label="Cancel subscription"
            title={`Cancel ${subscription.name}?`}
            confirmLabel="Yes, cancel it"
            pendingLabel="Cancelling…"
            closeLabel="Keep it"
            danger
          >
            <p>
              Nothing more will be charged for it, and Klarna will no longer be allowed to charge you for it.
              What you already paid for is not affected.
            </p>
            <p>This cannot be undone; you can subscribe again at any time.</p>
          </ConfirmAction>
        </div>
      ) : null}
    </li>
  );
}

function nextChargeText(subscription: SubscriptionSummaryDTO): string {
  const { locale, currency } = subscription;
  const amount = formatMoney(periodAmount(subscription), currency, locale);
  switch (subscription.status) {
    case 'CANCELLED':
      return subscription.cancelledAt
        ? `Cancelled on ${chargeDate(subscription.cancelledAt, locale)}. Nothing more will be charged.`
        : 'Cancelled. Nothing more will be charged.';
    case 'ACTIVE': {
      const trial =
        subscription.trialEndsAt && subscription.charges.length === 0
          ? ` Your free trial ends on ${chargeDate(subscription.trialEndsAt, locale)}.`
          : '';
      return `Next charge: ${amount} on ${chargeDate(subscription.nextChargeAt, locale)}.${trial}`;
    }
    default:
      return `Next charge was due on ${chargeDate(subscription.nextChargeAt, locale)}.`;
  }
}
