import 'server-only';

import { prisma } from '@/lib/db';
import type { KlarnaRegion } from '@/lib/markets';
import type { EventOutcome, FraudStatus, OrderStatus, Prisma } from '@/lib/generated/prisma/client';
import { OPEN_STATUSES, type RenewedSubscription } from './order-list';
import { orderLineSelect, type OrderLineDTO } from './order-reads';
import type { OrderMirror } from './orders';
import { readAddress, readRecordedLines, readShippingInfo, type RecordedLine, type RecordedShippingInfo, type StoredAddress } from './json-columns';

/*
 * One order as staff see it (the order page, with its captures, refunds and timeline) and as an
 * order admin action needs it (the mirrored fields, lines and what was captured or refunded).
 */

/** An order line as sold (the OrderLine snapshot), with its discount for staff. */
export interface SoldLine extends OrderLineDTO {
  totalDiscountAmount: number;
}

export interface AdminEventDTO {
  id: string;
  type: string;
  actor: string;
  outcome: EventOutcome;
  amount: number | null;
  idempotencyKey: string | null;
  correlationId: string | null;
  message: string | null;
  /** How often the same request came again after this event (Klarna carried it out once). */
  replays: number;
  lastReplayAt: Date | null;
  createdAt: Date;
}

export interface AdminCaptureDTO {
  id: string;
  klarnaCaptureId: string;
  klarnaReference: string | null;
  amount: number;
  lines: RecordedLine[];
  shippingInfo: RecordedShippingInfo | null;
  description: string | null;
  idempotencyKey: string | null;
  actor: string;
  capturedAt: Date;
}

export interface AdminRefundDTO {
  id: string;
  klarnaRefundId: string;
  amount: number;
  lines: RecordedLine[];
  description: string | null;
  idempotencyKey: string | null;
  actor: string;
  refundedAt: Date;
}

export interface AdminOrderDetail {
  id: string;
  number: string;
  email: string;
  userId: string | null;
  region: KlarnaRegion;
  country: string;
  currency: string;
  locale: string;
  status: OrderStatus;
  klarnaStatus: string | null;
  fraudStatus: FraudStatus | null;
  klarnaOrderId: string | null;
  klarnaReference: string | null;
  merchantReference1: string | null;
  merchantReference2: string | null;
  subscription: RenewedSubscription | null;
  subscriptionPeriod: number | null;
  orderAmount: number;
  taxAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: Date | null;
  placedAt: Date | null;
  createdAt: Date;
  syncedAt: Date | null;
  billingAddress: StoredAddress;
  shippingAddress: StoredAddress;
  lines: SoldLine[];
  captures: AdminCaptureDTO[];
  refunds: AdminRefundDTO[];
  events: AdminEventDTO[];
}

const lineSelect = {
  ...orderLineSelect,
  totalDiscountAmount: true,
} as const satisfies Prisma.OrderLineSelect;

const eventSelect = {
  id: true,
  type: true,
  actor: true,
  outcome: true,
  amount: true,
  idempotencyKey: true,
  correlationId: true,
  message: true,
  replays: true,
  lastReplayAt: true,
  createdAt: true,
} as const satisfies Prisma.OrderEventSelect;

/** Everything the order page shows, or null for an unknown id. */
export async function getAdminOrderDetail(id: string): Promise<AdminOrderDetail | null> {
  const order = await prisma.order.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      email: true,
      userId: true,
      region: true,
      country: true,
      currency: true,
      locale: true,
      status: true,
      klarnaStatus: true,
      fraudStatus: true,
      klarnaOrderId: true,
      klarnaReference: true,
      merchantReference1: true,
      merchantReference2: true,
      subscription: { select: { id: true, name: true } },
      subscriptionPeriod: true,
      orderAmount: true,
      taxAmount: true,
      capturedAmount: true,
      refundedAmount: true,
      authorizationExpiresAt: true,
      placedAt: true,
      createdAt: true,
      syncedAt: true,
      billingAddress: true,
      shippingAddress: true,
      paymentSessionId: true,
      lines: { orderBy: { position: 'asc' }, select: lineSelect },
      captures: {
        orderBy: { capturedAt: 'asc' },
        select: {
          id: true,
          klarnaCaptureId: true,
          klarnaReference: true,
          amount: true,
          lines: true,
          shippingInfo: true,
          description: true,
          idempotencyKey: true,
          actor: true,
          capturedAt: true,
        },
      },
      refunds: {
        orderBy: { refundedAt: 'asc' },
        select: {
          id: true,
          klarnaRefundId: true,
          amount: true,
          lines: true,
          description: true,
          idempotencyKey: true,
          actor: true,
          refundedAt: true,
        },
      },
    },
  });
  if (!order) return null;
  // Attempts to place the order before it existed are recorded against its payment session
  // (a subscription renewal has none).
  const events = await prisma.orderEvent.findMany({
    where: {
      OR: [
        { orderId: order.id },
        ...(order.paymentSessionId ? [{ paymentSessionId: order.paymentSessionId, orderId: null }] : []),
      ],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: eventSelect,
  });
  const { paymentSessionId: _paymentSessionId, ...rest } = order;
  return {
    ...rest,
    billingAddress: readAddress(order.billingAddress),
    shippingAddress: readAddress(order.shippingAddress),
    captures: order.captures.map((capture) => ({
      ...capture,
      lines: readRecordedLines(capture.lines),
      shippingInfo: readShippingInfo(capture.shippingInfo),
    })),
    refunds: order.refunds.map((refund) => ({ ...refund, lines: readRecordedLines(refund.lines) })),
    events,
  };
}

// =============================================================================================
// What an order admin action needs

/** An order as a staff action reads it: the fields Klarna mirrors (null before the first sync). */
export interface OrderForAction extends Omit<OrderMirror, 'klarnaStatus' | 'fraudStatus'> {
  id: string;
  number: string;
  klarnaOrderId: string | null;
  region: KlarnaRegion;
  currency: string;
  locale: string;
  klarnaStatus: string | null;
  fraudStatus: FraudStatus | null;
  syncedAt: Date | null;
  lines: SoldLine[];
  captures: { klarnaCaptureId: string; lines: RecordedLine[] }[];
  refunds: { klarnaRefundId: string; lines: RecordedLine[] }[];
  /** Successful merchant-reference changes so far (part of their idempotency key). */
  merchantReferenceChanges: number;
}

export const MERCHANT_REFERENCES_EVENT = 'UPDATE_MERCHANT_REFERENCES';

export async function getOrderForAction(id: string): Promise<OrderForAction | null> {
  const order = await prisma.order.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      klarnaOrderId: true,
      region: true,
      currency: true,
      locale: true,
      status: true,
      klarnaStatus: true,
      fraudStatus: true,
      orderAmount: true,
      capturedAmount: true,
      refundedAmount: true,
      authorizationExpiresAt: true,
      klarnaReference: true,
      merchantReference1: true,
      merchantReference2: true,
      syncedAt: true,
      lines: { orderBy: { position: 'asc' }, select: lineSelect },
      captures: { orderBy: { capturedAt: 'asc' }, select: { klarnaCaptureId: true, lines: true } },
      refunds: { orderBy: { refundedAt: 'asc' }, select: { klarnaRefundId: true, lines: true } },
      _count: { select: { events: { where: { type: MERCHANT_REFERENCES_EVENT, outcome: 'SUCCESS' } } } },
    },
  });
  if (!order) return null;
  const { _count, ...rest } = order;
  return {
    ...rest,
    captures: order.captures.map((capture) => ({ ...capture, lines: readRecordedLines(capture.lines) })),
    refunds: order.refunds.map((refund) => ({ ...refund, lines: readRecordedLines(refund.lines) })),
    merchantReferenceChanges: _count.events,
  };
}

// =============================================================================================
// Reconcile

export interface ReconcileCandidate {
  id: string;
  number: string;
}

/**
 * Orders whose copy may fall behind Klarna, in id order from `afterId`: open authorizations (they
 * expire, and may be captured, cancelled or released elsewhere) and, with `includeSettled`, captured
 * or closed orders, which may still be refunded elsewhere.
 */
export async function listOrdersToReconcile(input: {
  afterId?: string;
  take: number;
  includeSettled: boolean;
}): Promise<ReconcileCandidate[]> {
  const statuses: OrderStatus[] = input.includeSettled
    ? [...OPEN_STATUSES, 'CAPTURED', 'CLOSED']
    : OPEN_STATUSES;
  return prisma.order.findMany({
    where: {
      status: { in: statuses },
      klarnaOrderId: { not: null },
      ...(input.afterId ? { id: { gt: input.afterId } } : {}),
    },
    orderBy: { id: 'asc' },
    take: input.take,
    select: { id: true, number: true },
  });
}
