import 'server-only';

import { prisma } from '@/lib/db';
import { Prisma, type CartStatus } from '@/lib/generated/prisma/client';
import type { KlarnaRegion } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { addMs, MINUTE_MS } from '@/lib/time';
import { cartProductSelect } from './carts';
import { jsonColumn, readCheckoutCustomer, readLinesPayload, type CheckoutCustomer } from './json-columns';

export type { CheckoutCustomer };

/** One cart line with its price in the cart's currency (null when the product has none). */
export interface PaymentCartItemDTO {
  productId: string;
  slug: string;
  name: string;
  image: string;
  active: boolean;
  kind: 'ONE_TIME' | 'SUBSCRIPTION';
  /** Billing interval of a subscription; null for one-time products. */
  interval: 'MONTH' | 'YEAR' | null;
  quantity: number;
  price: { unitAmount: number; taxRate: number } | null;
}

/** A cart as checkout needs it: market, owner, status and priced lines in a stable order. */
export interface PaymentCartDTO {
  id: string;
  userId: string | null;
  country: string;
  currency: string;
  status: CartStatus;
  items: PaymentCartItemDTO[];
}

/**
 * Reads a cart with the prices checkout charges; null when it does not exist. Prices are in the
 * cart's currency, or in `currency` when given (an order is checked against the catalogue in its
 * own currency, whatever market the cart has moved to since).
 */
export async function getCartForPayment(
  cartId: string,
  options: { currency?: string } = {},
): Promise<PaymentCartDTO | null> {
  const cart = await prisma.cart.findUnique({
    where: { id: cartId },
    select: {
      id: true,
      userId: true,
      country: true,
      currency: true,
      status: true,
      items: {
        // Insertion order, so the lines (and the payload compared later) never reorder by themselves.
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: {
          quantity: true,
          product: {
            select: {
              ...cartProductSelect,
              prices: { select: { currency: true, unitAmount: true, taxRate: true } },
            },
          },
        },
      },
    },
  });
  if (!cart) return null;
  const currency = options.currency ?? cart.currency;
  return {
    id: cart.id,
    userId: cart.userId,
    country: cart.country,
    currency: cart.currency,
    status: cart.status,
    items: cart.items.map(({ quantity, product }) => {
      const price = product.prices.find((p) => p.currency === currency);
      return {
        productId: product.id,
        slug: product.slug,
        name: product.name,
        image: product.image,
        active: product.active,
        kind: product.kind,
        interval: product.interval,
        quantity,
        price: price ? { unitAmount: price.unitAmount, taxRate: price.taxRate } : null,
      };
    }),
  };
}

/**
 * A stored Klarna payment session, its JSON columns parsed (lib/data/json-columns.ts). Its market
 * (`purchaseCountry`, `currency`, `locale`) and `region` are fixed when it is created: nothing here
 * updates them (invariant 8).
 */
export interface PaymentSessionDTO {
  id: string;
  cartId: string;
  klarnaSessionId: string;
  region: KlarnaRegion;
  intent: string;
  purchaseCountry: string;
  currency: string;
  locale: string;
  /** Exactly what was last sent to Klarna. */
  linesPayload: KlarnaOrderTotals;
  orderAmount: number;
  taxAmount: number;
  clientToken: string;
  callbackSecret: string;
  /** The validated checkout form, once the shopper has given it. */
  customer: CheckoutCustomer | null;
  expiresAt: Date;
  updatedAt: Date;
}

const paymentSessionSelect = {
  id: true,
  cartId: true,
  klarnaSessionId: true,
  region: true,
  intent: true,
  purchaseCountry: true,
  currency: true,
  locale: true,
  linesPayload: true,
  orderAmount: true,
  taxAmount: true,
  clientToken: true,
  callbackSecret: true,
  customer: true,
  expiresAt: true,
  updatedAt: true,
} as const;

type PaymentSessionRow = Prisma.PaymentSessionGetPayload<{ select: typeof paymentSessionSelect }>;

function toDTO(row: PaymentSessionRow): PaymentSessionDTO {
  return { ...row, linesPayload: readLinesPayload(row.linesPayload), customer: readCheckoutCustomer(row.customer) };
}

const toDTOOrNull = (row: PaymentSessionRow | null) => (row ? toDTO(row) : null);

export async function getPaymentSession(id: string): Promise<PaymentSessionDTO | null> {
  return toDTOOrNull(await prisma.paymentSession.findUnique({ where: { id }, select: paymentSessionSelect }));
}

export async function getPaymentSessionByKlarnaId(klarnaSessionId: string): Promise<PaymentSessionDTO | null> {
  return toDTOOrNull(
    await prisma.paymentSession.findUnique({ where: { klarnaSessionId }, select: paymentSessionSelect }),
  );
}

/**
 * The cart's newest session that can still be paid: not expired (with a margin, so the shopper
 * is not handed a session about to lapse) and without an order.
 */
export async function findReusablePaymentSession(cartId: string, now = new Date()): Promise<PaymentSessionDTO | null> {
  return toDTOOrNull(
    await prisma.paymentSession.findFirst({
      where: { cartId, expiresAt: { gt: addMs(now, 10 * MINUTE_MS) }, order: null },
      orderBy: { createdAt: 'desc' },
      select: paymentSessionSelect,
    }),
  );
}

export type NewPaymentSession = Omit<PaymentSessionDTO, 'id' | 'updatedAt'>;

type PaymentSessionContent = Pick<NewPaymentSession, 'linesPayload' | 'customer'>;

/** The JSON columns as Prisma writes them (a missing customer is SQL NULL). */
function contentColumns({ linesPayload, customer }: PaymentSessionContent) {
  return { linesPayload: jsonColumn(linesPayload), customer: customer ? jsonColumn(customer) : Prisma.DbNull };
}

export async function createPaymentSession(data: NewPaymentSession): Promise<PaymentSessionDTO> {
  return toDTO(
    await prisma.paymentSession.create({ data: { ...data, ...contentColumns(data) }, select: paymentSessionSelect }),
  );
}

/** Stores what was just sent to Klarna in a session update: lines and shopper, never the market. */
export async function savePaymentSessionUpdate(
  id: string,
  data: Pick<NewPaymentSession, 'linesPayload' | 'orderAmount' | 'taxAmount' | 'customer' | 'expiresAt'>,
): Promise<PaymentSessionDTO> {
  return toDTO(
    await prisma.paymentSession.update({
      where: { id },
      data: { ...data, ...contentColumns(data) },
      select: paymentSessionSelect,
    }),
  );
}

/** Whose session this is: the token of its cart (the shopper's cookie) and the cart's account. */
export async function getPaymentSessionOwner(id: string): Promise<{ cartToken: string; userId: string | null } | null> {
  const session = await prisma.paymentSession.findUnique({
    where: { id },
    select: { cart: { select: { token: true, userId: true } } },
  });
  return session ? { cartToken: session.cart.token, userId: session.cart.userId } : null;
}

/**
 * Stores the shopper's details Klarna collected on its hosted page, for a session that had none
 * (a payment link): place order repeats them.
 */
export async function setPaymentSessionCustomer(id: string, customer: CheckoutCustomer): Promise<PaymentSessionDTO> {
  return toDTO(
    await prisma.paymentSession.update({
      where: { id },
      data: { customer: jsonColumn(customer) },
      select: paymentSessionSelect,
    }),
  );
}
