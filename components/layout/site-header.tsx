import Link from 'next/link';
import { AccountMenu } from './account-menu';
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
      {/* One row on a phone (360 px and up): the logo's second word, Account and Cart keep only their
          icons there and their words stay for screen readers. */}
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-1 gap-y-2 px-3 py-2 sm:gap-x-3 sm:px-4 sm:py-3">
        <Link
          href="/"
          className="mr-auto text-lg font-semibold tracking-tight text-stone-950 focus-visible:outline-2 focus-visible:outline-brand-700 sm:text-xl"
        >
          Nordlys<span className="sr-only text-brand-700 sm:not-sr-only"> Store</span>
        </Link>
        <MarketSelector />
        <AccountMenu />
        <CartLink />
      </div>
    </header>
  );
}
