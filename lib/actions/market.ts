'use server';

import { getRequestCartOwner, resolveCart } from '@/lib/data/carts';
import { MARKET_COOKIE, MARKET_COOKIE_MAX_AGE } from '@/lib/market-routing';
import { getMarket } from '@/lib/markets';
import { marketSchema, parseForm } from '@/lib/validations/cart';
import { refresh } from 'next/cache';
import { cookies } from 'next/headers';

/**
 * Switches the shopper's market (country, currency, language of prices). The shop pages follow
 * on the next render; an existing cart moves to the new currency at once, so the cart and the
 * checkout never disagree with the prices on screen.
 */
export async function setMarket(formData: FormData): Promise<void> {
  const parsed = parseForm(marketSchema, formData);
  const market = parsed.ok ? getMarket(parsed.data.country) : undefined;
  // The selector only offers our markets; anything else is a forged request, and changes nothing.
  if (!market) return;

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
  refresh();
}
