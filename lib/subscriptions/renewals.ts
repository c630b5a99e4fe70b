import 'server-only';

import { resumeStaleTokenCreation, STALE_TOKEN_CLAIM_MS } from '@/lib/checkout/create-token';
import { applyTokenStatus, listOrphanActiveTokens, listStaleTokenClaims } from '@/lib/data/customer-tokens';
import { getPaymentSession } from '@/lib/data/payment-sessions';
import {
  claimCharges,
  recordChargeOutcomes,
  type ChargeDTO,
  type ChargeOutcomeRecord,
} from '@/lib/data/subscription-charges';
import {
  advancePastPaidPeriod,
  getSubscriptionForCharge,
  leaseDueSubscriptions,
  leaseSubscription,
  releaseLeases,
  resumeSubscription,
  stopSubscription,
  type DueSubscriptionDTO,
} from '@/lib/data/subscriptions';
import type { FraudStatus } from '@/lib/generated/prisma/client';
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
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { randomUUID } from 'node:crypto';
import { renewalTotals } from './basket';
import { systemClock, type Clock } from './clock';
import { classifyChargeFailure, describeKlarnaError, type ChargeFailureKind } from './klarna-token';
import {
  periodDueAt,
  renewalIdempotencyKey,
  renewalKeyAfterRefusal,
  retryAfterNoAnswer,
  retryAfterRefusal,
  STALE_CHARGE_CLAIM_MS,
} from './schedule';

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
      const outcomes = await renewSubscriptions(batch, {
        now,
        force: false,
        options: { ...options, concurrency },
      });
      for (const outcome of outcomes.values()) {
        summary.processed++;
        count(summary, outcome);
      }
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
// A batch of subscriptions

interface RenewContext {
  now: Date;
  /** Staff "charge now": a given-up or held charge may be tried again. */
  force: boolean;
  options: RenewalOptions;
}

/** A period ready to charge: claimed, with what to send. */
interface ClaimedCharge {
  subscription: DueSubscriptionDTO;
  charge: ChargeDTO;
  totals: KlarnaOrderTotals;
}

/** Klarna's answer to one charge. */
type ChargeAnswer =
  | { item: ClaimedCharge; order: { order_id: string; fraud_status: FraudStatus } }
  | { item: ClaimedCharge; error: KlarnaError; kind: ChargeFailureKind };

/**
 * Charges the next unpaid period of each subscription (the caller holds their leases), returning
 * one outcome per subscription id. Per subscription: the token is checked first (nothing is sent
 * with a cancelled, suspended or foreign-region token), the period claimed, Klarna called with the
 * period's idempotency key, and the outcome recorded. Claims and records are written for the whole
 * batch at once, so a batch costs a few commits rather than two per renewal.
 */
export async function renewSubscriptions(
  subscriptions: readonly DueSubscriptionDTO[],
  context: RenewContext,
): Promise<Map<string, RenewOutcome>> {
  const { now, options } = context;
  const outcomes = new Map<string, RenewOutcome>();
  const ready: { subscription: DueSubscriptionDTO; totals: KlarnaOrderTotals }[] = [];
  for (const subscription of subscriptions) {
    const stopped = await checkToken(subscription, now);
    if (stopped) {
      outcomes.set(subscription.id, stopped);
      continue;
    }
    const market = getMarket(subscription.country);
    if (!market || market.currency !== subscription.currency) {
      const reason = `${subscription.country} in ${subscription.currency} is not a market we sell to.`;
      outcomes.set(subscription.id, await stop(subscription, 'SUSPENDED', reason, now));
      continue;
    }
    ready.push({ subscription, totals: renewalTotals(subscription, market.taxStyle) });
  }

  const claimId = randomUUID();
  const claims = await claimCharges(
    ready.map(({ subscription, totals }) => ({
      subscriptionId: subscription.id,
      period: subscription.nextPeriod,
      idempotencyKey: renewalIdempotencyKey(subscription.id, subscription.nextPeriod),
      amount: totals.order_amount,
      taxAmount: totals.order_tax_amount,
      currency: subscription.currency,
      dueAt: dueAt(subscription, subscription.nextPeriod),
    })),
    {
      now,
      claimId,
      staleBefore: new Date(now.getTime() - STALE_CHARGE_CLAIM_MS),
      force: context.force,
    },
  );
  const claimed: ClaimedCharge[] = [];
  for (const { subscription, totals } of ready) {
    const claim = claims.get(subscription.id);
    const period = subscription.nextPeriod;
    switch (claim?.kind) {
      case 'claimed':
        claimed.push({ subscription, charge: claim.charge, totals });
        break;
      case 'paid':
        // Paid by an earlier attempt whose last write did not happen: catch the schedule up.
        await advancePastPaidPeriod({
          id: subscription.id,
          paidPeriod: period,
          nextChargeAt: dueAt(subscription, period + 1),
        });
        outcomes.set(subscription.id, { kind: 'skipped', message: `Period ${period} is already paid.` });
        break;
      case 'held':
        outcomes.set(subscription.id, {
          kind: 'skipped',
          message: `Period ${period} is held (${claim.charge.status}); staff can charge it from the admin.`,
        });
        break;
      default:
        outcomes.set(subscription.id, {
          kind: 'skipped',
          message: `Period ${period} is being charged by another run.`,
        });
    }
  }

  const answers: ChargeAnswer[] = [];
  await inPool(claimed, Math.max(1, options.concurrency ?? 4), async (item) => {
    answers.push(await sendCharge(item, options));
  });

  const records = answers.map((answer) => toRecord(answer, context));
  const recorded = await recordAll(records, claimId);
  for (const [index, answer] of answers.entries()) {
    const record = records[index];
    const { subscription, charge } = answer.item;
    if (!record) continue;
    if (!recorded.has(charge.id)) {
      outcomes.set(subscription.id, {
        kind: 'skipped',
        message: `Period ${charge.period} was not recorded; the next run sends it again with the same key.`,
      });
      continue;
    }
    outcomes.set(subscription.id, await outcomeOf(answer, record, recorded.get(charge.id) ?? null, context));
  }
  return outcomes;
}

/** Sends one claimed charge to Klarna; a refusal is followed by a look at the token. */
async function sendCharge(item: ClaimedCharge, options: RenewalOptions): Promise<ChargeAnswer> {
  const { subscription, charge, totals } = item;
  const token = subscription.customerToken;
  try {
    const order = await createCustomerTokenOrder(
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
          merchant_reference2: renewalMerchantReference(subscription.id, charge.period),
          auto_capture: false,
          ...shippingAddress(token.shippingAddress),
        },
      },
      options,
    );
    return { item, order };
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    let kind = classifyChargeFailure(error);
    // A refusal may come from a token Klarna has since suspended or cancelled: ask Klarna.
    if (kind === 'refused') kind = (await reread(subscription, options)) ?? kind;
    return { item, error, kind };
  }
}

/** What to record for an answer: the paid period, or the failure and the subscription's next step. */
function toRecord(answer: ChargeAnswer, context: RenewContext): ChargeOutcomeRecord {
  const { now, options } = context;
  const actor = options.actor ?? 'renewal-job';
  const { subscription, charge, totals } = answer.item;
  if ('order' in answer) {
    return {
      kind: 'success',
      charge,
      subscription,
      email: emailOf(subscription.customerToken.billingAddress),
      klarnaOrderId: answer.order.order_id,
      fraudStatus: answer.order.fraud_status,
      lines: totals.order_lines,
      merchantReference2: renewalMerchantReference(subscription.id, charge.period),
      now,
      authorizationExpiresAt: new Date(now.getTime() + AUTHORIZATION_DAYS * 86_400_000),
      nextChargeAt: dueAt(subscription, charge.period + 1),
      actor,
    };
  }
  const detail = describeKlarnaError(answer.error);
  const failure = {
    kind: 'failure' as const,
    charge,
    subscriptionId: subscription.id,
    now,
    actor,
    errorCode: answer.error.code,
    message: detail,
    correlationId: answer.error.correlationId,
  };
  // A refusal charged nothing: the next try needs a key Klarna has not answered yet.
  const refusal = {
    idempotencyKeyAfterRefusal: renewalKeyAfterRefusal(subscription.id, charge.period, charge.attempts),
  };
  switch (answer.kind) {
    case 'unanswered': {
      const retryAt = retryAfterNoAnswer(charge.firstAttemptAt ?? now, now);
      if (!retryAt) {
        return {
          ...failure,
          refusal: null,
          chargeStatus: 'NEEDS_REVIEW',
          subscriptionStatus: 'PAST_DUE',
          nextAttemptAt: null,
          statusReason: `Klarna has not answered the charge for period ${charge.period} since ${(charge.firstAttemptAt ?? now).toISOString()} (${detail}). Check Klarna's portal for order ${charge.orderNumber ?? ''} before charging again.`,
        };
      }
      return {
        ...failure,
        refusal: null,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
        nextAttemptAt: retryAt,
        statusReason: `Klarna did not answer (${detail}); the same charge is sent again at ${retryAt.toISOString()}.`,
      };
    }
    case 'token_cancelled':
      return {
        ...failure,
        refusal,
        chargeStatus: 'ABANDONED',
        subscriptionStatus: 'CANCELLED',
        nextAttemptAt: null,
        statusReason: `Klarna reports the customer token cancelled (${detail}).`,
      };
    case 'token_suspended':
      return {
        ...failure,
        refusal,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'SUSPENDED',
        nextAttemptAt: null,
        statusReason: `Klarna reports the customer token suspended (${detail}); renewals wait until it is active again.`,
      };
    case 'token_unknown':
      return {
        ...failure,
        refusal,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'SUSPENDED',
        nextAttemptAt: null,
        statusReason: `Klarna's ${subscription.customerToken.region} region does not know this customer token (${detail}).`,
      };
    case 'refused': {
      const refusals = charge.refusals + 1;
      const retryAt = retryAfterRefusal(charge.firstRefusedAt ?? now, refusals);
      if (!retryAt) {
        return {
          ...failure,
          refusal,
          chargeStatus: 'ABANDONED',
          subscriptionStatus: 'PAST_DUE',
          nextAttemptAt: null,
          statusReason: `Klarna refused the charge for period ${charge.period} ${refusals} times (${detail}); past due.`,
        };
      }
      return {
        ...failure,
        refusal,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
        nextAttemptAt: retryAt,
        statusReason: `Klarna refused the charge (${detail}); retry ${refusals} of 3 at ${retryAt.toISOString()}.`,
      };
    }
  }
}

/**
 * Records a batch in one transaction; if that fails (a conflict with another run), each outcome
 * on its own, so one bad row cannot hold up the others. An outcome that still cannot be recorded
 * keeps its claim and is sent again, with the same key, by a later run.
 */
async function recordAll(
  records: readonly ChargeOutcomeRecord[],
  claimId: string,
): Promise<Map<string, string | null>> {
  try {
    return await recordChargeOutcomes(records, claimId);
  } catch (error) {
    if (records.length <= 1) {
      console.error('recording a renewal failed', error);
      return new Map();
    }
  }
  const recorded = new Map<string, string | null>();
  for (const record of records) {
    for (const [chargeId, orderId] of await recordAll([record], claimId)) recorded.set(chargeId, orderId);
  }
  return recorded;
}

/** The outcome to report, after applying what a token failure says about the token itself. */
async function outcomeOf(
  answer: ChargeAnswer,
  record: ChargeOutcomeRecord,
  orderId: string | null,
  context: RenewContext,
): Promise<RenewOutcome> {
  const { subscription, charge } = answer.item;
  if (record.kind === 'success') {
    return {
      kind: 'charged',
      orderId: orderId ?? '',
      period: charge.period,
      message: `Charged period ${charge.period}: order ${charge.orderNumber ?? ''}.`,
    };
  }
  if ('order' in answer) return { kind: 'skipped', message: record.statusReason };
  const actor = context.options.actor ?? 'renewal-job';
  if (answer.kind === 'token_cancelled' || answer.kind === 'token_suspended') {
    const status = answer.kind === 'token_cancelled' ? 'CANCELLED' : 'SUSPENDED';
    // The token's other subscriptions stop too.
    await applyTokenStatus({
      tokenId: subscription.customerToken.id,
      status,
      reason: record.statusReason,
      now: context.now,
      actor,
    });
    return { kind: 'stopped', status, message: record.statusReason };
  }
  if (answer.kind === 'token_unknown')
    return { kind: 'stopped', status: 'SUSPENDED', message: record.statusReason };
  if (record.subscriptionStatus === 'PAST_DUE') return { kind: 'past_due', message: record.statusReason };
  return { kind: 'retrying', retryAt: record.nextAttemptAt ?? context.now, message: record.statusReason };
}

/** The second merchant reference a renewal order carries at Klarna and locally. */
function renewalMerchantReference(subscriptionId: string, period: number): string {
  return `Subscription ${subscriptionId}, period ${period}`;
}

function dueAt(subscription: DueSubscriptionDTO, period: number): Date {
  return periodDueAt(subscription.anchorAt, subscription.interval, subscription.intervalCount, period);
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
    const outcomes = await renewSubscriptions([fresh], { now, force: !input.requireDue, options });
    const outcome = outcomes.get(fresh.id) ?? { kind: 'skipped', message: 'Nothing was charged.' };
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
    if (result.ok && result.outcome === 'created') resumed++;
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
