import 'server-only';

import { prisma } from '@/lib/db';
import { Prisma, type EventOutcome } from '@/lib/generated/prisma/client';
import { jsonColumn, type RecordedLine, type RecordedShippingInfo } from './json-columns';
import { recordOrderMail } from './order-mails';
import { writeMirroredFields, type OrderMirror } from './orders';

/*
 * What staff actions and syncs record on an order: captures and refunds (each once, by its Klarna
 * id and its idempotency key) and the order's audit events.
 */

export type { RecordedLine };

export interface NewAdminEvent {
  type: string;
  actor: string;
  outcome: EventOutcome;
  amount?: number | null;
  idempotencyKey?: string | null;
  correlationId?: string | null;
  message?: string | null;
}

function eventData(orderId: string, event: NewAdminEvent): Prisma.OrderEventUncheckedCreateInput {
  return {
    orderId,
    type: event.type,
    actor: event.actor,
    outcome: event.outcome,
    amount: event.amount ?? null,
    idempotencyKey: event.idempotencyKey ?? null,
    correlationId: event.correlationId ?? null,
    message: event.message?.slice(0, 1000) ?? null,
  };
}

/** Appends one event to the order's audit trail (design invariant 7). */
export async function recordOrderEvent(orderId: string, event: NewAdminEvent): Promise<void> {
  await prisma.orderEvent.create({ data: eventData(orderId, event) });
}

/**
 * Notes that a request already carried out came again (same idempotency key): its first successful
 * event counts the replay, so the timeline keeps one event per thing that happened (design
 * invariant 7). Returns false when no event of this order carries the key (nothing to note on).
 */
export async function noteReplay(
  orderId: string,
  input: { type: string; idempotencyKey: string; at: Date },
): Promise<boolean> {
  const first = await prisma.orderEvent.findFirst({
    where: { orderId, type: input.type, idempotencyKey: input.idempotencyKey, outcome: 'SUCCESS' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  if (!first) return false;
  await prisma.orderEvent.update({
    where: { id: first.id },
    data: { replays: { increment: 1 }, lastReplayAt: input.at },
  });
  return true;
}

/** Like `recordOrderEvent`, for an id from a form: an unknown order gets nothing written. */
export async function recordEventIfOrderExists(orderId: string, event: NewAdminEvent): Promise<void> {
  if (orderId.length === 0 || orderId.length > 64) return;
  const order = await prisma.order.findUnique({ where: { id: orderId }, select: { id: true } });
  if (order) await recordOrderEvent(order.id, event);
}

export interface NewCapture {
  klarnaCaptureId: string;
  klarnaReference?: string | null;
  amount: number;
  lines: RecordedLine[];
  shippingInfo?: RecordedShippingInfo | null;
  description?: string | null;
  idempotencyKey?: string | null;
  actor: string;
  capturedAt: Date;
  /** Recorded with the capture, and only when the capture is recorded now (never twice). */
  event?: NewAdminEvent;
  /** The shopper is owed a receipt, recorded with the capture (once, like its event). */
  mailShopper?: boolean;
}

export interface NewRefund {
  klarnaRefundId: string;
  amount: number;
  lines: RecordedLine[];
  description?: string | null;
  idempotencyKey?: string | null;
  actor: string;
  refundedAt: Date;
  /** Recorded with the refund, and only when the refund is recorded now (never twice). */
  event?: NewAdminEvent;
  /** The shopper is owed a refund notice, recorded with the refund (once, like its event). */
  mailShopper?: boolean;
}

export interface MirrorWrite {
  orderId: string;
  currency: string;
  /** Klarna's view of the order (or the part of it known), or null to leave the fields as they are. */
  mirror: Partial<OrderMirror> | null;
  syncedAt: Date;
  captures?: NewCapture[];
  refunds?: NewRefund[];
  events?: NewAdminEvent[];
}

/**
 * Creates the rows Klarna has and the order does not: a row whose Klarna id is already recorded is
 * skipped (with its event), and an idempotency key already used is dropped rather than failing the
 * write. Returns how many were created; their events are appended to `events`.
 */
async function recordNew<Row extends { idempotencyKey?: string | null; event?: NewAdminEvent }>(
  rows: readonly Row[],
  input: {
    klarnaId: (row: Row) => string;
    known: (ids: string[], keys: string[]) => Promise<{ klarnaId: string; idempotencyKey: string | null }[]>;
    create: (row: Row, idempotencyKey: string | null) => Promise<unknown>;
    events: NewAdminEvent[];
  },
): Promise<number> {
  if (rows.length === 0) return 0;
  const known = await input.known(
    rows.map(input.klarnaId),
    rows.flatMap((row) => (row.idempotencyKey ? [row.idempotencyKey] : [])),
  );
  const knownIds = new Set(known.map((row) => row.klarnaId));
  const knownKeys = new Set(known.map((row) => row.idempotencyKey));
  let added = 0;
  for (const row of rows) {
    const klarnaId = input.klarnaId(row);
    if (knownIds.has(klarnaId)) continue;
    const idempotencyKey = row.idempotencyKey && !knownKeys.has(row.idempotencyKey) ? row.idempotencyKey : null;
    await input.create(row, idempotencyKey);
    knownIds.add(klarnaId);
    if (idempotencyKey) knownKeys.add(idempotencyKey);
    if (row.event) input.events.push(row.event);
    added++;
  }
  return added;
}

/**
 * Writes, in one transaction, what an action or a sync learnt from Klarna: the mirrored fields,
 * captures and refunds not yet recorded (see `recordNew`), and the audit events.
 */
export async function writeOrderMirror(write: MirrorWrite): Promise<{ capturesAdded: number; refundsAdded: number }> {
  return prisma.$transaction(async (tx) => {
    await writeMirroredFields(tx, write.orderId, write.mirror, write.syncedAt);

    // The events of the captures and refunds recorded now come first, then the write's own.
    const events: NewAdminEvent[] = [];
    const capturesAdded = await recordNew(write.captures ?? [], {
      klarnaId: (capture) => capture.klarnaCaptureId,
      known: async (ids, keys) =>
        (
          await tx.capture.findMany({
            where: { OR: [{ klarnaCaptureId: { in: ids } }, { idempotencyKey: { in: keys } }] },
            select: { klarnaCaptureId: true, idempotencyKey: true },
          })
        ).map((row) => ({ klarnaId: row.klarnaCaptureId, idempotencyKey: row.idempotencyKey })),
      create: async (capture, idempotencyKey) => {
        const created = await tx.capture.create({
          data: {
            orderId: write.orderId,
            klarnaCaptureId: capture.klarnaCaptureId,
            klarnaReference: capture.klarnaReference ?? null,
            amount: capture.amount,
            currency: write.currency,
            lines: jsonColumn(capture.lines),
            shippingInfo: capture.shippingInfo ? jsonColumn(capture.shippingInfo) : Prisma.DbNull,
            description: capture.description ?? null,
            idempotencyKey,
            actor: capture.actor,
            capturedAt: capture.capturedAt,
          },
          select: { id: true },
        });
        if (capture.mailShopper) {
          await recordOrderMail(tx, { orderId: write.orderId, kind: 'CAPTURE_RECEIPT', subjectId: created.id });
        }
      },
      events,
    });
    const refundsAdded = await recordNew(write.refunds ?? [], {
      klarnaId: (refund) => refund.klarnaRefundId,
      known: async (ids, keys) =>
        (
          await tx.refund.findMany({
            where: { OR: [{ klarnaRefundId: { in: ids } }, { idempotencyKey: { in: keys } }] },
            select: { klarnaRefundId: true, idempotencyKey: true },
          })
        ).map((row) => ({ klarnaId: row.klarnaRefundId, idempotencyKey: row.idempotencyKey })),
      create: async (refund, idempotencyKey) => {
        const created = await tx.refund.create({
          data: {
            orderId: write.orderId,
            klarnaRefundId: refund.klarnaRefundId,
            amount: refund.amount,
            currency: write.currency,
            lines: jsonColumn(refund.lines),
            description: refund.description ?? null,
            idempotencyKey,
            actor: refund.actor,
            refundedAt: refund.refundedAt,
          },
          select: { id: true },
        });
        if (refund.mailShopper) {
          await recordOrderMail(tx, { orderId: write.orderId, kind: 'REFUND_NOTICE', subjectId: created.id });
        }
      },
      events,
    });

    events.push(...(write.events ?? []));
    if (events.length > 0) {
      await tx.orderEvent.createMany({ data: events.map((event) => eventData(write.orderId, event)) });
    }
    return { capturesAdded, refundsAdded };
  });
}
