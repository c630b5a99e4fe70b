import 'server-only';

import { prisma } from '@/lib/db';
import type { KlarnaRegion } from '@/lib/markets';
import type {
  BillingInterval,
  CustomerTokenStatus,
  Prisma,
  SubscriptionChargeStatus,
  SubscriptionStatus,
} from '@/lib/generated/prisma/client';
import { termsSelect, type SubscriptionTerms } from './subscriptions';

/*
 * Lists of subscriptions: the shopper's account page, and staff's pages (the list with its status
 * tabs, and one subscription in detail).
 */

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

export interface SubscriptionSummaryDTO extends SubscriptionTerms {
  id: string;
  status: SubscriptionStatus;
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

export const chargeSummarySelect = {
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

export function toChargeSummary(row: ChargeSummaryRow): ChargeSummaryDTO {
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

export const subscriptionSummarySelect = {
  ...termsSelect,
  id: true,
  status: true,
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
// Staff's pages

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
  region: KlarnaRegion;
  anchorAt: Date;
  nextPeriod: number;
  token: {
    id: string;
    status: CustomerTokenStatus;
    region: KlarnaRegion;
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
