import { CartQuantity } from '@/components/cart/cart-quantity';
import { CartSummary } from '@/components/cart/cart-summary';
import { RemoveItemButton } from '@/components/cart/remove-item-button';
import { ExpressCheckout } from '@/components/checkout/express-checkout';
import { CartKlarnaMessage } from '@/components/klarna/cart-klarna-message';
import { intervalText } from '@/components/product/price';
import { chargeTermsText } from '@/components/subscriptions/format';
import { buttonClasses } from '@/components/ui/button';
import { expressClientIdFor } from '@/lib/checkout/express';
import { getCart, type CartLineDTO } from '@/lib/data/carts';
import { marketForPage } from '@/lib/data/market';
import { env } from '@/lib/env';
import type { Market } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import { getRequestCartOwner } from '@/lib/request-cart';
import { maxQuantityFor } from '@/lib/subscription-plans';
import type { Metadata } from 'next';
import Image from 'next/image';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

function unavailableReason(line: CartLineDTO, market: Market): string | null {
  if (line.availability === 'inactive') return 'No longer available';
  if (line.availability === 'unpriced') return `Not sold in ${market.name}`;
  return null;
}

/** The shopper's cart, read per request: current prices, and what can no longer be bought. */
export default async function CartPage({ params }: { params: Promise<{ market: string }> }) {
  const market = marketForPage((await params).market);
  const cart = await getCart(await getRequestCartOwner(), market);
  const money = (amount: number) => formatMoney(amount, cart.currency, market.locale);
  const blocked = cart.lines.some((line) => line.availability !== 'available');
  const hasSubscription = cart.lines.some((line) => line.kind === 'SUBSCRIPTION');
  const expressClientId = expressClientIdFor(market.country);

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">Your cart</h1>

      {cart.lines.length === 0 ? (
        <div className="mt-6 rounded-xl border border-stone-200 bg-white px-6 py-10 text-center">
          <p className="text-stone-800">Your cart is empty.</p>
          <Link href="/" className={buttonClasses('primary', 'mt-4')}>
            Continue shopping
          </Link>
        </div>
      ) : (
        <div className="mt-6 grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <ul
            className="flex flex-col divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white"
            aria-label="Items in your cart"
          >
            {cart.lines.map((line) => {
              const reason = unavailableReason(line, market);
              const per = intervalText(line.interval);
              return (
                <li key={line.productId} className="flex gap-4 p-4" data-testid="cart-line">
                  <Image
                    src={line.image}
                    alt=""
                    width={96}
                    height={96}
                    className={`h-24 w-24 shrink-0 rounded-lg bg-stone-100 object-cover ${reason ? 'opacity-50' : ''}`}
                  />
                  <div className="flex min-w-0 flex-1 flex-col gap-2">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <h2 className="font-medium text-stone-950">
                        <Link href={`/products/${line.slug}`} className="hover:underline">
                          {line.name}
                        </Link>
                      </h2>
                      {line.lineTotal !== null ? (
                        <p className="font-semibold text-stone-950" data-testid="line-total">
                          {money(line.lineTotal)}
                        </p>
                      ) : null}
                    </div>
                    {reason ? (
                      <p className="text-sm font-medium text-amber-900">
                        {reason}: not included in the total. Remove it to check out.
                      </p>
                    ) : (
                      <p className="text-sm text-stone-700">
                        {line.unitPrice !== null ? money(line.unitPrice) : null} each{per ? `, ${per}` : ''}
                        {line.terms ? (
                          <span className="block" data-testid="charge-terms">
                            {chargeTermsText(line.terms, market.locale)}
                          </span>
                        ) : null}
                        {line.priceWhenAdded !== null ? (
                          <span className="block font-medium text-amber-900" data-testid="price-changed">
                            The price has changed since you added it (it was {money(line.priceWhenAdded)}).
                          </span>
                        ) : null}
                      </p>
                    )}
                    <div className="flex flex-wrap items-start gap-4">
                      {reason ? (
                        <p className="text-sm text-stone-700">Quantity {line.quantity}</p>
                      ) : (
                        <CartQuantity
                          productId={line.productId}
                          productName={line.name}
                          quantity={line.quantity}
                          maxQuantity={maxQuantityFor(line)}
                        />
                      )}
                      <RemoveItemButton productId={line.productId} productName={line.name} />
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>

          <aside
            aria-labelledby="summary-heading"
            className="h-fit rounded-xl border border-stone-200 bg-white p-5"
          >
            <h2 id="summary-heading" className="mb-4 text-lg font-semibold text-stone-950">
              Order summary
            </h2>
            <CartSummary cart={cart} market={market} />
            <CartKlarnaMessage cart={cart} market={market} />
            {hasSubscription ? (
              <p className="mt-4 text-sm text-stone-700">
                Subscriptions renew automatically until you cancel; checkout shows what is charged today and
                when. You need an account to subscribe.
              </p>
            ) : null}
            {blocked ? (
              <p className="mt-4 text-sm font-medium text-amber-900">
                Remove the unavailable items to check out.
              </p>
            ) : (
              <Link href="/checkout" className={buttonClasses('primary', 'mt-5 w-full')}>
                Check out with Klarna
              </Link>
            )}
            {!blocked && !hasSubscription && expressClientId ? (
              <div className="mt-3">
                <ExpressCheckout
                  sdkUrl={env.KLARNA_SDK_URL}
                  clientId={expressClientId}
                  market={market.country}
                />
              </div>
            ) : null}
          </aside>
        </div>
      )}
    </main>
  );
}
