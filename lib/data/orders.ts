import 'server-only';

import { prisma } from '@/lib/db';
import type { KlarnaRegion } from '@/lib/markets';
import type { EventOutcome, FraudStatus, OrderStatus, Prisma } from '@/lib/generated/prisma/client';
import type { KlarnaOrderLine } from '@/lib/order-lines';
import { randomBytes, randomInt } from 'node:crypto';
import { findOrderState, orderStateSelect, type OrderStateDTO } from './order-reads';
import { isUniqueViolation } from './prisma-errors';
import { leaseUntil } from './claims';
import { jsonColumn, type StoredAddress } from './json-columns';
import { recordOrderMail } from './order-mails';

export type { FraudStatus, OrderStatus };

/** Who caused an event: the shopper's browser, one of Klarna's callbacks, or the system itself. */
export type EventActor = 'shopper' | 'klarna-callback' | 'klarna-notification' | 'system' | (string & {});

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

/** An order's addresses as its JSON columns hold them. */
function addressColumns(order: { billingAddress: StoredAddress; shippingAddress: StoredAddress }) {
  return {
    billingAddress: jsonColumn(order.billingAddress),
    shippingAddress: jsonColumn(order.shippingAddress),
    billingName: searchableName(order.billingAddress),
  };
}

/** The billing name as the admin's search matches it (Order.billingName): lower-cased, or null. */
function searchableName(address: StoredAddress): string | null {
  const name = [address.given_name, address.family_name]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return name || null;
}

export interface OrderClaim {
  cartId: string;
  paymentSessionId: string;
  userId: string | null;
  email: string;
  authorizationToken: string;
  claimId: string;
  region: KlarnaRegion;
  country: string;
  currency: string;
  locale: string;
  orderAmount: number;
  taxAmount: number;
  billingAddress: StoredAddress;
  shippingAddress: StoredAddress;
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
        data: {
          ...claim,
          ...addressColumns(claim),
          number: newOrderNumber(),
          accessKey: newAccessKey(),
          status: 'PLACING',
        },
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
  /** Whether the shopper is owed an order confirmation mail (recorded in the same transaction). */
  confirmationMail: boolean;
}

/**
 * Records Klarna's answer in one transaction: the order (AUTHORIZED, Klarna's id, fraud status,
 * authorization expiry), its lines, the ORDER_PLACED event, the confirmation mail owed (if any),
 * and the cart closed as ORDERED.
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
    if (record.confirmationMail) {
      await recordOrderMail(tx, { orderId: record.orderId, kind: 'ORDER_CONFIRMATION', subjectId: record.orderId });
    }
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

export interface NewEvent {
  orderId?: string;
  paymentSessionId?: string;
  type: string;
  actor: EventActor;
  outcome: EventOutcome;
  amount?: number;
  correlationId?: string | null;
  message?: string;
  idempotencyKey?: string;
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
      idempotencyKey: event.idempotencyKey ?? null,
    },
  });
}

/** Whether an event with this key was recorded (a callback Klarna delivered before). */
export async function eventRecorded(idempotencyKey: string): Promise<boolean> {
  return (await prisma.orderEvent.count({ where: { idempotencyKey } })) > 0;
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
  region: KlarnaRegion;
  country: string;
  currency: string;
  locale: string;
  fraudStatus: FraudStatus;
  orderAmount: number;
  taxAmount: number;
  authorizationExpiresAt: Date;
  billingAddress: StoredAddress;
  shippingAddress: StoredAddress;
  placedAt: Date;
  subscriptionId: string;
  subscriptionPeriod: number;
  lines: readonly KlarnaOrderLine[];
  /** The shopper is owed the order's confirmation mail, recorded with it. */
  confirmationMail: boolean;
  placedEvent: { actor: EventActor; idempotencyKey: string; message: string };
}

/** Creates renewal orders AUTHORIZED, with their lines, ORDER_PLACED events and owed mails, in bulk. */
export async function createRenewalOrders(
  tx: Prisma.TransactionClient,
  orders: readonly RenewalOrder[],
): Promise<void> {
  if (orders.length === 0) return;
  await tx.order.createMany({
    data: orders.map(({ lines: _lines, placedEvent: _event, confirmationMail: _mail, ...order }) => ({
      ...order,
      ...addressColumns(order),
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
  const confirmed = orders.filter((order) => order.confirmationMail);
  if (confirmed.length > 0) {
    await tx.orderMail.createMany({
      data: confirmed.map((order) => ({ orderId: order.id, kind: 'ORDER_CONFIRMATION' as const, subjectId: order.id })),
    });
  }
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

// =============================================================================================
// Order admin: the fields that mirror Klarna's copy of the order, and the staff action lease.
// (Capture, Refund and OrderEvent rows are written by order-settlements.ts.)

/** The Order fields that follow Klarna after every action, sync and reconcile. */
export interface OrderMirror {
  status: OrderStatus;
  klarnaStatus: string;
  fraudStatus: FraudStatus;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: Date | null;
  klarnaReference: string | null;
  merchantReference1: string | null;
  merchantReference2: string | null;
}

/**
 * Writes Klarna's view of the order (or the part of it known; null leaves the fields as they are)
 * and when Klarna was read, inside the caller's transaction.
 */
export async function writeMirroredFields(
  tx: Prisma.TransactionClient,
  orderId: string,
  mirror: Partial<OrderMirror> | null,
  syncedAt: Date,
): Promise<void> {
  await tx.order.update({ where: { id: orderId }, data: { ...mirror, syncedAt } });
}

/**
 * Takes the order's action lease unless another action holds a live one. The lease lapses by
 * itself, so a process that dies mid-action blocks the order for the `orderAction` timeout at most.
 */
export async function takeOrderActionLease(orderId: string, leaseId: string, now: Date): Promise<boolean> {
  const taken = await prisma.order.updateMany({
    where: { id: orderId, OR: [{ actionLockedUntil: null }, { actionLockedUntil: { lt: now } }] },
    data: { actionLockId: leaseId, actionLockedUntil: leaseUntil('orderAction', now) },
  });
  return taken.count === 1;
}

export async function releaseOrderActionLease(orderId: string, leaseId: string): Promise<void> {
  await prisma.order.updateMany({
    where: { id: orderId, actionLockId: leaseId },
    data: { actionLockId: null, actionLockedUntil: null },
  });
}
