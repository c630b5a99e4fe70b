import { CatalogToolbar } from '@/components/product/catalog-toolbar';
import { ProductGrid } from '@/components/product/product-card';
import type { CategoryDTO, ProductDTO } from '@/lib/data/products';
import type { Market } from '@/lib/markets';
import { SORT_OPTIONS, type CatalogQuery } from '@/lib/validations/catalog';

/** A category's listing: heading, search and sort form, and the matching products. */
export function CategoryView({
  category,
  products,
  query,
  market,
}: {
  category: CategoryDTO;
  products: ProductDTO[];
  query: CatalogQuery;
  market: Market;
}) {
  const sortLabel = SORT_OPTIONS.find((option) => option.value === query.sort)?.label ?? '';
  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">{category.name}</h1>
      <p className="mt-2 max-w-2xl text-stone-800">{category.description}</p>

      <div className="mt-6">
        <CatalogToolbar action={`/c/${category.slug}`} query={query} />
      </div>

      <h2 className="mt-6 text-sm font-normal text-stone-700" data-testid="result-count">
        {products.length === 1 ? '1 product' : `${products.length} products`}
        {query.q ? ` matching “${query.q}”` : ''}, sorted by {sortLabel.toLowerCase()}
      </h2>

      <div className="mt-4">
        {products.length > 0 ? (
          <ProductGrid products={products} market={market} eagerCount={4} />
        ) : (
          <p className="rounded-xl border border-dashed border-stone-300 bg-white px-6 py-10 text-center text-stone-800">
            No products in {category.name} match “{query.q}”. Try another word, or clear the search.
          </p>
        )}
      </div>
    </main>
  );
}
