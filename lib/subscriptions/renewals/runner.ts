import 'server-only';

import { leaseUntil, newClaimId, staleBefore } from '@/lib/data/claims';
import { applyTokenStatus, listOrphanActiveTokens } from '@/lib/data/customer-tokens';
import { claimCharges } from '@/lib/data/subscription-charges';
import {
  advancePastPaidPeriod,
  leaseDueSubscriptions,
  releaseLeases,
  type DueSubscriptionDTO,
} from '@/lib/data/subscriptions';
import { cancelCustomerToken, isKlarnaError, type KlarnaCallOptions } from '@/lib/klarna';
import { sendOrderMailsSoon } from '@/lib/mail/deliver';
import { mailSettings, type MailOptions } from '@/lib/mail/settings';
import { getMarket } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { renewalTotals } from '@/lib/subscription-basket';
import { renewalIdempotencyKey } from '@/lib/subscription-schedule';
import { addMs } from '@/lib/time';
import { systemClock, type Clock } from '../clock';
import {
  dueAt,
  outcomeOf,
  recordAll,
  sendCharge,
  stop,
  stopIfTokenUnusable,
  toRecord,
  type ChargeAnswer,
  type ClaimedCharge,
  type RenewOutcome,
} from './charge';

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

export interface RenewalOptions extends KlarnaCallOptions, Pick<MailOptions, 'mail'> {
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
  /** How long a batch lease lasts before another run may take it (default: the claims table's). */
  leaseMs?: number;
  /** Cancel at Klarna the tokens whose last subscription ended first (default true). */
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
  tokensCancelled: number;
  durationMs: number;
}

/** When a lease taken at `now` runs out. */
export function renewalLeaseUntil(now: Date, options: RenewalOptions): Date {
  return options.leaseMs === undefined ? leaseUntil('renewalBatch', now) : addMs(now, options.leaseMs);
}

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
    tokensCancelled: 0,
    durationMs: 0,
  };
  if (options.housekeeping ?? true) {
    summary.tokensCancelled = await cancelOrphanTokens(options);
  }

  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseIds: string[] = [];
  try {
    while (options.maxSubscriptions === undefined || summary.processed < options.maxSubscriptions) {
      const now = await clock();
      const leaseId = newClaimId();
      const limit = Math.min(batchSize, (options.maxSubscriptions ?? Infinity) - summary.processed);
      const batch = await leaseDueSubscriptions({
        now,
        limit,
        leaseId,
        leaseUntil: renewalLeaseUntil(now, options),
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
  switch (outcome.outcome) {
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

export interface RenewContext {
  now: Date;
  /** Staff "charge now": a given-up or held charge may be tried again. */
  force: boolean;
  options: RenewalOptions;
}

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
  const mail = mailSettings(options);
  const chargeContext = { now, actor: options.actor ?? 'renewal-job', confirmationMail: mail !== null };
  const outcomes = new Map<string, RenewOutcome>();
  const ready: { subscription: DueSubscriptionDTO; totals: KlarnaOrderTotals }[] = [];
  for (const subscription of subscriptions) {
    const stopped = await stopIfTokenUnusable(subscription, now);
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

  const claimId = newClaimId();
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
    { now, claimId, staleBefore: staleBefore('renewalCharge', now), force: context.force },
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
        outcomes.set(subscription.id, { outcome: 'skipped', message: `Period ${period} is already paid.` });
        break;
      case 'held':
        outcomes.set(subscription.id, {
          outcome: 'skipped',
          message: `Period ${period} is held (${claim.charge.status}); staff can charge it from the admin.`,
        });
        break;
      default:
        outcomes.set(subscription.id, {
          outcome: 'skipped',
          message: `Period ${period} is being charged by another run.`,
        });
    }
  }

  const answers: ChargeAnswer[] = [];
  await inPool(claimed, Math.max(1, options.concurrency ?? 4), async (item) => {
    answers.push(await sendCharge(item, options));
  });

  const records = answers.map((answer) => toRecord(answer, chargeContext));
  const recorded = await recordAll(records, claimId);
  for (const [index, answer] of answers.entries()) {
    const record = records[index];
    const { subscription, charge } = answer.item;
    if (!record) continue;
    if (!recorded.has(charge.id)) {
      outcomes.set(subscription.id, {
        outcome: 'skipped',
        message: `Period ${charge.period} was not recorded; the next run sends it again with the same key.`,
      });
      continue;
    }
    const outcome = await outcomeOf(answer, record, recorded.get(charge.id) ?? null, chargeContext);
    if (outcome.outcome === 'charged') sendOrderMailsSoon(outcome.orderId, { mail });
    outcomes.set(subscription.id, outcome);
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// Housekeeping

/** Tokens whose last subscription was cancelled while Klarna could not be reached: cancelled now. */
async function cancelOrphanTokens(options: RenewalOptions): Promise<number> {
  const orphans = await listOrphanActiveTokens(20);
  let cancelled = 0;
  for (const token of orphans) {
    try {
      await cancelCustomerToken({ region: token.region, customerToken: token.klarnaTokenId ?? '' }, options);
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
