import 'server-only';

import { prisma } from '@/lib/db';
import type { CustomerTokenStatus, Prisma } from '@/lib/generated/prisma/client';
import type { KlarnaRegion } from '@/lib/markets';
import { jsonColumn, type StoredAddress } from './json-columns';
import { isUniqueViolation } from './prisma-errors';
import type { SubscriptionTerms } from './subscriptions';

/*
 * Customer tokens: the one a checkout creates (claimed as CREATING before Klarna is called, like an
 * order, and recorded with the subscriptions it pays for), and what Klarna later says about it.
 */

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
  region: KlarnaRegion;
  country: string;
  currency: string;
  locale: string;
  billingAddress: StoredAddress;
  shippingAddress: StoredAddress;
}

/**
 * Claims the right to create the checkout's token: inserts it as CREATING. Cart, session and
 * authorization token are unique, so exactly one concurrent claim wins; the others get null.
 */
export async function claimTokenCreation(claim: TokenClaim): Promise<CheckoutTokenDTO | null> {
  try {
    return await prisma.customerToken.create({
      data: {
        ...claim,
        billingAddress: jsonColumn(claim.billingAddress),
        shippingAddress: jsonColumn(claim.shippingAddress),
        status: 'CREATING',
      },
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
export interface NewSubscription extends SubscriptionTerms {
  productId: string;
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
  region: KlarnaRegion;
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
  region: KlarnaRegion;
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
