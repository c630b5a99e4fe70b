import type { Market } from '@/lib/markets';
import { cartMessagingAmount, klarnaMessage } from '@/lib/on-site-messaging';
import { KlarnaMessageLine } from './klarna-message-line';

/**
 * Klarna's offer for the cart total the shopper sees. The cart page renders again after each
 * quantity change, and this with it. Its space is kept while the basket can have an offer, so a
 * message appearing or going away with the total moves nothing below it.
 */
export async function CartKlarnaMessage({
  cart,
  market,
}: {
  cart: { lines: { kind: 'ONE_TIME' | 'SUBSCRIPTION' }[]; summary: { total: number } };
  market: Market;
}) {
  const purchaseAmount = cartMessagingAmount(cart);
  if (purchaseAmount === null) return null;
  const result = await klarnaMessage({ market, placement: 'credit-promotion-badge', purchaseAmount });
  return (
    <div data-testid="klarna-message" className="mt-4 min-h-10">
      {result.status === 'shown' ? (
        <KlarnaMessageLine message={result.message} locale={market.locale} />
      ) : null}
    </div>
  );
}
