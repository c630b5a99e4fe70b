import 'server-only';

import { newOrderNumber } from '@/lib/data/orders';
import { getPaymentSession } from '@/lib/data/payment-sessions';
import {
  advancePastPaidPeriod,
  applyTokenStatus,
  ChargeClaimLostError,
  claimCharge,
  getSubscriptionForCharge,
  leaseDueSubscriptions,
  leaseSubscription,
  listOrphanActiveTokens,
  listStaleTokenClaims,
  recordChargeFailure,
  recordChargeSuccess,
  releaseLeases,
  resumeSubscription,
  stopSubscription,
  type ChargeDTO,
  type DueSubscriptionDTO,
} from '@/lib/data/subscriptions';
import { Prisma } from '@/lib/generated/prisma/client';
import {
  cancelCustomerToken,
  createCustomerTokenOrder,
  isKlarnaError,
  readCustomerToken,
  type KlarnaCallOptions,
  type KlarnaError,
  type KlarnaRegion,
} from '@/lib/klarna';
import { getMarket, regionForCountry } from '@/lib/markets';
import { randomUUID } from 'node:crypto';
import { renewalTotals } from './basket';
import { systemClock, type Clock } from './clock';
import { classifyChargeFailure, describeKlarnaError } from './klarna-token';
import {
  periodDueAt,
  renewalIdempotencyKey,
  retryAfterNoAnswer,
  retryAfterRefusal,
  STALE_CHARGE_CLAIM_MS,
} from './schedule';
import { resumeStaleTokenCreation, STALE_TOKEN_CLAIM_MS } from './tokenize';

/*
 * The renewal job: charges every due subscription through Klarna's Customer Token API and records
 * each paid period as an order. Safe to run twice, or as several copies at once:
 *
 * - runs split the due subscriptions by leasing them in batches (a lease lapses by itself if its
 *   process dies), so they do not queue behind each other;
 * - a period is charged under a claim on its one SubscriptionCharge row (unique per period), so no
 *   two attempts at a period ever run at the same time;
 * - every attempt at a period sends the same Klarna-Idempotency-Key, so even an attempt whose
 *   answer was lost, sent again, is charged once by Klarna (which replays its first answer).
 */

/** Klarna keeps an order's authorization for 28 days unless extended (api-reference §4.3). */
const AUTHORIZATION_DAYS = 28;

export interface RenewalOptions extends KlarnaCallOptions {
  /** "Now" for due dates, leases and retries (default: the system clock). */
  clock?: Clock;
  /** Charges in flight at once within this run (default 4). */
  concurrency?: number;
  /** Subscriptions leased per batch (default 50). */
  batchSize?: number;
  /** Stop after this many subscriptions (default: all that are due). */
  maxSubscriptions?: number;
  /** Recorded on orders and attempts (default `renewal-job`). */
  actor?: string;
  /** How long a batch lease lasts before another run may take it (default 5 minutes). */
  leaseMs?: number;
  /** Finish interrupted token creations and cancel orphaned tokens first (default true). */
  housekeeping?: boolean;
}

export interface RenewalSummary {
  /** The clock's time when the run started. */
  startedAt: Date;
  /** Subscriptions this run worked on. */
  processed: number;
  charged: number;
  /** Failed attempts with a retry scheduled. */
  retrying: number;
  /** Retries exhausted (or Klarna unanswered for a day): past due, waiting for staff. */
  pastDue: number;
  /** Stopped by their token: cancelled, suspended, unknown, or from another region. */
  stopped: number;
  /** Left alone: being charged by another run, already paid, or held for staff. */
  skipped: number;
  tokensResumed: number;
  tokensCancelled: number;
  durationMs: number;
}

/** What one subscription's renewal came to. */
export type RenewOutcome =
  | { kind: 'charged'; orderId: string; period: number; message: string }
  | { kind: 'retrying'; retryAt: Date; message: string }
  | { kind: 'past_due'; message: string }
  | { kind: 'stopped'; status: 'CANCELLED' | 'SUSPENDED'; message: string }
  | { kind: 'skipped'; message: string };

/** Charges every subscription due on `options.clock`, in batches, `concurrency` at a time. */
export async function runRenewals(options: RenewalOptions = {}): Promise<RenewalSummary> {
  const clock = options.clock ?? systemClock;
  const started = performance.now();
  const startedAt = await clock();
  const summary: RenewalSummary = {
    startedAt,
    processed: 0,
    charged: 0,
    retrying: 0,
    pastDue: 0,
    stopped: 0,
    skipped: 0,
    tokensResumed: 0,
    tokensCancelled: 0,
    durationMs: 0,
  };
  if (options.housekeeping ?? true) {
    summary.tokensResumed = await resumeInterruptedTokens(options);
    summary.tokensCancelled = await cancelOrphanTokens(options);
  }

  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseIds: string[] = [];
  try {
    while (options.maxSubscriptions === undefined || summary.processed < options.maxSubscriptions) {
      const now = await clock();
      const leaseId = randomUUID();
      const limit = Math.min(batchSize, (options.maxSubscriptions ?? Infinity) - summary.processed);
      const batch = await leaseDueSubscriptions({
        now,
        limit,
        leaseId,
        leaseUntil: new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000)),
      });
      if (batch.length === 0) break;
      leaseIds.push(leaseId);
      await inPool(batch, concurrency, async (subscription) => {
        const outcome = await renewSubscription(subscription, { now, force: false, options });
        summary.processed++;
        count(summary, outcome);
      });
    }
  } finally {
    // Leases of subscriptions this run skipped; the ones it charged or failed were freed already.
    await releaseLeases(leaseIds);
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

function count(summary: RenewalSummary, outcome: RenewOutcome): void {
  switch (outcome.kind) {
    case 'charged':
      summary.charged++;
      break;
    case 'retrying':
      summary.retrying++;
      break;
    case 'past_due':
      summary.pastDue++;
      break;
    case 'stopped':
      summary.stopped++;
      break;
    case 'skipped':
      summary.skipped++;
      break;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// ---------------------------------------------------------------------------------------------
// One subscription

interface RenewContext {
  now: Date;
  /** Staff "charge now": a given-up or held charge may be tried again. */
  force: boolean;
  options: RenewalOptions;
}

/**
 * Charges the next unpaid period of a subscription this caller has leased. Checks the token first
 * (nothing is sent with a cancelled, suspended or foreign-region token), claims the period, calls
 * Klarna with the period's idempotency key, and records the outcome.
 */
export async function renewSubscription(
  subscription: DueSubscriptionDTO,
  context: RenewContext,
): Promise<RenewOutcome> {
  const { now, options } = context;
  const token = subscription.customerToken;
  const stopped = await checkToken(subscription, now);
  if (stopped) return stopped;
  const market = getMarket(subscription.country);
  if (!market || market.currency !== subscription.currency) {
    return stop(
      subscription,
      'SUSPENDED',
      `${subscription.country} in ${subscription.currency} is not a market we sell to.`,
      now,
    );
  }

  const period = subscription.nextPeriod;
  const totals = renewalTotals(subscription, market.taxStyle);
  const claimId = randomUUID();
  const claim = await claimCharge({
    subscriptionId: subscription.id,
    period,
    idempotencyKey: renewalIdempotencyKey(subscription.id, period),
    newOrderNumber,
    amount: totals.order_amount,
    taxAmount: totals.order_tax_amount,
    currency: subscription.currency,
    dueAt: periodDueAt(subscription.anchorAt, subscription.interval, subscription.intervalCount, period),
    now,
    claimId,
    staleBefore: new Date(now.getTime() - STALE_CHARGE_CLAIM_MS),
    force: context.force,
  });
  switch (claim.kind) {
    case 'paid':
      // Paid by an earlier attempt whose last write did not happen: catch the schedule up.
      await advancePastPaidPeriod({
        id: subscription.id,
        paidPeriod: period,
        nextChargeAt: periodDueAt(
          subscription.anchorAt,
          subscription.interval,
          subscription.intervalCount,
          period + 1,
        ),
      });
      return { kind: 'skipped', message: `Period ${period} is already paid.` };
    case 'busy':
      return { kind: 'skipped', message: `Period ${period} is being charged by another run.` };
    case 'held':
      return {
        kind: 'skipped',
        message: `Period ${period} is held (${claim.charge.status}); staff can charge it from the admin.`,
      };
    case 'claimed':
      break;
  }

  const charge = claim.charge;
  let order;
  try {
    order = await createCustomerTokenOrder(
      {
        region: token.region as KlarnaRegion,
        customerToken: token.klarnaTokenId ?? '',
        idempotencyKey: charge.idempotencyKey,
        order: {
          purchase_currency: subscription.currency,
          order_amount: totals.order_amount,
          order_tax_amount: totals.order_tax_amount,
          order_lines: totals.order_lines,
          merchant_reference1: charge.orderNumber ?? undefined,
          merchant_reference2: `Subscription ${subscription.id}, period ${period}`,
          auto_capture: false,
          ...shippingAddress(token.shippingAddress),
        },
      },
      options,
    );
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return chargeFailed(error, subscription, charge, claimId, context);
  }

  try {
    const recorded = await recordChargeSuccess({
      charge,
      claimId,
      subscription,
      email: emailOf(token.billingAddress),
      klarnaOrderId: order.order_id,
      fraudStatus: order.fraud_status,
      correlationId: null,
      lines: totals.order_lines,
      now,
      authorizationExpiresAt: new Date(now.getTime() + AUTHORIZATION_DAYS * 86_400_000),
      nextChargeAt: periodDueAt(
        subscription.anchorAt,
        subscription.interval,
        subscription.intervalCount,
        period + 1,
      ),
      actor: options.actor ?? 'renewal-job',
    });
    return {
      kind: 'charged',
      orderId: recorded.orderId,
      period,
      message: `Charged period ${period}: order ${charge.orderNumber ?? ''}.`,
    };
  } catch (error) {
    if (error instanceof ChargeClaimLostError || isUniqueViolation(error)) {
      return { kind: 'skipped', message: `Period ${period} was recorded by another run.` };
    }
    // Klarna charged it; the claim stays CHARGING, and the next run re-sends the same key, gets
    // Klarna's first answer back (not a second charge) and records it then.
    console.error('recording a renewal failed', error);
    return {
      kind: 'skipped',
      message: `Period ${period} was charged but not recorded yet; the next run records it.`,
    };
  }
}

/** Stops a subscription whose token cannot be charged, without calling Klarna. */
async function checkToken(subscription: DueSubscriptionDTO, now: Date): Promise<RenewOutcome | null> {
  const token = subscription.customerToken;
  if (token.status === 'CANCELLED') {
    return stop(
      subscription,
      'CANCELLED',
      'The customer token was cancelled, so nothing more can be charged.',
      now,
    );
  }
  if (token.status !== 'ACTIVE' || !token.klarnaTokenId) {
    return stop(
      subscription,
      'SUSPENDED',
      `The customer token is ${token.status.toLowerCase()}; nothing was charged.`,
      now,
    );
  }
  // A token is bound to the Klarna region that issued it; charging it elsewhere cannot work.
  const region = regionForCountry(subscription.country);
  if (token.region !== region || subscription.region !== region) {
    return stop(
      subscription,
      'SUSPENDED',
      `The customer token was issued by Klarna's ${token.region} region and cannot pay for ${subscription.country} (${region}); nothing was charged.`,
      now,
    );
  }
  return null;
}

async function stop(
  subscription: DueSubscriptionDTO,
  status: 'CANCELLED' | 'SUSPENDED',
  reason: string,
  now: Date,
): Promise<RenewOutcome> {
  await stopSubscription({ id: subscription.id, status, reason, now });
  return { kind: 'stopped', status, message: reason };
}

async function chargeFailed(
  error: KlarnaError,
  subscription: DueSubscriptionDTO,
  charge: ChargeDTO,
  claimId: string,
  context: RenewContext,
): Promise<RenewOutcome> {
  const { now, options } = context;
  const actor = options.actor ?? 'renewal-job';
  const detail = describeKlarnaError(error);
  const base = {
    charge,
    claimId,
    subscriptionId: subscription.id,
    now,
    actor,
    errorCode: error.code,
    message: detail,
    correlationId: error.correlationId,
  };
  let kind = classifyChargeFailure(error);
  // A refusal may come from a token Klarna has since suspended or cancelled: ask Klarna.
  if (kind === 'refused') kind = (await reread(subscription, options)) ?? kind;

  switch (kind) {
    case 'unanswered': {
      const retryAt = retryAfterNoAnswer(charge.firstAttemptAt ?? now, now);
      if (!retryAt) {
        const reason = `Klarna has not answered the charge for period ${charge.period} since ${(charge.firstAttemptAt ?? now).toISOString()} (${detail}). Check Klarna's portal for order ${charge.orderNumber ?? ''} before charging again.`;
        await recordChargeFailure({
          ...base,
          refused: false,
          chargeStatus: 'NEEDS_REVIEW',
          subscriptionStatus: 'PAST_DUE',
          nextAttemptAt: null,
          statusReason: reason,
        });
        return { kind: 'past_due', message: reason };
      }
      const reason = `Klarna did not answer (${detail}); the same charge is sent again at ${retryAt.toISOString()}.`;
      await recordChargeFailure({
        ...base,
        refused: false,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
        nextAttemptAt: retryAt,
        statusReason: reason,
      });
      return { kind: 'retrying', retryAt, message: reason };
    }
    case 'token_cancelled': {
      const reason = `Klarna reports the customer token cancelled (${detail}).`;
      await recordChargeFailure({
        ...base,
        refused: true,
        chargeStatus: 'ABANDONED',
        subscriptionStatus: 'CANCELLED',
        nextAttemptAt: null,
        statusReason: reason,
      });
      await applyTokenStatus({
        tokenId: subscription.customerToken.id,
        status: 'CANCELLED',
        reason,
        now,
        actor,
      });
      return { kind: 'stopped', status: 'CANCELLED', message: reason };
    }
    case 'token_suspended': {
      const reason = `Klarna reports the customer token suspended (${detail}); renewals wait until it is active again.`;
      await recordChargeFailure({
        ...base,
        refused: true,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'SUSPENDED',
        nextAttemptAt: null,
        statusReason: reason,
      });
      await applyTokenStatus({
        tokenId: subscription.customerToken.id,
        status: 'SUSPENDED',
        reason,
        now,
        actor,
      });
      return { kind: 'stopped', status: 'SUSPENDED', message: reason };
    }
    case 'token_unknown': {
      const reason = `Klarna's ${subscription.customerToken.region} region does not know this customer token (${detail}).`;
      await recordChargeFailure({
        ...base,
        refused: true,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'SUSPENDED',
        nextAttemptAt: null,
        statusReason: reason,
      });
      return { kind: 'stopped', status: 'SUSPENDED', message: reason };
    }
    case 'refused': {
      const refusals = charge.refusals + 1;
      const retryAt = retryAfterRefusal(charge.firstRefusedAt ?? now, refusals);
      if (!retryAt) {
        const reason = `Klarna refused the charge for period ${charge.period} ${refusals} times (${detail}); past due.`;
        await recordChargeFailure({
          ...base,
          refused: true,
          chargeStatus: 'ABANDONED',
          subscriptionStatus: 'PAST_DUE',
          nextAttemptAt: null,
          statusReason: reason,
        });
        return { kind: 'past_due', message: reason };
      }
      const reason = `Klarna refused the charge (${detail}); retry ${refusals} of 3 at ${retryAt.toISOString()}.`;
      await recordChargeFailure({
        ...base,
        refused: true,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
        nextAttemptAt: retryAt,
        statusReason: reason,
      });
      return { kind: 'retrying', retryAt, message: reason };
    }
  }
}

/** Klarna's current view of the token after a refusal: cancelled or suspended, or null (usable, or unknown). */
async function reread(
  subscription: DueSubscriptionDTO,
  options: KlarnaCallOptions,
): Promise<'token_cancelled' | 'token_suspended' | null> {
  try {
    const token = await readCustomerToken(
      {
        region: subscription.customerToken.region as KlarnaRegion,
        customerToken: subscription.customerToken.klarnaTokenId ?? '',
      },
      options,
    );
    if (token.status === 'CANCELLED') return 'token_cancelled';
    if (token.status === 'SUSPENDED') return 'token_suspended';
    return null;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return null;
  }
}

function shippingAddress(json: string): { shipping_address?: Record<string, string> } {
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const address = Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      return Object.keys(address).length > 0 ? { shipping_address: address } : {};
    }
  } catch {
    // no address: Klarna uses the token's billing address
  }
  return {};
}

function emailOf(billingAddressJson: string): string {
  try {
    const value = JSON.parse(billingAddressJson) as { email?: unknown };
    if (typeof value.email === 'string') return value.email;
  } catch {
    // fall through
  }
  return '';
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

// ---------------------------------------------------------------------------------------------
// Staff "charge now" and the scheduler route's single charge

export type ChargeNowResult =
  { ok: true; outcome: RenewOutcome } | { ok: false; status: 404 | 409; message: string };

/**
 * Charges one subscription's next unpaid period now. `requireDue` (the scheduler route) refuses a
 * period that is not due yet; without it (staff), a due date in the future, a past-due or held
 * charge and a suspended subscription whose token Klarna reactivated may all be charged.
 * A cancelled subscription is never charged.
 */
export async function chargeSubscriptionNow(
  input: { subscriptionId: string; requireDue: boolean },
  options: RenewalOptions = {},
): Promise<ChargeNowResult> {
  const now = await (options.clock ?? systemClock)();
  const subscription = await getSubscriptionForCharge(input.subscriptionId);
  if (!subscription) return { ok: false, status: 404, message: 'This subscription does not exist.' };
  if (subscription.status === 'CANCELLED') {
    return { ok: false, status: 409, message: 'This subscription is cancelled; nothing was charged.' };
  }
  if (input.requireDue) {
    if (subscription.status !== 'ACTIVE' || !subscription.nextAttemptAt) {
      return {
        ok: false,
        status: 409,
        message: `This subscription is ${subscription.status.toLowerCase().replace('_', ' ')}; nothing was charged.`,
      };
    }
    if (subscription.nextAttemptAt > now) {
      return {
        ok: false,
        status: 409,
        message: `This subscription is not due until ${subscription.nextAttemptAt.toISOString()}; nothing was charged.`,
      };
    }
  } else if (subscription.status === 'SUSPENDED' || subscription.customerToken.status === 'SUSPENDED') {
    const resumed = await resumeIfTokenActive(subscription, now, options);
    if (!resumed.ok) return resumed;
  }

  const leaseId = randomUUID();
  const leased = await leaseSubscription({
    id: subscription.id,
    now,
    leaseId,
    leaseUntil: new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000)),
  });
  if (!leased) {
    return {
      ok: false,
      status: 409,
      message: 'A renewal of this subscription is running right now. Try again in a minute.',
    };
  }
  try {
    // Read again under the lease: a cancellation may have landed in between.
    const fresh = await getSubscriptionForCharge(subscription.id);
    if (!fresh || fresh.status === 'CANCELLED') {
      return { ok: false, status: 409, message: 'This subscription is cancelled; nothing was charged.' };
    }
    const outcome = await renewSubscription(fresh, { now, force: !input.requireDue, options });
    return { ok: true, outcome };
  } finally {
    await releaseLeases([leaseId]);
  }
}

/** A suspended subscription may be charged again once Klarna reports its token active. */
async function resumeIfTokenActive(
  subscription: DueSubscriptionDTO,
  now: Date,
  options: RenewalOptions,
): Promise<{ ok: true } | { ok: false; status: 409; message: string }> {
  const token = subscription.customerToken;
  if (!token.klarnaTokenId)
    return { ok: false, status: 409, message: 'This subscription has no customer token to charge.' };
  let status;
  try {
    status = (
      await readCustomerToken(
        { region: token.region as KlarnaRegion, customerToken: token.klarnaTokenId },
        options,
      )
    ).status;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return {
      ok: false,
      status: 409,
      message: `Klarna could not confirm the customer token (${describeKlarnaError(error)}); nothing was charged.`,
    };
  }
  const actor = options.actor ?? 'renewal-job';
  if (status !== 'ACTIVE') {
    await applyTokenStatus({
      tokenId: token.id,
      status,
      reason: `Klarna reports the customer token ${status.toLowerCase()}.`,
      now,
      actor,
    });
    return {
      ok: false,
      status: 409,
      message: `Klarna still reports the customer token ${status.toLowerCase()}; nothing was charged.`,
    };
  }
  await applyTokenStatus({ tokenId: token.id, status: 'ACTIVE', reason: null, now, actor });
  await resumeSubscription(subscription.id);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Housekeeping

/** Token creations whose process died within the authorization's lifetime: sent again. */
async function resumeInterruptedTokens(options: RenewalOptions): Promise<number> {
  const stale = await listStaleTokenClaims(new Date(Date.now() - STALE_TOKEN_CLAIM_MS), 20);
  let resumed = 0;
  for (const token of stale) {
    const paymentSession = await getPaymentSession(token.paymentSessionId);
    if (!paymentSession) continue;
    const result = await resumeStaleTokenCreation(token, paymentSession, options);
    if (result !== 'retry' && result.kind === 'created') resumed++;
  }
  return resumed;
}

/** Tokens whose last subscription was cancelled while Klarna could not be reached: cancelled now. */
async function cancelOrphanTokens(options: RenewalOptions): Promise<number> {
  const orphans = await listOrphanActiveTokens(20);
  let cancelled = 0;
  for (const token of orphans) {
    try {
      await cancelCustomerToken(
        { region: token.region as KlarnaRegion, customerToken: token.klarnaTokenId ?? '' },
        options,
      );
    } catch (error) {
      if (!isKlarnaError(error)) throw error;
      // Klarna not knowing the token means there is nothing left to cancel.
      if (!(error.status === 404)) continue;
    }
    await applyTokenStatus({
      tokenId: token.id,
      status: 'CANCELLED',
      reason: 'Cancelled at Klarna after its last subscription ended.',
      now: new Date(),
      actor: options.actor ?? 'renewal-job',
    });
    cancelled++;
  }
  return cancelled;
}
