import { requireAdmin } from '@/lib/auth';
import { countCustomers } from '@/lib/data/users';
import type { Metadata } from 'next';
import { SignOutButton } from './sign-out-button';

export const metadata: Metadata = { title: 'Admin', robots: { index: false } };

export default async function AdminHomePage() {
  // proxy.ts already turned away everyone else; this is the check that counts.
  const admin = await requireAdmin('/admin');
  const customers = await countCustomers();

  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-10">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Store admin</h1>
          <p className="mt-1 text-sm text-stone-600">Signed in as {admin.email}</p>
        </div>
        <SignOutButton />
      </div>
      <dl className="mt-8 grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl border border-stone-200 bg-white p-5">
          <dt className="text-sm text-stone-600">Customer accounts</dt>
          <dd className="mt-1 text-3xl font-semibold text-stone-900">{customers}</dd>
        </div>
      </dl>
    </main>
  );
}
