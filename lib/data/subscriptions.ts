import 'server-only';

import { prisma } from '@/lib/db';
import type { KlarnaRegion } from '@/lib/markets';
import type {
  BillingInterval,
  CustomerTokenStatus,
  Prisma,
  SubscriptionStatus,
} from '@/lib/generated/prisma/client';
import { readAddress, type StoredAddress } from './json-columns';

export type { SubscriptionStatus } from '@/lib/generated/prisma/client';

/*
 * Subscriptions: the renewal job's lease on them, their status as charges succeed or stop, and
 * their cancellation. Their charges are in subscription-charges.ts, the customer token that pays
 * for them in customer-tokens.ts, the shopper's and staff's lists in subscription-list.ts.
 */

// =============================================================================================
// The renewal job: lease

/** What a subscription charges per period, as bought: a snapshot of the product and its price. */
export interface SubscriptionTerms {
  /** The product slug, sent as the order line's reference. */
  reference: string;
  name: string;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  unitAmount: number;
  taxRate: number;
}

export interface DueSubscriptionDTO extends SubscriptionTerms {
  id: string;
  userId: string;
  status: SubscriptionStatus;
  currency: string;
  country: string;
  locale: string;
  region: KlarnaRegion;
  anchorAt: Date;
  nextPeriod: number;
  nextChargeAt: Date;
  nextAttemptAt: Date | null;
  customerToken: {
    id: string;
    klarnaTokenId: string | null;
    status: CustomerTokenStatus;
    region: KlarnaRegion;
    billingAddress: StoredAddress;
    shippingAddress: StoredAddress;
  };
}

export const termsSelect = {
  reference: true,
  name: true,
  interval: true,
  intervalCount: true,
  quantity: true,
  unitAmount: true,
  taxRate: true,
} as const;

const dueSubscriptionSelect = {
  ...termsSelect,
  id: true,
  userId: true,
  status: true,
  currency: true,
  country: true,
  locale: true,
  region: true,
  anchorAt: true,
  nextPeriod: true,
  nextChargeAt: true,
  nextAttemptAt: true,
  customerToken: {
    select: {
      id: true,
      klarnaTokenId: true,
      status: true,
      region: true,
      billingAddress: true,
      shippingAddress: true,
    },
  },
} as const;

function toDueSubscription(
  row: Prisma.SubscriptionGetPayload<{ select: typeof dueSubscriptionSelect }>,
): DueSubscriptionDTO {
  const token = row.customerToken;
  return {
    ...row,
    customerToken: {
      ...token,
      billingAddress: readAddress(token.billingAddress),
      shippingAddress: readAddress(token.shippingAddress),
    },
  };
}

export async function getSubscriptionForCharge(id: string): Promise<DueSubscriptionDTO | null> {
  const row = await prisma.subscription.findUnique({ where: { id }, select: dueSubscriptionSelect });
  return row ? toDueSubscription(row) : null;
}

/**
 * Leases up to `limit` active subscriptions due at `now` that no other run holds, oldest due first.
 * Concurrent runs split the work: each takes only rows whose lease is free, and a run that lost the
 * race for a batch simply looks at the next one. An empty result means nothing is left to do.
 */
export async function leaseDueSubscriptions(input: {
  now: Date;
  limit: number;
  leaseId: string;
  leaseUntil: Date;
}): Promise<DueSubscriptionDTO[]> {
  const free: Prisma.SubscriptionWhereInput = {
    status: 'ACTIVE',
    nextAttemptAt: { lte: input.now },
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: input.now } }],
  };
  for (;;) {
    const candidates = await prisma.subscription.findMany({
      where: free,
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: input.limit,
      select: { id: true },
    });
    if (candidates.length === 0) return [];
    const leased = await prisma.subscription.updateMany({
      where: { ...free, id: { in: candidates.map((row) => row.id) } },
      data: { leaseId: input.leaseId, leaseUntil: input.leaseUntil },
    });
    if (leased.count > 0) {
      const rows = await prisma.subscription.findMany({
        where: { leaseId: input.leaseId },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        select: dueSubscriptionSelect,
      });
      return rows.map(toDueSubscription);
    }
    // Another run leased exactly these between our two statements: look again.
  }
}

/** Leases one subscription for a staff action or the scheduler route, whatever its due date. */
export async function leaseSubscription(input: {
  id: string;
  now: Date;
  leaseId: string;
  leaseUntil: Date;
}): Promise<boolean> {
  const leased = await prisma.subscription.updateMany({
    where: { id: input.id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: input.now } }] },
    data: { leaseId: input.leaseId, leaseUntil: input.leaseUntil },
  });
  return leased.count === 1;
}

/** Frees the leases a run still holds (subscriptions it skipped); charged ones were freed already. */
export async function releaseLeases(leaseIds: readonly string[]): Promise<void> {
  if (leaseIds.length === 0) return;
  await prisma.subscription.updateMany({
    where: { leaseId: { in: [...leaseIds] } },
    data: { leaseId: null, leaseUntil: null },
  });
}
export async function stopSubscription(input: {
  id: string;
  status: 'SUSPENDED' | 'CANCELLED';
  reason: string;
  now: Date;
}): Promise<void> {
  await prisma.subscription.update({
    where: { id: input.id },
    data: {
      status: input.status,
      statusReason: input.reason.slice(0, 1000),
      nextAttemptAt: null,
      leaseId: null,
      leaseUntil: null,
      ...(input.status === 'CANCELLED' ? { cancelledAt: input.now } : {}),
    },
  });
}

/** A paid period whose subscription still points at it (a crash between two writes): move it on. */
export async function advancePastPaidPeriod(input: {
  id: string;
  paidPeriod: number;
  nextChargeAt: Date;
}): Promise<void> {
  await prisma.subscription.updateMany({
    where: { id: input.id, nextPeriod: input.paidPeriod },
    data: {
      nextPeriod: input.paidPeriod + 1,
      nextChargeAt: input.nextChargeAt,
      nextAttemptAt: input.nextChargeAt,
      leaseId: null,
      leaseUntil: null,
    },
  });
}

/** Puts a held subscription back on the schedule (staff resumed it after Klarna reactivated the token). */
export async function resumeSubscription(id: string): Promise<void> {
  await prisma.subscription.updateMany({
    where: { id, status: { in: ['SUSPENDED', 'PAST_DUE'] } },
    data: { status: 'ACTIVE', statusReason: null },
  });
}

// =============================================================================================
// Cancelling

export type CancelRecordResult =
  | { ok: true; tokenId: string; liveOnToken: number }
  | { ok: false; reason: 'not_found' | 'already_cancelled' | 'busy' };

/**
 * Cancels a subscription in the database, unless a renewal run holds it right now (then the caller
 * says to try again in a moment): no renewal can start after this, and none is in flight.
 * With `userId`, only that shopper's subscription is found.
 */
export async function cancelSubscriptionRecord(input: {
  id: string;
  userId?: string;
  now: Date;
  reason: string;
}): Promise<CancelRecordResult> {
  return prisma.$transaction(async (tx) => {
    const owned = { id: input.id, ...(input.userId ? { userId: input.userId } : {}) };
    const cancelled = await tx.subscription.updateMany({
      where: {
        ...owned,
        status: { not: 'CANCELLED' },
        OR: [{ leaseUntil: null }, { leaseUntil: { lt: input.now } }],
      },
      data: {
        status: 'CANCELLED',
        cancelledAt: input.now,
        nextAttemptAt: null,
        statusReason: input.reason.slice(0, 1000),
      },
    });
    const row = await tx.subscription.findFirst({
      where: owned,
      select: { status: true, customerTokenId: true },
    });
    if (!row) return { ok: false, reason: 'not_found' };
    if (cancelled.count !== 1) {
      return { ok: false, reason: row.status === 'CANCELLED' ? 'already_cancelled' : 'busy' };
    }
    await tx.subscriptionCharge.updateMany({
      where: { subscriptionId: input.id, status: 'FAILED' },
      data: { status: 'ABANDONED' },
    });
    const liveOnToken = await tx.subscription.count({
      where: { customerTokenId: row.customerTokenId, status: { not: 'CANCELLED' } },
    });
    return { ok: true, tokenId: row.customerTokenId, liveOnToken };
  });
}

// =============================================================================================
// A checkout's subscriptions

/** The subscriptions a token pays for, by id (the checkout's answer to the shopper). */
export async function listSubscriptionIdsOfToken(tokenId: string): Promise<string[]> {
  const rows = await prisma.subscription.findMany({
    where: { customerTokenId: tokenId },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** What a subscription product costs in a currency now, by slug (the token step's price lookup). */
export async function getSubscriptionProducts(
  slugs: readonly string[],
  currency: string,
): Promise<Map<string, { productId: string; unitAmount: number; taxRate: number }>> {
  const products = await prisma.product.findMany({
    where: { slug: { in: [...slugs] }, kind: 'SUBSCRIPTION' },
    select: { id: true, slug: true, prices: { where: { currency }, select: { unitAmount: true, taxRate: true } } },
  });
  const result = new Map<string, { productId: string; unitAmount: number; taxRate: number }>();
  for (const product of products) {
    const price = product.prices[0];
    if (price) result.set(product.slug, { productId: product.id, unitAmount: price.unitAmount, taxRate: price.taxRate });
  }
  return result;
}
