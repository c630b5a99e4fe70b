import 'server-only';

import { unstable_cache } from 'next/cache';
import { categoryTag, productTag, TAGS } from '@/lib/cache';
import { prisma } from '@/lib/db';
import { isCurrencyCode, type CurrencyCode } from '@/lib/money';
import type { CatalogQuery, SortOrder } from '@/lib/validations/catalog';

/** A price in one currency: minor units, and the tax rate (basis points) that applies to it. */
export interface PriceDTO {
  currency: CurrencyCode;
  unitAmount: number;
  taxRate: number;
}

/** What a product card and a product page show. Dates are ISO strings: cached data is JSON. */
export interface ProductDTO {
  id: string;
  slug: string;
  name: string;
  description: string;
  image: string;
  featured: boolean;
  kind: 'ONE_TIME' | 'SUBSCRIPTION';
  /** Billing interval of a subscription; null for one-time products. */
  interval: 'MONTH' | 'YEAR' | null;
  createdAt: string;
  category: { slug: string; name: string };
  /** One per currency the product is sold in. */
  prices: PriceDTO[];
}

/** A picture of a product: a file served from public/ and what it shows. */
export interface ProductImageDTO {
  src: string;
  alt: string;
}

/** What the product page shows: a product with its gallery, the main image first. */
export interface ProductPageDTO extends ProductDTO {
  gallery: ProductImageDTO[];
}

export interface CategoryDTO {
  slug: string;
  name: string;
  description: string;
}

const productSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  image: true,
  featured: true,
  kind: true,
  interval: true,
  createdAt: true,
  category: { select: { slug: true, name: true } },
  prices: { select: { currency: true, unitAmount: true, taxRate: true } },
} as const;

const categorySelect = { slug: true, name: true, description: true } as const;

/** A product as the database returns it: a Date, and currencies not yet checked. */
type ProductRow = Omit<ProductDTO, 'createdAt' | 'prices'> & {
  createdAt: Date;
  prices: (Omit<PriceDTO, 'currency'> & { currency: string })[];
};

function toProductDTO(row: ProductRow): ProductDTO {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    // A currency we do not sell in (a typo in the admin, an old row) is ignored, never shown.
    prices: row.prices.flatMap((price) =>
      isCurrencyCode(price.currency) ? [{ ...price, currency: price.currency }] : [],
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Uncached queries. Only active products are ever listed or shown; a deactivated product is a 404.

export async function findProductBySlug(slug: string): Promise<ProductPageDTO | null> {
  const row = await prisma.product.findFirst({
    where: { slug, active: true },
    select: { ...productSelect, images: { select: { src: true, alt: true }, orderBy: { position: 'asc' } } },
  });
  if (!row) return null;
  const { images, ...product } = row;
  // The main image is the product itself, so the product's name describes it.
  return { ...toProductDTO(product), gallery: [{ src: product.image, alt: product.name }, ...images] };
}

export async function findCategories(): Promise<CategoryDTO[]> {
  return prisma.category.findMany({ orderBy: { position: 'asc' }, select: categorySelect });
}

export async function findCategory(slug: string): Promise<CategoryDTO | null> {
  return prisma.category.findUnique({ where: { slug }, select: categorySelect });
}

export async function findCategoryProducts(categorySlug: string): Promise<ProductDTO[]> {
  const rows = await prisma.product.findMany({
    where: { active: true, category: { slug: categorySlug } },
    orderBy: { name: 'asc' },
    select: productSelect,
  });
  return rows.map(toProductDTO);
}

export async function findFeaturedProducts(): Promise<ProductDTO[]> {
  const rows = await prisma.product.findMany({
    where: { active: true, featured: true },
    orderBy: [{ category: { position: 'asc' } }, { name: 'asc' }],
    select: productSelect,
  });
  return rows.map(toProductDTO);
}

// ---------------------------------------------------------------------------------------------
// Cached reads for pages. Results live in Next's data cache until a tag in lib/cache.ts is
// revalidated, and the pages rendered from them carry the same tags.

/** The active product with this slug, or null (the page then answers 404). */
export function getProduct(slug: string): Promise<ProductPageDTO | null> {
  return unstable_cache(() => findProductBySlug(slug), ['product', slug], {
    tags: [TAGS.products, productTag(slug)],
  })();
}

export const listCategories = unstable_cache(findCategories, ['categories'], { tags: [TAGS.categories] });

export function getCategory(slug: string): Promise<CategoryDTO | null> {
  return unstable_cache(() => findCategory(slug), ['category', slug], {
    tags: [TAGS.categories, categoryTag(slug)],
  })();
}

/** Every active product of a category; search and sort happen on this list (`searchProducts`). */
export function listCategoryProducts(categorySlug: string): Promise<ProductDTO[]> {
  return unstable_cache(() => findCategoryProducts(categorySlug), ['category-products', categorySlug], {
    tags: [TAGS.products, categoryTag(categorySlug)],
  })();
}

export const listFeaturedProducts = unstable_cache(findFeaturedProducts, ['featured-products'], {
  tags: [TAGS.products],
});

// ---------------------------------------------------------------------------------------------
// Pure helpers.

/** The product's price in a currency, or undefined when it is not sold in that currency. */
export function priceIn(product: Pick<ProductDTO, 'prices'>, currency: CurrencyCode): PriceDTO | undefined {
  return product.prices.find((price) => price.currency === currency);
}

/** Lower-cased, accents removed: "Crème" and "creme" are the same search word. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase('en');
}

/**
 * Filters a category's products by a search (every word must appear in the name or the
 * description, ignoring case and accents) and sorts them. Price sorts use the market's currency;
 * products without a price there go last. Ties fall back to the name, so the order is stable.
 * Categories hold dozens of products, so this runs in memory on the cached list: the same on
 * SQLite and PostgreSQL, and no cache entry per search string.
 */
export function searchProducts(
  products: readonly ProductDTO[],
  query: CatalogQuery,
  market: { currency: CurrencyCode; locale: string },
): ProductDTO[] {
  const words = fold(query.q).split(/\s+/).filter(Boolean);
  const matches = words.length
    ? products.filter((product) => {
        const haystack = fold(`${product.name} ${product.description}`);
        return words.every((word) => haystack.includes(word));
      })
    : [...products];
  const collator = new Intl.Collator(market.locale);
  const byName = (a: ProductDTO, b: ProductDTO) => collator.compare(a.name, b.name);
  return matches.sort(comparator(query.sort, market.currency, byName));
}

type Compare = (a: ProductDTO, b: ProductDTO) => number;

function comparator(sort: SortOrder, currency: CurrencyCode, byName: Compare): Compare {
  const price = (product: ProductDTO) => priceIn(product, currency)?.unitAmount;
  switch (sort) {
    case 'price-asc':
    case 'price-desc': {
      const direction = sort === 'price-asc' ? 1 : -1;
      return (a, b) => {
        const pa = price(a);
        const pb = price(b);
        if (pa === undefined || pb === undefined) {
          return pa === pb ? byName(a, b) : pa === undefined ? 1 : -1;
        }
        return (pa - pb) * direction || byName(a, b);
      };
    }
    case 'name':
      return byName;
    case 'newest':
      return (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : byName(a, b));
    case 'featured':
      return (a, b) => Number(b.featured) - Number(a.featured) || byName(a, b);
  }
}
