import { CategoryView } from '@/components/product/category-view';
import { marketForPage } from '@/lib/data/market';
import { getCategory, listCategoryProducts, searchProducts } from '@/lib/data/products';
import { DEFAULT_CATALOG_QUERY } from '@/lib/validations/catalog';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

type Params = Promise<{ market: string; category: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { category: slug } = await params;
  const category = await getCategory(slug);
  if (!category) return { title: 'Category not found' };
  return { title: category.name, description: category.description, alternates: { canonical: `/c/${slug}` } };
}

// The plain listing (no search, default order) is rendered on its first visit per market and then
// served from the cache like a product page. With ?q= or ?sort= the request goes to ./search.
export function generateStaticParams(): { market: string; category: string }[] {
  return [];
}

export default async function CategoryPage({ params }: { params: Params }) {
  const { market: segment, category: slug } = await params;
  const market = marketForPage(segment);
  const category = await getCategory(slug);
  if (!category) notFound();
  const products = searchProducts(await listCategoryProducts(slug), DEFAULT_CATALOG_QUERY, market);
  return (
    <CategoryView category={category} products={products} query={DEFAULT_CATALOG_QUERY} market={market} />
  );
}
