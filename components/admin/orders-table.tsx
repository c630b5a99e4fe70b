import { ScrollRegion } from '@/components/ui/scroll-region';
import { groupsByCurrency, type AdminOrderPage } from '@/lib/data/order-list';
import { formatMoney } from '@/lib/money';
import type { OrderListParams } from '@/lib/validations/admin-orders';
import Link from 'next/link';
import { Fragment } from 'react';
import { day, relativeDays } from './format';
import { ordersHref } from './orders-href';
import { RenewalOf } from './renewal-of';
import { FraudStatusText, RefundBadge, StatusBadge } from './status-badge';

const COLUMNS = [
  { label: 'Order' },
  { label: 'Placed' },
  { label: 'Customer' },
  { label: 'Status' },
  { label: 'Fraud' },
  { label: 'Amount', numeric: true },
  { label: 'Captured', numeric: true },
  { label: 'Refunded', numeric: true },
  { label: 'Authorization expires' },
];

/** One page of orders and the links to the pages beside it. */
export function OrdersTable({
  page,
  params,
  now,
}: {
  page: AdminOrderPage;
  params: OrderListParams;
  now: Date;
}) {
  const grouped = groupsByCurrency(params.sort);
  if (page.rows.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-sm text-stone-600">
        No orders match these filters.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <ScrollRegion label="Orders" className="rounded-xl border border-stone-200 bg-white">
        <table className="min-w-full divide-y divide-stone-200 text-sm">
          <caption className="sr-only">Orders</caption>
          <thead className="bg-stone-50 text-left text-xs font-semibold uppercase tracking-wide text-stone-600">
            <tr>
              {COLUMNS.map(({ label, numeric }) => (
                <th key={label} scope="col" className={numeric ? 'px-4 py-2 text-right' : 'px-4 py-2'}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {page.rows.map((order, index) => {
              const open = order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED';
              // Sorted by amount, the rows come one currency after another; each currency is headed.
              const newCurrency = grouped && page.rows[index - 1]?.currency !== order.currency;
              return (
                <Fragment key={order.id}>
                  {newCurrency ? (
                    <tr className="bg-stone-100">
                      <th
                        scope="colgroup"
                        colSpan={COLUMNS.length}
                        className="px-4 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-stone-700"
                      >
                        Orders in {order.currency}
                      </th>
                    </tr>
                  ) : null}
                  <tr className="hover:bg-stone-50">
                    <th scope="row" className="px-4 py-2 text-left font-mono font-medium">
                      <Link
                        href={`/admin/orders/${order.id}`}
                        className="whitespace-nowrap text-brand-700 underline-offset-2 hover:underline"
                      >
                        {order.number}
                      </Link>
                      {order.merchantReference1 && order.merchantReference1 !== order.number ? (
                        <span
                          data-testid="merchant-reference"
                          className="block max-w-48 font-sans text-xs font-normal break-all text-stone-500"
                        >
                          {order.merchantReference1}
                        </span>
                      ) : null}
                      {order.subscription ? (
                        <span className="block font-sans text-xs font-normal">
                          <RenewalOf subscription={order.subscription} period={order.subscriptionPeriod} />
                        </span>
                      ) : null}
                    </th>
                    <td className="whitespace-nowrap px-4 py-2 text-stone-700">{day(order.createdAt)}</td>
                    <td className="px-4 py-2 break-all text-stone-700">{order.email}</td>
                    <td className="px-4 py-2">
                      <span className="flex flex-wrap gap-1">
                        <StatusBadge status={order.status} />
                        <RefundBadge order={order} />
                      </span>
                    </td>
                    <td className="px-4 py-2">
                      <FraudStatusText status={order.fraudStatus} />
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                      {formatMoney(order.orderAmount, order.currency, order.locale)}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                      {formatMoney(order.capturedAmount, order.currency, order.locale)}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                      {formatMoney(order.refundedAmount, order.currency, order.locale)}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-stone-700">
                      {open && order.authorizationExpiresAt ? (
                        <>
                          {day(order.authorizationExpiresAt)}{' '}
                          <span className="text-xs text-stone-500">
                            ({relativeDays(order.authorizationExpiresAt, now)})
                          </span>
                        </>
                      ) : (
                        <span className="text-stone-400">—</span>
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <nav aria-label="Pages of orders" className="flex items-center justify-between">
        {page.previousCursor ? (
          <Link
            href={ordersHref(params, { page: { before: page.previousCursor } })}
            rel="prev"
            className="rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-stone-300 hover:bg-stone-50"
          >
            ← Previous page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            href={ordersHref(params, { page: { after: page.nextCursor } })}
            rel="next"
            className="rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-stone-300 hover:bg-stone-50"
          >
            Next page →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
