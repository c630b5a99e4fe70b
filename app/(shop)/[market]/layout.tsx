import { CategoryNav } from '@/components/layout/category-nav';
import { marketForPage } from '@/lib/data/market';
import { listCategories } from '@/lib/data/products';
import type { ReactNode } from 'react';

/**
 * Every market-dependent shop page lives under /{COUNTRY}/…; next.config.mjs rewrites the public
 * paths (/, /c/…, /products/…, /cart) here from the market cookie.
 */
export default async function MarketLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ market: string }>;
}) {
  marketForPage((await params).market);
  const categories = await listCategories();
  return (
    <>
      <CategoryNav categories={categories} />
      {children}
    </>
  );
}
