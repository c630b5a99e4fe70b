import 'server-only';

import { randomBytes } from 'node:crypto';
import { prisma } from '@/lib/db';
import type { Market } from '@/lib/markets';
import type { CurrencyCode } from '@/lib/money';
import {
  buildOrderLines,
  summarizeOrder,
  type CartLineInput,
  type KlarnaOrderTotals,
  type OrderSummary,
} from '@/lib/order-lines';
import { basketLines, subscriptionTerms, type UpcomingCharge } from '@/lib/subscription-basket';
import { maxQuantityFor } from '@/lib/subscription-plans';

/** An anonymous cart untouched for this long is treated as gone (the server decides, not the cookie). */
export const CART_TTL_SECONDS = 60 * 60 * 24 * 30;

/** 32 random bytes, base64url: 256 bits nobody can guess. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createCartToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Rejects forged values (wrong length, odd characters) before they reach the database. */
export function isWellFormedCartToken(value: string | undefined): value is string {
  return value !== undefined && TOKEN_PATTERN.test(value);
}

/** Who is asking: the token from the cart cookie (maybe forged or stale) and the signed-in user. */
export interface CartOwner {
  token: string | undefined;
  userId: string | null;
}

/** A cart line as the cart page shows it, priced now, in the cart's currency. */
export interface CartLineDTO {
  productId: string;
  slug: string;
  name: string;
  image: string;
  kind: 'ONE_TIME' | 'SUBSCRIPTION';
  interval: 'MONTH' | 'YEAR' | null;
  quantity: number;
  /**
   * `available`: active and priced in the cart's currency. `inactive`: the product was withdrawn.
   * `unpriced`: not sold in this currency. Only available lines count towards the totals.
   */
  availability: 'available' | 'inactive' | 'unpriced';
  /** Current unit price in minor units; null unless available. */
  unitPrice: number | null;
  /** quantity × unitPrice; null unless available. */
  lineTotal: number | null;
  /** The unit price when the shopper added it, when it has changed since (same currency only). */
  priceWhenAdded: number | null;
  /** A subscription's charges today and later, exactly as checkout states them; null otherwise. */
  terms: UpcomingCharge | null;
}

export interface CartDTO {
  /** Null when the shopper has no cart yet. */
  id: string | null;
  country: string;
  currency: CurrencyCode;
  lines: CartLineDTO[];
  /** Every unit in the cart, available or not: the number in the header. */
  itemCount: number;
  /**
   * The Klarna payload for the available lines, exactly as checkout computes it for a signed-in
   * shopper (a free trial is charged 0 today).
   */
  totals: KlarnaOrderTotals;
  summary: OrderSummary;
}

/**
 * The outcome of a cart change: the token of the cart it changed (to keep in the cookie; null when
 * there was no cart to change), or a message for the shopper.
 */
export type CartChange =
  | { ok: true; token: string | null; itemCount: number }
  | { ok: false; message: string; field?: 'productId' | 'quantity' };

interface CartRef {
  id: string;
  token: string;
  userId: string | null;
  country: string;
  currency: string;
}

/** What a cart line shows of its product (its prices are chosen per use). */
export const cartProductSelect = {
  id: true,
  slug: true,
  name: true,
  image: true,
  active: true,
  kind: true,
  interval: true,
} as const;

const cartRefSelect = { id: true, token: true, userId: true, country: true, currency: true } as const;

// ---------------------------------------------------------------------------------------------
// Finding the shopper's cart

/** The open, unexpired cart behind a cookie token; forged, merged, ordered or old tokens give null. */
async function findCartByToken(token: string | undefined, now: Date): Promise<CartRef | null> {
  if (!isWellFormedCartToken(token)) return null;
  const cart = await prisma.cart.findUnique({
    where: { token },
    select: { ...cartRefSelect, status: true, updatedAt: true },
  });
  if (!cart || cart.status !== 'OPEN') return null;
  const expired = cart.userId === null && now.getTime() - cart.updatedAt.getTime() > CART_TTL_SECONDS * 1000;
  if (expired) return null;
  const { status: _status, updatedAt: _updatedAt, ...ref } = cart;
  return ref;
}

async function findUserCart(userId: string): Promise<CartRef | null> {
  return prisma.cart.findFirst({
    where: { userId, status: 'OPEN' },
    orderBy: { updatedAt: 'desc' },
    select: cartRefSelect,
  });
}

/**
 * Moves an anonymous cart's items into the signed-in shopper's open cart: quantities of the same
 * product are added and capped at 99 (or the plan's limit), and the anonymous cart is marked MERGED. Idempotent and safe
 * under concurrent requests: only the request that flips the anonymous cart from OPEN to MERGED
 * moves anything, inside the same transaction.
 */
export async function mergeCarts(target: { id: string }, anonymous: { id: string }, userId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const claimed = await tx.cart.updateMany({
      where: { id: anonymous.id, status: 'OPEN', userId: null },
      data: { status: 'MERGED', userId },
    });
    if (claimed.count === 0) return;
    const items = await tx.cartItem.findMany({
      where: { cartId: anonymous.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        productId: true,
        quantity: true,
        addedUnitAmount: true,
        addedCurrency: true,
        product: { select: { slug: true, kind: true } },
      },
    });
    for (const item of items) {
      const max = maxQuantityFor(item.product);
      const existing = await tx.cartItem.findUnique({
        where: { cartId_productId: { cartId: target.id, productId: item.productId } },
        select: { quantity: true },
      });
      if (existing) {
        await tx.cartItem.update({
          where: { cartId_productId: { cartId: target.id, productId: item.productId } },
          data: { quantity: Math.min(max, existing.quantity + item.quantity) },
        });
      } else {
        await tx.cartItem.create({
          data: {
            cartId: target.id,
            productId: item.productId,
            quantity: Math.min(max, item.quantity),
            addedUnitAmount: item.addedUnitAmount,
            addedCurrency: item.addedCurrency,
          },
        });
      }
    }
    await tx.cart.update({ where: { id: target.id }, data: { updatedAt: new Date() } });
  });
}

/**
 * The shopper's open cart, or null. A signed-in shopper's cart is found by account; an anonymous
 * cart in the cookie is merged into it (or, when the shopper has none, becomes theirs). An
 * anonymous visitor only ever sees an anonymous cart: a cart that belongs to an account (left in
 * the cookie after signing out) is not shown to whoever uses the browser next.
 * The cart follows the market: its country and currency are updated when the market changed.
 */
export async function resolveCart(owner: CartOwner, market: Market): Promise<CartRef | null> {
  const now = new Date();
  const cookieCart = await findCartByToken(owner.token, now);
  let cart: CartRef | null;

  if (owner.userId) {
    cart = await findUserCart(owner.userId);
    if (cookieCart && cookieCart.userId === null) {
      if (cart) {
        await mergeCarts(cart, cookieCart, owner.userId);
      } else {
        const claimed = await prisma.cart.updateMany({
          where: { id: cookieCart.id, status: 'OPEN', userId: null },
          data: { userId: owner.userId },
        });
        // Zero rows: a concurrent request claimed or merged it first; its result is the user's cart.
        cart = claimed.count === 1 ? { ...cookieCart, userId: owner.userId } : await findUserCart(owner.userId);
      }
    }
  } else {
    cart = cookieCart?.userId === null ? cookieCart : null;
  }

  if (cart && (cart.country !== market.country || cart.currency !== market.currency)) {
    cart = await prisma.cart.update({
      where: { id: cart.id },
      data: { country: market.country, currency: market.currency },
      select: cartRefSelect,
    });
  }
  return cart;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The cart with current prices and the totals checkout will charge; an empty cart when none. */
export async function getCart(owner: CartOwner, market: Market): Promise<CartDTO> {
  const cart = await resolveCart(owner, market);
  if (!cart) return pricedCart(null, market, []);
  const items = await prisma.cartItem.findMany({
    where: { cartId: cart.id },
    // Insertion order, the same order checkout sends the lines to Klarna.
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      quantity: true,
      addedUnitAmount: true,
      addedCurrency: true,
      product: {
        select: {
          ...cartProductSelect,
          prices: { where: { currency: market.currency }, select: { unitAmount: true, taxRate: true } },
        },
      },
    },
  });
  return pricedCart(cart.id, market, items);
}

type CartItemRow = {
  quantity: number;
  addedUnitAmount: number | null;
  addedCurrency: string | null;
  product: {
    id: string;
    slug: string;
    name: string;
    image: string;
    active: boolean;
    kind: 'ONE_TIME' | 'SUBSCRIPTION';
    interval: 'MONTH' | 'YEAR' | null;
    prices: { unitAmount: number; taxRate: number }[];
  };
};

function pricedCart(id: string | null, market: Market, items: CartItemRow[]): CartDTO {
  const now = new Date();
  const priced = items.map(({ quantity, addedUnitAmount, addedCurrency, product }) => {
    const price = product.prices[0];
    const availability: CartLineDTO['availability'] = !product.active ? 'inactive' : price ? 'available' : 'unpriced';
    const unitPrice = availability === 'available' && price ? price.unitAmount : null;
    const repriced =
      unitPrice !== null && addedCurrency === market.currency && addedUnitAmount !== null && addedUnitAmount !== unitPrice;
    const line: CartLineDTO = {
      productId: product.id,
      slug: product.slug,
      name: product.name,
      image: product.image,
      kind: product.kind,
      interval: product.interval,
      quantity,
      availability,
      unitPrice,
      lineTotal: unitPrice === null ? null : unitPrice * quantity,
      priceWhenAdded: repriced ? addedUnitAmount : null,
      terms:
        product.kind === 'SUBSCRIPTION' && unitPrice !== null && price
          ? subscriptionTerms(
              { slug: product.slug, name: product.name, interval: product.interval, quantity, price },
              market,
              now,
            )
          : null,
    };
    return { line, taxRate: price?.taxRate ?? 0 };
  });
  // The same lines checkout builds (reference = slug, free trials at 0), so both show and charge one
  // amount. A basket checkout would refuse (too many of a plan) is shown at its list prices; the cart
  // says why checkout refuses it.
  const available = priced.filter(({ line }) => line.availability === 'available');
  const basket = basketLines(
    available.map(({ line, taxRate }) => ({
      slug: line.slug,
      name: line.name,
      kind: line.kind,
      interval: line.interval,
      quantity: line.quantity,
      price: { unitAmount: line.unitPrice ?? 0, taxRate },
    })),
    { market, signedIn: true },
  );
  const orderInputs: CartLineInput[] = basket.ok
    ? basket.lines
    : available.map(({ line, taxRate }) => ({
        reference: line.slug,
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice ?? 0,
        taxRate,
      }));
  const totals = buildOrderLines({ taxStyle: market.taxStyle, lines: orderInputs });
  const lines = priced.map(({ line }) => line);
  return {
    id,
    country: market.country,
    currency: market.currency,
    lines,
    itemCount: lines.reduce((count, line) => count + line.quantity, 0),
    totals,
    summary: summarizeOrder(totals, market.taxStyle),
  };
}

/** Just the number of items, for the header; merges on sign-in like every other cart read. */
export async function getCartItemCount(owner: CartOwner, market: Market): Promise<number> {
  const cart = await resolveCart(owner, market);
  return cart ? countItems(cart.id) : 0;
}

export async function countItems(cartId: string): Promise<number> {
  const result = await prisma.cartItem.aggregate({ where: { cartId }, _sum: { quantity: true } });
  return result._sum.quantity ?? 0;
}
