import { dateTime, day } from '@/components/admin/format';
import { SUBSCRIPTION_STATUS_LABELS } from '@/components/subscriptions/format';
import { SubscriptionStatusBadge } from '@/components/subscriptions/status-badge';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requireAdmin } from '@/lib/auth';
import { countAdminSubscriptions, listAdminSubscriptions } from '@/lib/data/subscription-list';
import type { SubscriptionStatus } from '@/lib/data/subscriptions';
import { formatMoney } from '@/lib/money';
import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';

export const metadata: Metadata = { title: 'Subscriptions · Admin', robots: { index: false } };

const STATUSES = [
  'ACTIVE',
  'PAST_DUE',
  'SUSPENDED',
  'CANCELLED',
] as const satisfies readonly SubscriptionStatus[];
const PAGE_SIZE = 50;

const paramsSchema = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});

export default async function AdminSubscriptionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // proxy.ts turned everyone else away already; this is the check that counts.
  await requireAdmin('/admin/subscriptions');
  const raw = await searchParams;
  const params = paramsSchema.parse({
    status: typeof raw.status === 'string' ? raw.status.toUpperCase().replace('-', '_') : undefined,
    after: typeof raw.after === 'string' ? raw.after : undefined,
  });
  const [page, counts] = await Promise.all([
    listAdminSubscriptions({ ...params, pageSize: PAGE_SIZE }),
    countAdminSubscriptions(),
  ]);
  const total = STATUSES.reduce((sum, status) => sum + counts[status], 0);
  const href = (status: SubscriptionStatus | undefined, after?: string) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status.toLowerCase().replace('_', '-'));
    if (after) query.set('after', after);
    const text = query.toString();
    return text ? `/admin/subscriptions?${text}` : '/admin/subscriptions';
  };

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-6 px-4 py-8 lg:px-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Subscriptions</h1>
        <p className="mt-1 text-sm text-stone-600">
          {counts.PAST_DUE.toLocaleString('en-GB')} past due · {counts.SUSPENDED.toLocaleString('en-GB')} on
          hold. Renewals run with <code>npm run renewals</code> or the scheduler route.
        </p>
      </div>

      <nav aria-label="Subscription status">
        <ul className="flex flex-wrap gap-2">
          {[undefined, ...STATUSES].map((status) => {
            const current = params.status === status;
            return (
              <li key={status ?? 'all'}>
                <Link
                  href={href(status)}
                  aria-current={current ? 'page' : undefined}
                  className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${current ? 'bg-stone-900 text-white ring-stone-900' : 'bg-white text-stone-700 ring-stone-300 hover:bg-stone-50'}`}
                >
                  {status ? SUBSCRIPTION_STATUS_LABELS[status] : 'All'}
                  <span className="tabular-nums opacity-80">
                    {(status ? counts[status] : total).toLocaleString('en-GB')}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-sm text-stone-600">
          No subscriptions here.
        </p>
      ) : (
        <ScrollRegion label="Subscriptions" className="rounded-xl border border-stone-200 bg-white">
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <caption className="sr-only">Subscriptions</caption>
            <thead className="bg-stone-50 text-left text-xs font-semibold uppercase tracking-wide text-stone-600">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Plan
                </th>
                <th scope="col" className="px-4 py-2">
                  Customer
                </th>
                <th scope="col" className="px-4 py-2">
                  Status
                </th>
                <th scope="col" className="px-4 py-2">
                  Token
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Price
                </th>
                <th scope="col" className="px-4 py-2">
                  Next charge
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Failed attempts
                </th>
                <th scope="col" className="px-4 py-2">
                  Started
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {page.rows.map((row) => (
                <tr key={row.id} className="hover:bg-stone-50">
                  <td className="px-4 py-2">
                    <Link
                      href={`/admin/subscriptions/${row.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {row.name}
                      {row.quantity > 1 ? ` × ${row.quantity}` : ''}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{row.email}</td>
                  <td className="px-4 py-2">
                    <SubscriptionStatusBadge status={row.status} />
                  </td>
                  <td className="px-4 py-2 text-xs font-medium text-stone-700">
                    {row.tokenStatus.toLowerCase()}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{pricePerPeriodShort(row)}</td>
                  <td className="px-4 py-2">
                    {row.status === 'CANCELLED'
                      ? '—'
                      : row.nextAttemptAt
                        ? dateTime(row.nextAttemptAt)
                        : `held (${day(row.nextChargeAt)})`}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{row.failedAttempts}</td>
                  <td className="px-4 py-2">{day(row.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {page.nextCursor ? (
        <p>
          <Link
            href={href(params.status, page.nextCursor)}
            className="font-medium text-brand-700 hover:underline"
          >
            Older subscriptions →
          </Link>
        </p>
      ) : null}
    </main>
  );
}

/** The list shows the net price per unit × quantity (the detail page has the exact renewal amount). */
function pricePerPeriodShort(row: {
  quantity: number;
  unitAmount: number;
  currency: string;
  locale: string;
  interval: 'MONTH' | 'YEAR';
  intervalCount: number;
}): string {
  return `${formatMoney(row.quantity * row.unitAmount, row.currency, row.locale)} / ${row.interval === 'YEAR' ? 'year' : 'month'}${row.intervalCount > 1 ? ` ×${row.intervalCount}` : ''}`;
}
