import 'server-only';

import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { MARKET_COOKIE, marketFromCookie, marketFromSegment } from '@/lib/market-routing';
import type { Market } from '@/lib/markets';

/**
 * The shopper's market from the market cookie, for server actions and dynamic pages. Statically
 * rendered shop pages get the same market from their path segment instead (see market-routing).
 */
export async function getRequestMarket(): Promise<Market> {
  const store = await cookies();
  return marketFromCookie(store.get(MARKET_COOKIE)?.value);
}

/**
 * The market of a shop page from its internal path segment (`/DE/products/…`). Anything else is
 * not one of our pages: 404.
 */
export function marketForPage(segment: string): Market {
  return marketFromSegment(segment) ?? notFound();
}
