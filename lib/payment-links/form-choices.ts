import 'server-only';

import { listDraftProducts } from '@/lib/data/draft-orders';
import { MARKETS } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import { draftMarket } from './pricing';

/** What the draft form offers: the markets payment links serve, and each product with its prices there. */
export async function draftFormChoices() {
  const markets = MARKETS.filter((market) => draftMarket(market.country).ok);
  const products = await listDraftProducts();
  return {
    markets: markets.map((market) => ({ country: market.country, label: market.label })),
    products: products.map((product) => ({
      slug: product.slug,
      name: product.name,
      prices: markets
        .flatMap((market) => {
          const price = product.prices.find((candidate) => candidate.currency === market.currency);
          return price ? [formatMoney(price.unitAmount, market.currency, market.locale)] : [];
        })
        .join(' · '),
    })),
  };
}
