import 'server-only';

import { prisma } from '@/lib/db';
import type { KlarnaRegion } from '@/lib/markets';
import type { CustomerTokenStatus, FraudStatus, OrderStatus } from '@/lib/generated/prisma/client';
import { readAddress, type StoredAddress } from './json-columns';

/*
 * Reads of orders: the state checkout decides from, what a fraud notification needs, and what a
 * shopper sees. Every write of Order rows and their lines is in orders.ts.
 */

/**
 * Enough of an order to decide what order placement does next. The cart, session and token are null
 * only on subscription renewals, which placement never finds (it looks orders up by them).
 */
export interface OrderStateDTO {
  id: string;
  number: string;
  accessKey: string;
  cartId: string | null;
  paymentSessionId: string | null;
  authorizationToken: string | null;
  /** The shopper's account, when they were signed in (a subscription needs one). */
  userId: string | null;
  status: OrderStatus;
  claimId: string | null;
  updatedAt: Date;
}

export const orderStateSelect = {
  id: true,
  number: true,
  accessKey: true,
  cartId: true,
  paymentSessionId: true,
  authorizationToken: true,
  userId: true,
  status: true,
  claimId: true,
  updatedAt: true,
} as const;

export async function findOrderState(where: {
  cartId?: string;
  paymentSessionId?: string;
  authorizationToken?: string;
}): Promise<OrderStateDTO | null> {
  const or = Object.entries(where)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ [key]: value }));
  if (or.length === 0) return null;
  return prisma.order.findFirst({ where: { OR: or }, select: orderStateSelect });
}

export async function getOrderState(id: string): Promise<OrderStateDTO | null> {
  return prisma.order.findUnique({ where: { id }, select: orderStateSelect });
}

/** What a fraud notification needs: the order, its region and the secret of its session. */
export interface NotifiedOrderDTO {
  id: string;
  status: OrderStatus;
  fraudStatus: FraudStatus | null;
  region: KlarnaRegion;
  klarnaOrderId: string;
  callbackSecret: string;
}

export async function getOrderByKlarnaOrderId(klarnaOrderId: string): Promise<NotifiedOrderDTO | null> {
  const order = await prisma.order.findUnique({
    where: { klarnaOrderId },
    select: {
      id: true,
      status: true,
      fraudStatus: true,
      region: true,
      paymentSession: { select: { callbackSecret: true } },
    },
  });
  // Renewal orders (a charged customer token) have no session, and Klarna sends them no notifications.
  if (!order?.paymentSession) return null;
  return {
    id: order.id,
    status: order.status,
    fraudStatus: order.fraudStatus,
    region: order.region,
    klarnaOrderId,
    callbackSecret: order.paymentSession.callbackSecret,
  };
}

/** The fields of an OrderLine that OrderLineDTO carries. */
export const orderLineSelect = {
  position: true,
  type: true,
  reference: true,
  name: true,
  quantity: true,
  unitPrice: true,
  taxRate: true,
  totalAmount: true,
  totalTaxAmount: true,
} as const;

/** An order line as sold (the OrderLine snapshot). Minor units; tax rate in basis points. */
export interface OrderLineDTO {
  position: number;
  type: string;
  reference: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  /** Absent on US lines (sales tax is its own line). */
  taxRate: number | null;
  totalAmount: number;
  totalTaxAmount: number;
}

/** An order as its shopper sees it. Addresses are parsed JSON. */
export interface OrderDetailDTO {
  id: string;
  number: string;
  accessKey: string;
  userId: string | null;
  email: string;
  country: string;
  currency: string;
  locale: string;
  status: OrderStatus;
  fraudStatus: FraudStatus | null;
  orderAmount: number;
  taxAmount: number;
  /** What was charged and what went back, beside the status (a refund changes no status). */
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: Date | null;
  shippingAddress: StoredAddress;
  placedAt: Date | null;
  createdAt: Date;
  lines: OrderLineDTO[];
  /** The customer token this checkout set up for its subscriptions (buy_and_*), if any. */
  customerTokenStatus: CustomerTokenStatus | null;
}

export async function getOrderDetail(id: string): Promise<OrderDetailDTO | null> {
  const order = await prisma.order.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      accessKey: true,
      userId: true,
      email: true,
      country: true,
      currency: true,
      locale: true,
      status: true,
      fraudStatus: true,
      orderAmount: true,
      taxAmount: true,
      capturedAmount: true,
      refundedAmount: true,
      authorizationExpiresAt: true,
      shippingAddress: true,
      placedAt: true,
      createdAt: true,
      lines: {
        orderBy: { position: 'asc' },
        select: orderLineSelect,
      },
      customerToken: { select: { status: true } },
    },
  });
  if (!order) return null;
  const { customerToken, ...rest } = order;
  return {
    ...rest,
    shippingAddress: readAddress(order.shippingAddress),
    customerTokenStatus: customerToken?.status ?? null,
  };
}

/** What every list of orders (the shopper's, staff's) shows of each: number, state, money, day. */
export interface OrderListing {
  id: string;
  number: string;
  status: OrderStatus;
  fraudStatus: FraudStatus | null;
  currency: string;
  locale: string;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  createdAt: Date;
}

export const orderListingSelect = {
  id: true,
  number: true,
  status: true,
  fraudStatus: true,
  currency: true,
  locale: true,
  orderAmount: true,
  capturedAmount: true,
  refundedAmount: true,
  createdAt: true,
} as const satisfies Record<keyof OrderListing, true>;

export interface OrderSummaryDTO extends OrderListing {
  itemCount: number;
}

/** A signed-in shopper's orders, newest first (orders still being placed are left out). */
export async function listOrdersForUser(userId: string): Promise<OrderSummaryDTO[]> {
  const orders = await prisma.order.findMany({
    where: { userId, status: { not: 'PLACING' } },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: {
      ...orderListingSelect,
      lines: { where: { type: { in: ['physical', 'digital'] } }, select: { quantity: true } },
    },
  });
  return orders.map(({ lines, ...order }) => ({
    ...order,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  }));
}

/**
 * Where a signed-in shopper's last order went (the newest one that was placed), to fill in the next
 * checkout; null when they have none.
 */
export async function getLastShippingAddressForUser(userId: string): Promise<StoredAddress | null> {
  const order = await prisma.order.findFirst({
    where: { userId, status: { not: 'PLACING' } },
    orderBy: { createdAt: 'desc' },
    select: { shippingAddress: true },
  });
  return order ? readAddress(order.shippingAddress) : null;
}
