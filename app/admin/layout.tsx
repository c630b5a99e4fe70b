import { AdminNav } from '@/components/admin/admin-nav';
import { requireAdmin } from '@/lib/auth';
import type { ReactNode } from 'react';
import { SignOutButton } from './sign-out-button';

/** The staff shell. Not a guard (pages and actions check the role themselves); it shows who is signed in. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdmin('/admin');
  return (
    <div className="min-h-screen bg-stone-50">
      {/* A named region, not a second banner: the site header above is the page's one banner. */}
      <section aria-label="Store admin" className="border-b border-stone-200 bg-white">
        <div className="mx-auto flex w-full max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <span className="font-semibold text-stone-900">Store admin</span>
            <AdminNav />
          </div>
          <div className="flex flex-wrap items-center gap-3 text-sm text-stone-600">
            <span>Signed in as {admin.email}</span>
            <SignOutButton />
          </div>
        </div>
      </section>
      {children}
    </div>
  );
}
