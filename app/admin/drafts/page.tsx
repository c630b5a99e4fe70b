import { dateTime } from '@/components/admin/format';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requireAdmin } from '@/lib/auth';
import { listDraftOrders } from '@/lib/data/draft-orders';
import { getMarket } from '@/lib/markets';
import { linkState } from '@/lib/payment-links/links';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Drafts · Admin', robots: { index: false } };

/** Draft orders staff put together for customers, newest first, with their payment link's state. */
export default async function AdminDraftsPage() {
  await requireAdmin('/admin/drafts');
  const drafts = await listDraftOrders();
  return (
    <main id="main" tabIndex={-1} className="w-full space-y-6 px-4 py-8 focus:outline-none lg:px-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Drafts</h1>
          <p className="mt-1 text-sm text-stone-600">
            Orders taken on the phone or for a business, paid by the customer through a Klarna payment link.
          </p>
        </div>
        <Link
          href="/admin/drafts/new"
          className="rounded-lg bg-stone-900 px-3 py-2 text-sm font-semibold text-white"
        >
          New draft
        </Link>
      </div>
      {drafts.length === 0 ? (
        <p className="text-sm text-stone-600">No drafts yet.</p>
      ) : (
        <ScrollRegion label="Drafts">
          <table className="w-full text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Customer
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Market
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Payment link
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Order
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Created
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {drafts.map((draft) => (
                <tr key={draft.id}>
                  <td className="py-2 pr-4">
                    <Link
                      href={`/admin/drafts/${draft.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {draft.email}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">{getMarket(draft.country)?.label ?? draft.country}</td>
                  <td className="py-2 pr-4">{draft.links[0] ? linkState(draft.links[0]) : 'not sent'}</td>
                  <td className="py-2 pr-4">
                    {draft.order ? (
                      <Link href={`/admin/orders/${draft.order.id}`}>{draft.order.number}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="py-2 pr-4">{dateTime(draft.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </main>
  );
}
