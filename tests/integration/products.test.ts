/**
 * The catalogue data layer against a real database, and the category page's search and sort.
 */
import type * as ProductsModule from '@/lib/data/products';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { CurrencyCode } from '@/lib/money';
import { parseCatalogQuery, type CatalogQuery } from '@/lib/validations/catalog';
import { beforeAll, describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();

let prisma: PrismaClient;
let products: typeof ProductsModule;

type MarketFormat = { currency: CurrencyCode; locale: string };
const SEK: MarketFormat = { currency: 'SEK', locale: 'sv-SE' };
const USD: MarketFormat = { currency: 'USD', locale: 'en-US' };

beforeAll(async () => {
  prisma = await db.prisma();
  products = await import('@/lib/data/products');
  const kitchen = await prisma.category.create({
    data: { slug: 'kitchen', name: 'Kitchen', description: 'Cooking', position: 1 },
  });
  const coffee = await prisma.category.create({
    data: { slug: 'coffee', name: 'Coffee', description: 'Beans', position: 0 },
  });
  const make = (
    slug: string,
    name: string,
    description: string,
    categoryId: string,
    prices: Record<string, number>,
    extra: {
      featured?: boolean;
      active?: boolean;
      createdAt?: Date;
      images?: { create: { src: string; alt: string; position: number }[] };
    } = {},
  ) =>
    prisma.product.create({
      data: {
        slug,
        name,
        description,
        image: `/products/${slug}.svg`,
        categoryId,
        ...extra,
        prices: {
          create: Object.entries(prices).map(([currency, unitAmount]) => ({
            currency,
            unitAmount,
            taxRate: 2500,
          })),
        },
      },
    });
  await make(
    'enamel-pot',
    'Enamel Coffee Pot',
    'A blue enamel pot for the stove.',
    kitchen.id,
    { SEK: 39_900, USD: 3_900 },
    {
      createdAt: new Date('2026-01-03'),
    },
  );
  await make(
    'oak-board',
    'Oak Cutting Board',
    'Solid oak, oiled by hand.',
    kitchen.id,
    { SEK: 44_900, USD: 4_200 },
    {
      featured: true,
      createdAt: new Date('2026-01-07'),
      // Stored out of order: the gallery follows the positions.
      images: {
        create: [
          { src: '/products/oak-board-groove.svg', alt: 'The juice groove', position: 2 },
          { src: '/products/oak-board-back.svg', alt: 'The serving side', position: 1 },
        ],
      },
    },
  );
  await make(
    'crepe-pan',
    'Crêpe Pan',
    'Carbon steel, for thin pancakes.',
    kitchen.id,
    { SEK: 29_900 },
    {
      createdAt: new Date('2026-01-05'),
    },
  );
  await make(
    'old-kettle',
    'Old Kettle',
    'Withdrawn from sale.',
    kitchen.id,
    { SEK: 10_000 },
    { active: false },
  );
  await make(
    'nordic-roast',
    'Nordic Roast Beans',
    'A dark roast for the pot.',
    coffee.id,
    { SEK: 17_900 },
    {
      featured: true,
    },
  );
});

const query = (q: string, sort: CatalogQuery['sort'] = 'featured'): CatalogQuery => ({ q, sort });

describe('reading the catalogue', () => {
  test('a product by slug, with its category and one price per currency', async () => {
    const product = await products.findProductBySlug('oak-board');

    expect(product).toMatchObject({
      slug: 'oak-board',
      name: 'Oak Cutting Board',
      kind: 'ONE_TIME',
      interval: null,
      featured: true,
      category: { slug: 'kitchen', name: 'Kitchen' },
      createdAt: '2026-01-07T00:00:00.000Z',
    });
    expect(product?.prices).toEqual(
      expect.arrayContaining([
        { currency: 'SEK', unitAmount: 44_900, taxRate: 2500 },
        { currency: 'USD', unitAmount: 4_200, taxRate: 2500 },
      ]),
    );
  });

  test("a product's gallery starts with its main image, named after it, then its pictures in order", async () => {
    expect((await products.findProductBySlug('oak-board'))?.gallery).toEqual([
      { src: '/products/oak-board.svg', alt: 'Oak Cutting Board' },
      { src: '/products/oak-board-back.svg', alt: 'The serving side' },
      { src: '/products/oak-board-groove.svg', alt: 'The juice groove' },
    ]);
    expect((await products.findProductBySlug('enamel-pot'))?.gallery).toEqual([
      { src: '/products/enamel-pot.svg', alt: 'Enamel Coffee Pot' },
    ]);
  });

  test('a withdrawn or unknown product is not found', async () => {
    expect(await products.findProductBySlug('old-kettle')).toBeNull();
    expect(await products.findProductBySlug('no-such-thing')).toBeNull();
  });

  test("a category lists only its own active products; featured lists the shop's featured ones", async () => {
    const kitchen = await products.findCategoryProducts('kitchen');
    expect(kitchen.map((product) => product.slug).sort()).toEqual(['crepe-pan', 'enamel-pot', 'oak-board']);
    expect(await products.findCategoryProducts('no-such-category')).toEqual([]);

    const featured = await products.findFeaturedProducts();
    // Category order first (coffee has position 0), then name.
    expect(featured.map((product) => product.slug)).toEqual(['nordic-roast', 'oak-board']);
  });

  test('categories in their display order', async () => {
    expect(await products.findCategories()).toEqual([
      { slug: 'coffee', name: 'Coffee', description: 'Beans' },
      { slug: 'kitchen', name: 'Kitchen', description: 'Cooking' },
    ]);
    expect(await products.findCategory('nope')).toBeNull();
  });
});

describe('searching and sorting a category', () => {
  const slugs = async (q: CatalogQuery, market = SEK) =>
    products.searchProducts(await products.findCategoryProducts('kitchen'), q, market).map((p) => p.slug);

  test.each([
    ['enamel', ['enamel-pot'], 'a word of the name'],
    ['OAK', ['oak-board'], 'any case'],
    ['oiled hand', ['oak-board'], 'every word, from the description'],
    ['crepe', ['crepe-pan'], 'without the accent'],
    ['pot blue', ['enamel-pot'], 'name and description together'],
    ['pot oak', [], 'all words must match'],
    ['', ['oak-board', 'crepe-pan', 'enamel-pot'], 'no search: all, featured first'],
  ])('%j finds %j (%s)', async (q, expected) => {
    expect(await slugs(query(q))).toEqual(expected);
  });

  test('sorts by price in the market currency, both ways', async () => {
    expect(await slugs(query('', 'price-asc'))).toEqual(['crepe-pan', 'enamel-pot', 'oak-board']);
    expect(await slugs(query('', 'price-desc'))).toEqual(['oak-board', 'enamel-pot', 'crepe-pan']);
  });

  test('products without a price in the currency go last, whichever way prices sort', async () => {
    expect(await slugs(query('', 'price-asc'), USD)).toEqual(['enamel-pot', 'oak-board', 'crepe-pan']);
    expect(await slugs(query('', 'price-desc'), USD)).toEqual(['oak-board', 'enamel-pot', 'crepe-pan']);
  });

  test('sorts by name with the market language, and by newest first', async () => {
    expect(await slugs(query('', 'name'))).toEqual(['crepe-pan', 'enamel-pot', 'oak-board']);
    expect(await slugs(query('', 'newest'))).toEqual(['oak-board', 'crepe-pan', 'enamel-pot']);
  });

  test('reads the query from search params, falling back to defaults for anything unusable', () => {
    expect(parseCatalogQuery({})).toEqual({ q: '', sort: 'featured' });
    expect(parseCatalogQuery({ q: '  pot ', sort: 'price-desc' })).toEqual({ q: 'pot', sort: 'price-desc' });
    expect(parseCatalogQuery({ q: ['first', 'second'], sort: 'cheapest' })).toEqual({
      q: 'first',
      sort: 'featured',
    });
    expect(parseCatalogQuery({ q: 'x'.repeat(500) }).q).toHaveLength(100);
  });
});
