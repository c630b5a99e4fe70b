import { OrderDetails } from '@/components/orders/order-details';
import { getCurrentUser } from '@/lib/auth';
import { getOrderDetail } from '@/lib/data/order-reads';
import { secretMatches } from '@/lib/secrets';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

// The guest link carries a secret: keep the page out of indexes and the key out of Referer headers.
export const metadata: Metadata = { title: 'Your order', robots: { index: false }, referrer: 'no-referrer' };

interface OrderPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ key?: string | string[] }>;
}

/**
 * An order for its shopper: the signed-in owner, or anyone holding the unguessable link shown at
 * confirmation. Everyone else gets the same 404 as for an order that does not exist.
 */
export default async function OrderPage({ params, searchParams }: OrderPageProps) {
  const [{ id }, { key }, user] = await Promise.all([params, searchParams, getCurrentUser()]);
  const order = id.length <= 64 ? await getOrderDetail(id) : null;
  if (!order) notFound();
  const accessKey = typeof key === 'string' ? key : null;
  const byKey = secretMatches(accessKey, order.accessKey);
  const byAccount = user !== null && order.userId === user.id;
  if (!byKey && !byAccount) notFound();

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl space-y-6 px-4 py-10">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Thank you for your order</h1>
        <p className="mt-1 text-stone-700">
          Order number{' '}
          <span className="font-mono font-semibold" data-testid="order-number">
            {order.number}
          </span>
        </p>
      </div>
      {byKey && !byAccount ? (
        <p className="rounded-lg border border-stone-200 bg-stone-50 px-4 py-3 text-sm text-stone-700">
          Bookmark this page: its address is your private link to this order.
        </p>
      ) : null}
      <OrderDetails order={order} />
    </main>
  );
}
