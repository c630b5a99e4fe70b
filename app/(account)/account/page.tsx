import { getCurrentUser } from '@/lib/auth';
import { getLastShippingAddressForUser } from '@/lib/data/order-reads';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from './sign-out-button';

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

const linkCard =
  'block rounded-2xl border border-stone-200 bg-white p-5 shadow-sm hover:border-stone-300 hover:bg-stone-50';

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Faccount');
  const address = await getLastShippingAddressForUser(user.id);

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl px-4 py-10">
      <h1 className="mb-6 text-3xl font-semibold tracking-tight">Your account</h1>

      <section
        aria-labelledby="account-details"
        className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm"
      >
        <h2 id="account-details" className="text-lg font-semibold text-stone-900">
          Signed in as
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-stone-800 sm:grid-cols-[auto_1fr]">
          <dt className="text-sm text-stone-600">Name</dt>
          <dd className="break-words">{user.name ?? '—'}</dd>
          <dt className="text-sm text-stone-600">Email</dt>
          <dd className="break-words">{user.email}</dd>
          <dt className="text-sm text-stone-600">Delivery address</dt>
          <dd data-testid="account-address">
            {address?.street_address ? (
              <>
                <span className="block">{address.street_address}</span>
                <span className="block">
                  {address.postal_code} {address.city}
                  {address.region ? `, ${address.region}` : ''}
                </span>
                <span className="block text-sm text-stone-600">
                  From your last order; checkout fills it in for you.
                </span>
              </>
            ) : (
              'None yet: the address of your first order will be filled in at your next checkout.'
            )}
          </dd>
        </dl>
        <SignOutButton className="mt-5 rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-medium text-stone-900 hover:bg-stone-50" />
      </section>

      <nav aria-label="Your account" className="mt-6">
        <ul className="grid gap-4 sm:grid-cols-2">
          <li>
            <Link href="/account/orders" className={linkCard}>
              <span className="block font-semibold text-stone-900">Orders</span>
              <span className="block text-sm text-stone-700">
                What you bought, and where each order stands.
              </span>
            </Link>
          </li>
          <li>
            <Link href="/account/subscriptions" className={linkCard}>
              <span className="block font-semibold text-stone-900">Subscriptions</span>
              <span className="block text-sm text-stone-700">
                Your next charges, past charges and cancelling.
              </span>
            </Link>
          </li>
        </ul>
      </nav>
    </main>
  );
}
