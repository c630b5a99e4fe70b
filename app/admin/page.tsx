import { requireAdmin } from '@/lib/auth';
import { countAdminOrders } from '@/lib/data/order-list';
import { countCustomers } from '@/lib/data/users';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Admin', robots: { index: false } };

export default async function AdminHomePage() {
  // proxy.ts already turned away everyone else; this is the check that counts.
  await requireAdmin('/admin');
  const [customers, counts] = await Promise.all([countCustomers(), countAdminOrders(new Date())]);

  const tiles = [
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
    { label: 'Customer accounts', value: customers, href: null },
  ];

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full px-4 py-8 lg:px-8">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Store admin</h1>
      <dl className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {tiles.map((tile) => (
          <div key={tile.label} className="rounded-xl border border-stone-200 bg-white p-5">
            <dt className="text-sm text-stone-600">{tile.label}</dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums text-stone-900">
              {tile.href ? (
                <Link href={tile.href} className="hover:underline">
                  {tile.value.toLocaleString('en-GB')}
                </Link>
              ) : (
                tile.value.toLocaleString('en-GB')
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-8">
        <Link href="/admin/orders" className="font-medium text-brand-700 hover:underline">
          All orders →
        </Link>
      </p>
    </main>
  );
}
