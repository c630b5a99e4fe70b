import { CatalogToolbar } from '@/components/product/catalog-toolbar';
import { ProductGrid } from '@/components/product/product-card';
import { marketForPage } from '@/lib/data/market';
import { getCategory, listCategoryProducts, searchProducts } from '@/lib/data/products';
import { parseCatalogQuery, SORT_OPTIONS } from '@/lib/validations/catalog';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

type Params = Promise<{ market: string; category: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { category: slug } = await params;
  const category = await getCategory(slug);
  if (!category) return { title: 'Category not found' };
  return { title: category.name, description: category.description, alternates: { canonical: `/c/${slug}` } };
}

/**
 * A category with search and sort from the URL. It renders per request (the search is in the
 * query string) from the cached product list, so a search costs no database query.
 */
export default async function CategoryPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ market: segment, category: slug }, rawQuery] = await Promise.all([params, searchParams]);
  const market = marketForPage(segment);
  const category = await getCategory(slug);
  if (!category) notFound();
  const query = parseCatalogQuery(rawQuery);
  const products = searchProducts(await listCategoryProducts(slug), query, market);
  const sortLabel = SORT_OPTIONS.find((option) => option.value === query.sort)?.label ?? '';

  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">{category.name}</h1>
      <p className="mt-2 max-w-2xl text-stone-800">{category.description}</p>

      <div className="mt-6">
        <CatalogToolbar action={`/c/${slug}`} query={query} />
      </div>

      <p className="mt-6 text-sm text-stone-700" data-testid="result-count">
        {products.length === 1 ? '1 product' : `${products.length} products`}
        {query.q ? ` matching “${query.q}”` : ''}, sorted by {sortLabel.toLowerCase()}
      </p>

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
