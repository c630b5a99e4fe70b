import 'server-only';

import { cartPayload } from '@/lib/checkout/payload';
import { getCartForPayment } from '@/lib/data/payment-sessions';
import { getMarket, type Market } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { fail, succeed, type Result } from '@/lib/result';

/* Where payment links are offered, and a draft's lines and totals as the checkout prices them. */

/**
 * Payment links are offered where the price is final before the customer gives an address: in the
 * US the sales tax depends on the shipping state, which the customer enters on Klarna's page.
 */
export function draftMarket(
  country: string,
): Result<{ market: Market }, 'unknown_market' | 'market_not_offered'> {
  const market = getMarket(country);
  if (!market) return fail('unknown_market', `The shop does not sell to “${country}” with Klarna.`);
  if (market.taxStyle !== 'vat') {
    return fail(
      'market_not_offered',
      `Payment links are not offered in ${market.name}: the sales tax depends on the shipping state, which the customer enters on Klarna’s page.`,
    );
  }
  return succeed({ market });
}

/** A draft's lines and totals exactly as Klarna gets them, or why it cannot be paid now. */
export async function draftTotals(
  cartId: string,
): Promise<Result<{ market: Market; totals: KlarnaOrderTotals }, string>> {
  const cart = await getCartForPayment(cartId);
  if (!cart) return fail('unknown_draft', 'This draft no longer exists.');
  const priced = cartPayload(cart);
  return priced.ok ? succeed({ market: priced.market, totals: priced.totals }) : priced;
}
