import Link from 'next/link';
import { AccountLink } from './account-link';
import { CartLink } from './cart-link';
import { MarketSelector } from './market-selector';

/** The same on every page and free of per-request data, so pages stay statically cached. */
export function SiteHeader() {
  return (
    <header className="border-b border-stone-200 bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link
          href="/"
          className="mr-auto text-xl font-semibold tracking-tight text-stone-950 focus-visible:outline-2 focus-visible:outline-brand-700"
        >
          Nordlys<span className="text-brand-700"> Store</span>
        </Link>
        <MarketSelector />
        <AccountLink />
        <CartLink />
      </div>
    </header>
  );
}
