import { SEED_USERS } from '@/prisma/catalog';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const root = path.resolve(import.meta.dirname, '../..');
const CURRENCIES = ['AUD', 'EUR', 'GBP', 'SEK', 'USD'];

/** Runs the seed exactly as `npx prisma db seed` and `npm start` do: tsx, in its own process. */
function runSeed(...args: string[]): string {
  return execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      '--conditions=react-server',
      'prisma/seed.ts',
      ...args,
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' },
  );
}

async function counts() {
  const prisma = await db.prisma();
  const [categories, products, prices, images, users] = await Promise.all([
    prisma.category.count(),
    prisma.product.count(),
    prisma.price.count(),
    prisma.productImage.count(),
    prisma.user.count(),
  ]);
  return { categories, products, prices, images, users };
}

describe('the seed', () => {
  beforeAll(() => {
    runSeed();
  }, 60_000);

  test('stocks at least 24 products in at least 4 categories, each priced in every currency sold', async () => {
    const prisma = await db.prisma();
    const products = await prisma.product.findMany({
      where: { kind: 'ONE_TIME' },
      include: { prices: true, category: true },
    });

    expect(products.length).toBeGreaterThanOrEqual(24);
    expect(new Set(products.map((product) => product.category.slug)).size).toBeGreaterThanOrEqual(4);
    for (const product of products) {
      expect(product.image).toMatch(/^\/products\/[a-z0-9-]+\.svg$/);
      expect(product.description.length).toBeGreaterThan(20);
      expect(product.prices.map((price) => price.currency).sort()).toEqual(CURRENCIES);
      for (const price of product.prices) {
        expect(Number.isInteger(price.unitAmount) && price.unitAmount > 0).toBe(true);
      }
    }
    expect(products.filter((product) => product.featured).length).toBeGreaterThanOrEqual(4);
  });

  test('gives several products a gallery of further pictures, each a file the shop serves, described', async () => {
    const prisma = await db.prisma();
    const images = await prisma.productImage.findMany({
      select: { src: true, alt: true, position: true, product: { select: { slug: true } } },
      orderBy: [{ product: { slug: 'asc' } }, { position: 'asc' }],
    });

    expect(new Set(images.map((image) => image.product.slug)).size).toBeGreaterThanOrEqual(5);
    for (const image of images) {
      expect(existsSync(path.join(root, 'public', image.src)), image.src).toBe(true);
      expect(image.alt.length).toBeGreaterThan(10);
    }
    const oakBoard = images.filter((image) => image.product.slug === 'oak-cutting-board');
    expect(oakBoard.map((image) => image.position)).toEqual([1, 2]);
  });

  test('uses each market’s tax rates in basis points, with reduced and zero rates where they apply', async () => {
    const prisma = await db.prisma();
    const rates = await prisma.price.groupBy({ by: ['currency', 'taxRate'] });
    const byCurrency = (currency: string) =>
      rates
        .filter((rate) => rate.currency === currency)
        .map((rate) => rate.taxRate)
        .sort((a, b) => a - b);

    expect(byCurrency('SEK')).toEqual([600, 1200, 2500]);
    expect(byCurrency('EUR')).toEqual([700, 1900]);
    expect(byCurrency('GBP')).toEqual([0, 2000]);
    expect(byCurrency('AUD')).toEqual([1000]);
    expect(byCurrency('USD')).toEqual([0, 825]);
  });

  test('offers a monthly and a yearly subscription in their own category', async () => {
    const prisma = await db.prisma();
    const subscriptions = await prisma.product.findMany({
      where: { kind: 'SUBSCRIPTION' },
      select: { interval: true, category: { select: { slug: true } } },
      orderBy: { interval: 'asc' },
    });

    expect(subscriptions).toEqual([
      { interval: 'MONTH', category: { slug: 'subscriptions' } },
      { interval: 'YEAR', category: { slug: 'subscriptions' } },
    ]);
    const oneTimeInThatCategory = await prisma.product.count({
      where: { kind: 'ONE_TIME', category: { slug: 'subscriptions' } },
    });
    expect(oneTimeInThatCategory).toBe(0);
  });

  test('creates the documented admin and shopper, who can sign in with the documented passwords', async () => {
    const { verifyCredentials } = await import('@/lib/data/users');

    for (const user of SEED_USERS) {
      expect(await verifyCredentials(user.email, user.password)).toMatchObject({
        email: user.email,
        role: user.role,
      });
    }
  });

  test('can run again without duplicating anything', async () => {
    const before = await counts();

    runSeed();

    expect(await counts()).toEqual(before);
  }, 60_000);

  test('with --if-empty leaves a stocked database alone', async () => {
    const prisma = await db.prisma();
    await prisma.product.update({ where: { slug: 'merino-beanie' }, data: { name: 'Renamed in the shop' } });

    expect(runSeed('--if-empty')).toContain('not seeding');
    expect((await prisma.product.findUniqueOrThrow({ where: { slug: 'merino-beanie' } })).name).toBe(
      'Renamed in the shop',
    );
  }, 60_000);
});
