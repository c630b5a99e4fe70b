import { personaFor } from '../personas.js';
import type { OrderRecord } from '../store.js';

/**
 * Order states that move with time, evaluated lazily whenever an order is read or acted on
 * (api-reference §4.3): authorization expiry and Klarna cancelling a fraud-rejected order.
 */

export const DAY_MS = 86_400_000;
/** `extend-authorization-time` pushes `expires_at` to today + this many days (Klarna's default period). */
export const EXTENSION_DAYS = 28;
/** The authorization can never run longer than this after the order was placed. */
export const MAX_AUTHORIZATION_DAYS = 180;
/** A REJECTED order may still be captured for this long (the merchant's override); then Klarna cancels it. */
export const REJECTED_OVERRIDE_MS = 4 * 3_600_000;

/** What is still authorized and uncaptured; 0 once the order is cancelled, expired, closed or fully captured. */
export function remainingAuthorized(order: OrderRecord): number {
  if (order.status !== 'AUTHORIZED' && order.status !== 'PART_CAPTURED') return 0;
  return Math.max(order.orderAmount - order.capturedAmount, 0);
}

/** When a pending persona's fraud decision arrives (epoch ms), if the order was pending. */
export function fraudDecisionAt(order: OrderRecord): number | undefined {
  const pending = personaFor(order.email).pending;
  return pending ? order.createdAt + pending.afterMinutes * 60_000 : undefined;
}

/**
 * Brings an order's status up to the emulator clock:
 * - REJECTED and nothing captured 4 h after the decision → CANCELLED (Klarna cancels it);
 * - past `expires_at`: AUTHORIZED → EXPIRED; PART_CAPTURED → CLOSED (the uncaptured rest lapses,
 *   the captured part stays refundable, as after releasing the remaining authorization).
 */
export function refreshOrder(order: OrderRecord, now: number): void {
  if (order.fraudStatus === 'REJECTED' && order.status === 'AUTHORIZED') {
    const decidedAt = fraudDecisionAt(order) ?? order.createdAt;
    if (now >= decidedAt + REJECTED_OVERRIDE_MS) order.status = 'CANCELLED';
  }
  if (now >= order.expiresAt) {
    if (order.status === 'AUTHORIZED') order.status = 'EXPIRED';
    else if (order.status === 'PART_CAPTURED') order.status = 'CLOSED';
  }
}

/**
 * The new `expires_at` of an extension: midnight UTC of today + 28 days, so repeats on one day give
 * the same date; never earlier than it was and never beyond 180 days after the order was placed.
 */
export function extendedExpiry(order: OrderRecord, now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const extended = Math.max(order.expiresAt, today + EXTENSION_DAYS * DAY_MS);
  return Math.min(extended, order.createdAt + MAX_AUTHORIZATION_DAYS * DAY_MS);
}
