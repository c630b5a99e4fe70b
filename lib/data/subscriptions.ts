import 'server-only';

import { prisma } from '@/lib/db';
import {
  Prisma,
  type BillingInterval,
  type CustomerTokenStatus,
  type FraudStatus,
  type SubscriptionChargeStatus,
  type SubscriptionStatus,
} from '@/lib/generated/prisma/client';
import type { KlarnaOrderLine } from '@/lib/order-lines';
import { renewalKeyAfterRefusal } from '@/lib/subscriptions/schedule';
import { randomUUID } from 'node:crypto';
import { newAccessKey } from './orders';

/*
 * Recurring payments' data access: the customer token a checkout creates (claimed before Klarna is
 * called, like an order), the subscriptions it pays for, the renewal job's lease and per-period
 * charge claims, and what the shopper's account and the admin pages read.
 */

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

// =============================================================================================
// The customer token of a checkout

/** Enough of a checkout's token to decide what the token step does next. */
export interface CheckoutTokenDTO {
  id: string;
  userId: string;
  cartId: string;
  paymentSessionId: string;
  authorizationToken: string;
  originOrderId: string | null;
  klarnaTokenId: string | null;
  claimId: string | null;
  status: CustomerTokenStatus;
  statusReason: string | null;
  updatedAt: Date;
}

const checkoutTokenSelect = {
  id: true,
  userId: true,
  cartId: true,
  paymentSessionId: true,
  authorizationToken: true,
  originOrderId: true,
  klarnaTokenId: true,
  claimId: true,
  status: true,
  statusReason: true,
  updatedAt: true,
} as const;

/** The token a checkout created or is creating, found by its cart, session or authorization. */
export async function findCheckoutToken(where: {
  cartId: string;
  paymentSessionId: string;
  authorizationToken?: string;
}): Promise<CheckoutTokenDTO | null> {
  const or: Prisma.CustomerTokenWhereInput[] = [
    { cartId: where.cartId },
    { paymentSessionId: where.paymentSessionId },
  ];
  if (where.authorizationToken) or.push({ authorizationToken: where.authorizationToken });
  return prisma.customerToken.findFirst({ where: { OR: or }, select: checkoutTokenSelect });
}

export async function getCheckoutToken(id: string): Promise<CheckoutTokenDTO | null> {
  return prisma.customerToken.findUnique({ where: { id }, select: checkoutTokenSelect });
}

export interface TokenClaim {
  userId: string;
  cartId: string;
  paymentSessionId: string;
  authorizationToken: string;
  originOrderId: string | null;
  claimId: string;
  region: string;
  country: string;
  currency: string;
  locale: string;
  billingAddress: string;
  shippingAddress: string;
}

/**
 * Claims the right to create the checkout's token: inserts it as CREATING. Cart, session and
 * authorization token are unique, so exactly one concurrent claim wins; the others get null.
 */
export async function claimTokenCreation(claim: TokenClaim): Promise<CheckoutTokenDTO | null> {
  try {
    return await prisma.customerToken.create({
      data: { ...claim, status: 'CREATING' },
      select: checkoutTokenSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Takes over a stale CREATING claim (its process is gone) under a new claim id. */
export async function takeOverTokenClaim(id: string, staleClaimId: string | null, claimId: string): Promise<boolean> {
  const updated = await prisma.customerToken.updateMany({
    where: { id, claimId: staleClaimId, status: 'CREATING' },
    data: { claimId },
  });
  return updated.count === 1;
}

/** Gives a claim back: Klarna certainly created no token, so a later attempt may. */
export async function releaseTokenClaim(id: string, claimId: string): Promise<void> {
  await prisma.customerToken.deleteMany({ where: { id, claimId, status: 'CREATING' } });
}

export class TokenClaimLostError extends Error {
  constructor() {
    super('The customer token claim was taken over by another attempt');
    this.name = 'TokenClaimLostError';
  }
}

/** A subscription to create with its token; dates come from the checkout's clock. */
export interface NewSubscription {
  productId: string;
  reference: string;
  name: string;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  unitAmount: number;
  taxRate: number;
  anchorAt: Date;
  trialEndsAt: Date | null;
  nextPeriod: number;
  nextChargeAt: Date;
  /** The first period, when the checkout's order paid for it. */
  paidAtCheckout: { amount: number; taxAmount: number; paidAt: Date } | null;
}

export interface CreatedTokenRecord {
  tokenId: string;
  claimId: string;
  klarnaTokenId: string;
  paymentMethodDescription: string | null;
  checkedAt: Date | null;
  userId: string;
  cartId: string;
  paymentSessionId: string;
  originOrderId: string | null;
  /** Tokenize closes the cart here; with an order, recording the order already closed it. */
  closeCart: boolean;
  currency: string;
  country: string;
  locale: string;
  region: string;
  actor: string;
  subscriptions: NewSubscription[];
}

/**
 * Records Klarna's new token in one transaction: the token ACTIVE, its subscriptions (with the first
 * period marked paid when the checkout's order paid it), the cart closed for tokenize, and a
 * CUSTOMER_TOKEN_CREATED event. Throws TokenClaimLostError if this attempt no longer holds the claim.
 */
export async function recordCreatedToken(record: CreatedTokenRecord): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.customerToken.updateMany({
      where: { id: record.tokenId, claimId: record.claimId, status: 'CREATING' },
      data: {
        status: 'ACTIVE',
        klarnaTokenId: record.klarnaTokenId,
        paymentMethodDescription: record.paymentMethodDescription,
        checkedAt: record.checkedAt,
        claimId: null,
        statusReason: null,
      },
    });
    if (updated.count !== 1) throw new TokenClaimLostError();
    const ids: string[] = [];
    for (const subscription of record.subscriptions) {
      const { paidAtCheckout, ...fields } = subscription;
      const created = await tx.subscription.create({
        data: {
          ...fields,
          userId: record.userId,
          customerTokenId: record.tokenId,
          currency: record.currency,
          country: record.country,
          locale: record.locale,
          region: record.region,
          status: 'ACTIVE',
          nextAttemptAt: fields.nextChargeAt,
        },
        select: { id: true },
      });
      ids.push(created.id);
      if (paidAtCheckout && record.originOrderId) {
        await tx.subscriptionCharge.create({
          data: {
            subscriptionId: created.id,
            period: 1,
            // Never sent to Klarna (the checkout's order paid this period); unique like every key.
            idempotencyKey: `subscription-${created.id}-period-1-checkout`,
            amount: paidAtCheckout.amount,
            taxAmount: paidAtCheckout.taxAmount,
            currency: record.currency,
            dueAt: fields.anchorAt,
            status: 'SUCCEEDED',
            attempts: 1,
            firstAttemptAt: paidAtCheckout.paidAt,
            lastAttemptAt: paidAtCheckout.paidAt,
            orderId: record.originOrderId,
          },
        });
      }
    }
    if (record.closeCart) await tx.cart.update({ where: { id: record.cartId }, data: { status: 'ORDERED' } });
    await tx.orderEvent.create({
      data: {
        orderId: record.originOrderId,
        paymentSessionId: record.paymentSessionId,
        type: 'CUSTOMER_TOKEN_CREATED',
        actor: record.actor,
        outcome: 'SUCCESS',
        message: `Customer token created for ${record.subscriptions.map((s) => s.name).join(', ')}`,
      },
    });
    return ids;
  });
}

/**
 * Ends a claim without a token: FAILED (Klarna refused) or NEEDS_REVIEW (Klarna may hold a token we
 * never recorded). Either way the claim stays, so the checkout never creates a token again.
 */
export async function closeTokenClaim(input: {
  tokenId: string;
  claimId: string;
  status: 'FAILED' | 'NEEDS_REVIEW';
  reason: string;
  klarnaTokenId?: string;
  paymentSessionId: string;
  originOrderId: string | null;
  actor: string;
  correlationId?: string | null;
  /** Tokenize: the checkout is over, so its cart is closed (nothing more may be bought with it). */
  closeCart?: { cartId: string };
}): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.customerToken.updateMany({
      where: { id: input.tokenId, claimId: input.claimId, status: 'CREATING' },
      data: {
        status: input.status,
        claimId: null,
        statusReason: input.reason.slice(0, 1000),
        ...(input.klarnaTokenId ? { klarnaTokenId: input.klarnaTokenId } : {}),
      },
    });
    if (updated.count !== 1) return false;
    await tx.orderEvent.create({
      data: {
        orderId: input.originOrderId,
        paymentSessionId: input.paymentSessionId,
        type: input.status === 'FAILED' ? 'CUSTOMER_TOKEN_FAILED' : 'CUSTOMER_TOKEN_NEEDS_REVIEW',
        actor: input.actor,
        outcome: 'FAILURE',
        correlationId: input.correlationId ?? null,
        message: input.reason.slice(0, 1000),
      },
    });
    if (input.closeCart) {
      await tx.cart.update({ where: { id: input.closeCart.cartId }, data: { status: 'ORDERED' } });
    }
    return true;
  });
}

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

/** Checkout tokens whose creating process died: the renewal job finishes them. */
export async function listStaleTokenClaims(staleBefore: Date, limit: number): Promise<CheckoutTokenDTO[]> {
  return prisma.customerToken.findMany({
    where: { status: 'CREATING', updatedAt: { lt: staleBefore } },
    orderBy: { updatedAt: 'asc' },
    take: limit,
    select: checkoutTokenSelect,
  });
}

// =============================================================================================
// Customer tokens as Klarna sees them

export interface TokenRefDTO {
  id: string;
  klarnaTokenId: string | null;
  status: CustomerTokenStatus;
  region: string;
  paymentSessionId: string;
  originOrderId: string | null;
}

const tokenRefSelect = {
  id: true,
  klarnaTokenId: true,
  status: true,
  region: true,
  paymentSessionId: true,
  originOrderId: true,
} as const;

export async function getTokenRef(id: string): Promise<TokenRefDTO | null> {
  return prisma.customerToken.findUnique({ where: { id }, select: tokenRefSelect });
}

/**
 * Applies what Klarna says about a token to it and its subscriptions: CANCELLED ends every
 * subscription it pays for (their unpaid charges are given up); SUSPENDED holds them until staff
 * resume them; ACTIVE only records the check. Returns the subscriptions it stopped.
 */
export async function applyTokenStatus(input: {
  tokenId: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'CANCELLED';
  reason: string | null;
  now: Date;
  actor: string;
}): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const token = await tx.customerToken.findUnique({
      where: { id: input.tokenId },
      select: { status: true, paymentSessionId: true, originOrderId: true },
    });
    if (!token) return 0;
    const changed = token.status !== input.status;
    await tx.customerToken.update({
      where: { id: input.tokenId },
      data: {
        status: input.status,
        checkedAt: input.now,
        ...(changed ? { statusReason: input.reason } : {}),
      },
    });
    if (changed && input.status !== 'ACTIVE') {
      await tx.orderEvent.create({
        data: {
          orderId: token.originOrderId,
          paymentSessionId: token.paymentSessionId,
          type: input.status === 'CANCELLED' ? 'CUSTOMER_TOKEN_CANCELLED' : 'CUSTOMER_TOKEN_SUSPENDED',
          actor: input.actor,
          outcome: 'SUCCESS',
          message: input.reason,
        },
      });
    }
    if (input.status === 'ACTIVE') return 0;
    const live = await tx.subscription.findMany({
      where: {
        customerTokenId: input.tokenId,
        status: input.status === 'CANCELLED' ? { not: 'CANCELLED' } : { in: ['ACTIVE', 'PAST_DUE'] },
      },
      select: { id: true },
    });
    const ids = live.map((row) => row.id);
    if (ids.length === 0) return 0;
    await tx.subscription.updateMany({
      where: { id: { in: ids } },
      data:
        input.status === 'CANCELLED'
          ? {
              status: 'CANCELLED',
              cancelledAt: input.now,
              nextAttemptAt: null,
              statusReason: input.reason,
              leaseId: null,
              leaseUntil: null,
            }
          : { status: 'SUSPENDED', nextAttemptAt: null, statusReason: input.reason, leaseId: null, leaseUntil: null },
    });
    if (input.status === 'CANCELLED') {
      await tx.subscriptionCharge.updateMany({
        where: { subscriptionId: { in: ids }, status: 'FAILED' },
        data: { status: 'ABANDONED' },
      });
    }
    return ids.length;
  });
}

/** Tokens still active at Klarna that no live subscription uses (their cancel at Klarna failed). */
export async function listOrphanActiveTokens(limit: number): Promise<TokenRefDTO[]> {
  return prisma.customerToken.findMany({
    where: {
      status: 'ACTIVE',
      klarnaTokenId: { not: null },
      subscriptions: { some: {}, every: { status: 'CANCELLED' } },
    },
    take: limit,
    select: tokenRefSelect,
  });
}

/** How many of a token's subscriptions are not cancelled. */
export async function countLiveSubscriptionsOfToken(tokenId: string): Promise<number> {
  return prisma.subscription.count({ where: { customerTokenId: tokenId, status: { not: 'CANCELLED' } } });
}

// =============================================================================================
// The renewal job: lease, claim, record

export interface DueSubscriptionDTO {
  id: string;
  userId: string;
  status: SubscriptionStatus;
  reference: string;
  name: string;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  unitAmount: number;
  taxRate: number;
  currency: string;
  country: string;
  locale: string;
  region: string;
  anchorAt: Date;
  nextPeriod: number;
  nextChargeAt: Date;
  nextAttemptAt: Date | null;
  customerToken: {
    id: string;
    klarnaTokenId: string | null;
    status: CustomerTokenStatus;
    region: string;
    billingAddress: string;
    shippingAddress: string;
  };
}

const dueSubscriptionSelect = {
  id: true,
  userId: true,
  status: true,
  reference: true,
  name: true,
  interval: true,
  intervalCount: true,
  quantity: true,
  unitAmount: true,
  taxRate: true,
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

export async function getSubscriptionForCharge(id: string): Promise<DueSubscriptionDTO | null> {
  return prisma.subscription.findUnique({ where: { id }, select: dueSubscriptionSelect });
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
      return prisma.subscription.findMany({
        where: { leaseId: input.leaseId },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        select: dueSubscriptionSelect,
      });
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
  newOrderNumber: () => string;
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
      orderNumber: context.newOrderNumber(),
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
          orderNumber: context.newOrderNumber(),
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
  now: Date;
  authorizationExpiresAt: Date;
  nextChargeAt: Date;
  actor: string;
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
  /** Klarna refused (counted by the retry schedule), as opposed to no answer. */
  refused: boolean;
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
    if (successes.length > 0) {
      await tx.order.createMany({ data: successes.map((record) => renewalOrderRow(record, orderIds)) });
      await tx.orderLine.createMany({
        data: successes.flatMap((record) =>
          record.lines.map((line, position) => ({
            orderId: orderIds.get(record.charge.id) ?? '',
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
          })),
        ),
      });
    }

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
                ...(record.refused
                  ? {
                      refusals: { increment: 1 },
                      firstRefusedAt: charge.firstRefusedAt ?? record.now,
                      idempotencyKey: renewalKeyAfterRefusal(charge.subscriptionId, charge.period, charge.attempts),
                    }
                  : {}),
              },
      });
      if (updated.count === 1) recorded.set(charge.id, orderIds.get(charge.id) ?? null);
    }

    const lost = successes.filter((record) => !recorded.has(record.charge.id));
    if (lost.length > 0) {
      await tx.order.deleteMany({ where: { id: { in: lost.map((record) => orderIds.get(record.charge.id) ?? '') } } });
    }
    const kept = records.filter((record) => recorded.has(record.charge.id));
    const keptSuccesses = kept.filter((record): record is ChargeSuccess => record.kind === 'success');
    if (keptSuccesses.length > 0) {
      await tx.orderEvent.createMany({
        data: keptSuccesses.map((record) => ({
          orderId: orderIds.get(record.charge.id) ?? '',
          type: 'ORDER_PLACED',
          actor: record.actor,
          outcome: 'SUCCESS' as const,
          amount: record.charge.amount,
          idempotencyKey: record.charge.idempotencyKey,
          message: `Subscription renewal, period ${record.charge.period}: Klarna order ${record.klarnaOrderId}, fraud status ${record.fraudStatus}`,
        })),
      });
    }
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

/** The second merchant reference a renewal order carries at Klarna and locally. */
export function renewalMerchantReference(subscriptionId: string, period: number): string {
  return `Subscription ${subscriptionId}, period ${period}`;
}

function renewalOrderRow(record: ChargeSuccess, orderIds: Map<string, string>) {
  const { charge, subscription } = record;
  return {
    id: orderIds.get(charge.id) ?? '',
    number: charge.orderNumber ?? `${subscription.id}-${charge.period}`,
    accessKey: newAccessKey(),
    userId: subscription.userId,
    email: record.email,
    klarnaOrderId: record.klarnaOrderId,
    merchantReference1: charge.orderNumber,
    merchantReference2: renewalMerchantReference(subscription.id, charge.period),
    region: subscription.customerToken.region,
    country: subscription.country,
    currency: subscription.currency,
    locale: subscription.locale,
    status: 'AUTHORIZED' as const,
    fraudStatus: record.fraudStatus,
    orderAmount: charge.amount,
    taxAmount: charge.taxAmount,
    authorizationExpiresAt: record.authorizationExpiresAt,
    billingAddress: subscription.customerToken.billingAddress,
    shippingAddress: subscription.customerToken.shippingAddress,
    placedAt: record.now,
    subscriptionId: subscription.id,
    subscriptionPeriod: charge.period,
  };
}

/**
 * A subscription stopped before anything was sent to Klarna (its token is unusable, or belongs to
 * another region): no charge row, only its status and why.
 */
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
// The shopper's account

export interface ChargeSummaryDTO {
  period: number;
  status: SubscriptionChargeStatus;
  amount: number;
  currency: string;
  dueAt: Date;
  chargedAt: Date | null;
  orderId: string | null;
  orderNumber: string | null;
  lastError: string | null;
}

export interface SubscriptionSummaryDTO {
  id: string;
  name: string;
  reference: string;
  status: SubscriptionStatus;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  unitAmount: number;
  taxRate: number;
  currency: string;
  locale: string;
  country: string;
  trialEndsAt: Date | null;
  nextChargeAt: Date;
  nextAttemptAt: Date | null;
  statusReason: string | null;
  cancelledAt: Date | null;
  createdAt: Date;
  paymentMethod: string | null;
  charges: ChargeSummaryDTO[];
}

const chargeSummarySelect = {
  period: true,
  status: true,
  amount: true,
  currency: true,
  dueAt: true,
  lastAttemptAt: true,
  orderId: true,
  lastError: true,
  order: { select: { number: true } },
} as const;

type ChargeSummaryRow = Prisma.SubscriptionChargeGetPayload<{ select: typeof chargeSummarySelect }>;

function toChargeSummary(row: ChargeSummaryRow): ChargeSummaryDTO {
  return {
    period: row.period,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    dueAt: row.dueAt,
    chargedAt: row.status === 'SUCCEEDED' ? row.lastAttemptAt : null,
    orderId: row.orderId,
    orderNumber: row.order?.number ?? null,
    lastError: row.lastError,
  };
}

const subscriptionSummarySelect = {
  id: true,
  name: true,
  reference: true,
  status: true,
  interval: true,
  intervalCount: true,
  quantity: true,
  unitAmount: true,
  taxRate: true,
  currency: true,
  locale: true,
  country: true,
  trialEndsAt: true,
  nextChargeAt: true,
  nextAttemptAt: true,
  statusReason: true,
  cancelledAt: true,
  createdAt: true,
  customerToken: { select: { paymentMethodDescription: true } },
  charges: { orderBy: { period: 'desc' }, take: 24, select: chargeSummarySelect },
} as const;

type SubscriptionSummaryRow = Prisma.SubscriptionGetPayload<{ select: typeof subscriptionSummarySelect }>;

function toSubscriptionSummary(row: SubscriptionSummaryRow): SubscriptionSummaryDTO {
  const { customerToken, charges, ...rest } = row;
  return {
    ...rest,
    paymentMethod: customerToken.paymentMethodDescription,
    charges: charges.map(toChargeSummary),
  };
}

/** A signed-in shopper's subscriptions, live ones first, with their latest charges. */
export async function listSubscriptionsForUser(userId: string): Promise<SubscriptionSummaryDTO[]> {
  const rows = await prisma.subscription.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: subscriptionSummarySelect,
  });
  const live = (row: SubscriptionSummaryRow) => (row.status === 'CANCELLED' ? 1 : 0);
  return rows.sort((a, b) => live(a) - live(b)).map(toSubscriptionSummary);
}

/** Checkouts of this shopper whose token is still being set up (shown as "setting up"). */
export async function countPendingTokensForUser(userId: string): Promise<number> {
  return prisma.customerToken.count({ where: { userId, status: 'CREATING' } });
}

// =============================================================================================
// Admin

export interface AdminSubscriptionQuery {
  status?: SubscriptionStatus;
  /** Opaque cursor of the last row of the previous page. */
  after?: string;
  pageSize: number;
}

export interface AdminSubscriptionRow {
  id: string;
  name: string;
  email: string;
  status: SubscriptionStatus;
  quantity: number;
  unitAmount: number;
  currency: string;
  locale: string;
  interval: BillingInterval;
  intervalCount: number;
  nextChargeAt: Date;
  nextAttemptAt: Date | null;
  tokenStatus: CustomerTokenStatus;
  createdAt: Date;
  failedAttempts: number;
}

/** Staff's list: newest first, filtered by status, one page at a time (keyset on createdAt, id). */
export async function listAdminSubscriptions(
  query: AdminSubscriptionQuery,
): Promise<{ rows: AdminSubscriptionRow[]; nextCursor: string | null }> {
  const cursor = query.after ? decodeCursor(query.after) : null;
  const rows = await prisma.subscription.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.pageSize + 1,
    select: {
      id: true,
      name: true,
      status: true,
      quantity: true,
      unitAmount: true,
      currency: true,
      locale: true,
      interval: true,
      intervalCount: true,
      nextChargeAt: true,
      nextAttemptAt: true,
      createdAt: true,
      user: { select: { email: true } },
      customerToken: { select: { status: true } },
      charges: {
        where: { status: { in: ['FAILED', 'ABANDONED', 'NEEDS_REVIEW'] } },
        select: { attempts: true },
      },
    },
  });
  const page = rows.slice(0, query.pageSize);
  const last = page.at(-1);
  return {
    rows: page.map(({ user, customerToken, charges, ...row }) => ({
      ...row,
      email: user.email,
      tokenStatus: customerToken.status,
      failedAttempts: charges.reduce((sum, charge) => sum + charge.attempts, 0),
    })),
    nextCursor: rows.length > query.pageSize && last ? encodeCursor(last) : null,
  };
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = iso ? new Date(iso) : null;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || !id) return null;
  return { createdAt, id };
}

/** Subscriptions per status, for the list's tabs. */
export async function countAdminSubscriptions(): Promise<Record<SubscriptionStatus, number>> {
  const groups = await prisma.subscription.groupBy({ by: ['status'], _count: { _all: true } });
  const counts: Record<SubscriptionStatus, number> = { ACTIVE: 0, PAST_DUE: 0, SUSPENDED: 0, CANCELLED: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}

export interface AdminChargeAttemptDTO {
  actor: string;
  outcome: 'SUCCESS' | 'FAILURE';
  errorCode: string | null;
  message: string | null;
  correlationId: string | null;
  createdAt: Date;
}

export interface AdminSubscriptionDetailDTO extends SubscriptionSummaryDTO {
  email: string;
  userId: string;
  region: string;
  anchorAt: Date;
  nextPeriod: number;
  token: {
    id: string;
    status: CustomerTokenStatus;
    region: string;
    paymentMethodDescription: string | null;
    statusReason: string | null;
    checkedAt: Date | null;
    createdAt: Date;
    originOrderId: string | null;
    /** The last characters only: the token is a credential. */
    maskedTokenId: string | null;
  };
  chargeDetails: (ChargeSummaryDTO & {
    idempotencyKey: string;
    attempts: number;
    refusals: number;
    attemptLog: AdminChargeAttemptDTO[];
  })[];
}

export async function getAdminSubscriptionDetail(id: string): Promise<AdminSubscriptionDetailDTO | null> {
  const row = await prisma.subscription.findUnique({
    where: { id },
    select: {
      ...subscriptionSummarySelect,
      userId: true,
      region: true,
      anchorAt: true,
      nextPeriod: true,
      user: { select: { email: true } },
      customerToken: {
        select: {
          id: true,
          status: true,
          region: true,
          paymentMethodDescription: true,
          statusReason: true,
          checkedAt: true,
          createdAt: true,
          originOrderId: true,
          klarnaTokenId: true,
        },
      },
      charges: {
        orderBy: { period: 'desc' },
        take: 50,
        select: {
          ...chargeSummarySelect,
          idempotencyKey: true,
          attempts: true,
          refusals: true,
          attemptLog: {
            orderBy: { createdAt: 'desc' },
            take: 20,
            select: {
              actor: true,
              outcome: true,
              errorCode: true,
              message: true,
              correlationId: true,
              createdAt: true,
            },
          },
        },
      },
    },
  });
  if (!row) return null;
  const { user, customerToken, charges, ...rest } = row;
  const { klarnaTokenId, ...token } = customerToken;
  return {
    ...rest,
    email: user.email,
    paymentMethod: customerToken.paymentMethodDescription,
    charges: charges.map(toChargeSummary),
    chargeDetails: charges.map((charge) => ({
      ...toChargeSummary(charge),
      idempotencyKey: charge.idempotencyKey,
      attempts: charge.attempts,
      refusals: charge.refusals,
      attemptLog: charge.attemptLog,
    })),
    token: { ...token, maskedTokenId: klarnaTokenId ? `…${klarnaTokenId.slice(-6)}` : null },
  };
}
