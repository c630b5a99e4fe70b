'use server';

import { resolveCart } from '@/lib/data/carts';
import { MARKET_COOKIE, MARKET_COOKIE_MAX_AGE } from '@/lib/market-routing';
import { getMarket } from '@/lib/markets';
import { getRequestCartOwner } from '@/lib/request-cart';
import { marketSchema, parseForm } from '@/lib/validations/cart';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';

/**
 * The page the selector was used on, as a path on this site. Only the path and query of the
 * Referer are kept (never its host), and leading slashes are collapsed, so this cannot become an
 * open redirect.
 */
async function returnPath(): Promise<string> {
  const referer = (await headers()).get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
  } catch {
    return '/';
  }
}

/**
 * Switches the shopper's market (country, currency, price format). An existing cart moves to the
 * new currency at once, so the cart and checkout never disagree with the prices on screen.
 * Ends with a redirect back to the page: this request was routed by the old market cookie, so only
 * a new request shows the page in the new market (with or without JavaScript).
 */
export async function setMarket(formData: FormData): Promise<void> {
  const parsed = parseForm(marketSchema, formData);
  const market = parsed.ok ? getMarket(parsed.data.country) : undefined;
  // The selector only offers our markets; anything else is a forged request and changes nothing.
  if (market) {
    const store = await cookies();
    store.set(MARKET_COOKIE, market.country, {
      httpOnly: false,
      sameSite: 'lax',
      path: '/',
      maxAge: MARKET_COOKIE_MAX_AGE,
    });
    try {
      await resolveCart(await getRequestCartOwner(), market);
    } catch (error) {
      // The cart catches up on its next read; the market change itself succeeded.
      console.error('moving the cart to the new market failed', error);
    }
  }
  redirect(await returnPath());
}
