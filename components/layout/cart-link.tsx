'use client';

import { useCartCount } from '@/components/cart/use-cart-count';
import { HeaderIcon } from '@/components/layout/header-icon';
import Link from 'next/link';

export function CartLink() {
  const { count } = useCartCount();
  return (
    <Link
      href="/cart"
      // The cart renders per request: fetch it when the shopper goes there, not on every page view.
      prefetch={false}
      className="inline-flex h-10 items-center gap-2 rounded-lg px-2.5 font-medium text-stone-900 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-700 sm:px-3"
    >
      <HeaderIcon>
        <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6.2" />
        <circle cx="10" cy="20" r="1.3" />
        <circle cx="17" cy="20" r="1.3" />
      </HeaderIcon>
      <span className="sr-only sm:not-sr-only">Cart</span>
      {/* The badge's place is kept (invisible) until the count is known: no empty dot, and its
          arrival moves nothing in the header. */}
      <span
        aria-hidden="true"
        data-testid="cart-count"
        className={`inline-flex h-6 min-w-6 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white ${count === undefined ? 'invisible' : ''}`}
      >
        {count}
      </span>
      <span className="sr-only">
        {count === undefined ? '' : `, ${count} ${count === 1 ? 'item' : 'items'}`}
      </span>
    </Link>
  );
}
