import { retryAfterNoAnswer, retryAfterRefusal } from '@/lib/subscription-schedule';
import type { ChargeFailureKind } from '../klarna-token';

/**
 * What happens after a failed charge of a subscription period, given how it failed and what the
 * earlier attempts at the period came to. Pure: the caller records the decision.
 *
 * - `retry`: the period is tried again at `retryAt`; the subscription stays active.
 * - `past_due`: no more automatic attempts; staff decide (the charge is given up, or held for
 *   review when Klarna may have charged it).
 * - `stop`: the token cannot pay; the subscription is cancelled or suspended with it.
 */
export type FailureDecision =
  | { next: 'retry'; retryAt: Date; chargeStatus: 'FAILED'; subscriptionStatus: 'ACTIVE'; reason: string }
  | {
      next: 'past_due';
      chargeStatus: 'ABANDONED' | 'NEEDS_REVIEW';
      subscriptionStatus: 'PAST_DUE';
      reason: string;
    }
  | {
      next: 'stop';
      chargeStatus: 'FAILED' | 'ABANDONED';
      subscriptionStatus: 'CANCELLED' | 'SUSPENDED';
      reason: string;
    };

export interface FailedCharge {
  kind: ChargeFailureKind;
  /** Klarna's error as one line, e.g. `403 PAYMENT_METHOD_FAILED: …`. */
  detail: string;
  now: Date;
  /** The period's charge as it was before this attempt. */
  charge: {
    period: number;
    orderNumber: string | null;
    firstAttemptAt: Date | null;
    refusals: number;
    firstRefusedAt: Date | null;
  };
  /** The Klarna region that issued the token. */
  tokenRegion: string;
}

/** Whether a failure of this kind counts as a refusal (Klarna answered: nothing was charged). */
export function isRefusal(kind: ChargeFailureKind): boolean {
  return kind !== 'unanswered';
}

export function decideAfterFailure({
  kind,
  detail,
  now,
  charge,
  tokenRegion,
}: FailedCharge): FailureDecision {
  switch (kind) {
    case 'unanswered': {
      const firstAttemptAt = charge.firstAttemptAt ?? now;
      const retryAt = retryAfterNoAnswer(firstAttemptAt, now);
      if (!retryAt) {
        return {
          next: 'past_due',
          chargeStatus: 'NEEDS_REVIEW',
          subscriptionStatus: 'PAST_DUE',
          reason: `Klarna has not answered the charge for period ${charge.period} since ${firstAttemptAt.toISOString()} (${detail}). Check Klarna's portal for order ${charge.orderNumber ?? ''} before charging again.`,
        };
      }
      return {
        next: 'retry',
        retryAt,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
        reason: `Klarna did not answer (${detail}); the same charge is sent again at ${retryAt.toISOString()}.`,
      };
    }
    case 'token_cancelled':
      return {
        next: 'stop',
        chargeStatus: 'ABANDONED',
        subscriptionStatus: 'CANCELLED',
        reason: `Klarna reports the customer token cancelled (${detail}).`,
      };
    case 'token_suspended':
      return {
        next: 'stop',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'SUSPENDED',
        reason: `Klarna reports the customer token suspended (${detail}); renewals wait until it is active again.`,
      };
    case 'token_unknown':
      return {
        next: 'stop',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'SUSPENDED',
        reason: `Klarna's ${tokenRegion} region does not know this customer token (${detail}).`,
      };
    case 'refused': {
      const refusals = charge.refusals + 1;
      const retryAt = retryAfterRefusal(charge.firstRefusedAt ?? now, refusals);
      if (!retryAt) {
        return {
          next: 'past_due',
          chargeStatus: 'ABANDONED',
          subscriptionStatus: 'PAST_DUE',
          reason: `Klarna refused the charge for period ${charge.period} ${refusals} times (${detail}); past due.`,
        };
      }
      return {
        next: 'retry',
        retryAt,
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
        reason: `Klarna refused the charge (${detail}); retry ${refusals} of 3 at ${retryAt.toISOString()}.`,
      };
    }
  }
}
