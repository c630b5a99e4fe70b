import { getCartItemCount } from '@/lib/data/carts';
import { getRequestMarket } from '@/lib/data/market';
import { getRequestCartOwner } from '@/lib/request-cart';

/**
 * GET /api/cart → { itemCount }: the header's cart count. Shop pages are cached for everyone, so
 * the browser asks for the count itself. Reading it also merges an anonymous cart into the
 * signed-in shopper's cart (see resolveCart).
 */
export async function GET() {
  try {
    const [owner, market] = await Promise.all([getRequestCartOwner(), getRequestMarket()]);
    const itemCount = await getCartItemCount(owner, market);
    return Response.json({ itemCount }, { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    console.error('reading the cart count failed', error);
    return Response.json(
      { error: 'The cart could not be read. Please try again.' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}
