import { OrderDetails } from '@/components/orders/order-details';
import { buttonClasses } from '@/components/ui/button';
import { getCurrentUser } from '@/lib/auth';
import { getConfirmationMailStatus } from '@/lib/data/order-mails';
import { getOrderDetail, type OrderDetailDTO } from '@/lib/data/order-reads';
import { secretMatches } from '@/lib/secrets';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

// The guest link carries a secret: keep the page out of indexes and the key out of Referer headers.
export const metadata: Metadata = { title: 'Your order', robots: { index: false }, referrer: 'no-referrer' };

interface OrderPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ key?: string | string[] }>;
}

/** The page's heading and what the shopper can do next: a cancelled order is not thanked for. */
function orderHeading(order: Pick<OrderDetailDTO, 'status' | 'fraudStatus'>): {
  title: string;
  next: string | null;
} {
  if (order.status === 'CANCELLED' && order.fraudStatus === 'REJECTED') {
    return {
      title: 'Klarna did not approve this order',
      next: 'Nothing was charged and nothing will be sent. Your order was cancelled; you are welcome to shop again and place a new order.',
    };
  }
  if (order.status === 'CANCELLED') {
    return { title: 'This order was cancelled', next: 'Nothing more will be charged or sent for it.' };
  }
  return { title: 'Thank you for your order', next: null };
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
  const confirmationMail = await getConfirmationMailStatus(order.id);
  const heading = orderHeading(order);

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl space-y-6 px-4 py-10">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">{heading.title}</h1>
        <p className="mt-1 text-stone-700">
          Order number{' '}
          <span className="font-mono font-semibold" data-testid="order-number">
            {order.number}
          </span>
        </p>
        {heading.next ? <p className="mt-2 text-stone-700">{heading.next}</p> : null}
      </div>
      {byKey && !byAccount ? (
        <p className="rounded-lg border border-stone-200 bg-stone-50 px-4 py-3 text-sm text-stone-700">
          Bookmark this page: its address is your private link to this order.
        </p>
      ) : null}
      <OrderDetails order={order} confirmationMail={confirmationMail} />
      <nav aria-label="What next" className="flex flex-wrap gap-3">
        <Link href="/" className={buttonClasses('primary')}>
          Continue shopping
        </Link>
        {byAccount ? (
          <Link href="/account/orders" className={buttonClasses('secondary')}>
            Your orders
          </Link>
        ) : null}
      </nav>
    </main>
  );
}
