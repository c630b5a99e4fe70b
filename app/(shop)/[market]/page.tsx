import { KlarnaStrip } from '@/components/klarna/klarna-strip';
import { ProductGrid } from '@/components/product/product-card';
import { marketForPage } from '@/lib/data/market';
import { listCategories, listFeaturedProducts } from '@/lib/data/products';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { alternates: { canonical: '/' } };

// Rendered on the first visit per market, then served from the cache until the catalogue changes.
export function generateStaticParams(): { market: string }[] {
  return [];
}

export default async function HomePage({ params }: { params: Promise<{ market: string }> }) {
  const market = marketForPage((await params).market);
  const [categories, featured] = await Promise.all([listCategories(), listFeaturedProducts()]);

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-10">
      <KlarnaStrip market={market} />
      <section className="rounded-2xl bg-brand-50 px-6 py-10 sm:px-10">
        <h1 className="max-w-2xl text-3xl font-semibold tracking-tight text-stone-950 sm:text-4xl">
          Everyday goods for home, kitchen and coffee
        </h1>
        <p className="mt-3 max-w-xl text-stone-800">
          Made to be used every day and kept for years. Prices in {market.currency}, delivered to{' '}
          {market.name}. Pay now or later with Klarna.
        </p>
      </section>

      <section aria-labelledby="categories-heading" className="mt-12">
        <h2 id="categories-heading" className="text-xl font-semibold text-stone-950">
          Shop by category
        </h2>
        <ul className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {categories.map((category) => (
            <li key={category.slug}>
              <Link
                href={`/c/${category.slug}`}
                className="block h-full rounded-xl border border-stone-200 bg-white p-5 hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-brand-700"
              >
                <span className="font-medium text-stone-950">{category.name}</span>
                <span className="mt-1 block text-sm text-stone-700">{category.description}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="featured-heading" className="mt-12">
        <h2 id="featured-heading" className="text-xl font-semibold text-stone-950">
          Featured
        </h2>
        <div className="mt-4">
          <ProductGrid products={featured} market={market} />
        </div>
      </section>
    </main>
  );
}
