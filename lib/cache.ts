/**
 * Cache tags for the catalogue. Reads tag their cached results with these; a write that changes a
 * product, price or category revalidates by tag (`updateTag` in a server action,
 * `revalidateTag(tag, 'max')` in a route handler), which refreshes both the cached data and the
 * product, category and home pages rendered from it.
 */
export const TAGS = {
  /** Every cached read that shows products or prices: product pages, listings, featured lists. */
  products: 'products',
  /** Category names and descriptions (the navigation, category headers). */
  categories: 'categories',
} as const;

/** One product's page and data, e.g. after its price changes. */
export function productTag(slug: string): string {
  return `product:${slug}`;
}

/** One category's listing. */
export function categoryTag(slug: string): string {
  return `category:${slug}`;
}
