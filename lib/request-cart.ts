import 'server-only';

import { getCurrentUser } from '@/lib/auth';
import { CART_TTL_SECONDS, getCart, type CartDTO, type CartOwner } from '@/lib/data/carts';
import { getRequestMarket } from '@/lib/data/market';
import { env } from '@/lib/env';
import { cookies } from 'next/headers';

/** The httpOnly cookie that holds an anonymous cart's token. */
export const CART_COOKIE = 'cart';

/**
 * The cookie is only written when the cart changes identity, so it outlives the inactivity window:
 * a cart in use for more than 30 days keeps its cookie.
 */
export const CART_COOKIE_MAX_AGE = CART_TTL_SECONDS * 2;

/** The cart cookie and the session of the current request (server components, actions, routes). */
export async function getRequestCartOwner(): Promise<CartOwner> {
  const [store, user] = await Promise.all([cookies(), getCurrentUser()]);
  return { token: store.get(CART_COOKIE)?.value, userId: user?.id ?? null };
}

/** The current shopper's cart in the current market (for the cart page and checkout). */
export async function getRequestCart(): Promise<CartDTO> {
  const [owner, market] = await Promise.all([getRequestCartOwner(), getRequestMarket()]);
  return getCart(owner, market);
}

/** Points the cart cookie at `token` (after a change created the cart or merged it into another). */
export async function rememberCartToken(token: string): Promise<void> {
  const store = await cookies();
  store.set(CART_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    path: '/',
    maxAge: CART_COOKIE_MAX_AGE,
  });
}
