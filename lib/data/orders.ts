import 'server-only';

import { prisma } from '@/lib/db';
import {
  Prisma,
  type CustomerTokenStatus,
  type EventOutcome,
  type FraudStatus,
  type OrderStatus,
} from '@/lib/generated/prisma/client';
import type { KlarnaOrderLine } from '@/lib/order-lines';
import { randomBytes, randomInt } from 'node:crypto';

export type { OrderStatus };

/** Who caused an event: the shopper's browser, one of Klarna's callbacks, or the system itself. */
export type EventActor = 'shopper' | 'klarna-callback' | 'klarna-notification' | 'system' | (string & {});

/**
 * Enough of an order to decide what finalize-order does next. The cart, session and token are null
 * only on subscription renewals, which finalize-order never finds (it looks orders up by them).
 */
export interface OrderStateDTO {
  id: string;
  number: string;
  accessKey: string;
  cartId: string | null;
  paymentSessionId: string | null;
  authorizationToken: string | null;
  status: OrderStatus;
  claimId: string | null;
  updatedAt: Date;
}

const orderStateSelect = {
  id: true,
  number: true,
  accessKey: true,
  cartId: true,
  paymentSessionId: true,
  authorizationToken: true,
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

// Crockford's base32 without I, L, O, U: readable over the phone.
const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short order number for people, e.g. `K7QF-3XWD`; uniqueness is enforced by the database. */
export function newOrderNumber(): string {
  const chars = Array.from({ length: 8 }, () => NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** 256 bits: the secret in a guest's order link. */
export function newAccessKey(): string {
  return randomBytes(32).toString('base64url');
}

export interface OrderClaim {
  cartId: string;
  paymentSessionId: string;
  userId: string | null;
  email: string;
  authorizationToken: string;
  claimId: string;
  region: string;
  country: string;
  currency: string;
  locale: string;
  orderAmount: number;
  taxAmount: number;
  billingAddress: string;
  shippingAddress: string;
}

export type ClaimResult = { ok: true; order: OrderStateDTO } | { ok: false; existing: OrderStateDTO | null };

/**
 * Claims the right to place the order: inserts it as PLACING. The unique keys on cart, payment
 * session and authorization token make exactly one concurrent claim win; the others get the
 * order that holds the claim (or null if it vanished in between).
 */
export async function claimOrderPlacement(claim: OrderClaim): Promise<ClaimResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const order = await prisma.order.create({
        data: { ...claim, number: newOrderNumber(), accessKey: newAccessKey(), status: 'PLACING' },
        select: orderStateSelect,
      });
      return { ok: true, order };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await findOrderState({
        cartId: claim.cartId,
        paymentSessionId: claim.paymentSessionId,
        authorizationToken: claim.authorizationToken,
      });
      // No conflicting order: the random order number or access key collided; draw new ones.
      if (existing) return { ok: false, existing };
    }
  }
  return { ok: false, existing: null };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Gives a claim back (Klarna refused, or certainly did not create the order). */
export async function releaseOrderClaim(orderId: string, claimId: string): Promise<void> {
  await prisma.order.deleteMany({ where: { id: orderId, claimId, status: 'PLACING' } });
}

export class ClaimLostError extends Error {
  constructor() {
    super('The order placement claim was taken over by another attempt');
    this.name = 'ClaimLostError';
  }
}

export interface PlacedOrderRecord {
  orderId: string;
  claimId: string;
  cartId: string;
  paymentSessionId: string;
  klarnaOrderId: string;
  /** What the order was placed with at Klarna, so the first sync finds nothing changed. */
  merchantReference1: string;
  fraudStatus: FraudStatus;
  authorizationExpiresAt: Date;
  lines: readonly KlarnaOrderLine[];
  actor: EventActor;
  amount: number;
}

/**
 * Records Klarna's answer in one transaction: the order (AUTHORIZED, Klarna's id, fraud status,
 * authorization expiry), its lines, the ORDER_PLACED event, and the cart closed as ORDERED.
 * Throws ClaimLostError if this attempt no longer holds the claim.
 */
export async function recordPlacedOrder(record: PlacedOrderRecord): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const now = new Date();
    const updated = await tx.order.updateMany({
      where: { id: record.orderId, claimId: record.claimId, status: 'PLACING' },
      data: {
        status: 'AUTHORIZED',
        klarnaOrderId: record.klarnaOrderId,
        merchantReference1: record.merchantReference1,
        fraudStatus: record.fraudStatus,
        authorizationExpiresAt: record.authorizationExpiresAt,
        placedAt: now,
        claimId: null,
      },
    });
    if (updated.count !== 1) throw new ClaimLostError();
    await tx.orderLine.createMany({ data: orderLineRows(record.orderId, record.lines) });
    await tx.orderEvent.create({
      data: {
        orderId: record.orderId,
        paymentSessionId: record.paymentSessionId,
        type: 'ORDER_PLACED',
        actor: record.actor,
        outcome: 'SUCCESS',
        amount: record.amount,
        message: `Klarna order ${record.klarnaOrderId}, fraud status ${record.fraudStatus}`,
      },
    });
    await tx.cart.update({ where: { id: record.cartId }, data: { status: 'ORDERED' } });
  });
}

/**
 * Klarna created an order we could not record (its session is complete, its id unknown): keep the
 * claim as NEEDS_REVIEW so nothing ever places it again, close the cart, and leave an event.
 */
export async function markOrderNeedsReview(input: {
  orderId: string;
  claimId: string;
  cartId: string;
  paymentSessionId: string;
  actor: EventActor;
  message: string;
  klarnaOrderId?: string;
}): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.order.updateMany({
      where: { id: input.orderId, claimId: input.claimId, status: 'PLACING' },
      data: {
        status: 'NEEDS_REVIEW',
        claimId: null,
        ...(input.klarnaOrderId ? { klarnaOrderId: input.klarnaOrderId } : {}),
      },
    });
    if (updated.count !== 1) return false;
    await tx.orderEvent.create({
      data: {
        orderId: input.orderId,
        paymentSessionId: input.paymentSessionId,
        type: 'ORDER_NEEDS_REVIEW',
        actor: input.actor,
        outcome: 'FAILURE',
        message: input.message,
      },
    });
    await tx.cart.update({ where: { id: input.cartId }, data: { status: 'ORDERED' } });
    return true;
  });
}

/** Takes over a stale PLACING claim (its process is gone) under a new claim id. */
export async function takeOverStaleClaim(orderId: string, staleClaimId: string | null, claimId: string): Promise<boolean> {
  const updated = await prisma.order.updateMany({
    where: { id: orderId, claimId: staleClaimId, status: 'PLACING' },
    data: { claimId },
  });
  return updated.count === 1;
}

export interface NewEvent {
  orderId?: string;
  paymentSessionId?: string;
  type: string;
  actor: EventActor;
  outcome: EventOutcome;
  amount?: number;
  correlationId?: string | null;
  message?: string;
}

/** Appends to the audit trail (invariant 7). */
export async function recordEvent(event: NewEvent): Promise<void> {
  await prisma.orderEvent.create({
    data: {
      orderId: event.orderId ?? null,
      paymentSessionId: event.paymentSessionId ?? null,
      type: event.type,
      actor: event.actor,
      outcome: event.outcome,
      amount: event.amount ?? null,
      correlationId: event.correlationId ?? null,
      message: event.message?.slice(0, 1000) ?? null,
    },
  });
}

/** What a fraud notification needs: the order, its region and the secret of its session. */
export interface NotifiedOrderDTO {
  id: string;
  status: OrderStatus;
  fraudStatus: FraudStatus | null;
  region: string;
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

/** Applies Klarna's fraud decision (and a cancellation that follows a rejection) with its event. */
export async function applyFraudDecision(input: {
  orderId: string;
  fraudStatus: FraudStatus;
  status: OrderStatus;
  actor: EventActor;
  message: string;
}): Promise<void> {
  await prisma.$transaction([
    prisma.order.update({
      where: { id: input.orderId },
      data: { fraudStatus: input.fraudStatus, status: input.status },
    }),
    prisma.orderEvent.create({
      data: {
        orderId: input.orderId,
        type: input.status === 'CANCELLED' ? 'ORDER_CANCELLED' : 'FRAUD_STATUS_CHANGED',
        actor: input.actor,
        outcome: 'SUCCESS',
        message: input.message,
      },
    }),
  ]);
}

export interface OrderLineDTO {
  position: number;
  type: string;
  reference: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
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
  shippingAddress: Record<string, string>;
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
        select: {
          position: true,
          type: true,
          reference: true,
          name: true,
          quantity: true,
          unitPrice: true,
          taxRate: true,
          totalAmount: true,
          totalTaxAmount: true,
        },
      },
      customerToken: { select: { status: true } },
    },
  });
  if (!order) return null;
  const { customerToken, ...rest } = order;
  return {
    ...rest,
    shippingAddress: parseAddress(order.shippingAddress),
    customerTokenStatus: customerToken?.status ?? null,
  };
}

function parseAddress(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    }
  } catch {
    // fall through: an unreadable address shows as none
  }
  return {};
}

export interface OrderSummaryDTO {
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
  itemCount: number;
}

/** A signed-in shopper's orders, newest first (orders still being placed are left out). */
export async function listOrdersForUser(userId: string): Promise<OrderSummaryDTO[]> {
  const orders = await prisma.order.findMany({
    where: { userId, status: { not: 'PLACING' } },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: {
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
      lines: { where: { type: { in: ['physical', 'digital'] } }, select: { quantity: true } },
    },
  });
  return orders.map(({ lines, ...order }) => ({
    ...order,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  }));
}

// =============================================================================================
// Subscription renewal orders, written in the renewal job's transaction with their charges

/** A renewal Klarna authorized: an order like any other, with no cart, session or authorization. */
export interface RenewalOrder {
  id: string;
  number: string;
  userId: string;
  email: string;
  klarnaOrderId: string;
  merchantReference1: string | null;
  merchantReference2: string;
  region: string;
  country: string;
  currency: string;
  locale: string;
  fraudStatus: FraudStatus;
  orderAmount: number;
  taxAmount: number;
  authorizationExpiresAt: Date;
  billingAddress: string;
  shippingAddress: string;
  placedAt: Date;
  subscriptionId: string;
  subscriptionPeriod: number;
  lines: readonly KlarnaOrderLine[];
  placedEvent: { actor: EventActor; idempotencyKey: string; message: string };
}

/** Creates renewal orders AUTHORIZED, with their lines and ORDER_PLACED events, in bulk. */
export async function createRenewalOrders(
  tx: Prisma.TransactionClient,
  orders: readonly RenewalOrder[],
): Promise<void> {
  if (orders.length === 0) return;
  await tx.order.createMany({
    data: orders.map(({ lines: _lines, placedEvent: _event, ...order }) => ({
      ...order,
      accessKey: newAccessKey(),
      status: 'AUTHORIZED' as const,
    })),
  });
  await tx.orderLine.createMany({ data: orders.flatMap((order) => orderLineRows(order.id, order.lines)) });
  await tx.orderEvent.createMany({
    data: orders.map((order) => ({
      orderId: order.id,
      type: 'ORDER_PLACED',
      outcome: 'SUCCESS' as const,
      amount: order.orderAmount,
      ...order.placedEvent,
    })),
  });
}

/** Removes renewal orders again (with their lines and events) whose charge turned out not to be ours. */
export async function deleteRenewalOrders(tx: Prisma.TransactionClient, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.order.deleteMany({ where: { id: { in: [...ids] }, subscriptionId: { not: null } } });
}

function orderLineRows(orderId: string, lines: readonly KlarnaOrderLine[]) {
  return lines.map((line, position) => ({
    orderId,
    position,
    type: line.type,
    reference: line.reference,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    taxRate: line.tax_rate ?? null,
    totalAmount: line.total_amount,
    totalDiscountAmount: line.total_discount_amount,
    totalTaxAmount: line.total_tax_amount,
  }));
}
