import 'server-only';

import { applyTokenStatus } from '@/lib/data/customer-tokens';
import {
  recordChargeOutcomes,
  type ChargeDTO,
  type ChargeOutcomeRecord,
} from '@/lib/data/subscription-charges';
import { stopSubscription, type DueSubscriptionDTO } from '@/lib/data/subscriptions';
import {
  AUTHORIZATION_DAYS,
  createCustomerTokenOrder,
  isKlarnaError,
  readCustomerToken,
  type CustomerTokenOrder,
  type KlarnaCallOptions,
  type KlarnaError,
} from '@/lib/klarna';
import { regionForCountry } from '@/lib/markets';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import { periodDueAt, renewalKeyAfterRefusal } from '@/lib/subscription-schedule';
import { addDays } from '@/lib/time';
import { classifyChargeFailure, describeKlarnaError, type ChargeFailureKind } from '../klarna-token';
import { decideAfterFailure, isRefusal } from './failure-policy';

/*
 * One charge of a subscription period at Klarna, with the customer token, and how its answer is
 * recorded. The caller has claimed the period; every attempt at it sends the period's idempotency
 * key, so a re-sent charge whose first answer was lost is charged once by Klarna.
 */

/** What one subscription's renewal came to (every one is a success of the run: it was looked at). */
export type RenewOutcome =
  | { outcome: 'charged'; orderId: string; period: number; message: string }
  | { outcome: 'retrying'; retryAt: Date; message: string }
  | { outcome: 'past_due'; message: string }
  | { outcome: 'stopped'; status: 'CANCELLED' | 'SUSPENDED'; message: string }
  | { outcome: 'skipped'; message: string };

/** Who charges, and when. */
export interface ChargeContext {
  now: Date;
  actor: string;
  /** The shop sends mail: a paid period's order is confirmed to the shopper like any order. */
  confirmationMail: boolean;
}

/** A period ready to charge: claimed, with what to send. */
export interface ClaimedCharge {
  subscription: DueSubscriptionDTO;
  charge: ChargeDTO;
  totals: KlarnaOrderTotals;
}

/** Klarna's answer to one charge. */
export type ChargeAnswer =
  | { item: ClaimedCharge; order: Pick<CustomerTokenOrder, 'order_id' | 'fraud_status'> }
  | { item: ClaimedCharge; error: KlarnaError; kind: ChargeFailureKind };

/** When period `period` of a subscription is due. */
export function dueAt(subscription: DueSubscriptionDTO, period: number): Date {
  return periodDueAt(subscription.anchorAt, subscription.interval, subscription.intervalCount, period);
}

/** Stops a subscription whose token cannot be charged, without calling Klarna; null when it can. */
export async function stopIfTokenUnusable(
  subscription: DueSubscriptionDTO,
  now: Date,
): Promise<RenewOutcome | null> {
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

export async function stop(
  subscription: DueSubscriptionDTO,
  status: 'CANCELLED' | 'SUSPENDED',
  reason: string,
  now: Date,
): Promise<RenewOutcome> {
  await stopSubscription({ id: subscription.id, status, reason, now });
  return { outcome: 'stopped', status, message: reason };
}

/** Sends one claimed charge to Klarna; a refusal is followed by a look at the token. */
export async function sendCharge(item: ClaimedCharge, options: KlarnaCallOptions): Promise<ChargeAnswer> {
  const { subscription, charge, totals } = item;
  const token = subscription.customerToken;
  try {
    const order = await createCustomerTokenOrder(
      {
        region: token.region,
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
          // Without one, Klarna uses the token's billing address.
          ...(Object.keys(token.shippingAddress).length > 0
            ? { shipping_address: token.shippingAddress }
            : {}),
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
export function toRecord(
  answer: ChargeAnswer,
  { now, actor, confirmationMail }: ChargeContext,
): ChargeOutcomeRecord {
  const { subscription, charge, totals } = answer.item;
  if ('order' in answer) {
    return {
      kind: 'success',
      charge,
      subscription,
      email: subscription.customerToken.billingAddress.email ?? '',
      klarnaOrderId: answer.order.order_id,
      fraudStatus: answer.order.fraud_status,
      lines: totals.order_lines,
      merchantReference2: renewalMerchantReference(subscription.id, charge.period),
      now,
      authorizationExpiresAt: addDays(now, AUTHORIZATION_DAYS),
      nextChargeAt: dueAt(subscription, charge.period + 1),
      actor,
      confirmationMail: confirmationMail && answer.order.fraud_status !== 'REJECTED',
    };
  }
  const detail = describeKlarnaError(answer.error);
  const decision = decideAfterFailure({
    kind: answer.kind,
    detail,
    now,
    charge,
    tokenRegion: subscription.customerToken.region,
  });
  return {
    kind: 'failure',
    charge,
    subscriptionId: subscription.id,
    now,
    actor,
    errorCode: answer.error.code,
    message: detail,
    correlationId: answer.error.correlationId,
    // A refusal charged nothing: the next try needs a key Klarna has not answered yet.
    refusal: isRefusal(answer.kind)
      ? {
          idempotencyKeyAfterRefusal: renewalKeyAfterRefusal(subscription.id, charge.period, charge.attempts),
        }
      : null,
    chargeStatus: decision.chargeStatus,
    subscriptionStatus: decision.subscriptionStatus,
    nextAttemptAt: decision.next === 'retry' ? decision.retryAt : null,
    statusReason: decision.reason,
  };
}

/**
 * Records a batch in one transaction; if that fails (a conflict with another run), each outcome
 * on its own, so one bad row cannot hold up the others. An outcome that still cannot be recorded
 * keeps its claim and is sent again, with the same key, by a later run.
 */
export async function recordAll(
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
export async function outcomeOf(
  answer: ChargeAnswer,
  record: ChargeOutcomeRecord,
  orderId: string | null,
  context: ChargeContext,
): Promise<RenewOutcome> {
  const { subscription, charge } = answer.item;
  if (record.kind === 'success') {
    return {
      outcome: 'charged',
      orderId: orderId ?? '',
      period: charge.period,
      message: `Charged period ${charge.period}: order ${charge.orderNumber ?? ''}.`,
    };
  }
  if ('order' in answer) return { outcome: 'skipped', message: record.statusReason };
  if (answer.kind === 'token_cancelled' || answer.kind === 'token_suspended') {
    const status = answer.kind === 'token_cancelled' ? 'CANCELLED' : 'SUSPENDED';
    // The token's other subscriptions stop too.
    await applyTokenStatus({
      tokenId: subscription.customerToken.id,
      status,
      reason: record.statusReason,
      now: context.now,
      actor: context.actor,
    });
    return { outcome: 'stopped', status, message: record.statusReason };
  }
  if (answer.kind === 'token_unknown')
    return { outcome: 'stopped', status: 'SUSPENDED', message: record.statusReason };
  if (record.subscriptionStatus === 'PAST_DUE') return { outcome: 'past_due', message: record.statusReason };
  return { outcome: 'retrying', retryAt: record.nextAttemptAt ?? context.now, message: record.statusReason };
}

/** The second merchant reference a renewal order carries at Klarna and locally. */
function renewalMerchantReference(subscriptionId: string, period: number): string {
  return `Subscription ${subscriptionId}, period ${period}`;
}

/** Klarna's current view of the token after a refusal: cancelled or suspended, or null (usable, or unknown). */
async function reread(
  subscription: DueSubscriptionDTO,
  options: KlarnaCallOptions,
): Promise<'token_cancelled' | 'token_suspended' | null> {
  try {
    const token = await readCustomerToken(
      {
        region: subscription.customerToken.region,
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
