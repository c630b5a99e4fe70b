import 'server-only';

import { prisma } from '@/lib/db';
import type { KlarnaRegion, Prisma } from '@/lib/generated/prisma/client';
import { createCartToken } from './carts';
import { isUniqueViolation } from './prisma-errors';

/*
 * Draft orders staff put together for a customer, and the Klarna payment links sent for them. A
 * draft's lines are the items of its own cart (prisma/models.prisma), so checkout prices and
 * places it as it does any cart.
 */

export interface DraftItemInput {
  productId: string;
  quantity: number;
}

export interface DraftContent {
  email: string;
  phone: string | null;
  items: readonly DraftItemInput[];
}

/** A product staff can put on a draft: sold once, active, with its price in every currency. */
export interface DraftProductDTO {
  id: string;
  slug: string;
  name: string;
  prices: { currency: string; unitAmount: number }[];
}

export async function listDraftProducts(): Promise<DraftProductDTO[]> {
  return prisma.product.findMany({
    where: { active: true, kind: 'ONE_TIME' },
    orderBy: { name: 'asc' },
    select: { id: true, slug: true, name: true, prices: { select: { currency: true, unitAmount: true } } },
  });
}

/**
 * The products of `slugs` staff may sell on a draft (active, sold once), by slug, with their price
 * in `currency` (null when they have none); unknown or unsellable ones are missing.
 */
export async function findDraftProducts(
  slugs: readonly string[],
  currency: string,
): Promise<Map<string, { id: string; name: string; active: boolean; price: { unitAmount: number; taxRate: number } | null }>> {
  const products = await prisma.product.findMany({
    where: { slug: { in: [...slugs] }, active: true, kind: 'ONE_TIME' },
    select: {
      id: true,
      slug: true,
      name: true,
      active: true,
      prices: { where: { currency }, select: { unitAmount: true, taxRate: true } },
    },
  });
  return new Map(
    products.map(({ slug, prices, ...product }) => [slug, { ...product, price: prices[0] ?? null }]),
  );
}

/** Creates a draft with its cart and lines, in one transaction. */
export async function createDraftOrder(
  input: DraftContent & { country: string; currency: string; createdBy: string },
): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const cart = await tx.cart.create({
      data: { token: createCartToken(), country: input.country, currency: input.currency },
      select: { id: true },
    });
    await tx.cartItem.createMany({ data: input.items.map((item) => ({ cartId: cart.id, ...item })) });
    return tx.draftOrder.create({
      data: { cartId: cart.id, email: input.email, phone: input.phone, createdBy: input.createdBy },
      select: { id: true },
    });
  });
}

/**
 * Replaces a draft's customer and lines, in one transaction; false when the draft is gone or
 * already ordered (its cart is closed).
 */
export async function updateDraftOrder(id: string, input: DraftContent): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const draft = await tx.draftOrder.findUnique({ where: { id }, select: { cartId: true, cart: { select: { status: true } } } });
    if (!draft || draft.cart.status !== 'OPEN') return false;
    await tx.cartItem.deleteMany({ where: { cartId: draft.cartId } });
    await tx.cartItem.createMany({ data: input.items.map((item) => ({ cartId: draft.cartId, ...item })) });
    await tx.draftOrder.update({ where: { id }, data: { email: input.email, phone: input.phone } });
    // The cart's updatedAt says when its lines last changed.
    await tx.cart.update({ where: { id: draft.cartId }, data: { updatedAt: new Date() } });
    return true;
  });
}

/** Deletes a draft that was not ordered, with its cart and links; false otherwise. */
export async function deleteDraftOrder(id: string): Promise<boolean> {
  // A shopper's own cart stays theirs: only the draft (and its links) go.
  const draft = await prisma.draftOrder.deleteMany({ where: { id, cart: { userId: { not: null }, order: null } } });
  if (draft.count === 1) return true;
  const deleted = await prisma.cart.deleteMany({ where: { draftOrder: { id }, status: 'OPEN', order: null } });
  return deleted.count === 1;
}

/** A draft for a shopper's cart they left, so its payment link is followed like any draft's. */
export async function createDraftForCart(cartId: string, email: string, createdBy: string): Promise<{ id: string }> {
  return prisma.draftOrder.create({ data: { cartId, email, createdBy }, select: { id: true } });
}

/**
 * Signed-in shoppers' open carts with a started checkout (a payment session) and nothing done to
 * the cart or its checkout since `before`, whose owner agreed to e-mails and that never got a link.
 */
export async function listAbandonedCarts(
  before: Date,
  limit: number,
): Promise<{ cartId: string; email: string; country: string }[]> {
  const carts = await prisma.cart.findMany({
    where: {
      status: 'OPEN',
      updatedAt: { lt: before },
      user: { acceptsEmails: true },
      draftOrder: null,
      abandonedMail: null,
      paymentSessions: { some: {}, none: { updatedAt: { gte: before } } },
    },
    orderBy: { updatedAt: 'asc' },
    take: limit,
    select: { id: true, country: true, user: { select: { email: true } } },
  });
  return carts.flatMap((cart) => (cart.user ? [{ cartId: cart.id, email: cart.user.email, country: cart.country }] : []));
}

/**
 * Claims a cart's one abandoned-cart mail: false when another run claimed it first. `linkUrl` is
 * empty until the link was sent.
 */
export async function claimAbandonedCartMail(cartId: string, email: string): Promise<boolean> {
  try {
    await prisma.abandonedCartMail.create({ data: { cartId, email, linkUrl: '' } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function recordAbandonedCartMailSent(cartId: string, linkUrl: string): Promise<void> {
  await prisma.abandonedCartMail.update({ where: { cartId }, data: { linkUrl } });
}

/** Gives a claim back when nothing was sent, so a later run may try again. */
export async function releaseAbandonedCartMail(cartId: string): Promise<void> {
  await prisma.abandonedCartMail.deleteMany({ where: { cartId, linkUrl: '' } });
}

export interface PaymentLinkDTO {
  id: string;
  draftOrderId: string;
  paymentSessionId: string;
  hppSessionId: string;
  region: KlarnaRegion;
  url: string;
  callbackSecret: string;
  status: string;
  expiresAt: Date;
  sentCount: number;
  sentAt: Date | null;
  createdAt: Date;
}

const linkSelect = {
  id: true,
  draftOrderId: true,
  paymentSessionId: true,
  hppSessionId: true,
  region: true,
  url: true,
  callbackSecret: true,
  status: true,
  expiresAt: true,
  sentCount: true,
  sentAt: true,
  createdAt: true,
} as const;

export interface DraftOrderDTO {
  id: string;
  cartId: string;
  email: string;
  phone: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  country: string;
  currency: string;
  /**
   * The draft was made from a signed-in shopper's cart they left (scripts/abandoned-carts.ts): its
   * lines are the shopper's own, which staff do not change, and deleting the draft keeps the cart.
   */
  fromShopperCart: boolean;
  /** The order the draft became, once paid. */
  order: { id: string; number: string; status: string } | null;
  /** Newest first. */
  links: PaymentLinkDTO[];
}

const draftSelect = {
  id: true,
  cartId: true,
  email: true,
  phone: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
  cart: {
    select: {
      country: true,
      currency: true,
      userId: true,
      order: { select: { id: true, number: true, status: true } },
    },
  },
  links: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: linkSelect },
} satisfies Prisma.DraftOrderSelect;

type DraftRow = Awaited<ReturnType<typeof findDraftRow>>;

function findDraftRow(id: string) {
  return prisma.draftOrder.findUnique({ where: { id }, select: draftSelect });
}

function toDraftDTO(row: NonNullable<DraftRow>): DraftOrderDTO {
  const { cart, ...rest } = row;
  return {
    ...rest,
    country: cart.country,
    currency: cart.currency,
    fromShopperCart: cart.userId !== null,
    order: cart.order,
  };
}

export async function getDraftOrder(id: string): Promise<DraftOrderDTO | null> {
  const row = await findDraftRow(id);
  return row ? toDraftDTO(row) : null;
}

/** The draft whose cart this is, if it is one. */
export async function getDraftOrderByCart(cartId: string): Promise<DraftOrderDTO | null> {
  const row = await prisma.draftOrder.findUnique({ where: { cartId }, select: draftSelect });
  return row ? toDraftDTO(row) : null;
}

/** Newest first, at most `limit`. */
export async function listDraftOrders(limit = 100): Promise<DraftOrderDTO[]> {
  const rows = await prisma.draftOrder.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: draftSelect,
  });
  return rows.map(toDraftDTO);
}

export async function createPaymentLink(
  link: Omit<PaymentLinkDTO, 'id' | 'createdAt' | 'sentCount' | 'sentAt'>,
): Promise<PaymentLinkDTO> {
  return prisma.paymentLink.create({ data: link, select: linkSelect });
}

export async function getPaymentLinkByHppSession(hppSessionId: string): Promise<PaymentLinkDTO | null> {
  return prisma.paymentLink.findUnique({ where: { hppSessionId }, select: linkSelect });
}

export async function setPaymentLinkStatus(id: string, status: string): Promise<void> {
  await prisma.paymentLink.updateMany({ where: { id }, data: { status } });
}

export async function markPaymentLinkSent(id: string, at: Date): Promise<void> {
  await prisma.paymentLink.update({ where: { id }, data: { sentCount: { increment: 1 }, sentAt: at } });
}
