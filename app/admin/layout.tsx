import { AdminNav } from '@/components/admin/admin-nav';
import { requireAdmin } from '@/lib/auth';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from './sign-out-button';

/**
 * The back office's own frame: its header and the full width of the screen, without the shop's
 * header, footer, market selector or cart. Not a guard (pages and actions check the role
 * themselves); it shows who is signed in.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdmin('/admin');
  return (
    <div className="min-h-screen bg-stone-50">
      <header className="border-b border-stone-200 bg-white">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <div className="flex w-full flex-wrap items-center justify-between gap-3 px-4 py-3 lg:px-8">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <Link href="/admin" className="font-semibold text-stone-900">
              Nordlys <span className="text-brand-700">Store admin</span>
            </Link>
            <AdminNav />
          </div>
          <div className="flex min-w-0 flex-wrap items-center gap-3 text-sm text-stone-600">
            <span className="break-all">Signed in as {admin.email}</span>
            <Link href="/" className="font-medium text-stone-700 underline-offset-2 hover:underline">
              View the shop
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      {children}
    </div>
  );
}
