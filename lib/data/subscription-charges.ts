import 'server-only';

import { prisma } from '@/lib/db';
import type { FraudStatus, SubscriptionChargeStatus, SubscriptionStatus } from '@/lib/generated/prisma/client';
import type { KlarnaOrderLine } from '@/lib/order-lines';
import { randomUUID } from 'node:crypto';
import { createRenewalOrders, deleteRenewalOrders, newOrderNumber, type RenewalOrder } from './orders';
import { isUniqueViolation } from './prisma-errors';
import type { DueSubscriptionDTO } from './subscriptions';

/*
 * The charge of one subscription period (unique per period): claimed as CHARGING by the renewal job
 * before Klarna is called, then recorded with its outcome, and for a paid period its renewal order.
 */

export interface ChargeDTO {
  id: string;
  subscriptionId: string;
  period: number;
  idempotencyKey: string;
  orderNumber: string | null;
  amount: number;
  taxAmount: number;
  currency: string;
  dueAt: Date;
  status: SubscriptionChargeStatus;
  attempts: number;
  firstAttemptAt: Date | null;
  refusals: number;
  firstRefusedAt: Date | null;
  claimId: string | null;
  orderId: string | null;
}

const chargeSelect = {
  id: true,
  subscriptionId: true,
  period: true,
  idempotencyKey: true,
  orderNumber: true,
  amount: true,
  taxAmount: true,
  currency: true,
  dueAt: true,
  status: true,
  attempts: true,
  firstAttemptAt: true,
  refusals: true,
  firstRefusedAt: true,
  claimId: true,
  orderId: true,
} as const;

export type ChargeClaim =
  | { kind: 'claimed'; charge: ChargeDTO }
  /** The period is paid already (another run, or an earlier run whose bookkeeping is behind). */
  | { kind: 'paid'; charge: ChargeDTO }
  /** Another run is charging it right now. */
  | { kind: 'busy' }
  /** Given up or held for staff; only a staff "charge now" may try again. */
  | { kind: 'held'; charge: ChargeDTO };

/** One period to claim: everything its charge row holds, the same for every attempt. */
export interface ChargeClaimInput {
  subscriptionId: string;
  period: number;
  idempotencyKey: string;
  amount: number;
  taxAmount: number;
  currency: string;
  dueAt: Date;
}

export interface ChargeClaimContext {
  now: Date;
  claimId: string;
  /** A CHARGING claim last touched before this belongs to a run that died. */
  staleBefore: Date;
  /** Staff "charge now": a given-up or held charge may be claimed again. */
  force: boolean;
}

/**
 * Claims the charges of a batch of subscription periods (unique per period), keyed by subscription
 * id: new charge rows as CHARGING in one statement, or existing ones taken over when they failed
 * (or, with `force`, were given up) or their run died. Every attempt at a period keeps its
 * idempotency key and order number. The caller holds the subscriptions' leases, so no other run
 * claims the same periods; a race with a run whose lease lapsed still ends with one claim.
 */
export async function claimCharges(
  inputs: readonly ChargeClaimInput[],
  context: ChargeClaimContext,
): Promise<Map<string, ChargeClaim>> {
  const claims = new Map<string, ChargeClaim>();
  if (inputs.length === 0) return claims;
  const existing = await prisma.subscriptionCharge.findMany({
    where: {
      subscriptionId: { in: inputs.map((input) => input.subscriptionId) },
      period: { in: [...new Set(inputs.map((input) => input.period))] },
    },
    select: { ...chargeSelect, lastAttemptAt: true, updatedAt: true },
  });
  const byPeriod = new Map(existing.map((row) => [`${row.subscriptionId}:${row.period}`, row]));
  const fresh: ChargeDTO[] = [];
  for (const input of inputs) {
    const row = byPeriod.get(`${input.subscriptionId}:${input.period}`);
    if (row) {
      claims.set(input.subscriptionId, await claimExisting(row, context));
      continue;
    }
    fresh.push({
      ...input,
      id: newId(),
      orderNumber: newOrderNumber(),
      status: 'CHARGING',
      attempts: 1,
      firstAttemptAt: context.now,
      refusals: 0,
      firstRefusedAt: null,
      claimId: context.claimId,
      orderId: null,
    });
  }
  if (fresh.length === 0) return claims;
  try {
    await prisma.subscriptionCharge.createMany({
      data: fresh.map((charge) => ({ ...charge, lastAttemptAt: context.now })),
    });
    for (const charge of fresh) claims.set(charge.subscriptionId, { kind: 'claimed', charge });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A period claimed in between, or an order number drawn twice: claim these one by one.
    for (const charge of fresh) {
      claims.set(charge.subscriptionId, await claimOne(charge, context));
    }
  }
  return claims;
}

/** Claims one period, creating its charge row or taking the existing one over. */
async function claimOne(input: ChargeClaimInput, context: ChargeClaimContext): Promise<ChargeClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const charge = await prisma.subscriptionCharge.create({
        data: {
          subscriptionId: input.subscriptionId,
          period: input.period,
          idempotencyKey: input.idempotencyKey,
          orderNumber: newOrderNumber(),
          amount: input.amount,
          taxAmount: input.taxAmount,
          currency: input.currency,
          dueAt: input.dueAt,
          status: 'CHARGING',
          attempts: 1,
          firstAttemptAt: context.now,
          lastAttemptAt: context.now,
          claimId: context.claimId,
        },
        select: chargeSelect,
      });
      return { kind: 'claimed', charge };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await prisma.subscriptionCharge.findUnique({
      where: { subscriptionId_period: { subscriptionId: input.subscriptionId, period: input.period } },
      select: { ...chargeSelect, lastAttemptAt: true, updatedAt: true },
    });
    // No row for the period: the random order number collided; draw another.
    if (existing) return claimExisting(existing, context);
  }
  return { kind: 'busy' };
}

async function claimExisting(
  existing: ChargeDTO & { lastAttemptAt: Date | null; updatedAt: Date },
  context: ChargeClaimContext,
): Promise<ChargeClaim> {
  const { lastAttemptAt, updatedAt, ...charge } = existing;
  if (charge.status === 'SUCCEEDED') return { kind: 'paid', charge };
  if (charge.status === 'CHARGING' && (lastAttemptAt ?? updatedAt) > context.staleBefore) return { kind: 'busy' };
  if ((charge.status === 'ABANDONED' || charge.status === 'NEEDS_REVIEW') && !context.force) {
    return { kind: 'held', charge };
  }
  // A staff retry of a given-up charge starts a new refusal schedule.
  const restart = context.force && charge.status !== 'FAILED' && charge.status !== 'CHARGING';
  const taken = await prisma.subscriptionCharge.updateMany({
    where: { id: charge.id, status: charge.status, claimId: charge.claimId, updatedAt },
    data: {
      status: 'CHARGING',
      claimId: context.claimId,
      attempts: { increment: 1 },
      lastAttemptAt: context.now,
      firstAttemptAt: charge.firstAttemptAt ?? context.now,
      ...(restart ? { refusals: 0, firstRefusedAt: null } : {}),
    },
  });
  if (taken.count !== 1) return { kind: 'busy' };
  return {
    kind: 'claimed',
    charge: {
      ...charge,
      status: 'CHARGING',
      claimId: context.claimId,
      attempts: charge.attempts + 1,
      firstAttemptAt: charge.firstAttemptAt ?? context.now,
      ...(restart ? { refusals: 0, firstRefusedAt: null } : {}),
    },
  };
}

/** Ids the database generates elsewhere are cuids; for rows written in bulk we draw our own. */
function newId(): string {
  return randomUUID().replaceAll('-', '');
}

/** A paid period: the renewal order to record with it. */
export interface ChargeSuccess {
  kind: 'success';
  charge: ChargeDTO;
  subscription: DueSubscriptionDTO;
  email: string;
  klarnaOrderId: string;
  fraudStatus: FraudStatus;
  lines: readonly KlarnaOrderLine[];
  /** The order's second merchant reference, as sent to Klarna. */
  merchantReference2: string;
  now: Date;
  authorizationExpiresAt: Date;
  nextChargeAt: Date;
  actor: string;
  /** The order's confirmation mail is owed (recorded with the order). */
  confirmationMail: boolean;
}

/** A failed attempt and the subscription's state after it. */
export interface ChargeFailure {
  kind: 'failure';
  charge: ChargeDTO;
  subscriptionId: string;
  now: Date;
  actor: string;
  errorCode: string;
  message: string;
  correlationId: string | null;
  /**
   * Klarna refused (counted by the retry schedule), as opposed to no answer. A refusal charged
   * nothing, so later attempts send `idempotencyKeyAfterRefusal` instead of the key Klarna has seen.
   */
  refusal: { idempotencyKeyAfterRefusal: string } | null;
  chargeStatus: 'FAILED' | 'ABANDONED' | 'NEEDS_REVIEW';
  subscriptionStatus: SubscriptionStatus;
  /** Null: no further automatic attempt. */
  nextAttemptAt: Date | null;
  statusReason: string;
}

export type ChargeOutcomeRecord = ChargeSuccess | ChargeFailure;

/**
 * Records the outcomes of charges this run claimed under `claimId`, in one transaction: per paid
 * period the charge SUCCEEDED and the renewal order (AUTHORIZED, with its lines and ORDER_PLACED
 * event, linked to the subscription and period, managed by staff like any other order) and the
 * subscription moved to its next period; per failure the charge, why, and the subscription's next
 * step; every attempt logged. An outcome whose claim was taken over in the meantime is left out.
 * Returns the charges recorded, each with its renewal order's id (null for a failure).
 *
 * Recording a batch at once costs one commit instead of one per renewal. It is safe because a
 * charge not recorded (the process died first) keeps its claim: a later run re-sends it with the
 * same idempotency key, Klarna answers with the first result, and it is recorded then.
 */
export async function recordChargeOutcomes(
  records: readonly ChargeOutcomeRecord[],
  claimId: string,
): Promise<Map<string, string | null>> {
  if (records.length === 0) return new Map();
  return prisma.$transaction(async (tx) => {
    const successes = records.filter((record): record is ChargeSuccess => record.kind === 'success');
    const orderIds = new Map(successes.map((record) => [record.charge.id, newId()]));
    // The orders first, so each charge can point at its order in the same statement that checks
    // the claim; orders of claims found lost are removed again below.
    await createRenewalOrders(
      tx,
      successes.map((record) => renewalOrder(record, orderIds.get(record.charge.id) ?? '')),
    );

    const recorded = new Map<string, string | null>();
    for (const record of records) {
      const { charge } = record;
      const updated = await tx.subscriptionCharge.updateMany({
        where: { id: charge.id, claimId, status: 'CHARGING' },
        data:
          record.kind === 'success'
            ? { status: 'SUCCEEDED', claimId: null, lastError: null, orderId: orderIds.get(charge.id) ?? null }
            : {
                status: record.chargeStatus,
                claimId: null,
                lastError: `${record.errorCode}: ${record.message}`.slice(0, 1000),
                ...(record.refusal
                  ? {
                      refusals: { increment: 1 },
                      firstRefusedAt: charge.firstRefusedAt ?? record.now,
                      idempotencyKey: record.refusal.idempotencyKeyAfterRefusal,
                    }
                  : {}),
              },
      });
      if (updated.count === 1) recorded.set(charge.id, orderIds.get(charge.id) ?? null);
    }

    const lost = successes.filter((record) => !recorded.has(record.charge.id)).map((record) => record.charge.id);
    await deleteRenewalOrders(tx, lost.map((chargeId) => orderIds.get(chargeId) ?? ''));
    const kept = records.filter((record) => recorded.has(record.charge.id));
    if (kept.length > 0) {
      await tx.subscriptionChargeAttempt.createMany({
        data: kept.map((record) =>
          record.kind === 'success'
            ? {
                chargeId: record.charge.id,
                actor: record.actor,
                outcome: 'SUCCESS' as const,
                message: `Charged: Klarna order ${record.klarnaOrderId}`,
                createdAt: record.now,
              }
            : {
                chargeId: record.charge.id,
                actor: record.actor,
                outcome: 'FAILURE' as const,
                errorCode: record.errorCode,
                correlationId: record.correlationId,
                message: record.message.slice(0, 1000),
                createdAt: record.now,
              },
        ),
      });
    }
    for (const record of kept) {
      // Guarded by the period, so a late outcome can never move a subscription backwards.
      await tx.subscription.updateMany({
        where: {
          id: record.kind === 'success' ? record.subscription.id : record.subscriptionId,
          nextPeriod: record.charge.period,
        },
        data:
          record.kind === 'success'
            ? {
                nextPeriod: record.charge.period + 1,
                nextChargeAt: record.nextChargeAt,
                nextAttemptAt: record.nextChargeAt,
                status: 'ACTIVE',
                statusReason: null,
                leaseId: null,
                leaseUntil: null,
              }
            : {
                status: record.subscriptionStatus,
                nextAttemptAt: record.nextAttemptAt,
                statusReason: record.statusReason.slice(0, 1000),
                leaseId: null,
                leaseUntil: null,
                ...(record.subscriptionStatus === 'CANCELLED' ? { cancelledAt: record.now } : {}),
              },
      });
    }
    return recorded;
  });
}

function renewalOrder(record: ChargeSuccess, id: string): RenewalOrder {
  const { charge, subscription } = record;
  return {
    id,
    number: charge.orderNumber ?? `${subscription.id}-${charge.period}`,
    userId: subscription.userId,
    email: record.email,
    klarnaOrderId: record.klarnaOrderId,
    merchantReference1: charge.orderNumber,
    merchantReference2: record.merchantReference2,
    region: subscription.customerToken.region,
    country: subscription.country,
    currency: subscription.currency,
    locale: subscription.locale,
    fraudStatus: record.fraudStatus,
    orderAmount: charge.amount,
    taxAmount: charge.taxAmount,
    authorizationExpiresAt: record.authorizationExpiresAt,
    billingAddress: subscription.customerToken.billingAddress,
    shippingAddress: subscription.customerToken.shippingAddress,
    placedAt: record.now,
    subscriptionId: subscription.id,
    subscriptionPeriod: charge.period,
    lines: record.lines,
    confirmationMail: record.confirmationMail,
    placedEvent: {
      actor: record.actor,
      idempotencyKey: charge.idempotencyKey,
      message: `Subscription renewal, period ${charge.period}: Klarna order ${record.klarnaOrderId}, fraud status ${record.fraudStatus}`,
    },
  };
}
