import { CategoryView } from '@/components/product/category-view';
import { marketForPage } from '@/lib/data/market';
import { getCategory, listCategoryProducts, searchProducts } from '@/lib/data/products';
import { parseCatalogQuery } from '@/lib/validations/catalog';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

type Params = Promise<{ market: string; category: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { category: slug } = await params;
  const category = await getCategory(slug);
  if (!category) return { title: 'Category not found' };
  return {
    title: `Search ${category.name}`,
    alternates: { canonical: `/c/${slug}` },
    robots: { index: false },
  };
}

/**
 * A category searched or sorted (`/c/kitchen?q=mug&sort=price-asc`; next.config routes requests
 * with ?q or ?sort here). Rendered per request, from the cached product list: a search costs no
 * database query.
 */
export default async function CategorySearchPage({
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
  return <CategoryView category={category} products={products} query={query} market={market} />;
}
