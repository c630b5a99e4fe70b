import { paymentStatusText } from '@/components/orders/order-status';
import { getCurrentUser } from '@/lib/auth';
import { listOrdersForUser } from '@/lib/data/order-reads';
import { formatLongDate } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';

export const metadata: Metadata = { title: 'Your orders', robots: { index: false } };

export default async function AccountOrdersPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Faccount%2Forders');
  const orders = await listOrdersForUser(user.id);

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl px-4 py-10">
      <h1 className="mb-6 text-3xl font-semibold tracking-tight">Your orders</h1>
      {orders.length === 0 ? (
        <p className="text-stone-700">
          You have no orders yet.{' '}
          <Link href="/" className="font-medium text-brand-700 underline underline-offset-2">
            Start shopping
          </Link>
        </p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white shadow-sm">
          {orders.map((order) => (
            <li key={order.id}>
              <Link
                href={`/orders/${order.id}`}
                className="flex items-center justify-between gap-4 px-5 py-4 hover:bg-stone-50"
              >
                <span>
                  <span className="block font-mono font-semibold">{order.number}</span>
                  <span className="block text-sm text-stone-600">
                    {formatLongDate(order.createdAt, order.locale)} · {order.itemCount}{' '}
                    {order.itemCount === 1 ? 'item' : 'items'} · {paymentStatusText(order).label}
                  </span>
                </span>
                <span className="tabular-nums font-semibold">
                  {formatMoney(order.orderAmount, order.currency, order.locale)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
