import { dateTime, day, relativeDays } from '@/components/admin/format';
import { ConfirmAction } from '@/components/subscriptions/confirm-action';
import { periodAmount, pricePerPeriod } from '@/components/subscriptions/format';
import { SubscriptionStatusBadge } from '@/components/subscriptions/status-badge';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { adminCancelSubscription, adminChargeSubscriptionNow } from '@/lib/actions/subscriptions';
import { requireAdmin } from '@/lib/auth';
import { getAdminSubscriptionDetail, type AdminSubscriptionDetailDTO } from '@/lib/data/subscription-list';
import { formatMoney } from '@/lib/money';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

export const metadata: Metadata = { title: 'Subscription · Admin', robots: { index: false } };

export default async function AdminSubscriptionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // proxy.ts turned everyone else away already; this is the check that counts.
  await requireAdmin(`/admin/subscriptions/${encodeURIComponent(id)}`);
  const subscription = id.length <= 64 ? await getAdminSubscriptionDetail(id) : null;
  if (!subscription) notFound();
  const { currency, locale, token } = subscription;

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-6 px-4 py-8 lg:px-8">
      <p>
        <Link href="/admin/subscriptions" className="text-sm font-medium text-brand-700 hover:underline">
          ← Subscriptions
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-stone-900">
            {subscription.name}
            {subscription.quantity > 1 ? ` × ${subscription.quantity}` : ''}
          </h1>
          <p className="mt-1 text-sm text-stone-600">
            {subscription.email} · {pricePerPeriod(subscription)} · started {day(subscription.createdAt)}
          </p>
        </div>
        <SubscriptionStatusBadge status={subscription.status} />
      </div>

      {subscription.statusReason ? (
        <p
          role="status"
          data-testid="status-reason"
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {subscription.statusReason}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <section
          aria-labelledby="schedule-heading"
          className="rounded-xl border border-stone-200 bg-white p-5"
        >
          <h2 id="schedule-heading" className="text-lg font-semibold text-stone-900">
            Schedule
          </h2>
          <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
            <dt className="text-stone-600">Next period</dt>
            <dd>
              {subscription.nextPeriod}, due {dateTime(subscription.nextChargeAt)}
            </dd>
            <dt className="text-stone-600">Next attempt</dt>
            <dd data-testid="next-attempt">
              {subscription.status === 'CANCELLED'
                ? 'none (cancelled)'
                : subscription.nextAttemptAt
                  ? dateTime(subscription.nextAttemptAt)
                  : 'none: held until staff act'}
            </dd>
            <dt className="text-stone-600">Amount per period</dt>
            <dd className="tabular-nums">{formatMoney(periodAmount(subscription), currency, locale)}</dd>
            <dt className="text-stone-600">Periods from</dt>
            <dd>{dateTime(subscription.anchorAt)}</dd>
            <dt className="text-stone-600">Free trial until</dt>
            <dd>{subscription.trialEndsAt ? dateTime(subscription.trialEndsAt) : '—'}</dd>
            <dt className="text-stone-600">Market</dt>
            <dd>
              {subscription.country} · {currency} · Klarna {subscription.region}
            </dd>
            {subscription.cancelledAt ? (
              <>
                <dt className="text-stone-600">Cancelled</dt>
                <dd>{dateTime(subscription.cancelledAt)}</dd>
              </>
            ) : null}
          </dl>
        </section>

        <section aria-labelledby="token-heading" className="rounded-xl border border-stone-200 bg-white p-5">
          <h2 id="token-heading" className="text-lg font-semibold text-stone-900">
            Klarna customer token
          </h2>
          <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
            <dt className="text-stone-600">Status</dt>
            <dd data-testid="token-status">{token.status.toLowerCase()}</dd>
            <dt className="text-stone-600">Payment method</dt>
            <dd>{token.paymentMethodDescription ?? '—'}</dd>
            <dt className="text-stone-600">Token</dt>
            <dd className="font-mono">{token.maskedTokenId ?? '—'}</dd>
            <dt className="text-stone-600">Region</dt>
            <dd>{token.region}</dd>
            <dt className="text-stone-600">Created</dt>
            <dd>{dateTime(token.createdAt)}</dd>
            <dt className="text-stone-600">Last checked</dt>
            <dd>{dateTime(token.checkedAt)}</dd>
            {token.statusReason ? (
              <>
                <dt className="text-stone-600">Note</dt>
                <dd>{token.statusReason}</dd>
              </>
            ) : null}
            {token.originOrderId ? (
              <>
                <dt className="text-stone-600">Checkout order</dt>
                <dd>
                  <Link
                    href={`/admin/orders/${token.originOrderId}`}
                    className="text-brand-700 hover:underline"
                  >
                    View order
                  </Link>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>

      {subscription.status !== 'CANCELLED' ? <Actions subscription={subscription} now={new Date()} /> : null}

      <section aria-labelledby="charges-heading" className="space-y-3">
        <h2 id="charges-heading" className="text-lg font-semibold text-stone-900">
          Charges
        </h2>
        {subscription.chargeDetails.length === 0 ? (
          <p className="text-sm text-stone-600">No charges yet.</p>
        ) : (
          <ScrollRegion label="Charges" className="rounded-xl border border-stone-200 bg-white">
            <table className="min-w-full divide-y divide-stone-200 text-sm">
              <caption className="sr-only">Charges per period, with every attempt</caption>
              <thead className="bg-stone-50 text-left text-xs font-semibold uppercase tracking-wide text-stone-600">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    Period
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Due
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Status
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Amount
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Order
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Attempts
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100 align-top">
                {subscription.chargeDetails.map((charge) => (
                  <tr key={charge.period} data-testid="charge-row">
                    <td className="px-4 py-2 tabular-nums">{charge.period}</td>
                    <td className="px-4 py-2">{day(charge.dueAt)}</td>
                    <td className="px-4 py-2 text-xs font-medium">
                      {charge.status.toLowerCase().replace('_', ' ')}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">
                      {formatMoney(charge.amount, charge.currency, locale)}
                    </td>
                    <td className="px-4 py-2">
                      {charge.orderId ? (
                        <Link
                          href={`/admin/orders/${charge.orderId}`}
                          className="font-mono text-brand-700 hover:underline"
                        >
                          {charge.orderNumber ?? 'order'}
                        </Link>
                      ) : (
                        <span className="font-mono text-stone-500">{charge.orderNumber ?? '—'}</span>
                      )}
                    </td>
                    <td className="px-4 py-2">
                      <p className="text-xs text-stone-600">
                        {charge.attempts} sent, {charge.refusals} refused · key{' '}
                        <code>{charge.idempotencyKey}</code>
                      </p>
                      <ul className="mt-1 space-y-0.5 text-xs">
                        {charge.attemptLog.map((attempt) => (
                          <li key={attempt.createdAt.toISOString() + attempt.outcome}>
                            <span
                              className={attempt.outcome === 'SUCCESS' ? 'text-emerald-800' : 'text-red-800'}
                            >
                              {attempt.outcome === 'SUCCESS' ? 'charged' : (attempt.errorCode ?? 'failed')}
                            </span>{' '}
                            {dateTime(attempt.createdAt)} by {attempt.actor}
                            {attempt.message && attempt.outcome === 'FAILURE' ? `: ${attempt.message}` : ''}
                            {attempt.correlationId ? ` (Klarna ${attempt.correlationId})` : ''}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </main>
  );
}

function Actions({ subscription, now }: { subscription: AdminSubscriptionDetailDTO; now: Date }) {
  const amount = formatMoney(periodAmount(subscription), subscription.currency, subscription.locale);
  // The server refuses an early charge without the box ticked, too (chargeSubscriptionNow).
  const early = subscription.nextChargeAt > now;
  return (
    <section aria-labelledby="actions-heading" className="rounded-xl border border-stone-200 bg-white p-5">
      <h2 id="actions-heading" className="text-lg font-semibold text-stone-900">
        Actions
      </h2>
      <div className="mt-3 flex flex-wrap items-start gap-4">
        <ConfirmAction
          action={adminChargeSubscriptionNow}
          subscriptionId={subscription.id}
          label="Charge now…"
          title={`Charge period ${subscription.nextPeriod} now?`}
          confirmLabel={early ? `Charge ${amount} early` : `Charge ${amount}`}
          pendingLabel="Charging…"
        >
          {early ? (
            <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-950">
              <p className="font-semibold">
                Period {subscription.nextPeriod} is not due yet: it is due{' '}
                {dateTime(subscription.nextChargeAt)} ({relativeDays(subscription.nextChargeAt, now)}).
                Charging now takes the shopper&apos;s money early.
              </p>
              <label className="flex items-center gap-2 font-medium">
                <input type="checkbox" name="early" value="yes" required className="size-4" />
                Charge period {subscription.nextPeriod} before its due date
              </label>
            </div>
          ) : null}
          <p>
            Charges {amount} to the shopper&apos;s Klarna customer token for period {subscription.nextPeriod}{' '}
            (due {dateTime(subscription.nextChargeAt)}), with that period&apos;s idempotency key, so Klarna
            never charges the period twice. The renewal order appears under Orders.
          </p>
          {subscription.status !== 'ACTIVE' ? (
            <p>
              The subscription is {subscription.status.toLowerCase().replace('_', ' ')}: Klarna&apos;s view of
              the token is checked first, and a successful charge puts it back on its schedule.
            </p>
          ) : null}
        </ConfirmAction>
        <ConfirmAction
          action={adminCancelSubscription}
          subscriptionId={subscription.id}
          label="Cancel subscription…"
          title="Cancel this subscription?"
          confirmLabel="Cancel subscription"
          pendingLabel="Cancelling…"
          closeLabel="Keep it"
          danger
        >
          <p>
            No further periods are charged. If no other subscription uses its Klarna customer token, the token
            is cancelled at Klarna too. Orders already placed are not touched.
          </p>
        </ConfirmAction>
      </div>
    </section>
  );
}
