import { currencyLocale, dateTime } from '@/components/admin/format';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requireAdmin } from '@/lib/auth';
import { countAdminOrders } from '@/lib/data/order-list';
import { getRevenueSummary, type RevenueWindow } from '@/lib/data/revenue';
import { countAdminSubscriptions } from '@/lib/data/subscription-list';
import { countCustomers } from '@/lib/data/users';
import { formatMoney } from '@/lib/money';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Admin', robots: { index: false } };

export default async function AdminHomePage() {
  // proxy.ts already turned away everyone else; this is the check that counts.
  await requireAdmin('/admin');
  const now = new Date();
  const [customers, counts, subscriptions, revenue] = await Promise.all([
    countCustomers(),
    countAdminOrders(now),
    countAdminSubscriptions(),
    getRevenueSummary(now),
  ]);

  const queues = [
    { label: 'Orders to capture', value: counts.needsCapture, href: '/admin/orders?needs=capture' },
    {
      label: 'Authorizations expiring within 7 days',
      value: counts.expiringWithin7Days,
      href: '/admin/orders?expires=7&sort=expiry',
    },
    {
      label: 'Orders needing review',
      value: counts.byStatus.NEEDS_REVIEW,
      href: '/admin/orders?status=needs-review',
    },
    {
      label: 'Renewals that failed (past due)',
      value: subscriptions.PAST_DUE,
      href: '/admin/subscriptions?status=past-due',
    },
    {
      label: 'Subscriptions on hold (token suspended)',
      value: subscriptions.SUSPENDED,
      href: '/admin/subscriptions?status=suspended',
    },
  ];

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-8 px-4 py-8 lg:px-8">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Store admin</h1>

      <section aria-labelledby="queues-heading" className="space-y-3">
        <h2 id="queues-heading" className="text-lg font-semibold text-stone-900">
          Work to do
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {queues.map((queue) => (
            <li key={queue.label}>
              <Link
                href={queue.href}
                className="block h-full rounded-xl border border-stone-200 bg-white p-5 hover:border-stone-400"
              >
                <span className="block text-sm text-stone-600">{queue.label}</span>
                <span className="mt-1 block text-3xl font-semibold tabular-nums text-stone-900">
                  {queue.value.toLocaleString('en-GB')}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="text-sm text-stone-600">
          {customers.toLocaleString('en-GB')} customer accounts ·{' '}
          <Link href="/admin/orders" className="font-medium text-brand-700 hover:underline">
            All orders →
          </Link>
        </p>
      </section>

      <section aria-labelledby="revenue-heading" className="space-y-3">
        <h2 id="revenue-heading" className="text-lg font-semibold text-stone-900">
          Revenue
        </h2>
        <p className="max-w-3xl text-sm text-stone-600">
          Per currency, never added across currencies. <strong>Net</strong> is money captured minus money
          refunded in the period; <strong>placed</strong> is the total of orders placed with Klarna in the
          period (authorized, not yet money received). Days are UTC; the week starts on Monday.
        </p>
        <div className="grid gap-4 lg:grid-cols-2">
          <RevenueTable title="Today" window={revenue.today} />
          <RevenueTable title="This week" window={revenue.week} />
        </div>
      </section>
    </main>
  );
}

function RevenueTable({ title, window }: { title: string; window: RevenueWindow }) {
  const id = `revenue-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <ScrollRegion label={`${title} per currency`} className="rounded-xl border border-stone-200 bg-white p-4">
      <h3 id={id} className="font-semibold text-stone-900">
        {title} <span className="text-sm font-normal text-stone-500">since {dateTime(window.from)} UTC</span>
      </h3>
      {window.rows.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">No orders placed, captured or refunded.</p>
      ) : (
        <table aria-labelledby={id} className="mt-2 w-full text-sm">
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-stone-500">
              <th scope="col" className="py-1 font-medium">
                Currency
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Net (captured − refunded)
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Captured
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Refunded
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Placed
              </th>
            </tr>
          </thead>
          <tbody>
            {window.rows.map((row) => {
              const fmt = (amount: number) => formatMoney(amount, row.currency, currencyLocale(row.currency));
              return (
                <tr key={row.currency} className="border-t border-stone-100">
                  <th scope="row" className="py-1.5 text-left font-medium">
                    {row.currency}
                  </th>
                  <td className="py-1.5 text-right font-semibold tabular-nums whitespace-nowrap">
                    {fmt(row.net)}
                  </td>
                  <td className="py-1.5 text-right tabular-nums whitespace-nowrap">{fmt(row.captured)}</td>
                  <td className="py-1.5 text-right tabular-nums whitespace-nowrap">{fmt(row.refunded)}</td>
                  <td className="py-1.5 text-right tabular-nums whitespace-nowrap">{fmt(row.placed)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </ScrollRegion>
  );
}
