'use client';

import { setMarket } from '@/lib/actions/market';
import { MARKET_COOKIE, marketFromCookie, marketFromSegment } from '@/lib/market-routing';
import { MARKETS } from '@/lib/markets';
import { useParams } from 'next/navigation';
import { useId, useOptimistic, useSyncExternalStore, useTransition } from 'react';
import { readBrowserCookie } from './cookies';

const noSubscription = () => () => {};

/**
 * Country and currency. Shop pages know their market from the path they were rendered for; other
 * pages (sign-in, admin) read the market cookie once hydrated. Choosing a country saves it
 * through a server action, and the page re-renders in the new currency.
 */
export function MarketSelector() {
  const params = useParams<{ market?: string }>();
  const cookieValue = useSyncExternalStore(
    noSubscription,
    () => readBrowserCookie(MARKET_COOKIE),
    () => undefined,
  );
  const current = marketFromSegment(params?.market) ?? marketFromCookie(cookieValue);
  const [shown, setShown] = useOptimistic<string>(current.country);
  const [pending, startTransition] = useTransition();
  const id = useId();
  const shownMarket = MARKETS.find((market) => market.country === shown) ?? current;

  return (
    <form action={setMarket} className="relative flex items-center">
      <label htmlFor={id} className="sr-only">
        Country and currency
      </label>
      {/* On a phone the header has room for the short form only ("SE · SEK"): it is drawn over the
          select, whose own text is moved out of sight and made transparent (browsers differ in
          which of the two they honour); the select itself still names the full market. */}
      <span
        aria-hidden="true"
        className="pointer-events-none absolute inset-y-0 left-0 flex items-center pl-2 text-sm text-stone-900 sm:hidden"
      >
        {shownMarket.country} · {shownMarket.currency}
      </span>
      <select
        id={id}
        name="country"
        value={shown}
        onChange={(event) => {
          const form = event.currentTarget.form;
          if (!form) return;
          const formData = new FormData(form);
          startTransition(async () => {
            setShown(event.target.value);
            await setMarket(formData);
          });
        }}
        aria-busy={pending}
        className="w-[6.5rem] rounded-lg border border-stone-300 bg-white py-1.5 pr-7 pl-2 -indent-[999rem] text-sm text-transparent focus-visible:outline-2 focus-visible:outline-brand-700 sm:w-auto sm:pr-8 sm:indent-0 sm:text-stone-900 [&>option]:text-stone-900"
      >
        {MARKETS.map((market) => (
          <option key={market.country} value={market.country}>
            {market.label}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="ml-2 text-sm underline">
          Change
        </button>
      </noscript>
    </form>
  );
}
