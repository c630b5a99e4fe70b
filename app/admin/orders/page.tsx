import { AmountsChart } from '@/components/admin/amounts-chart';
import { OrderFilters } from '@/components/admin/order-filters';
import { OrdersTable } from '@/components/admin/orders-table';
import { StatusTabs } from '@/components/admin/status-tabs';
import { requireAdmin } from '@/lib/auth';
import { loadOrdersPage } from '@/lib/data/order-list';
import { listQueryFromParams, parseOrderListParams } from '@/lib/validations/admin-orders';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Orders · Admin', robots: { index: false } };

export default async function AdminOrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // proxy.ts turned everyone else away already; this is the check that counts.
  await requireAdmin('/admin/orders');
  const { params, problems } = parseOrderListParams(await searchParams);
  const now = new Date();
  const { page, counts, chart } = await loadOrdersPage(listQueryFromParams(params, now));

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-6 px-4 py-8 lg:px-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Orders</h1>
          <p className="mt-1 text-sm text-stone-600">
            {counts.needsCapture.toLocaleString('en-GB')} to capture ·{' '}
            {counts.expiringWithin7Days.toLocaleString('en-GB')} authorizations expire within 7 days
          </p>
        </div>
      </div>

      {problems.length > 0 ? (
        <div
          role="status"
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      ) : null}

      <StatusTabs params={params} counts={counts} />
      <OrderFilters params={params} />
      <OrdersTable page={page} params={params} now={now} />

      <section aria-labelledby="chart-heading" className="space-y-3">
        <h2 id="chart-heading" className="text-lg font-semibold text-stone-900">
          Last 30 days
        </h2>
        <AmountsChart series={chart} />
      </section>
    </main>
  );
}
