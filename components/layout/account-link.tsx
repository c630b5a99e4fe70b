'use client';

import { signOut, useSession } from 'next-auth/react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const linkClasses =
  'rounded-lg px-3 py-2 font-medium text-stone-900 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-700';

export function AccountLink() {
  const { data: session, status } = useSession();
  const pathname = usePathname();
  if (status === 'authenticated') {
    return (
      <div className="flex items-center gap-1">
        <span className="hidden text-sm text-stone-700 md:inline">
          {session.user.name ?? session.user.email}
        </span>
        <button type="button" className={linkClasses} onClick={() => void signOut({ callbackUrl: '/' })}>
          Sign out
        </button>
      </div>
    );
  }
  // Back to this page after signing in; the sign-in page itself is no useful destination.
  const returnTo =
    pathname && !pathname.startsWith('/login') && !pathname.startsWith('/signup') ? pathname : '/';
  return (
    <Link
      href={`/login?callbackUrl=${encodeURIComponent(returnTo)}`}
      prefetch={false}
      className={linkClasses}
    >
      Sign in
    </Link>
  );
}
