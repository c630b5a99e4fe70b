import 'server-only';

import { prisma } from '@/lib/db';
import type { FraudStatus, OrderMailKind, OrderMailStatus, Prisma } from '@/lib/generated/prisma/client';
import {
  readAddress,
  readRecordedLines,
  readShippingInfo,
  type RecordedLine,
  type StoredAddress,
} from './json-columns';
import { orderLineSelect, type OrderLineDTO } from './order-reads';

/*
 * The mails owed to an order's shopper (an outbox): a row is written in the transaction of the fact
 * it tells of, and the mailer claims, sends and marks it after commit. Unique per kind and fact.
 */

export type { OrderMailKind, OrderMailStatus };

/** Records, inside the fact's own transaction, that its mail is owed (once: a second call is a no-op). */
export async function recordOrderMail(
  tx: Prisma.TransactionClient,
  mail: { orderId: string; kind: OrderMailKind; subjectId: string },
): Promise<void> {
  await tx.orderMail.upsert({
    where: { kind_subjectId: { kind: mail.kind, subjectId: mail.subjectId } },
    create: mail,
    update: {},
  });
}

/** Pending mails whose next attempt is due and that no live process holds, oldest first. */
export async function listDueOrderMails(input: { now: Date; limit: number; orderId?: string }): Promise<string[]> {
  const rows = await prisma.orderMail.findMany({
    where: {
      status: 'PENDING',
      nextAttemptAt: { lte: input.now },
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: input.now } }],
      ...(input.orderId ? { orderId: input.orderId } : {}),
    },
    orderBy: { createdAt: 'asc' },
    take: input.limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Takes the delivery of one pending mail for `until`; false when it is sent or another process holds it. */
export async function claimOrderMail(id: string, claimId: string, now: Date, until: Date): Promise<boolean> {
  const claimed = await prisma.orderMail.updateMany({
    where: {
      id,
      status: 'PENDING',
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
    },
    data: { claimId, claimedUntil: until },
  });
  return claimed.count === 1;
}

export async function markOrderMailSent(
  id: string,
  claimId: string,
  sent: { to: string; messageId: string | null; at: Date },
): Promise<void> {
  await prisma.orderMail.updateMany({
    where: { id, claimId },
    data: {
      status: 'SENT',
      sentTo: sent.to,
      messageId: sent.messageId,
      sentAt: sent.at,
      attempts: { increment: 1 },
      lastError: null,
      claimId: null,
      claimedUntil: null,
    },
  });
}

/** A failed attempt: tried again at `retryAt`, or given up (FAILED) when that is null. */
export async function markOrderMailFailed(
  id: string,
  claimId: string,
  failure: { error: string; retryAt: Date | null },
): Promise<void> {
  await prisma.orderMail.updateMany({
    where: { id, claimId },
    data: {
      status: failure.retryAt ? 'PENDING' : 'FAILED',
      nextAttemptAt: failure.retryAt ?? undefined,
      attempts: { increment: 1 },
      lastError: failure.error.slice(0, 1000),
      claimId: null,
      claimedUntil: null,
    },
  });
}

/** A capture or refund as its mail tells of it. */
export interface SettlementDTO {
  amount: number;
  lines: RecordedLine[];
  description: string | null;
  at: Date;
  /** A capture's carrier and tracking number, when staff gave them. */
  shippingCompany: string | null;
  trackingNumber: string | null;
  trackingUri: string | null;
}

/** Everything one mail is written from: the order as sold, and the capture or refund it tells of. */
export interface OrderMailContentDTO {
  id: string;
  kind: OrderMailKind;
  attempts: number;
  order: {
    id: string;
    number: string;
    accessKey: string;
    email: string;
    country: string;
    currency: string;
    locale: string;
    fraudStatus: FraudStatus | null;
    orderAmount: number;
    taxAmount: number;
    capturedAmount: number;
    refundedAmount: number;
    placedAt: Date | null;
    createdAt: Date;
    /** The subscription period a renewal order pays for; null for an order placed at checkout. */
    subscriptionPeriod: number | null;
    shippingAddress: StoredAddress;
    lines: OrderLineDTO[];
  };
  settlement: SettlementDTO | null;
}

export async function getOrderMailContent(id: string): Promise<OrderMailContentDTO | null> {
  const mail = await prisma.orderMail.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      subjectId: true,
      attempts: true,
      order: {
        select: {
          id: true,
          number: true,
          accessKey: true,
          email: true,
          country: true,
          currency: true,
          locale: true,
          fraudStatus: true,
          orderAmount: true,
          taxAmount: true,
          capturedAmount: true,
          refundedAmount: true,
          placedAt: true,
          createdAt: true,
          subscriptionPeriod: true,
          shippingAddress: true,
          lines: { orderBy: { position: 'asc' }, select: orderLineSelect },
        },
      },
    },
  });
  if (!mail) return null;
  const order = { ...mail.order, shippingAddress: readAddress(mail.order.shippingAddress) };
  return { id: mail.id, kind: mail.kind, attempts: mail.attempts, order, settlement: await settlementOf(mail) };
}

async function settlementOf(mail: { kind: OrderMailKind; subjectId: string }): Promise<SettlementDTO | null> {
  if (mail.kind === 'CAPTURE_RECEIPT') {
    const capture = await prisma.capture.findUnique({
      where: { id: mail.subjectId },
      select: { amount: true, lines: true, description: true, capturedAt: true, shippingInfo: true },
    });
    if (!capture) return null;
    const shipping = readShippingInfo(capture.shippingInfo);
    return {
      amount: capture.amount,
      lines: readRecordedLines(capture.lines),
      description: capture.description,
      at: capture.capturedAt,
      shippingCompany: shipping?.shippingCompany ?? null,
      trackingNumber: shipping?.trackingNumber ?? null,
      trackingUri: shipping?.trackingUri ?? null,
    };
  }
  if (mail.kind === 'REFUND_NOTICE') {
    const refund = await prisma.refund.findUnique({
      where: { id: mail.subjectId },
      select: { amount: true, lines: true, description: true, refundedAt: true },
    });
    if (!refund) return null;
    return {
      amount: refund.amount,
      lines: readRecordedLines(refund.lines),
      description: refund.description,
      at: refund.refundedAt,
      shippingCompany: null,
      trackingNumber: null,
      trackingUri: null,
    };
  }
  return null;
}

/** Whether the order's confirmation mail is owed, and whether it went: what the order page may say. */
export async function getConfirmationMailStatus(orderId: string): Promise<OrderMailStatus | null> {
  const mail = await prisma.orderMail.findFirst({
    where: { orderId, kind: 'ORDER_CONFIRMATION' },
    select: { status: true },
  });
  return mail?.status ?? null;
}
