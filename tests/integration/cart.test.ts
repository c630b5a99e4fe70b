/**
 * The cart data layer against a real (SQLite or PostgreSQL) database, and the validation the cart
 * actions apply before it. The actions themselves only add the request's cookies and session;
 * the browser tests (e2e/shop.spec.ts) drive them end to end.
 */
import type * as CartItemsModule from '@/lib/data/cart-items';
import type * as CartsModule from '@/lib/data/carts';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { getMarket, type Market } from '@/lib/markets';
import { buildOrderLines } from '@/lib/order-lines';
import {
  addToCartSchema,
  MAX_QUANTITY,
  parseForm,
  QUANTITY_MESSAGE,
  removeCartItemSchema,
  updateCartItemSchema,
} from '@/lib/validations/cart';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();

const SE = market('SE');
const DE = market('DE');
const US = market('US');

function market(country: string): Market {
  const found = getMarket(country);
  if (!found) throw new Error(`no market ${country}`);
  return found;
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

let prisma: PrismaClient;
let carts: typeof CartsModule & typeof CartItemsModule;
/** Product ids by slug, recreated before every test. */
const ids: Record<'mug' | 'beans' | 'lamp' | 'towel', string> = { mug: '', beans: '', lamp: '', towel: '' };
let shopperId: string;
let otherShopperId: string;

beforeAll(async () => {
  prisma = await db.prisma();
  carts = { ...(await import('@/lib/data/carts')), ...(await import('@/lib/data/cart-items')) };
});

beforeEach(async () => {
  await prisma.cartItem.deleteMany();
  await prisma.cart.deleteMany();
  await prisma.price.deleteMany();
  await prisma.product.deleteMany();
  await prisma.category.deleteMany();
  await prisma.user.deleteMany();

  const category = await prisma.category.create({
    data: { slug: 'kitchen', name: 'Kitchen', description: 'Pots and pans', position: 0 },
  });
  const product = async (
    slug: string,
    prices: { currency: string; unitAmount: number; taxRate: number }[],
  ): Promise<string> =>
    (
      await prisma.product.create({
        data: {
          slug,
          name: slug.replace(/^\w/, (c) => c.toUpperCase()),
          description: `A ${slug}`,
          image: `/products/${slug}.svg`,
          categoryId: category.id,
          prices: { create: prices },
        },
      })
    ).id;
  ids.mug = await product('mug', [
    { currency: 'SEK', unitAmount: 24_900, taxRate: 2500 },
    { currency: 'EUR', unitAmount: 2_495, taxRate: 1900 },
    { currency: 'USD', unitAmount: 2_400, taxRate: 825 },
  ]);
  ids.beans = await product('beans', [
    { currency: 'SEK', unitAmount: 17_900, taxRate: 1200 },
    { currency: 'EUR', unitAmount: 1_795, taxRate: 700 },
    { currency: 'USD', unitAmount: 1_800, taxRate: 0 },
  ]);
  ids.lamp = await product('lamp', [{ currency: 'SEK', unitAmount: 129_900, taxRate: 2500 }]);
  ids.towel = await product('towel', [{ currency: 'SEK', unitAmount: 14_900, taxRate: 2500 }]);
  shopperId = (await prisma.user.create({ data: { email: 'sam@example.com', passwordHash: 'x' } })).id;
  otherShopperId = (await prisma.user.create({ data: { email: 'kim@example.com', passwordHash: 'x' } })).id;
});

const anonymous = (token?: string) => ({ token, userId: null });

/** Adds and expects success; returns the cart token the action would put in the cookie. */
async function add(
  owner: { token?: string; userId: string | null },
  productId: string,
  quantity: number,
  m = SE,
) {
  const result = await carts.addItem({ token: owner.token, userId: owner.userId }, m, {
    productId,
    quantity,
  });
  if (!result.ok) throw new Error(`add failed: ${result.message}`);
  if (!result.token) throw new Error('add returned no token');
  return result.token;
}

async function quantities(cartId: string): Promise<Record<string, number>> {
  const items = await prisma.cartItem.findMany({ where: { cartId }, include: { product: true } });
  return Object.fromEntries(items.map((item) => [item.product.slug, item.quantity]));
}

describe('validating cart input', () => {
  test.each([
    ['0', 'zero'],
    ['-1', 'negative'],
    ['100', 'above the maximum'],
    ['abc', 'not a number'],
    ['', 'empty'],
    ['2.5', 'a fraction'],
    ['1e1', 'an exponent'],
  ])('refuses the quantity %j (%s) with a clear message', (quantity) => {
    for (const schema of [addToCartSchema, updateCartItemSchema]) {
      const result = parseForm(schema, form({ productId: 'p1', quantity }));
      expect(result).toEqual({
        ok: false,
        message: QUANTITY_MESSAGE,
        fieldErrors: { quantity: QUANTITY_MESSAGE },
      });
    }
  });

  test.each([
    ['1', 1],
    [' 7 ', 7],
    ['99', 99],
  ])('accepts the quantity %j as %i', (quantity, expected) => {
    expect(parseForm(addToCartSchema, form({ productId: 'p1', quantity }))).toEqual({
      ok: true,
      data: { productId: 'p1', quantity: expected },
    });
  });

  test('refuses a missing quantity and a missing product', () => {
    expect(parseForm(addToCartSchema, form({ productId: 'p1' }))).toMatchObject({
      ok: false,
      fieldErrors: { quantity: QUANTITY_MESSAGE },
    });
    expect(parseForm(removeCartItemSchema, form({}))).toMatchObject({
      ok: false,
      fieldErrors: { productId: 'Choose a product.' },
    });
  });
});

describe('adding to the cart', () => {
  test('the first add creates a cart with an unguessable token in the market', async () => {
    const token = await add(anonymous(), ids.mug, 2, DE);

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cart = await prisma.cart.findUniqueOrThrow({ where: { token } });
    expect(cart).toMatchObject({ userId: null, country: 'DE', currency: 'EUR', status: 'OPEN' });
    expect(await quantities(cart.id)).toEqual({ mug: 2 });
  });

  test('adding again adds to the quantity, and another product adds a line', async () => {
    const token = await add(anonymous(), ids.mug, 2);
    await add(anonymous(token), ids.mug, 3);
    const result = await carts.addItem(anonymous(token), SE, { productId: ids.beans, quantity: 1 });

    expect(result).toEqual({ ok: true, token, itemCount: 6 });
    const cart = await prisma.cart.findUniqueOrThrow({ where: { token } });
    expect(await quantities(cart.id)).toEqual({ mug: 5, beans: 1 });
  });

  test('refuses going over 99 of one product and leaves the line as it was', async () => {
    const token = await add(anonymous(), ids.mug, 98);

    const refused = await carts.addItem(anonymous(token), SE, { productId: ids.mug, quantity: 2 });

    expect(refused).toEqual({
      ok: false,
      field: 'quantity',
      message: `You already have 98 of Mug in your cart, and the most is ${MAX_QUANTITY}.`,
    });
    const cart = await prisma.cart.findUniqueOrThrow({ where: { token } });
    expect(await quantities(cart.id)).toEqual({ mug: 98 });
    await add(anonymous(token), ids.mug, 1);
    expect(await quantities(cart.id)).toEqual({ mug: 99 });
  });

  test('refuses a product id that does not exist, without creating a cart', async () => {
    const result = await carts.addItem(anonymous(), SE, { productId: 'no-such-product', quantity: 1 });

    expect(result).toEqual({ ok: false, field: 'productId', message: 'This product does not exist.' });
    expect(await prisma.cart.count()).toBe(0);
  });

  test('refuses a withdrawn product and one not sold in the market', async () => {
    await prisma.product.update({ where: { id: ids.towel }, data: { active: false } });

    expect(await carts.addItem(anonymous(), SE, { productId: ids.towel, quantity: 1 })).toEqual({
      ok: false,
      field: 'productId',
      message: 'Towel is no longer available.',
    });
    expect(await carts.addItem(anonymous(), US, { productId: ids.lamp, quantity: 1 })).toEqual({
      ok: false,
      field: 'productId',
      message: 'Lamp is not sold in United States.',
    });
    expect(await prisma.cart.count()).toBe(0);
  });
});

describe('changing and removing lines', () => {
  test('sets a quantity and removes a line', async () => {
    const token = await add(anonymous(), ids.mug, 1);
    await add(anonymous(token), ids.beans, 1);

    expect(await carts.setItemQuantity(anonymous(token), SE, { productId: ids.mug, quantity: 4 })).toEqual({
      ok: true,
      token,
      itemCount: 5,
    });
    expect(await carts.removeItem(anonymous(token), SE, { productId: ids.beans })).toEqual({
      ok: true,
      token,
      itemCount: 4,
    });
    const cart = await prisma.cart.findUniqueOrThrow({ where: { token } });
    expect(await quantities(cart.id)).toEqual({ mug: 4 });
  });

  test('removing a line twice is fine; changing a line that is not there is refused', async () => {
    const token = await add(anonymous(), ids.mug, 1);
    await carts.removeItem(anonymous(token), SE, { productId: ids.mug });

    expect(await carts.removeItem(anonymous(token), SE, { productId: ids.mug })).toMatchObject({ ok: true });
    expect(await carts.setItemQuantity(anonymous(token), SE, { productId: ids.mug, quantity: 2 })).toEqual({
      ok: false,
      field: 'productId',
      message: 'This item is no longer in your cart.',
    });
    expect(await carts.setItemQuantity(anonymous(), SE, { productId: ids.mug, quantity: 2 })).toMatchObject({
      ok: false,
      message: 'This item is no longer in your cart.',
    });
  });
});

describe('a cart cookie that is forged, stale or not ours', () => {
  test.each([
    ['garbage', 'forged'],
    ['A'.repeat(43), 'well-formed but unknown'],
    ["' OR 1=1 --", 'an injection attempt'],
    ['', 'empty'],
  ])('%j (%s) reads as no cart, and the next add starts a new one', async (token) => {
    await add(anonymous(), ids.beans, 1); // someone else's cart exists

    const cart = await carts.getCart(anonymous(token), SE);
    expect(cart).toMatchObject({ id: null, lines: [], itemCount: 0 });

    const newToken = await add(anonymous(token), ids.mug, 1);
    expect(newToken).not.toBe(token);
    expect(await carts.getCart(anonymous(newToken), SE)).toMatchObject({ itemCount: 1 });
  });

  test('an anonymous cart untouched for more than 30 days has expired', async () => {
    const token = await add(anonymous(), ids.mug, 1);
    const old = new Date(Date.now() - (carts.CART_TTL_SECONDS + 60) * 1000);
    await prisma.cart.update({ where: { token }, data: { updatedAt: old } });

    expect(await carts.getCart(anonymous(token), SE)).toMatchObject({ id: null, itemCount: 0 });
  });

  test('an ordered cart is not shown again', async () => {
    const token = await add(anonymous(), ids.mug, 1);
    await prisma.cart.update({ where: { token }, data: { status: 'ORDERED' } });

    expect(await carts.getCart(anonymous(token), SE)).toMatchObject({ id: null, itemCount: 0 });
  });

  test("after signing out, the browser no longer shows the account's cart", async () => {
    const token = await add({ userId: shopperId }, ids.mug, 2);

    expect(await carts.getCart(anonymous(token), SE)).toMatchObject({ id: null, itemCount: 0 });
    expect(await carts.getCart({ token, userId: otherShopperId }, SE)).toMatchObject({
      id: null,
      itemCount: 0,
    });
    expect(await carts.getCart({ token: undefined, userId: shopperId }, SE)).toMatchObject({ itemCount: 2 });
  });
});

describe('signing in with an anonymous cart', () => {
  test("merges it into the shopper's open cart: quantities added, capped at 99, anonymous cart MERGED", async () => {
    const anonymousToken = await add(anonymous(), ids.mug, 2);
    await add(anonymous(anonymousToken), ids.beans, 98);
    await add({ userId: shopperId }, ids.beans, 5);
    await add({ userId: shopperId }, ids.towel, 1);

    const merged = await carts.getCart({ token: anonymousToken, userId: shopperId }, SE);

    expect(Object.fromEntries(merged.lines.map((line) => [line.slug, line.quantity]))).toEqual({
      beans: 99,
      towel: 1,
      mug: 2,
    });
    const anonymousCart = await prisma.cart.findUniqueOrThrow({ where: { token: anonymousToken } });
    expect(anonymousCart).toMatchObject({ status: 'MERGED', userId: shopperId });
    expect(await prisma.cart.count({ where: { userId: shopperId, status: 'OPEN' } })).toBe(1);
  });

  test('is idempotent: reading the cart again, or twice at once, adds nothing more', async () => {
    const anonymousToken = await add(anonymous(), ids.mug, 2);
    await add({ userId: shopperId }, ids.mug, 1);
    const owner = { token: anonymousToken, userId: shopperId };

    await Promise.all([
      carts.getCart(owner, SE),
      carts.getCartItemCount(owner, SE),
      carts.getCart(owner, SE),
    ]);
    const again = await carts.getCart(owner, SE);

    expect(again.lines.map((line) => [line.slug, line.quantity])).toEqual([['mug', 3]]);
  });

  test('without a cart of their own, the anonymous cart becomes theirs', async () => {
    const token = await add(anonymous(), ids.mug, 2);

    const cart = await carts.getCart({ token, userId: shopperId }, SE);

    expect(cart.itemCount).toBe(2);
    expect(await prisma.cart.findUniqueOrThrow({ where: { token } })).toMatchObject({
      userId: shopperId,
      status: 'OPEN',
    });
  });
});

describe('pricing the cart', () => {
  test('totals are buildOrderLines over the lines at current prices, VAT included', async () => {
    const token = await add(anonymous(), ids.mug, 2);
    await add(anonymous(token), ids.beans, 1);

    const cart = await carts.getCart(anonymous(token), SE);

    const expected = buildOrderLines({
      taxStyle: 'vat',
      lines: [
        { reference: 'mug', name: 'Mug', quantity: 2, unitPrice: 24_900, taxRate: 2500 },
        { reference: 'beans', name: 'Beans', quantity: 1, unitPrice: 17_900, taxRate: 1200 },
      ],
    });
    expect(cart.totals).toEqual(expected);
    expect(cart.summary).toEqual({
      subtotal: 67_700,
      discount: 0,
      shipping: 0,
      tax: 9_960 + 1_918,
      taxIncluded: true,
      total: 67_700,
    });
    expect(cart.lines.map((line) => [line.slug, line.unitPrice, line.lineTotal])).toEqual([
      ['mug', 24_900, 49_800],
      ['beans', 17_900, 17_900],
    ]);
  });

  test('in the US, prices are net and sales tax is added on top', async () => {
    const token = await add(anonymous(), ids.mug, 2, US);
    await add(anonymous(token), ids.beans, 1, US);

    const { summary } = await carts.getCart(anonymous(token), US);

    // 8.25 % of 48.00 is 3.96; the beans are exempt.
    expect(summary).toEqual({
      subtotal: 6_600,
      discount: 0,
      shipping: 0,
      tax: 396,
      taxIncluded: false,
      total: 6_996,
    });
  });

  test('a changed price shows at once, and a withdrawn product is shown but left out of the totals', async () => {
    const token = await add(anonymous(), ids.mug, 2);
    await add(anonymous(token), ids.towel, 3);
    await prisma.price.update({
      where: { productId_currency: { productId: ids.mug, currency: 'SEK' } },
      data: { unitAmount: 19_900 },
    });
    await prisma.product.update({ where: { id: ids.towel }, data: { active: false } });

    const cart = await carts.getCart(anonymous(token), SE);

    expect(cart.lines).toMatchObject([
      {
        slug: 'mug',
        availability: 'available',
        unitPrice: 19_900,
        lineTotal: 39_800,
        priceWhenAdded: 24_900,
      },
      { slug: 'towel', availability: 'inactive', quantity: 3, unitPrice: null, lineTotal: null },
    ]);
    expect(cart.summary.total).toBe(39_800);
    expect(cart.itemCount).toBe(5);
    expect(
      await carts.setItemQuantity(anonymous(token), SE, { productId: ids.towel, quantity: 1 }),
    ).toMatchObject({
      ok: false,
      message: 'Towel is no longer available. Remove it from your cart.',
    });
    expect(await carts.removeItem(anonymous(token), SE, { productId: ids.towel })).toMatchObject({
      ok: true,
      itemCount: 2,
    });
  });

  test('a changed price is pointed out until the shopper adds the product again; a price in another market is not a change', async () => {
    const token = await add(anonymous(), ids.mug, 1);
    expect((await carts.getCart(anonymous(token), SE)).lines[0]).toMatchObject({ priceWhenAdded: null });
    await prisma.price.update({
      where: { productId_currency: { productId: ids.mug, currency: 'SEK' } },
      data: { unitAmount: 27_900 },
    });
    expect((await carts.getCart(anonymous(token), SE)).lines[0]).toMatchObject({
      unitPrice: 27_900,
      priceWhenAdded: 24_900,
    });
    // The same cart seen in Germany: prices in euros, nothing to compare with.
    expect((await carts.getCart(anonymous(token), DE)).lines[0]).toMatchObject({ priceWhenAdded: null });

    await add(anonymous(token), ids.mug, 1);
    expect((await carts.getCart(anonymous(token), SE)).lines[0]).toMatchObject({
      quantity: 2,
      priceWhenAdded: null,
    });
  });

  test('the cart follows the market; a product without a price there is unavailable', async () => {
    const token = await add(anonymous(), ids.mug, 1);
    await add(anonymous(token), ids.lamp, 1);

    const cart = await carts.getCart(anonymous(token), DE);

    expect(await prisma.cart.findUniqueOrThrow({ where: { token } })).toMatchObject({
      country: 'DE',
      currency: 'EUR',
    });
    expect(cart).toMatchObject({ country: 'DE', currency: 'EUR' });
    expect(cart.lines).toMatchObject([
      { slug: 'mug', availability: 'available', unitPrice: 2_495 },
      { slug: 'lamp', availability: 'unpriced', unitPrice: null },
    ]);
    expect(cart.summary.total).toBe(2_495);
  });
});

describe('subscription plans in the cart', () => {
  /** The seeded plans: the yearly one holds one unit, the monthly one (a 14-day trial) up to three. */
  async function plan(slug: 'coffee-club-yearly' | 'coffee-club-monthly', interval: 'YEAR' | 'MONTH') {
    const category = await prisma.category.findFirstOrThrow();
    return (
      await prisma.product.create({
        data: {
          slug,
          name: slug === 'coffee-club-yearly' ? 'Coffee Club, yearly' : 'Coffee Club, monthly',
          description: 'Beans by post',
          image: `/products/${slug}.svg`,
          kind: 'SUBSCRIPTION',
          interval,
          categoryId: category.id,
          prices: {
            create: [{ currency: 'SEK', unitAmount: interval === 'YEAR' ? 199_000 : 19_900, taxRate: 1200 }],
          },
        },
      })
    ).id;
  }

  test('a yearly plan refuses quantity 2 when added, writing nothing', async () => {
    const yearly = await plan('coffee-club-yearly', 'YEAR');
    const result = await carts.addItem(anonymous(), SE, { productId: yearly, quantity: 2 });
    expect(result).toEqual({
      ok: false,
      field: 'quantity',
      message: 'Coffee Club, yearly is one subscription per order: the quantity must be 1.',
    });
    expect(await prisma.cart.count()).toBe(0);
  });

  test('adding one more of a plan already in the cart is refused and leaves the line as it was', async () => {
    const yearly = await plan('coffee-club-yearly', 'YEAR');
    const token = await add(anonymous(), yearly, 1);
    const result = await carts.addItem(anonymous(token), SE, { productId: yearly, quantity: 1 });
    expect(result).toMatchObject({
      ok: false,
      field: 'quantity',
      message: expect.stringContaining('one subscription per order'),
    });
    const cart = await prisma.cart.findUniqueOrThrow({ where: { token } });
    expect(await quantities(cart.id)).toEqual({ 'coffee-club-yearly': 1 });
  });

  test('the cart refuses raising a plan above its limit; within it the change is saved', async () => {
    const monthly = await plan('coffee-club-monthly', 'MONTH');
    const token = await add(anonymous(), monthly, 1);
    const cart = await prisma.cart.findUniqueOrThrow({ where: { token } });
    expect(await carts.setItemQuantity(anonymous(token), SE, { productId: monthly, quantity: 4 })).toEqual({
      ok: false,
      field: 'quantity',
      message: 'Coffee Club, monthly allows at most 3 per subscription: choose 3 or fewer.',
    });
    expect(await quantities(cart.id)).toEqual({ 'coffee-club-monthly': 1 });
    expect(
      await carts.setItemQuantity(anonymous(token), SE, { productId: monthly, quantity: 3 }),
    ).toMatchObject({
      ok: true,
    });
    expect(await quantities(cart.id)).toEqual({ 'coffee-club-monthly': 3 });
  });

  test('a free trial in the cart costs 0 today, as at checkout, and says what follows', async () => {
    const monthly = await plan('coffee-club-monthly', 'MONTH');
    const token = await add(anonymous(), monthly, 1);
    const cart = await carts.getCart(anonymous(token), SE);
    expect(cart.summary.total).toBe(0);
    expect(cart.lines[0]?.terms).toMatchObject({
      today: 0,
      amount: 19_900,
      every: 'per month',
      trialDays: 14,
    });
  });
});
