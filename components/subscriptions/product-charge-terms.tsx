'use client';

import type { Market } from '@/lib/markets';
import { subscriptionTerms, type BasketItem } from '@/lib/subscription-basket';
import { MINUTE_MS } from '@/lib/time';
import { useSyncExternalStore } from 'react';
import { chargeTermsText } from './format';

const noSubscription = () => () => {};
/** The current minute: a stable snapshot, so React re-renders only when it changes. */
const currentMinute = () => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
/** A cached page was rendered at some earlier moment: it must not print that moment's dates. */
const unknownOnServer = () => null;

/**
 * A subscription's terms on the product page, worked out by checkout's own function. The page is
 * cached, so the date of the first charge is filled in by the browser, from today.
 */
export function ProductChargeTerms({ item, market }: { item: Omit<BasketItem, 'kind'>; market: Market }) {
  const now = useSyncExternalStore(noSubscription, currentMinute, unknownOnServer);
  const charge = subscriptionTerms(item, market, new Date(now ?? 0));
  if (!charge) return null;
  return (
    <p className="text-stone-800" data-testid="charge-terms">
      {chargeTermsText(
        { ...charge, firstChargeAt: now === null ? null : charge.firstChargeAt },
        market.locale,
      )}
    </p>
  );
}
