import 'server-only';

import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Market } from '@/lib/markets';
import { maxQuantityFor, planQuantityMessage } from '@/lib/subscription-plans';
import { countItems, createCartToken, resolveCart, type CartChange, type CartOwner } from './carts';

/*
 * Changing a cart's items. Each change is one database commit (a line and the cart's updatedAt
 * together): on SQLite every commit waits for the disk, and writers queue behind each other.
 */

/** Marks the cart as used now, so an active anonymous cart never expires. */
function touch(cartId: string) {
  return prisma.cart.update({ where: { id: cartId }, data: { updatedAt: new Date() }, select: { id: true } });
}

/** Why a line cannot hold `quantity` of a product: above its plan's units or the cart's 99. */
function quantityRefusal(
  product: { slug: string; kind: 'ONE_TIME' | 'SUBSCRIPTION'; name: string },
  quantity: number,
  alreadyInCart = 0,
): CartChange | null {
  const max = maxQuantityFor(product);
  if (alreadyInCart + quantity <= max) return null;
  if (product.kind === 'SUBSCRIPTION') {
    const message = planQuantityMessage(product.name, max);
    return {
      ok: false,
      field: 'quantity',
      message: alreadyInCart > 0 ? `${message} You already have ${alreadyInCart} in your cart.` : message,
    };
  }
  return {
    ok: false,
    field: 'quantity',
    message: `You already have ${alreadyInCart} of ${product.name} in your cart, and the most is ${max}.`,
  };
}

/**
 * Adds `quantity` of a product, creating the cart on the first add. Refuses (writing nothing) an
 * unknown or withdrawn product, one not sold in the market's currency, and a total above 99 or
 * above what a subscription plan allows.
 */
export async function addItem(
  owner: CartOwner,
  market: Market,
  input: { productId: string; quantity: number },
): Promise<CartChange> {
  const product = await prisma.product.findUnique({
    where: { id: input.productId },
    select: {
      slug: true,
      kind: true,
      name: true,
      active: true,
      prices: { where: { currency: market.currency }, select: { unitAmount: true } },
    },
  });
  if (!product) return { ok: false, message: 'This product does not exist.', field: 'productId' };
  if (!product.active) return { ok: false, message: `${product.name} is no longer available.`, field: 'productId' };
  const price = product.prices[0];
  if (!price) {
    return { ok: false, message: `${product.name} is not sold in ${market.name}.`, field: 'productId' };
  }
  const tooMany = quantityRefusal(product, input.quantity);
  if (tooMany) return tooMany;
  const max = maxQuantityFor(product);
  // The price the shopper is adding at; a later change of it is pointed out in the cart.
  const pricedAt = { addedUnitAmount: price.unitAmount, addedCurrency: market.currency };

  const cart = await resolveCart(owner, market);
  if (!cart) {
    // The first add: the cart and its first line in one insert.
    const created = await prisma.cart.create({
      data: {
        token: createCartToken(),
        userId: owner.userId,
        country: market.country,
        currency: market.currency,
        items: { create: { productId: input.productId, quantity: input.quantity, ...pricedAt } },
      },
      select: { token: true },
    });
    return { ok: true, token: created.token, itemCount: input.quantity };
  }

  const line = { cartId_productId: { cartId: cart.id, productId: input.productId } };
  // A second attempt covers a concurrent add of the same product changing the line between our steps.
  for (let attempt = 0; ; attempt++) {
    const existing = await prisma.cartItem.findUnique({ where: line, select: { quantity: true } });
    const refusal = existing ? quantityRefusal(product, input.quantity, existing.quantity) : null;
    if (refusal) return refusal;
    try {
      if (existing) {
        // Guarded, so two concurrent adds can never take the line above the maximum.
        const [added] = await prisma.$transaction([
          prisma.cartItem.updateMany({
            where: { ...line.cartId_productId, quantity: { lte: max - input.quantity } },
            data: { quantity: { increment: input.quantity }, ...pricedAt },
          }),
          touch(cart.id),
        ]);
        if (added.count === 1) break;
      } else {
        await prisma.$transaction([
          prisma.cartItem.create({
            data: { cartId: cart.id, productId: input.productId, quantity: input.quantity, ...pricedAt },
          }),
          touch(cart.id),
        ]);
        break;
      }
    } catch (error) {
      const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
      if (!duplicate) throw error;
    }
    if (attempt === 2) throw new Error('adding to the cart kept racing with other changes');
  }
  return { ok: true, token: cart.token, itemCount: await countItems(cart.id) };
}

/** Sets a line's quantity (1–99, validated by the caller's schema; a plan may allow fewer). */
export async function setItemQuantity(
  owner: CartOwner,
  market: Market,
  input: { productId: string; quantity: number },
): Promise<CartChange> {
  const cart = await resolveCart(owner, market);
  const item = cart
    ? await prisma.cartItem.findUnique({
        where: { cartId_productId: { cartId: cart.id, productId: input.productId } },
        select: { product: { select: { slug: true, kind: true, name: true, active: true } } },
      })
    : null;
  if (!cart || !item) return { ok: false, message: 'This item is no longer in your cart.', field: 'productId' };
  if (!item.product.active) {
    return {
      ok: false,
      message: `${item.product.name} is no longer available. Remove it from your cart.`,
      field: 'productId',
    };
  }
  const tooMany = quantityRefusal(item.product, input.quantity);
  if (tooMany) return tooMany;
  await prisma.$transaction([
    prisma.cartItem.update({
      where: { cartId_productId: { cartId: cart.id, productId: input.productId } },
      data: { quantity: input.quantity },
    }),
    touch(cart.id),
  ]);
  return { ok: true, token: cart.token, itemCount: await countItems(cart.id) };
}

/** Removes a line. Removing what is not there succeeds: the cart ends up as the shopper wanted. */
export async function removeItem(
  owner: CartOwner,
  market: Market,
  input: { productId: string },
): Promise<CartChange> {
  const cart = await resolveCart(owner, market);
  if (!cart) return { ok: true, token: null, itemCount: 0 };
  await prisma.$transaction([
    prisma.cartItem.deleteMany({ where: { cartId: cart.id, productId: input.productId } }),
    touch(cart.id),
  ]);
  return { ok: true, token: cart.token, itemCount: await countItems(cart.id) };
}
