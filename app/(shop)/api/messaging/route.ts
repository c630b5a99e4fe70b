import { getProduct, priceIn } from '@/lib/data/products';
import { getMarket, isCountryCode } from '@/lib/markets';
import { klarnaMessage, productMessagingAmount, type MessagingResult } from '@/lib/on-site-messaging';
import { MAX_QUANTITY, MIN_QUANTITY } from '@/lib/validations/cart-limits';
import { z } from 'zod';

const query = z.object({
  market: z.string().refine(isCountryCode, { error: 'market must be one of the shop’s country codes' }),
  product: z.string().regex(/^[a-z0-9-]{1,100}$/, { error: 'product must be a product’s slug' }),
  quantity: z.coerce
    .number({ error: 'quantity must be a number' })
    .int({ error: 'quantity must be a whole number' })
    .min(MIN_QUANTITY, { error: `quantity must be at least ${MIN_QUANTITY}` })
    .max(MAX_QUANTITY, { error: `quantity must be at most ${MAX_QUANTITY}` }),
});

/**
 * GET /api/messaging?market=SE&product=oak-board&quantity=3 → Klarna's offer line for that
 * quantity of the product at its price in the market (a MessagingResult). The product page asks
 * it when the shopper changes the quantity; the amount is priced here, never taken from the browser.
 */
export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = query.safeParse(params);
  if (!parsed.success) {
    return Response.json(
      { error: parsed.error.issues.map((issue) => issue.message).join('; ') },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const { market: country, product: slug, quantity } = parsed.data;
  const market = getMarket(country);
  const product = await getProduct(slug);
  if (!market || !product) {
    return Response.json(
      { error: 'No such product.' },
      { status: 404, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const price = priceIn(product, market.currency);
  const purchaseAmount = price ? productMessagingAmount(product, price.unitAmount, quantity) : null;
  const result: MessagingResult = await klarnaMessage({
    market,
    placement: 'credit-promotion-badge',
    purchaseAmount,
  });
  // An answer is good as long as Klarna's; "unavailable" is asked again next time.
  const cacheControl = result.status === 'unavailable' ? 'no-store' : 'public, max-age=60';
  return Response.json(result, { headers: { 'Cache-Control': cacheControl } });
}
