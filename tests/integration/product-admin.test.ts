/**
 * Staff changing a product's prices and whether it is on sale, against a real database: what the
 * form accepts, and that a save never overwrites a change someone else saved meanwhile.
 */
import type * as ProductAdminModule from '@/lib/data/product-admin';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { productPricingSchema } from '@/lib/validations/admin-products';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();

let prisma: PrismaClient;
let productAdmin: typeof ProductAdminModule;

const SEK_PRICE = 24900;
const EUR_PRICE = 2490;

beforeAll(async () => {
  prisma = await db.prisma();
  productAdmin = await import('@/lib/data/product-admin');
});

beforeEach(async () => {
  await prisma.product.deleteMany();
  await prisma.category.deleteMany();
  const category = await prisma.category.create({
    data: { slug: 'kitchen', name: 'Kitchen', description: 'Cooking', position: 0 },
  });
  await prisma.product.create({
    data: {
      slug: 'enamel-pot',
      name: 'Enamel Pot',
      description: 'A pot',
      image: '/products/enamel-pot.svg',
      categoryId: category.id,
      prices: {
        create: [
          { currency: 'SEK', unitAmount: SEK_PRICE, taxRate: 2500 },
          { currency: 'EUR', unitAmount: EUR_PRICE, taxRate: 1900 },
        ],
      },
    },
  });
});

async function storedPrices() {
  const rows = await prisma.price.findMany({ where: { product: { slug: 'enamel-pot' } } });
  return Object.fromEntries(rows.map((row) => [row.currency, [row.unitAmount, row.taxRate]]));
}

describe('updateProductPricing', () => {
  test('changes the prices staff changed and keeps each tax rate', async () => {
    const result = await productAdmin.updateProductPricing({
      slug: 'enamel-pot',
      prices: [
        { currency: 'SEK', expected: SEK_PRICE, unitAmount: 19900 },
        { currency: 'EUR', expected: EUR_PRICE, unitAmount: EUR_PRICE },
      ],
    });

    expect(result).toEqual({ ok: true, changed: true, categorySlug: 'kitchen' });
    expect(await storedPrices()).toEqual({ SEK: [19900, 2500], EUR: [EUR_PRICE, 1900] });
  });

  test('a save from a page that shows an old price writes nothing, not even the other prices', async () => {
    await prisma.price.updateMany({ where: { currency: 'EUR' }, data: { unitAmount: 2990 } });

    const result = await productAdmin.updateProductPricing({
      slug: 'enamel-pot',
      prices: [
        { currency: 'SEK', expected: SEK_PRICE, unitAmount: 19900 },
        { currency: 'EUR', expected: EUR_PRICE, unitAmount: EUR_PRICE },
      ],
    });

    expect(result).toEqual({ ok: false, reason: 'changed_meanwhile' });
    expect(await storedPrices()).toEqual({ SEK: [SEK_PRICE, 2500], EUR: [2990, 1900] });
  });

  test('two members of staff saving from the same page at once: one save lands, the other is refused', async () => {
    const save = (unitAmount: number) =>
      productAdmin.updateProductPricing({
        slug: 'enamel-pot',
        prices: [{ currency: 'SEK', expected: SEK_PRICE, unitAmount }],
      });

    const results = await Promise.allSettled([save(19900), save(29900)]);

    const landed = results.filter((result) => result.status === 'fulfilled' && result.value.ok);
    expect(landed).toHaveLength(1);
    const stored = (await storedPrices()).SEK?.[0];
    expect([19900, 29900]).toContain(stored);
  });

  test('refuses a currency the product is not sold in, and a product that does not exist', async () => {
    expect(
      await productAdmin.updateProductPricing({
        slug: 'enamel-pot',
        prices: [{ currency: 'USD', expected: 0, unitAmount: 2500 }],
      }),
    ).toEqual({ ok: false, reason: 'not_sold_in', currency: 'USD' });
    expect(
      await productAdmin.updateProductPricing({
        slug: 'no-such-pot',
        prices: [],
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(await storedPrices()).toEqual({ SEK: [SEK_PRICE, 2500], EUR: [EUR_PRICE, 1900] });
  });

  test('lists every product, on sale or not, with its prices in the currencies it is sold in', async () => {
    await prisma.product.updateMany({ data: { active: false } });

    expect(await productAdmin.listAdminProducts()).toEqual([
      expect.objectContaining({
        slug: 'enamel-pot',
        active: false,
        prices: [
          { currency: 'SEK', unitAmount: SEK_PRICE },
          { currency: 'EUR', unitAmount: EUR_PRICE },
        ],
      }),
    ]);
  });
});

describe('the product form', () => {
  const form = (prices: { currency: string; text: string; expected?: string }[]) =>
    productPricingSchema.safeParse({
      slug: 'enamel-pot',
      prices: prices.map((price) => ({ expected: '100', ...price })),
    });

  test('reads typed decimals in each currency as minor units', () => {
    const parsed = form([
      { currency: 'SEK', text: '199,50' },
      { currency: 'EUR', text: ' 24.9 ' },
    ]);
    expect(parsed.success && parsed.data).toEqual({
      slug: 'enamel-pot',
      prices: [
        { currency: 'SEK', expected: 100, unitAmount: 19950 },
        { currency: 'EUR', expected: 100, unitAmount: 2490 },
      ],
    });
  });

  test.each([
    ['0', 'A price must be above 0'],
    ['', 'Enter an amount in SEK'],
    ['-10', 'without a sign'],
    ['12.345', 'at most 2 decimals'],
    ['1 000', 'without thousands separators'],
    ['ten', 'That is not an amount'],
  ])('refuses %j beside the field, with a message that says what to type', (text, message) => {
    const parsed = form([{ currency: 'SEK', text }]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['price_SEK'], message: expect.stringContaining(message) }),
    ]);
  });

  test('refuses a form that lost its seen amounts or names an unknown currency', () => {
    expect(form([{ currency: 'SEK', text: '10', expected: 'x' }]).success).toBe(false);
    expect(form([{ currency: 'XYZ', text: '10' }]).success).toBe(false);
    expect(form([]).success).toBe(false);
  });
});
