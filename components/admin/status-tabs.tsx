import type { OrderCounts } from '@/lib/data/order-list';
import { STATUS_FILTERS, type OrderListParams, type StatusFilter } from '@/lib/validations/admin-orders';
import Link from 'next/link';
import { ordersHref } from './orders-href';
import { statusLabel } from './status-badge';

const TABS: StatusFilter[] = [
  'authorized',
  'part-captured',
  'captured',
  'closed',
  'cancelled',
  'expired',
  'needs-review',
];

/** One link per status with its count; the current one is marked for screen readers too. */
export function StatusTabs({ params, counts }: { params: OrderListParams; counts: OrderCounts }) {
  const tab = (href: string, label: string, count: number, current: boolean) => (
    <li key={label}>
      <Link
        href={href}
        aria-current={current ? 'page' : undefined}
        className={`inline-flex items-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-inset transition ${
          current
            ? 'bg-stone-900 text-white ring-stone-900'
            : 'bg-white text-stone-700 ring-stone-200 hover:bg-stone-50'
        }`}
      >
        {label}
        <span className={`tabular-nums ${current ? 'text-stone-200' : 'text-stone-500'}`}>
          {count.toLocaleString('en-GB')}
        </span>
      </Link>
    </li>
  );
  return (
    <nav aria-label="Orders by status">
      <ul className="flex flex-wrap gap-2">
        {tab(
          ordersHref(params, { status: undefined, needsCapture: false }),
          'All',
          counts.total,
          !params.status && !params.needsCapture,
        )}
        {tab(
          ordersHref(params, { status: undefined, needsCapture: true }),
          'Needs capture',
          counts.needsCapture,
          params.needsCapture && !params.status,
        )}
        {TABS.map((filter) =>
          tab(
            ordersHref(params, { status: filter, needsCapture: false }),
            statusLabel(STATUS_FILTERS[filter]),
            counts.byStatus[STATUS_FILTERS[filter]],
            params.status === filter,
          ),
        )}
      </ul>
    </nav>
  );
}
