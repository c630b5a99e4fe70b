import { ExpressCheckout } from '@/components/checkout/express-checkout';
import { ProductKlarnaMessage } from '@/components/klarna/product-klarna-message';
import { AddToCartForm } from '@/components/product/add-to-cart-form';
import { intervalText, Price } from '@/components/product/price';
import { ProductGallery } from '@/components/product/product-gallery';
import { ProductChargeTerms } from '@/components/subscriptions/product-charge-terms';
import { expressClientIdFor } from '@/lib/checkout/express';
import { marketForPage } from '@/lib/data/market';
import { getProduct, priceIn } from '@/lib/data/products';
import { env } from '@/lib/env';
import { deliveryTimeText } from '@/lib/markets';
import { jsonLdScriptText, productStructuredData } from '@/lib/product-structured-data';
import { maxQuantityFor, planQuantityMessage } from '@/lib/subscription-plans';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

type Params = Promise<{ market: string; slug: string }>;

// Each product page is rendered on its first visit per market and then served from the cache
// until its tags (lib/cache.ts) are revalidated: no database work per view.
export function generateStaticParams(): { market: string; slug: string }[] {
  return [];
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const product = await getProduct(slug);
  if (!product) return { title: 'Product not found' };
  return {
    title: product.name,
    description: product.description,
    alternates: { canonical: `/products/${product.slug}` },
  };
}

export default async function ProductPage({ params }: { params: Params }) {
  const { market: segment, slug } = await params;
  const market = marketForPage(segment);
  const product = await getProduct(slug);
  if (!product) notFound();
  const price = priceIn(product, market.currency);
  const per = intervalText(product.interval);
  const maxQuantity = maxQuantityFor(product);
  // Subscriptions keep the checkout, where the shopper signs in and sees every later charge.
  const expressClientId = expressClientIdFor(market.country);
  const structuredData = productStructuredData(
    {
      slug: product.slug,
      name: product.name,
      description: product.description,
      images: product.gallery.map((image) => image.src),
      interval: product.interval,
      price: price && { unitAmount: price.unitAmount, currency: price.currency },
    },
    market,
    env.APP_URL,
  );

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-8">
      <script
        type="application/ld+json"
        // Escaped so that no product text can end the script element (lib/product-structured-data).
        dangerouslySetInnerHTML={{ __html: jsonLdScriptText(structuredData) }}
      />
      <nav aria-label="Breadcrumb" className="text-sm text-stone-700">
        <ol className="flex flex-wrap gap-2">
          <li>
            <Link href="/" className="underline underline-offset-4 hover:text-stone-950">
              Home
            </Link>
            <span aria-hidden="true"> /</span>
          </li>
          <li>
            <Link
              href={`/c/${product.category.slug}`}
              className="underline underline-offset-4 hover:text-stone-950"
            >
              {product.category.name}
            </Link>
          </li>
        </ol>
      </nav>

      <div className="mt-6 grid gap-8 md:grid-cols-2">
        <ProductGallery images={product.gallery} />
        <div className="flex flex-col gap-5">
          <h1 className="text-3xl font-semibold tracking-tight text-stone-950">{product.name}</h1>
          <Price prices={product.prices} market={market} interval={product.interval} size="lg" />
          {price ? (
            <ProductKlarnaMessage product={product} unitAmount={price.unitAmount} market={market} />
          ) : null}
          {product.kind === 'SUBSCRIPTION' && price ? (
            <ProductChargeTerms
              market={market}
              item={{
                slug: product.slug,
                name: product.name,
                interval: product.interval,
                quantity: 1,
                price: { unitAmount: price.unitAmount, taxRate: price.taxRate },
              }}
            />
          ) : null}
          <p className="leading-relaxed text-stone-800">{product.description}</p>
          {product.kind === 'SUBSCRIPTION' && per ? (
            <p className="rounded-lg bg-stone-100 px-4 py-3 text-sm text-stone-800">
              A subscription, charged {per}. Cancel any time from your account.
            </p>
          ) : null}
          {price ? (
            <>
              <AddToCartForm
                productId={product.id}
                maxQuantity={maxQuantity}
                limitMessage={
                  product.kind === 'SUBSCRIPTION' ? planQuantityMessage(product.name, maxQuantity) : undefined
                }
              />
              {product.kind === 'ONE_TIME' && expressClientId ? (
                <ExpressCheckout
                  sdkUrl={env.KLARNA_SDK_URL}
                  clientId={expressClientId}
                  market={market.country}
                  productId={product.id}
                />
              ) : null}
              {/* Everything in the catalogue is shipped, a subscription's coffee included. */}
              <p className="text-sm text-stone-800" data-testid="delivery-time">
                {deliveryTimeText(market.deliveryDays)}.
              </p>
            </>
          ) : (
            <p className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900">
              {product.name} is not sold in {market.name}. Choose another country at the top of the page to
              buy it.
            </p>
          )}
        </div>
      </div>
    </main>
  );
}
