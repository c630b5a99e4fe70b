/**
 * When subscription periods fall due, when a failed charge is tried again, and the idempotency key
 * every attempt at one period sends. Pure functions of their inputs (no clock of their own), so the
 * renewal job can run on any clock: the system's, a test's, the emulator's.
 */

import { addDays, addMs, HOUR_MS, MINUTE_MS } from '@/lib/time';

export type BillingInterval = 'MONTH' | 'YEAR';

/**
 * `date` plus `months` calendar months in UTC, keeping the time of day. A day the target month
 * lacks is clamped to its last day: 31 January + 1 month = 28 (or 29) February.
 */
export function addMonths(date: Date, months: number): Date {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return result;
}

/**
 * When period `period` (1 = the first charge) is due: `anchor` plus `period − 1` billing intervals.
 * Always counted from the anchor, so a subscription that started on the 31st keeps coming back to
 * the 31st where the month has one instead of drifting to the 28th for good.
 */
export function periodDueAt(
  anchor: Date,
  interval: BillingInterval,
  intervalCount: number,
  period: number,
): Date {
  if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`period must be ≥ 1, got ${period}`);
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) {
    throw new RangeError(`intervalCount must be ≥ 1, got ${intervalCount}`);
  }
  const monthsPerInterval = interval === 'YEAR' ? 12 : 1;
  return addMonths(anchor, (period - 1) * intervalCount * monthsPerInterval);
}

/**
 * A charge Klarna refused (declined, payment method unusable) is tried again 1, 3 and 7 days after
 * the first refusal; after the third retry fails the subscription is past due. The first retry is a
 * full day later, past Klarna's 24-hour memory of the idempotency key, so a refusal Klarna may have
 * stored under the key is not simply replayed.
 */
const REFUSAL_RETRY_DAYS = [1, 3, 7] as const;

/** When to try again after the `refusals`-th refusal of a period's charge; null = give up. */
export function retryAfterRefusal(firstRefusedAt: Date, refusals: number): Date | null {
  const days = REFUSAL_RETRY_DAYS[refusals - 1];
  return days === undefined ? null : addDays(firstRefusedAt, days);
}

/**
 * A charge Klarna did not answer (timeout, connection lost, 5xx) may have gone through. It is sent
 * again with the same idempotency key, which Klarna answers with the first result, but Klarna only
 * remembers a key for 24 hours from its first use: re-sends stop an hour before that, and the charge
 * is then held for staff to check Klarna's portal, because one more send could charge twice.
 */
export const UNANSWERED_RETRY_MS = 10 * MINUTE_MS;
export const IDEMPOTENCY_KEY_SAFE_MS = 23 * HOUR_MS;

/** When to send an unanswered charge again; null = the key is about to lapse (hold for staff). */
export function retryAfterNoAnswer(firstAttemptAt: Date, now: Date): Date | null {
  const next = addMs(now, UNANSWERED_RETRY_MS);
  return next.getTime() < firstAttemptAt.getTime() + IDEMPOTENCY_KEY_SAFE_MS ? next : null;
}

/**
 * The `Klarna-Idempotency-Key` of a subscription period: the same for every attempt, every job run
 * and every process, so Klarna charges a period at most once however often it is sent.
 */
export function renewalIdempotencyKey(subscriptionId: string, period: number): string {
  return `subscription-${subscriptionId}-period-${period}`;
}

/**
 * The key for the attempts that follow Klarna refusing attempt `attempt` of a period. A refusal
 * charged nothing, and Klarna answers a key it has seen with its first answer for 24 hours, so the
 * next try (days later, or staff charging once the token is usable again) needs a key of its own.
 * Attempt numbers only grow, so no key is ever reused for a new try.
 */
export function renewalKeyAfterRefusal(subscriptionId: string, period: number, attempt: number): string {
  return `${renewalIdempotencyKey(subscriptionId, period)}-after-refused-attempt-${attempt}`;
}
