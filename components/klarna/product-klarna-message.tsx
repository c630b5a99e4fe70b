import type { Market } from '@/lib/markets';
import { klarnaMessage, productMessagingAmount } from '@/lib/on-site-messaging';
import { LiveKlarnaMessage } from './live-klarna-message';

/**
 * Klarna's offer under a product's price, for one unit when the page is rendered and for the
 * quantity chosen after that. Subscriptions get none: Klarna's offers are for one payment.
 */
export async function ProductKlarnaMessage({
  product,
  unitAmount,
  market,
}: {
  product: { id: string; slug: string; kind: 'ONE_TIME' | 'SUBSCRIPTION' };
  unitAmount: number;
  market: Market;
}) {
  const purchaseAmount = productMessagingAmount(product, unitAmount, 1);
  if (purchaseAmount === null) return null;
  const initial = await klarnaMessage({ market, placement: 'credit-promotion-badge', purchaseAmount });
  return (
    <LiveKlarnaMessage
      productId={product.id}
      slug={product.slug}
      country={market.country}
      locale={market.locale}
      initial={initial}
    />
  );
}
